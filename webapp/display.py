"""Which title and summary a reader is shown: the abstract in the reader's language, else the original.

Pure functions on plain data, shared by the pages and the API. A practice (a
:class:`~kb.model.Practice`, a search or similar result, or an index record) has a
``title``, ``summary`` and ``language`` of its own and ``abstracts`` by language code
(see :mod:`kb.abstracts`). The reader's language is the interface language on the site
and the ``lang`` parameter in the API.

The rules:

- reader's language = the practice's language: the original;
- a written abstract (no ``kb new`` placeholder left) in the reader's language: the abstract,
  marked as translated, with who translated it;
- otherwise (no abstract in that language, a placeholder, no or an unknown language): the
  original. Nothing is guessed from other languages: a reader may read English, or not.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from kb.abstracts import is_placeholder


@dataclass(frozen=True)
class Display:
    """What a card or page shows of a practice, and in which language."""

    title: str
    summary: str
    language: str                  # the language of ``title`` and ``summary`` as shown
    translated: bool               # True: an abstract, not the practice's own words
    translated_by: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _field(item: object, name: str, default=None):
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def written_abstracts(item: object) -> dict[str, dict]:
    """The abstracts of ``item`` that people have written, as JSON-able dicts by language.

    Placeholders, the practice's own language and malformed entries are left out, so what
    the API serves and the site shows are the same abstracts.
    """
    own = _field(item, "language")
    found: dict[str, dict] = {}
    for code, entry in (_field(item, "abstracts") or {}).items():
        title, summary = _field(entry, "title"), _field(entry, "summary")
        if code == own or not isinstance(title, str) or not isinstance(summary, str):
            continue
        if not title.strip() or not summary.strip() or is_placeholder(title) or is_placeholder(summary):
            continue
        found[code] = {"title": title, "summary": summary, "translated_by": _field(entry, "translated_by")}
    return found


def original(item: object) -> Display:
    """The practice's own title and summary (a similar result has no summary: empty)."""
    return Display(title=_field(item, "title") or "", summary=_field(item, "summary") or "",
                   language=_field(item, "language") or "", translated=False)


def choose(item: object, lang: str | None) -> Display:
    """The title and summary to show a reader of ``lang`` (see the module's rules)."""
    if not lang or lang == _field(item, "language"):
        return original(item)
    abstract = written_abstracts(item).get(lang)
    if abstract is None:
        return original(item)
    return Display(title=abstract["title"], summary=abstract["summary"], language=lang, translated=True,
                   translated_by=abstract["translated_by"])


def language_name_in(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ("de" in French: "allemand"),
    from Babel's CLDR data; the English name of the vocabulary when CLDR has none."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    if name:
        return name
    from kb import vocab

    entry = vocab.languages().get(code)
    return entry["name"] if entry else code

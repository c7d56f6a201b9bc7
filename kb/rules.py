"""Validation rules beyond the model's structure: vocabularies, layout, body and references.

Each rule adds located problems to a :class:`~kb.load.Document`; every rule runs on every
file so that one run reports everything.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from kb import vocab
from kb.abstracts import check_abstracts, check_language_of_abstracts
from kb.load import Document
from kb.rules_links import check_links
from kb.rules_markdown import check_markdown
from kb.rules_text import check_body_characters, check_front_matter_characters
from kb.suggest import did_you_mean

STALE_AFTER_DAYS = 2 * 365
#: Raw HTML is not rendered (the site escapes it), so it is reported where it was written.
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def _text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


def _texts(value) -> list[tuple[int, str]]:
    """(index, text) of the string items of a list value; anything else yields nothing."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _mappings(value) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def check_vocabularies(doc: Document) -> None:
    """City, country, language, topics, populations and exchange cities are known values.

    Works on the raw front matter so that it also runs when the model found other errors.
    """
    meta = doc.meta
    cities = vocab.cities()
    city, country = _text(meta, "city"), _text(meta, "country")
    if city is not None and city not in cities:
        doc.problem(("city",), f'unknown city "{city}"{did_you_mean(city, cities)}; '
                    "cities are listed in kb/data/cities.yaml", rule="vocabulary")
    elif city and country and country != cities[city].country:
        doc.problem(("country",), f'country "{country}" disagrees with the registry: '
                    f'{cities[city].name} is in "{cities[city].country}"', rule="vocabulary")
    language = _text(meta, "language")
    if language is not None and language not in vocab.languages():
        doc.problem(("language",), f'unknown language code "{language}"'
                    f"{did_you_mean(language, vocab.languages())}", rule="vocabulary")
    for i, topic in _texts(meta.get("topics")):
        if topic not in vocab.topics():
            doc.problem(("topics", i), f'unknown topic "{topic}"{did_you_mean(topic, vocab.topics())}',
                        rule="vocabulary")
    for i, population in _texts(meta.get("target_population")):
        if population not in vocab.populations():
            doc.problem(("target_population", i), f'unknown target population "{population}"'
                        f"{did_you_mean(population, vocab.populations())}", rule="vocabulary")
    for i, translation in _mappings(meta.get("translations")):
        code = translation.get("language")
        if isinstance(code, str) and code not in vocab.languages():
            doc.problem(("translations", i, "language"), f'unknown language code "{code}"'
                        f"{did_you_mean(code, vocab.languages())}", rule="vocabulary")
    exchange = meta.get("exchange")
    for i, name in _texts(exchange.get("cities") if isinstance(exchange, dict) else None):
        if name not in cities:
            doc.problem(("exchange", "cities", i), f'unknown city "{name}"{did_you_mean(name, cities)}',
                        rule="vocabulary")


def check_layout(doc: Document) -> None:
    """``practices/<city>/<id>.md``: the file name is the id, the folder is the city."""
    practice_id, city = _text(doc.meta, "id"), _text(doc.meta, "city")
    if practice_id is not None and doc.path.stem != practice_id:
        doc.problem(("id",), f'id "{practice_id}" must equal the file name "{doc.path.stem}"; '
                    f"rename the file to {practice_id}.md or change the id", rule="layout")
    folder = doc.path.parent.name
    if city is not None and folder in vocab.cities() and folder != city:
        doc.problem(("city",), f'city "{city}" does not match the folder "{folder}"; '
                    f"move the file to practices/{city}/", rule="layout")


def check_body(doc: Document) -> None:
    if not doc.body.strip():
        doc.problem_at(doc.body_line, 1, "body is empty; write the practice below the front matter "
                       "(see the section headings from `kb new`)", rule="body")
        return
    in_fence = False
    for n, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            continue
        match = _HTML_TAG.search(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line))
        if match:
            doc.problem_at(n, match.start() + 1, f"raw HTML <{match.group(1)}> is not allowed in the body "
                           "and is shown as text; use Markdown instead", rule="html")


def check_freshness(doc: Document, today: dt.date | None = None) -> None:
    """``last_reviewed`` is not in the future, and a warning when older than two years."""
    today = today or dt.date.today()
    reviewed = doc.meta.get("last_reviewed")
    if not isinstance(reviewed, dt.date):
        return
    if reviewed > today:
        doc.problem(("last_reviewed",), f"last_reviewed {reviewed} is in the future", rule="freshness")
    elif (today - reviewed).days > STALE_AFTER_DAYS:
        doc.problem(("last_reviewed",), f"stale: last reviewed {reviewed}, more than two years ago; "
                    "review the write-up and update last_reviewed", level="warning", rule="freshness")


#: Below this many letters of written prose langdetect guesses too often to be worth a warning.
LANGUAGE_CHECK_MIN_LETTERS = 60


def prose(doc: Document) -> str:
    """Title, summary and body as written by people: no headings, no TODO placeholders.

    Headings come from `kb new` in the declared language and placeholders are English, so
    neither says anything about the language a committee actually wrote in.
    """
    summary = _text(doc.meta, "summary") or ""
    parts = [_text(doc.meta, "title") or "", "" if "TODO" in summary else summary]
    parts += [line for line in doc.body.split("\n") if not line.lstrip().startswith("#") and "TODO" not in line]
    return "\n".join(parts)


def check_language(doc: Document) -> None:
    """A warning when the text reads as another language than the one declared."""
    from kb.langid import detect

    declared = _text(doc.meta, "language")
    if declared is None:
        return
    text = prose(doc)
    if sum(ch.isalpha() for ch in text) < LANGUAGE_CHECK_MIN_LETTERS:
        return
    detected = detect(text)
    if detected and detected != declared:
        doc.problem(("language",), f'language is "{declared}" but the text reads as '
                    f'"{detected}"; check the language field', level="warning", rule="language")


def check_placeholders(doc: Document) -> None:
    """A warning for each TODO left by `kb new`."""
    for n, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if "TODO" in line:
            doc.problem_at(n, line.index("TODO") + 1, "placeholder TODO left in the body; write this section "
                           "or remove its heading", level="warning", rule="placeholder")
    if "TODO" in (_text(doc.meta, "summary") or ""):
        doc.problem(("summary",), "placeholder TODO left in the summary", level="warning", rule="placeholder")


DOCUMENT_RULES: tuple[Callable[[Document], None], ...] = (
    check_vocabularies, check_layout, check_body, check_freshness, check_language, check_placeholders,
    check_abstracts, check_language_of_abstracts,
    check_links, check_front_matter_characters, check_body_characters, check_markdown,
)


def check_references(docs: list[Document]) -> None:
    """Duplicate ids and dangling or one-sided links between practices."""
    first_with: dict[str, Document] = {}
    for doc in docs:
        practice_id = _text(doc.meta, "id")
        if practice_id is None:
            continue
        first = first_with.setdefault(practice_id, doc)
        if first is not doc:
            doc.problem(("id",), f'duplicate id "{practice_id}": also used by {first.display_path}',
                        rule="duplicate")
    by_id = {doc.practice.id: doc for doc in docs if doc.practice is not None
             and first_with.get(doc.practice.id) is doc}
    for doc in docs:
        p = doc.practice
        if p is None:
            continue
        others = [other for other in by_id if other != p.id]  # never suggest the file itself
        for key in ("adapted_from", "adopted_by", "translations"):
            for i, link in enumerate(getattr(p, key)):
                target = by_id.get(link.practice)
                if target is None:
                    doc.problem((key, i, "practice"), f'{key} names "{link.practice}", which is no practice'
                                f"{did_you_mean(link.practice, others)}", rule="reference")
                elif link.practice == p.id:
                    doc.problem((key, i, "practice"), f"{key} names the practice itself", rule="reference")
                elif key == "translations" and target.practice.language != link.language:
                    doc.problem((key, i, "language"), f'translation "{link.practice}" is written in '
                                f'"{target.practice.language}", not "{link.language}"', rule="reference")
        _check_reciprocal(doc, by_id, "adapted_from", "adopted_by")
        _check_reciprocal(doc, by_id, "adopted_by", "adapted_from")
        _check_reciprocal(doc, by_id, "translations", "translations")


def _check_reciprocal(doc: Document, by_id: dict[str, Document], key: str, back: str) -> None:
    for i, link in enumerate(getattr(doc.practice, key)):
        target = by_id.get(link.practice)
        if target is None or target is doc:
            continue
        if not any(l.practice == doc.practice.id for l in getattr(target.practice, back)):
            doc.problem((key, i, "practice"), f'{key} names "{link.practice}", but {target.display_path} '
                        f'has no {back} entry for "{doc.practice.id}"; add it there too',
                        level="warning", rule="reciprocity")

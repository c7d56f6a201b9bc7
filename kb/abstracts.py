"""Translated abstracts: the rules for the front-matter field ``abstracts`` and which are missing.

An abstract is a practice's title and summary in another language, written by a person, so
that a reader who does not know the language of the write-up can decide whether to read on
or call. The structure (title and summary limits, ``translated_by``) is in
:class:`kb.model.Abstract`; here are the checks that need the vocabulary or the rest of the
front matter. Like :mod:`kb.rules`, they read the raw front matter so that they also run
when the model found other errors.
"""
from __future__ import annotations

from kb import vocab
from kb.load import Document
from kb.model import Abstract, Practice
from kb.suggest import did_you_mean

#: The languages every practice carries an abstract in (other than its own): the
#: interface languages of the exchange's first four cities' committees (issue 11).
REQUIRED_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es")
#: What `kb new` writes where a translation is still to be done; validation warns on it.
PLACEHOLDER = "TODO"
_TEXT_FIELDS = ("title", "summary")


def is_placeholder(text: object) -> bool:
    """True when ``text`` still holds the scaffold placeholder."""
    return isinstance(text, str) and PLACEHOLDER in text


def written(practice: Practice) -> dict[str, Abstract]:
    """The practice's abstracts that people have written: scaffold placeholders left out.

    What the site shows, search indexes and `kb abstracts` counts: an abstract whose title
    or summary is still a placeholder is no abstract for a reader.
    """
    return {code: abstract for code, abstract in practice.abstracts.items()
            if code != practice.language
            and not is_placeholder(abstract.title) and not is_placeholder(abstract.summary)}


def missing(practice: Practice, languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> list[str]:
    """Which of ``languages`` a reader lacks: neither the practice's language nor written."""
    have = written(practice)
    return [code for code in languages if code != practice.language and code not in have]


def _entries(doc: Document) -> list[tuple[object, object]]:
    abstracts = doc.meta.get("abstracts")
    return list(abstracts.items()) if isinstance(abstracts, dict) else []


def _name(code: str) -> str:
    return vocab.languages()[code]["name"]


def check_abstracts(doc: Document) -> None:
    """Known language codes, not the practice's own language, no placeholder left."""
    own = doc.meta.get("language")
    known = vocab.languages()
    for code, entry in _entries(doc):
        code = str(code)  # YAML reads `1:` as a number
        where = ("abstracts", code)
        if code not in known:
            doc.problem(where, f'abstracts: unknown language code "{code}"{did_you_mean(code, known)}; '
                        "use a code from the language list (kb/data/languages.yaml)", rule="abstracts")
            continue
        if code == own:
            doc.problem(where, f'abstracts: "{code}" is the language of the practice itself, whose title and '
                        f"summary are already in {_name(code)}; remove abstracts.{code}", rule="abstracts")
            continue
        if not isinstance(entry, dict):
            continue  # the model reports the shape
        for key in _TEXT_FIELDS:
            if is_placeholder(entry.get(key)):
                doc.problem(where + (key,), f"placeholder TODO left in abstracts.{code}.{key}; write the "
                            f"{key} in {_name(code)}, or remove the {code} abstract until it is translated",
                            level="warning", rule="placeholder")


def check_language_of_abstracts(doc: Document) -> None:
    """A warning when an abstract reads as another language than its code.

    Same detector and the same minimum of letters as the practice's own language check
    (:func:`kb.rules.check_language`); skipped with it by ``--no-language-check``.
    """
    from kb.langid import detect
    from kb.rules import LANGUAGE_CHECK_MIN_LETTERS

    for code, entry in _entries(doc):
        if not isinstance(code, str) or code not in vocab.languages() or not isinstance(entry, dict):
            continue
        texts = [entry.get(key) for key in _TEXT_FIELDS]
        text = "\n".join(t for t in texts if isinstance(t, str) and not is_placeholder(t))
        if sum(ch.isalpha() for ch in text) < LANGUAGE_CHECK_MIN_LETTERS:
            continue
        detected = detect(text)
        if detected and detected != code:
            doc.problem(("abstracts", code), f'abstracts.{code} should be in {_name(code)} but reads as '
                        f'"{detected}"; check the translation and its language code',
                        level="warning", rule="language")


def coverage(docs: list[Document], languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> dict:
    """What `kb abstracts` reports on valid documents: per language how many practices a
    reader of it can read (in their language or through an abstract), and who lacks what."""
    lacking = [(doc, missing(doc.practice, languages)) for doc in docs]
    return {
        "practices": len(docs),
        "languages": list(languages),
        "coverage": {code: sum(code not in gaps for _, gaps in lacking) for code in languages},
        "missing": [{"id": doc.practice.id, "path": doc.display_path, "language": doc.practice.language,
                     "missing": gaps} for doc, gaps in lacking if gaps],
    }

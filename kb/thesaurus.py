"""The concept thesaurus of the social-service field, in the ten languages of the corpus.

``kb/data/thesaurus.yaml`` lists concepts ("harm-reduction", "family-group-conference", …),
each with labels in every corpus language: the preferred term first, then the synonyms,
abbreviations and spellings practitioners use ("Schadensminimierung", "réduction des
risques", "RdR", "减害"). A word of a query that is a label of a concept in any language
can then stand for every label of that concept in every language.

Labels are compared by :func:`label_key`: folded (case and accents, as the keyword search
does) and split into words, so "Aller-vers" and "aller vers" are one label. Runs of
Chinese or Japanese characters have no spaces; :meth:`Thesaurus.find` therefore finds a
CJK label anywhere inside a run, and other labels only as whole words.

The search side uses :func:`thesaurus` (or the shortcuts below it); ``kb validate`` uses
:func:`check`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from kb.problems import Problem, count
from kb.text import CJK_RUN, WORD, fold
from kb.thesaurus_file import LANGUAGES, Concept, label_key, read_thesaurus

__all__ = ["LANGUAGES", "THESAURUS_PATH", "Concept", "Mention", "Thesaurus", "check", "concepts",
           "concepts_for", "find", "label_key", "labels_of", "thesaurus"]

#: The thesaurus shipped with the package (``kb/data/thesaurus.yaml``).
THESAURUS_PATH = Path(str(resources.files("kb").joinpath("data", "thesaurus.yaml")))

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mention:
    """A label found in a text: which concepts it names and where it is.

    ``start`` and ``end`` are offsets in ``kb.text.fold(text)`` (folding can change the
    length of a text, e.g. "ß" -> "ss"); ``label`` is the label's key (:func:`label_key`).
    """

    label: str
    concepts: tuple[str, ...]
    start: int
    end: int


class Thesaurus:
    """Concepts with a lookup from labels to concepts, built once from a dict of concepts."""

    def __init__(self, concepts: dict[str, Concept]):
        self.concepts: MappingProxyType[str, Concept] = MappingProxyType(dict(concepts))
        carriers: dict[str, dict[str, list[str]]] = {}  # key -> concept -> languages carrying it
        for concept in concepts.values():
            for lang, labels in concept.labels.items():
                for label in labels:
                    langs = carriers.setdefault(label_key(label), {}).setdefault(concept.id, [])
                    if lang not in langs:
                        langs.append(lang)
        self._carriers = {key: {c: tuple(langs) for c, langs in by.items()} for key, by in carriers.items() if key}
        self._by_key = MappingProxyType({key: tuple(by) for key, by in self._carriers.items()})
        # What find() tries at each word: labels by first word, and CJK runs by first character.
        self._by_first_word: dict[str, list[tuple[str, ...]]] = {}
        self._cjk_first: list[tuple[str, ...]] = []
        self._by_first_char: dict[str, list[str]] = {}
        for key in self._carriers:
            parts = tuple(key.split(" "))
            if len(parts) == 1 and CJK_RUN.match(key):
                self._by_first_char.setdefault(key[0], []).append(key)
            elif CJK_RUN.match(parts[0]):
                self._cjk_first.append(parts)
            else:
                self._by_first_word.setdefault(parts[0], []).append(parts)
        for candidates in (*self._by_first_word.values(), *self._by_first_char.values(), self._cjk_first):
            candidates.sort(key=len, reverse=True)

    def by_label(self) -> MappingProxyType[str, tuple[str, ...]]:
        """Every label key -> the ids of the concepts that carry it (in file order)."""
        return self._by_key

    def concepts_for(self, label: str, language: str | None = None) -> tuple[str, ...]:
        """The ids of the concepts that have ``label`` (folded, any spelling of spaces and hyphens).

        With ``language``, concepts that carry the label in that language come alone when
        there are any (the English "hostel" is not the Polish one); else every carrier.
        """
        return self._choose(label_key(label), language)

    def labels_of(self, concept_id: str, language: str | None = None) -> tuple[str, ...]:
        """The labels of a concept as written: in ``language`` only, or in every language.

        Unknown concepts and languages give an empty tuple.
        """
        concept = self.concepts.get(concept_id)
        if concept is None:
            return ()
        return concept.labels.get(language, ()) if language else concept.all_labels()

    def ancestors(self, concept_id: str) -> tuple[str, ...]:
        """The chain of broader concepts, nearest first (stops at unknown ids and cycles)."""
        chain: list[str] = []
        current = self.concepts.get(concept_id)
        while current and current.broader in self.concepts and current.broader not in chain \
                and current.broader != concept_id:
            chain.append(current.broader)
            current = self.concepts[current.broader]
        return tuple(chain)

    def find(self, text: str, language: str | None = None) -> list[Mention]:
        """The labels that occur in ``text``, leftmost first, the longest where they overlap.

        "family group conference" is one mention (not "conference" as well); "孤独死を防ぐ"
        contains "孤独死". ``language`` chooses among concepts as in :meth:`concepts_for`.
        """
        words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(fold(text))]
        found: list[tuple[int, int, str]] = []
        for j, (word, start, _) in enumerate(words):
            if CJK_RUN.match(word):
                for i, char in enumerate(word):
                    for key in self._by_first_char.get(char, ()):
                        if word.startswith(key, i):
                            found.append((start + i, start + i + len(key), key))
                            break
                candidates = self._cjk_first
            else:
                candidates = self._by_first_word.get(word, ())
            for parts in candidates:
                span = _match(words, j, parts)
                if span:
                    found.append((*span, " ".join(parts)))
                    break
        mentions, end = [], -1
        for start, stop, key in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
            if start >= end:
                mentions.append(Mention(key, self._choose(key, language), start, stop))
                end = stop
        return mentions

    def _choose(self, key: str, language: str | None) -> tuple[str, ...]:
        carriers = self._carriers.get(key, {})
        if language:
            in_language = tuple(c for c, langs in carriers.items() if language in langs)
            if in_language:
                return in_language
        return tuple(carriers)


def _match(words: list[tuple[str, int, int]], j: int, parts: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) when the label ``parts`` occurs at word ``j``, else None.

    Words are compared whole, except that a CJK first word may end a longer run and a CJK
    last word may begin one (CJK text has no spaces to mark where the label starts).
    """
    n = len(parts)
    if j + n > len(words):
        return None
    for k, part in enumerate(parts):
        word = words[j + k][0]
        cjk = n > 1 and CJK_RUN.match(part)
        if not (word == part or (cjk and k == 0 and word.endswith(part))
                or (cjk and k == n - 1 and word.startswith(part))):
            return None
    first, last = words[j], words[j + n - 1]
    start = first[2] - len(parts[0]) if n > 1 and first[0] != parts[0] else first[1]
    end = last[1] + len(parts[-1]) if n > 1 and last[0] != parts[-1] else last[2]
    return start, end


@lru_cache(maxsize=None)
def thesaurus() -> Thesaurus:
    """The packaged thesaurus, read once. A broken file gives what could be read, and a log line."""
    reading = read_thesaurus(THESAURUS_PATH)
    errors = count(reading.problems, "error")
    if errors:
        _log.warning("%s has %d error(s); search uses the concepts that could be read. Run `kb validate`",
                     THESAURUS_PATH, errors)
    return Thesaurus(reading.concepts)


def concepts() -> MappingProxyType[str, Concept]:
    """The concepts of the packaged thesaurus by id, in file order."""
    return thesaurus().concepts


def concepts_for(label: str, language: str | None = None) -> tuple[str, ...]:
    """:meth:`Thesaurus.concepts_for` on the packaged thesaurus."""
    return thesaurus().concepts_for(label, language)


def labels_of(concept_id: str, language: str | None = None) -> tuple[str, ...]:
    """:meth:`Thesaurus.labels_of` on the packaged thesaurus."""
    return thesaurus().labels_of(concept_id, language)


def find(text: str, language: str | None = None) -> list[Mention]:
    """:meth:`Thesaurus.find` on the packaged thesaurus."""
    return thesaurus().find(text, language)


def check(path: Path | None = None) -> list[Problem]:
    """Every problem of the thesaurus file at ``path`` (default: the packaged one), by position."""
    return read_thesaurus(path or THESAURUS_PATH).problems

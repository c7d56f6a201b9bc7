"""Thesaurus evidence: a query and a practice that name the same concept, in any languages.

"Spritzentausch", "échange de seringues" and "needle exchange" are labels of one concept of
``kb/data/thesaurus.yaml``. The index records, per practice, the concepts its text names
(write-up and abstracts, found at build time: ``record["concepts"]``); a search finds the
concepts its query names and gives each practice the share of them it names too, weighted
by how rare each concept is among the practices (a concept most practices name says little).
"""
from __future__ import annotations

import hashlib
import weakref
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of the packaged thesaurus file: concepts found with another one are stale."""
    from kb.thesaurus import THESAURUS_PATH

    try:
        return hashlib.sha256(THESAURUS_PATH.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def concepts_in(texts: list[tuple[str, str | None]]) -> list[str]:
    """The ids of the concepts named in ``texts`` ((text, its language) pairs), sorted."""
    from kb.thesaurus import thesaurus

    found: set[str] = set()
    for text, language in texts:
        for mention in thesaurus().find(text, language):
            found.update(mention.concepts)
    return sorted(found)


def practice_texts(record: dict, keyword_text: str, abstracts: bool = True) -> list[tuple[str, str | None]]:
    """The texts of a practice whose concepts count: its keyword text (title, summary, local
    terms, labels, body) in its language, and each abstract in its own."""
    texts = [(keyword_text, record.get("language"))]
    for lang, abstract in sorted((record.get("abstracts") or {}).items()) if abstracts else ():
        texts.append((f"{abstract['title']}\n{abstract['summary']}", lang))
    return texts


@lru_cache(maxsize=4096)
def query_concepts(text: str, language: str | None) -> tuple[str, ...]:
    """The ids of the concepts a query names (its language chooses among ambiguous labels);
    kept for the last queries, as a page or facet click repeats one."""
    return tuple(concepts_in([(text, language)]))


class ConceptIndex:
    """Which practices name each concept, as rows of a boolean matrix, with each concept's IDF."""

    def __init__(self, records: list[dict]) -> None:
        from kb.thesaurus import thesaurus

        named = [set(rec.get("concepts") or []) for rec in records]
        # a practice about a narrower concept is about the broader ones too (street outreach is outreach)
        named = [found.union(*(thesaurus().ancestors(c) for c in found)) for found in named]
        ids = sorted(set().union(*named)) if named else []
        self.row = {c: i for i, c in enumerate(ids)}
        self.names = np.zeros((len(ids), len(records)), dtype=bool)
        for p, found in enumerate(named):
            for c in found:
                self.names[self.row[c], p] = True
        df = self.names.sum(axis=1)
        n = max(1, len(records))
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def evidence(self, concepts: list[str], n: int) -> np.ndarray:
        """(n,) per practice, the IDF-weighted share of ``concepts`` it names (0..1); concepts no
        practice names count in the whole (their IDF is the highest) but match nothing."""
        if not concepts:
            return np.zeros(n, dtype=np.float32)
        top = float(np.log(1.0 + (n + 0.5) / 0.5))
        known = [self.row[c] for c in concepts if c in self.row]
        weights = self.idf[known]
        total = float(weights.sum()) + top * (len(concepts) - len(known))
        if not known or total <= 0:
            return np.zeros(n, dtype=np.float32)
        share = (weights[:, None] * self.names[known]).sum(axis=0) / total
        return share.astype(np.float32)


_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def concept_index(index) -> ConceptIndex:
    """The :class:`ConceptIndex` of ``index`` (built once per index, from its records)."""
    found = _INDEXES.get(index)
    if found is None:
        found = _INDEXES[index] = ConceptIndex(index.records)
    return found

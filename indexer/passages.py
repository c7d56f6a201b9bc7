"""Which passage of a practice to show, and which sections are worth naming as a reason.

A write-up ends with sections that say how to reach the programme (Contact, Kontakt, 連絡先 …)
or where its facts come from (Sources, Quellen …). They match queries by accident (a query
word in a contact's role, a URL) and tell a reader nothing about the practice, so they are
never the passage shown nor a "why it matches" reason: when no substantive section matches,
the summary is shown.
"""
from __future__ import annotations

import re
import weakref
from functools import lru_cache

import numpy as np

from indexer.keyword import fold

#: Headings of sections that hold references rather than content, besides each language's
#: contact heading of kb/data/languages.yaml (the last of its recommended sections).
OTHER_BOILERPLATE_HEADINGS = (
    "Contacts", "Contact details", "Sources", "References", "Further reading", "Links", "Bibliography",
    "Coordonnées", "Références", "Bibliographie", "Pour en savoir plus", "Liens",
    "Kontaktdaten", "Ansprechpartner", "Quellen", "Literatur", "Weiterführende Links",
    "Contactos", "Fuentes", "Referencias", "Bibliografía", "Enlaces",
    "Contatto", "Fonti", "Riferimenti", "Bibliografia", "Collegamenti",
    "Kontakty", "Źródła", "Bibliografia", "Linki",
    "Zdroje", "Literatura", "Odkazy",
    "お問い合わせ", "出典", "参考文献", "联系我们", "参考资料", "来源",
    "اتصل بنا", "المصادر", "المراجع",
)
#: A chunk with fewer words than this once links and e-mail addresses are taken out is a
#: reference line ("Coordinator: someone@example.org"), whatever its heading.
MIN_WORDS_BESIDE_LINKS = 4
_LINK = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+")
_WORD = re.compile(r"[^\W\d_]{2,}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]", re.UNICODE)


def heading_key(heading: str) -> str:
    """A heading compared without case, accents, punctuation or a trailing colon."""
    return " ".join(re.findall(r"[^\W_]+", fold(heading)))


@lru_cache(maxsize=1)
def boilerplate_headings() -> frozenset[str]:
    """The :func:`heading_key` of every boilerplate heading, in every language kb knows."""
    from kb import vocab

    contact = [entry["sections"][-1] for entry in vocab.languages().values() if entry.get("sections")]
    return frozenset(heading_key(h) for h in [*contact, *OTHER_BOILERPLATE_HEADINGS])


def is_boilerplate(section: str, text: str) -> bool:
    """True for a chunk of a contact, sources or links section, or one that is only a reference line."""
    if section and heading_key(section) in boilerplate_headings():
        return True
    return len(_WORD.findall(_LINK.sub(" ", text))) < MIN_WORDS_BESIDE_LINKS


_SUBSTANTIVE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def substantive(index, originals_only: bool = False) -> np.ndarray:
    """Per chunk of ``index``, whether it may be shown or named (computed once per index);
    ``originals_only`` leaves out the abstracts (translations of the summary).

    A summary chunk always may: it is the practice's own account of itself."""
    return _chunk_tables(index)[1 if originals_only else 0]


def _chunk_tables(index) -> tuple[np.ndarray, np.ndarray, list[tuple[list[int], list[tuple[int, str]]]]]:
    """(substantive, substantive originals, per practice: the rows of its substantive
    originals and its abstract rows with their languages), computed once per index: a search
    looks them up for every practice it shows."""
    tables = _SUBSTANTIVE.get(index)
    if tables is None:
        ch = index.chunks
        mask = np.array([f != "body" or not is_boilerplate(s, t) for s, t, f in zip(ch.section, ch.text, ch.field)],
                        dtype=bool)
        abstract = np.array([f == "abstract" for f in ch.field], dtype=bool)
        originals = mask & ~abstract
        languages = ch.language if ch.language is not None else [""] * len(ch.field)
        ptr = ch.ptr.tolist()
        per_practice = [([r for r in range(lo, hi) if originals[r]],
                         [(r, languages[r]) for r in range(lo, hi) if abstract[r] and languages[r]])
                        for lo, hi in zip(ptr, ptr[1:])]
        tables = _SUBSTANTIVE[index] = (mask, originals, per_practice)
    return tables


def passage_rows(index, practice: int, languages=frozenset()) -> list[int]:
    """The rows (ascending) of the chunks of ``practice`` that may be shown (the summary when
    nothing else may): its substantive chunks, and its abstracts in one of ``languages`` (the
    query's and the reader's: an abstract in a third language helps nobody)."""
    return _passage_rows(index, _chunk_tables(index)[2][practice], practice, languages)


def _passage_rows(index, table: tuple[list[int], list[tuple[int, str]]], practice: int, languages) -> list[int]:
    """:func:`passage_rows` from the practice's entry of :func:`_chunk_tables` (looked up
    once for a page of results)."""
    originals, abstracts = table
    rows = originals + [row for row, language in abstracts if language in languages]
    if rows:
        return sorted(rows) if abstracts else rows
    lo, hi = int(index.chunks.ptr[practice]), int(index.chunks.ptr[practice + 1])
    return [lo] if hi > lo else []


def best_passage(index, practice: int, vector: np.ndarray | None, terms: set[str],
                 languages: set[str] = frozenset()) -> int:
    """Row of the chunk to show for ``practice``, or -1 when it has none: among the substantive
    chunks (abstracts in ``languages`` included), the closest to the query ``vector`` (the
    first, the summary, without one), unless another holds more of the query's ``terms``."""
    return best_passages(index, [practice], vector, [terms], languages)[0]


def best_passages(index, practices, vector: np.ndarray | None, terms: list[set[str]],
                  languages: set[str] = frozenset(), chunk_scores: np.ndarray | None = None) -> list[int]:
    """:func:`best_passage` of each of ``practices`` (with ``terms[i]`` for the i-th): the
    chunks of all of them scored against the query vector in one product (a page of results
    is ten practices of a few to a few dozen chunks each), or read from ``chunk_scores``
    (every chunk's cosine score to that vector) when the search has them."""
    tables = _chunk_tables(index)[2]
    candidates = [_passage_rows(index, tables[p], p, languages) for p in map(int, practices)]
    closest = [0] * len(candidates)
    if vector is not None:
        rows = [row for own in candidates for row in own]
        if not rows:
            sims = []
        elif chunk_scores is not None:
            sims = chunk_scores[rows].tolist()
        else:
            sims = (np.asarray(index.chunk_vectors[rows]) @ vector).tolist()
        start = 0
        for i, own in enumerate(candidates):
            if own:
                mine = sims[start:start + len(own)]
                closest[i] = mine.index(max(mine))  # the first of the best, as argmax
            start += len(own)
    chosen = []
    for own, at, words_of in zip(candidates, closest, terms):
        if not own:
            chosen.append(-1)
            continue
        if words_of:
            words = [len(held & words_of) for held in index.chunk_terms_of(own)]
            most = max(words)
            if most > words[at]:  # the first chunk holding the most, when the closest holds fewer
                at = words.index(most)
        chosen.append(own[at])
    return chosen


def reason_sections(index, source: int, target: int, top: int = 2) -> list[str]:
    """Headings of the target's substantive sections whose chunks come closest to any
    substantive chunk of the source (the "why it matches" of similar programmes)."""
    ch = index.chunks
    mask = substantive(index, originals_only=True)
    src_rows = np.arange(ch.ptr[source], ch.ptr[source + 1])
    src_rows = src_rows[mask[src_rows]]
    rows = np.arange(ch.ptr[target], ch.ptr[target + 1])
    rows = rows[mask[rows] & np.array([bool(ch.section[r]) for r in rows], dtype=bool)]
    if src_rows.size == 0 or rows.size == 0:
        return []
    best = (np.asarray(index.chunk_vectors[rows]) @ np.asarray(index.chunk_vectors[src_rows]).T).max(axis=1)
    headings: list[str] = []
    for i in np.argsort(-best, kind="stable"):
        heading = ch.section[int(rows[i])]
        if heading not in headings:
            headings.append(heading)
        if len(headings) == top:
            break
    return headings

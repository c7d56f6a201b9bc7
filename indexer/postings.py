"""Term counts of documents and their BM25 weights, as arrays.

Why arrays of (term, document, count) triples: an incremental build takes the counts of
unchanged documents from the previous index instead of tokenising them again (tokenising
every document was three quarters of an incremental build at 1,000 files), and the weights of
all postings are computed in a few vectorised passes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class TermCounts:
    """How often each term occurs in each document: parallel arrays over ``vocabulary``."""

    vocabulary: list[str]
    term: np.ndarray   # (nnz,) int64, index into vocabulary
    doc: np.ndarray    # (nnz,) int64, document number
    count: np.ndarray  # (nnz,) int32, occurrences (> 0)

    @classmethod
    def of_tokens(cls, token_lists: list[list[str]]) -> "TermCounts":
        """Counts of the tokens of each document (document numbers in list order)."""
        ids: dict[str, int] = {}
        terms, docs, counts = [], [], []
        for doc, tokens in enumerate(token_lists):
            seen: dict[int, int] = {}
            for token in tokens:
                i = ids.setdefault(token, len(ids))
                seen[i] = seen.get(i, 0) + 1
            terms.extend(seen)
            docs.extend([doc] * len(seen))
            counts.extend(seen.values())
        return cls(list(ids), np.array(terms, dtype=np.int64), np.array(docs, dtype=np.int64),
                   np.array(counts, dtype=np.int32))

    def renumbered(self, new_doc: np.ndarray) -> "TermCounts":
        """The same counts with document ``d`` numbered ``new_doc[d]``; documents mapped to -1 are left out."""
        new_doc = np.asarray(new_doc, dtype=np.int64)
        mapped = new_doc[self.doc] if self.doc.size else self.doc
        keep = mapped >= 0
        return TermCounts(self.vocabulary, self.term[keep], mapped[keep], self.count[keep])

    @classmethod
    def merge(cls, parts: list["TermCounts"]) -> "TermCounts":
        """One set of counts over the sorted union of the terms the parts use (their document
        numbers must not overlap)."""
        used = [sorted({part.vocabulary[i] for i in np.unique(part.term).tolist()}) for part in parts]
        vocabulary = sorted(set().union(*used)) if used else []
        position = {term: i for i, term in enumerate(vocabulary)}
        terms, docs, counts = [], [], []
        for part in parts:
            to_new = np.array([position.get(term, -1) for term in part.vocabulary], dtype=np.int64)
            terms.append(to_new[part.term] if part.term.size else part.term)
            docs.append(part.doc)
            counts.append(part.count)
        empty = np.zeros(0, dtype=np.int64)
        return cls(vocabulary, np.concatenate(terms) if terms else empty, np.concatenate(docs) if docs else empty,
                   np.concatenate(counts) if counts else np.zeros(0, dtype=np.int32))


@dataclass
class Postings:
    """BM25 postings stored term by term: term ``i`` occurs in ``docs[indptr[i]:indptr[i+1]]``."""

    vocabulary: list[str]  # sorted
    indptr: np.ndarray     # (V+1,) int64
    docs: np.ndarray       # (nnz,) int32
    weights: np.ndarray    # (nnz,) float32
    counts: np.ndarray     # (nnz,) int32, occurrences: what an incremental build reuses
    group_of: np.ndarray   # (n_docs,) int64
    group_names: list[str]


def bm25_postings(counts: TermCounts, n_docs: int, groups: list[str], k1: float, b: float) -> Postings:
    """BM25 weight of every (term, document) of ``counts``, with document frequency and average
    length counted within each document's group (see :meth:`indexer.keyword.KeywordIndex.build`)."""
    if counts.term.size and counts.vocabulary != sorted(counts.vocabulary):
        counts = TermCounts.merge([counts])
    group_ids = {g: i for i, g in enumerate(sorted(set(groups)))}
    group_of = np.array([group_ids[g] for g in groups], dtype=np.int64)
    n_groups = len(group_ids)
    group_size = np.bincount(group_of, minlength=n_groups).astype(np.float64)
    tf = counts.count.astype(np.float32)
    lengths = np.bincount(counts.doc, weights=tf, minlength=n_docs).astype(np.float32)
    group_len = np.bincount(group_of, weights=lengths, minlength=n_groups)
    avg_len = np.where(group_size > 0, group_len / np.maximum(group_size, 1), 1.0)
    avg_len[avg_len == 0] = 1.0

    order = np.lexsort((counts.doc, counts.term))  # by term, then document
    term, doc, tf = counts.term[order], counts.doc[order], tf[order]
    vocabulary_size = len(counts.vocabulary)
    indptr = np.zeros(vocabulary_size + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(term, minlength=vocabulary_size))
    g = group_of[doc]
    df = np.bincount(term * n_groups + g, minlength=vocabulary_size * n_groups)[term * n_groups + g].astype(np.float64)
    idf = np.log(1.0 + (group_size[g] - df + 0.5) / (df + 0.5))
    weights = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[doc] / avg_len[g]))
    return Postings(list(counts.vocabulary), indptr, doc.astype(np.int32), weights.astype(np.float32),
                    counts.count[order].astype(np.int32), group_of, sorted(group_ids, key=group_ids.get))


def term_counts_of(indptr: np.ndarray, docs: np.ndarray, counts: np.ndarray, vocabulary: list[str]) -> TermCounts:
    """The term counts stored term by term in an index, back as triples."""
    term = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
    return TermCounts(vocabulary, term, docs.astype(np.int64), counts.astype(np.int32))

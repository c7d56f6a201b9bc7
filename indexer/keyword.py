"""Keyword search: a small BM25 over practices, with tokenisation for accents and CJK.

Tokens are casefolded with diacritics removed ("Hébergement" -> "hebergement", so a query
typed without accents still matches); runs of Chinese, Japanese or Korean characters, which
have no spaces, become overlapping character bigrams.
"""
from __future__ import annotations

from functools import lru_cache
from dataclasses import dataclass, field

import numpy as np

from indexer.postings import TermCounts, bm25_postings, term_counts_of
# Folding and word boundaries live in kb.text, shared with the thesaurus; re-exported here
# (indexer.highlight and the tests import them from this module).
from kb.text import CJK as _CJK, CJK_RUN as _CJK_RUN, TOKEN as _TOKEN, fold  # noqa: F401

#: BM25 constants: the usual defaults (Robertson; Lucene and bm25s use the same).
K1 = 1.5
B = 0.75
#: Version of :func:`tokenize`, recorded in the index manifest: an incremental build reuses the
#: term counts of unchanged documents only when it matches. Raise it whenever tokens change.
TOKENIZER_VERSION = 1


def tokenize(text: str) -> list[str]:
    """Search tokens of ``text``: folded words, and character bigrams inside CJK runs."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        word = match.group()
        if _CJK_RUN.match(word):
            tokens.extend([word] if len(word) == 1 else [word[i:i + 2] for i in range(len(word) - 1)])
        elif len(word) > 1 or word.isdigit():
            tokens.append(word)
    return tokens


@lru_cache(maxsize=1024)
def query_tokens(query: str) -> tuple[str, ...]:
    """``tokenize(query)``, kept for the last queries: one search tokenises its query several times."""
    return tuple(tokenize(query))


@dataclass
class KeywordIndex:
    """BM25 weights stored term by term (CSC): a query sums the rows of its terms."""

    vocab: dict[str, int]
    indptr: np.ndarray   # (V+1,) int64
    docs: np.ndarray     # (nnz,) int32, document numbers
    weights: np.ndarray  # (nnz,) float32, BM25 weight of the term in that document
    n_docs: int
    group_of: np.ndarray | None = None  # (n_docs,) int64, group number of each document
    group_names: list[str] | None = None
    counts: np.ndarray | None = None  # (nnz,) int32, occurrences of the term in that document
    #: (n_docs,) int64, the practice each document is text of (None: document i is practice i).
    #: A practice has its own text and one short document per abstract (issue 11), each in its
    #: language's group, so that a French query finds French words for every practice.
    practice_of: np.ndarray | None = None
    _group_size: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _idf: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _bounds: list | None = field(default=None, init=False, repr=False, compare=False)
    _group_languages: list | None = field(default=None, init=False, repr=False, compare=False)
    _in_languages: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, texts: list[str], groups: list[str] | None = None, k1: float = K1, b: float = B) -> "KeywordIndex":
        """Index ``texts`` (one per document, in document order).

        ``groups`` (one per document, e.g. its language) makes document frequency and
        average length count within the document's group. Why: in a multilingual pool a
        function word such as Italian "di" is rare overall (only Italian documents have it)
        and would get a high IDF; counted among Italian documents only, it weighs little.
        """
        return cls.from_counts(TermCounts.of_tokens([tokenize(t) for t in texts]), len(texts), groups, k1, b)

    @classmethod
    def from_counts(cls, counts: TermCounts, n_docs: int, groups: list[str] | None = None,
                    k1: float = K1, b: float = B, practice_of=None) -> "KeywordIndex":
        """Index documents given by their term counts (see :meth:`build`); ``practice_of``: the
        practice of each document, when a practice has several."""
        groups = list(groups) if groups is not None else [""] * n_docs
        postings = bm25_postings(counts, n_docs, groups, k1, b)
        return cls({term: i for i, term in enumerate(postings.vocabulary)}, postings.indptr, postings.docs,
                   postings.weights, n_docs, postings.group_of, postings.group_names, postings.counts,
                   None if practice_of is None else np.asarray(practice_of, dtype=np.int64))

    def practices(self) -> np.ndarray:
        """(n_docs,) the practice of each document."""
        return np.arange(self.n_docs, dtype=np.int64) if self.practice_of is None else self.practice_of

    def group_languages(self) -> list[str]:
        """The language of each group: its name up to a "+" ("fr+abstract" -> "fr")."""
        return list(self._languages_by_group())

    def _languages_by_group(self) -> list[str]:
        """:meth:`group_languages`, computed once and shared (every query reads it)."""
        if self._group_languages is None:
            self._group_languages = [name.split("+", 1)[0] for name in self.group_names or []]
        return self._group_languages

    def in_languages(self, languages, docs: np.ndarray | None = None) -> np.ndarray:
        """Mask of the documents written in one of ``languages``: of every document, or of the
        documents ``docs`` (numbers) only, in their order."""
        n = self.n_docs if docs is None else len(docs)
        if self.group_of is None:
            return np.zeros(n, dtype=bool)
        wanted = np.array([lang in languages for lang in self._languages_by_group()], dtype=bool)
        return wanted[self.group_of if docs is None else self.group_of[docs]]

    def per_practice(self, values: np.ndarray, n_practices: int, docs: np.ndarray | None = None) -> np.ndarray:
        """Per practice, the largest of ``values`` (one per document, >= 0) over its documents
        (only the ``docs`` mask, when given); 0 for a practice without any."""
        if self.practice_of is None and docs is None:
            return np.asarray(values, dtype=np.float32)
        keep = np.asarray(values) > 0
        if docs is not None:
            keep &= docs
        rows = np.flatnonzero(keep)
        out = np.zeros(n_practices, dtype=np.float32)
        np.maximum.at(out, self.practices()[rows], np.asarray(values, dtype=np.float32)[rows])
        return out

    def per_practice_of(self, rows: np.ndarray, values: np.ndarray, n_practices: int) -> np.ndarray:
        """:meth:`per_practice` of ``values`` given at document ``rows`` only (0 elsewhere)."""
        keep = np.asarray(values) > 0
        rows, values = rows[keep], np.asarray(values, dtype=np.float32)[keep]
        out = np.zeros(n_practices, dtype=np.float32)
        if self.practice_of is None:
            out[rows] = values
        else:
            np.maximum.at(out, self.practice_of[rows], values)
        return out

    def practice_numbers(self, docs: np.ndarray) -> np.ndarray:
        """The practice of each of the documents ``docs``."""
        return docs if self.practice_of is None else self.practice_of[docs]

    def practices_in_languages(self, languages, n_practices: int) -> np.ndarray:
        """(n_practices,) mask of the practices with a document in one of ``languages`` (kept
        per set of languages: every query in that language needs it)."""
        key = (frozenset(languages), n_practices)
        cache = self._in_languages
        found = cache.get(key)
        if found is None:
            found = np.zeros(n_practices, dtype=bool)
            found[self.practices()[self.in_languages(languages)]] = True
            found.setflags(write=False)
            if len(cache) < 256:
                cache[key] = found
        return found

    def term_counts(self) -> TermCounts | None:
        """The term counts of every document, or ``None`` for an index stored without them."""
        if self.counts is None:
            return None
        return term_counts_of(self.indptr, self.docs, self.counts, sorted(self.vocab, key=self.vocab.get))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query``: (n_docs,) float32, 0 where no term matches."""
        return self.term_scores(set(query_tokens(query)))

    def term_scores(self, terms) -> np.ndarray:
        """BM25 score of every document for these distinct terms (see :meth:`scores`)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        # the postings of the terms in a fixed order (the same float sums in every process), one
        # after the other: np.add.at adds them in that order, so each document's score is the
        # same term-by-term sum as a loop of `out[docs] += weights` makes, in one call instead
        # of one per term (median 22 -> 10 us a query on the tuned queries at 10k chunks)
        bounds = self._posting_bounds()
        spans = [slice(bounds[i], bounds[i + 1]) for i in map(self.vocab.get, sorted(terms)) if i is not None]
        if spans:
            np.add.at(out, np.concatenate([self.docs[s] for s in spans]),
                      np.concatenate([self.weights[s] for s in spans]))
        return out

    def _posting_bounds(self) -> list[int]:
        """``indptr`` as Python ints (computed once: slicing with them is cheaper than with
        NumPy scalars, for every term of every query)."""
        if self._bounds is None:
            self._bounds = self.indptr.tolist()
        return self._bounds

    def ideal(self, query: str) -> np.ndarray:
        """Per document, the score of a document of its group that holds each query term once
        at average length: the sum of the terms' IDF in that group (a term absent from the
        group counts at the highest IDF). Dividing by it makes scores of different queries and
        groups comparable: about 1 means "matches the whole query"."""
        return self.term_ideal(set(query_tokens(query)))

    def term_ideal(self, terms, rows: np.ndarray | None = None) -> np.ndarray:
        """:meth:`ideal` for these distinct terms (of the documents ``rows`` only, when given)."""
        if self.group_of is None or self.n_docs == 0:
            return np.ones(self.n_docs if rows is None else len(rows), dtype=np.float32)
        idf, absent = self._group_idf()
        total = np.zeros(len(absent))
        for term in sorted(terms):
            i = self.vocab.get(term)
            total += absent if i is None else idf[i]
        group_of = self.group_of if rows is None else self.group_of[rows]
        return np.maximum(total[group_of], 1e-9).astype(np.float32)

    def _group_idf(self) -> tuple[np.ndarray, np.ndarray]:
        """IDF of every term in every group, (V, groups), and of a term no document holds
        (computed once from the postings: every query needs a few rows)."""
        if self._idf is None:
            size = self._group_sizes()
            groups = len(size)
            term_of = np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))
            df = np.bincount(term_of * groups + self.group_of[self.docs],
                             minlength=(len(self.indptr) - 1) * groups).reshape(-1, groups)
            none = np.zeros(groups, dtype=np.int64)
            self._idf = (np.log(1.0 + (size - df + 0.5) / (df + 0.5)), np.log(1.0 + (size - none + 0.5) / (none + 0.5)))
        return self._idf

    def _group_sizes(self) -> np.ndarray:
        """Documents per group (computed once: every query needs it)."""
        if self._group_size is None:
            self._group_size = np.bincount(self.group_of, minlength=len(self.group_names)).astype(np.float64)
        return self._group_size

    def known_terms(self, query: str | None = None, terms=None) -> set[str]:
        """The query's tokens (or these ``terms``) that occur in at least one document."""
        return {t for t in (query_tokens(query) if terms is None else terms) if t in self.vocab}

    def doc_terms(self, doc: int, terms: set[str]) -> set[str]:
        """Which of ``terms`` occur in document ``doc``."""
        found = set()
        for term in terms:
            i = self.vocab.get(term)
            if i is not None and doc in self.docs[self.indptr[i]:self.indptr[i + 1]]:
                found.add(term)
        return found

    def arrays(self) -> dict[str, np.ndarray]:
        arrays = {"indptr": self.indptr, "docs": self.docs, "weights": self.weights,
                  "n_docs": np.array([self.n_docs], dtype=np.int64)}
        if self.counts is not None:
            arrays["counts"] = self.counts
        if self.group_of is not None:
            arrays["group_of"] = self.group_of
            arrays["group_names"] = np.array(self.group_names, dtype=str)
        if self.practice_of is not None:
            arrays["practice_of"] = self.practice_of
        return arrays

    @classmethod
    def from_arrays(cls, vocab: list[str], arrays) -> "KeywordIndex":
        names = arrays.get("group_names")
        return cls({t: i for i, t in enumerate(vocab)}, arrays["indptr"], arrays["docs"],
                   arrays["weights"], int(arrays["n_docs"][0]), arrays.get("group_of"),
                   [str(n) for n in names] if names is not None else None, arrays.get("counts"),
                   arrays.get("practice_of"))


def max_per_practice(practices: np.ndarray, values: np.ndarray, n_practices: int) -> np.ndarray:
    """Per practice, the largest of ``values`` (>= 0, one per entry of ``practices``, the
    practice it belongs to); 0 for a practice without any. What :meth:`KeywordIndex.per_practice_of`
    gives for the same documents, when their practices are already known: a search reads the
    practices of its hits once for its three per-practice maxima."""
    out = np.zeros(n_practices, dtype=np.float32)
    np.maximum.at(out, practices, np.asarray(values, dtype=np.float32))
    return out


def updated_keyword_index(texts: list[str], groups: list[str], previous: KeywordIndex | None,
                          previous_doc: list[int], practice_of=None) -> KeywordIndex:
    """The keyword index of ``texts``, where document ``i`` with ``previous_doc[i] >= 0`` takes
    its term counts from that document of ``previous`` (its text unchanged) instead of being
    tokenised again; the rest are tokenised. Same index as :meth:`KeywordIndex.build`."""
    old = previous.term_counts() if previous is not None else None
    reused = [i for i, d in enumerate(previous_doc) if d >= 0] if old is not None else []
    reused_set = set(reused)
    fresh = [i for i in range(len(texts)) if i not in reused_set]
    parts = []
    if reused:
        new_number = np.full(previous.n_docs, -1, dtype=np.int64)
        new_number[[previous_doc[i] for i in reused]] = reused
        parts.append(old.renumbered(new_number))
    if fresh:
        counts = TermCounts.of_tokens([tokenize(texts[i]) for i in fresh])
        parts.append(counts.renumbered(np.array(fresh, dtype=np.int64)))
    return KeywordIndex.from_counts(TermCounts.merge(parts), len(texts), groups, practice_of=practice_of)

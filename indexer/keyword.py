"""Keyword search: a small BM25 over practices, with tokenisation for accents and CJK.

Tokens are casefolded with diacritics removed ("Hébergement" -> "hebergement", so a query
typed without accents still matches); runs of Chinese, Japanese or Korean characters, which
have no spaces, become overlapping character bigrams.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

#: BM25 constants: the usual defaults (Robertson; Lucene and bm25s use the same).
K1 = 1.5
B = 0.75

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")


def fold(text: str) -> str:
    """Casefolded text without combining marks (accents); length may change."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def term_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` of the words whose folded form is one of ``terms``."""
    spans = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        folded = fold(word)
        if _CJK_RUN.match(word):
            for i in range(len(word) - 1):
                if word[i:i + 2] in terms or fold(word[i:i + 2]) in terms:
                    spans.append((match.start() + i, match.start() + i + 2))
        elif folded in terms:
            spans.append((match.start(), match.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


@dataclass
class KeywordIndex:
    """BM25 weights stored term by term (CSC): a query sums the rows of its terms."""

    vocab: dict[str, int]
    indptr: np.ndarray   # (V+1,) int64
    docs: np.ndarray     # (nnz,) int32, document numbers
    weights: np.ndarray  # (nnz,) float32, BM25 weight of the term in that document
    n_docs: int

    @classmethod
    def build(cls, texts: list[str], k1: float = K1, b: float = B) -> "KeywordIndex":
        """Index ``texts`` (one per document, in document order)."""
        tokenized = [tokenize(t) for t in texts]
        n = len(tokenized)
        lengths = np.array([len(t) for t in tokenized], dtype=np.float32)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc, tokens in enumerate(tokenized):
            counts: dict[str, int] = {}
            for tok in tokens:
                counts[tok] = counts.get(tok, 0) + 1
            for tok, tf in counts.items():
                postings.setdefault(tok, []).append((doc, tf))
        vocab = {term: i for i, term in enumerate(sorted(postings))}
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        docs, weights = [], []
        for term, i in vocab.items():
            plist = postings[term]
            df = len(plist)
            idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
            d = np.array([p[0] for p in plist], dtype=np.int32)
            tf = np.array([p[1] for p in plist], dtype=np.float32)
            w = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / avg))
            docs.append(d)
            weights.append(w.astype(np.float32))
            indptr[i + 1] = indptr[i] + df
        return cls(vocab, indptr,
                   np.concatenate(docs) if docs else np.zeros(0, np.int32),
                   np.concatenate(weights) if weights else np.zeros(0, np.float32), n)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query``: (n_docs,) float32, 0 where no term matches."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term in set(tokenize(query)):
            i = self.vocab.get(term)
            if i is not None:
                lo, hi = self.indptr[i], self.indptr[i + 1]
                out[self.docs[lo:hi]] += self.weights[lo:hi]
        return out

    def known_terms(self, query: str) -> set[str]:
        """The query's tokens that occur in at least one document."""
        return {t for t in tokenize(query) if t in self.vocab}

    def doc_terms(self, doc: int, terms: set[str]) -> set[str]:
        """Which of ``terms`` occur in document ``doc``."""
        found = set()
        for term in terms:
            i = self.vocab.get(term)
            if i is not None and doc in self.docs[self.indptr[i]:self.indptr[i + 1]]:
                found.add(term)
        return found

    def arrays(self) -> dict[str, np.ndarray]:
        return {"indptr": self.indptr, "docs": self.docs, "weights": self.weights,
                "n_docs": np.array([self.n_docs], dtype=np.int64)}

    @classmethod
    def from_arrays(cls, vocab: list[str], arrays) -> "KeywordIndex":
        return cls({t: i for i, t in enumerate(vocab)}, arrays["indptr"], arrays["docs"],
                   arrays["weights"], int(arrays["n_docs"][0]))

"""Marking query words in a passage: which query terms to mark and where they occur.

Words are compared in their folded form (see :func:`indexer.keyword.fold`); in Chinese,
Japanese and Korean text, character pairs are, as the keyword index reads them, and a lone
pair of kana that only ever reads as part of another word is not marked (:func:`inside_a_word`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from indexer.keyword import _CJK_RUN, _TOKEN, fold


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Folded function words of the languages bm25s has lists for (en, fr, de, es, it, pt, nl, ru, …)."""
    from bm25s import stopwords as lists

    words: set[str] = set()
    for name in dir(lists):
        if name.startswith("STOPWORDS_") and name != "STOPWORDS_CHINESE":
            words.update(fold(w) for w in getattr(lists, name))
    return frozenset(words)


def highlight_terms(terms: set[str]) -> set[str]:
    """The query terms worth marking in a passage: no function words, no one- or two-letter words.

    Scoring keeps every term (per-language IDF already weighs them); marking "de" or "the"
    in a passage only hides the words that matched.
    """
    return {t for t in terms if _CJK_RUN.match(t) or (len(t) > 2 and t not in stopwords())}


def term_positions(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where each markable form occurs in ``text``: a word's folded form -> its (start, end)
    offsets; inside CJK runs, each character pair (as written and folded) -> its offsets.
    Computed once per passage and kept by the index, so marking a query is a few lookups."""
    found: dict[str, list[tuple[int, int]]] = {}
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        folded, cjk = _word_info(word)
        if cjk:
            for i in range(len(word) - 1):
                pair = word[i:i + 2]
                for form in {pair, _fold_word(pair)}:
                    found.setdefault(form, []).append((start + i, start + i + 2))
        else:
            found.setdefault(folded, []).append((start, match.end()))
    return {form: tuple(spans) for form, spans in found.items()}


def term_spans(text: str, terms: set[str], positions: dict | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` of the words whose folded form is one of ``terms``
    (CJK: of the character pairs that are), overlapping or touching spans merged.
    ``positions``: ``term_positions(text)`` when already known."""
    if not terms:
        return []
    if positions is None:
        positions = term_positions(text)
    spans = _merge([span for term in terms for span in positions.get(term, ())])
    return [span for span in spans if not inside_a_word(text, *span)]


_HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")


def inside_a_word(text: str, start: int, end: int) -> bool:
    """True for a mark that is one lone character pair of kana, which reads as part of some other
    word rather than as a query word: hiragana pairs are endings and particles (した in しました,
    したがって, 孤立した), a katakana pair next to more katakana is a piece of a longer loanword
    (ルタ in シェルター). Pairs of ideographs or Hangul, a katakana word of two characters, and any
    chain of two or more overlapping pairs (訪問した, a run of the query itself) stay marked."""
    if end - start != 2:
        return False
    pair = text[start:end]
    if _HIRAGANA.match(pair):
        return True
    if _KATAKANA.match(pair):
        before = text[start - 1:start] if start > 0 else ""
        after = text[end:end + 1]
        return bool(_KATAKANA.match(before) or _KATAKANA.match(after))
    return False


@lru_cache(maxsize=65536)
def _word_info(word: str) -> tuple[str, bool]:
    """A word's folded form and whether the keyword index reads it as character pairs: a run of
    CJK characters once folded, as :func:`indexer.keyword.tokenize` decides (Hangul folds to
    letters, jamo, so a Korean word is one token, as in the index). Cached: passages repeat words."""
    folded = _fold_word(word)
    return folded, _CJK_RUN.match(folded) is not None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged

"""The language of a query: from its script when that decides, else langdetect, else the
languages whose documents hold every query word. Decides which documents keyword scores may
move (see indexer.fuse)."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from indexer.keyword import query_tokens


def query_languages(index, query: str, terms=None) -> tuple[str | None, set[str] | None]:
    """(detected language, languages whose documents the keyword score may move).

    langdetect needs about 20 letters; for shorter queries, the languages whose documents
    contain every query word (``terms``: the query's scored terms, default all its tokens)
    are used when there is only one such language. So are they when langdetect names a
    language no document is written in and every query word occurs in some document: on a few
    words it errs ("shelter women violence" is Dutch to it), and keyword evidence counts only
    in the query's language.
    """
    lang = detect_language(query)
    if lang and lang in written_languages(index):
        return lang, {lang}
    wanted = set(query_tokens(query)) if terms is None else set(terms)
    known = index.keyword.known_terms(query, terms)
    if lang and known != wanted:  # a language the corpus lacks, with words it lacks: believe langdetect
        return lang, {lang}
    terms = known
    if not terms:
        return None, None
    langs = None
    keyword = index.keyword
    group_language = keyword.group_languages() if keyword.group_of is not None else None
    for term in terms:
        i = keyword.vocab[term]
        docs = keyword.docs[keyword.indptr[i]:keyword.indptr[i + 1]]
        if group_language is not None:  # a document's language is its group's (abstracts included)
            found = {group_language[g] for g in np.unique(keyword.group_of[docs]).tolist()}
        else:
            found = {index.languages[d] for d in docs}
        langs = found if langs is None else langs & found
    if langs and len(langs) == 1:
        only = next(iter(langs))
        return only, {only}
    return None, langs or None


def written_languages(index) -> set[str]:
    """The languages some document of ``index`` is written in (write-ups and abstracts)."""
    keyword = index.keyword
    if keyword.group_of is not None:
        return set(keyword.group_languages())
    return set(index.languages)


@lru_cache(maxsize=4096)
def detect_language(query: str) -> str | None:
    """The query's language from its script when that decides, else from langdetect's profiles
    (kept per query text: the web app repeats a query for every page and facet click)."""
    from kb.langid import detect

    return script_only_language(query) or detect(query) or _script_language(query)


#: Scripts that name one language among those langdetect knows: a query written only in one
#: of them (no Latin or other letters) gets that language without running langdetect.
_SCRIPT_LANGUAGES = (
    (re.compile(r"[\u3040-\u30ff]"), re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]+$"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), re.compile(r"^[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u4e00-\u9fff]+$"), "ko"),
    (re.compile(r"[\u0370-\u03ff]"), re.compile(r"^[\u0370-\u03ff\u1f00-\u1fff]+$"), "el"),
    (re.compile(r"[\u0590-\u05ff]"), re.compile(r"^[\u0590-\u05ff]+$"), "he"),
    (re.compile(r"[\u0e00-\u0e7f]"), re.compile(r"^[\u0e00-\u0e7f]+$"), "th"),
)


def script_only_language(text: str) -> str | None:
    """Japanese (kana), Korean (hangul), Greek, Hebrew or Thai when every letter of ``text`` is
    in that script, else ``None`` (Latin, Cyrillic, Arabic, Han alone: several languages)."""
    letters = "".join(filter(str.isalpha, text))
    for marker, only, lang in _SCRIPT_LANGUAGES:
        if letters and marker.search(letters) and only.match(letters):
            return lang
    return None


def _script_language(text: str) -> str | None:
    """Languages told apart by their script alone: kana means Japanese, hangul Korean."""
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\uac00-\ud7af]", text):
        return "ko"
    return None

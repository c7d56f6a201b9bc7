"""Text folding and word boundaries shared by every layer that compares words.

Search (``indexer.keyword``) and the thesaurus (``kb.thesaurus``) must agree on what a word
is and when two words are the same: "Hébergement" and "hebergement" are one word, and runs
of Chinese, Japanese or Korean characters, which have no spaces, are one "word" each. Both
take these definitions from here, so they cannot drift apart.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import filterfalse

#: Character ranges written without spaces: kana, CJK ideographs (with extension A and the
#: compatibility block) and Hangul syllables.
CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
#: A search token (``indexer.keyword``): a run of CJK characters, or a run of letters and
#: digits (no underscore). A run that starts with a Latin letter also takes the CJK characters
#: written right after it ("DVシェルター" is one token); the keyword index is built that way.
TOKEN = re.compile(rf"[{CJK}]+|[^\W_]+", re.UNICODE)
#: A word for :func:`words`: like :data:`TOKEN`, but Latin and CJK runs are always apart
#: ("DVシェルター" is "dv" and "シェルター"), so a label can be found inside such a run.
WORD = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+", re.UNICODE)
#: A whole string that is one run of CJK characters.
CJK_RUN = re.compile(rf"^[{CJK}]+$")


def fold(text: str) -> str:
    """Casefolded text without combining marks (accents); length may change."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # filterfalse calls combining() from C: ~35% faster than a generator on whole documents
    return "".join(filterfalse(unicodedata.combining, decomposed))


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order (see :data:`WORD`); a CJK run is one word."""
    return WORD.findall(fold(text))

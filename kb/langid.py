"""Language identification with langdetect's language profiles: deterministic, and only ever
a language Practice Exchange accepts.

Why not ``langdetect.detect``: it estimates by random trials (it draws n-grams of the text
with replacement until one language passes 99.999 %, seven times, and averages), in pure
Python: 1-5 ms per query and random unless seeded. Here every n-gram of the text counts once
against the same profiles with the same smoothing, a naive Bayes posterior computed with one
NumPy gather and sum. langdetect still cleans the text and normalises its characters; the
n-grams are cut here as langdetect cuts them (a test compares both on the corpus and on
generated text).
Measured on the 444 chunks of the corpus, its 50 practices and the 92 judged queries against
langdetect's own 7 trials: right as often (436, 50 and 79), never a different language where
both answer (where only one answered, its answer was wrong), and 0.09 ms instead of 0.57 ms
for a query (p50).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

_MIN_LETTERS = 20
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}
#: Smallest posterior of the best language for an answer. Counting every n-gram makes the
#: posterior surer than langdetect's averaged trials (for which 0.6 served): at 0.9
#: most one-line contacts with an e-mail address stay undecided, as with langdetect, and every
#: right answer on the corpus chunks and the judged queries is kept (the lowest at 0.93).
MIN_CONFIDENCE = 0.9
#: Padded words whose profile rows are kept (a few MB at most; the table is emptied when full).
WORDS_KEPT = 65_536
#: langdetect's smoothing: a profile probability p counts as p + ALPHA / BASE_FREQ.
_SMOOTHING = 0.5 / 10_000


@dataclass(frozen=True)
class Profiles:
    """langdetect's n-gram profiles of the accepted languages, as a log-probability table."""

    languages: list[str]        # langdetect codes, one per column
    row_of: dict[str, int]      # n-gram -> row
    log_prob: np.ndarray        # (n-grams, languages) float32: log(p + smoothing)
    _word_rows: dict = field(default_factory=dict, compare=False, repr=False)

    def ngrams(self, text: str) -> list[str]:
        """The profile n-grams of ``text``, as langdetect cleans and cuts it."""
        return [g for g in cut_ngrams(normalised(text)) if g in self.row_of]

    def posterior_of(self, text: str) -> np.ndarray:
        """:meth:`posterior` of the n-grams of ``text``."""
        rows: list[int] = []
        for word in padded_words(normalised(text)):
            rows += self._rows_of_word(word)
        return self._posterior(rows)

    def _rows_of_word(self, word: str) -> list[int]:
        """The profile rows of a padded word's n-grams, in order (kept: words recur across
        queries and texts far more than texts do, and cutting one is a loop over its letters)."""
        rows = self._word_rows.get(word)
        if rows is None:
            rows = [row for g in word_ngrams(word) if (row := self.row_of.get(g)) is not None]
            if len(self._word_rows) >= WORDS_KEPT:
                self._word_rows.clear()
            self._word_rows[word] = rows
        return rows

    def posterior(self, ngrams: list[str]) -> np.ndarray:
        """Per language, the probability that a text with these n-grams is in it (uniform prior)."""
        return self._posterior([self.row_of[g] for g in ngrams])

    def _posterior(self, rows: list[int]) -> np.ndarray:
        if not rows:
            return np.zeros(len(self.languages))
        log_likelihood = self.log_prob[np.array(rows, dtype=np.intp)].sum(axis=0, dtype=np.float64)
        weights = np.exp(log_likelihood - log_likelihood.max())
        return weights / weights.sum()


class _NormalisedCharacters(dict):
    """Code point -> the character langdetect's NGram.normalize makes of it, filled on first
    use (a ``str.translate`` table: punctuation and digits become spaces, kana and hangul one
    letter each, CJK ideographs their cluster's representative)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALISED = _NormalisedCharacters()
_WORD = re.compile(r"[^ ]+")


#: langdetect's Detector reads at most this many characters of a text (its default).
MAX_TEXT_LENGTH = 10_000
_SPACES = re.compile(" {2,}")
#: What langdetect's cleaning counts as Latin ('A' to 'z', the six signs between Z and a
#: included) and as not Latin: everything from U+0300 on. (It means to leave out its "Latin
#: Extended Additional" block, but compares the block's number with that name, so it never
#: does; this counts as it counts.)
_LATIN = re.compile("[A-z]")
_NOT_LATIN = re.compile("[\u0300-\U0010ffff]")


def normalised(text: str) -> str:
    """``text`` cleaned and with every character normalised, as langdetect reads it.

    langdetect's Detector.append and cleaning_text, rule for rule, with regular expressions
    instead of their loops over characters (~3x faster on a query; the tests compare both on
    every practice and on generated text): URLs and e-mail addresses become spaces, Vietnamese
    letters and their combining marks one letter, runs of spaces one space, and a text with
    more than twice as many non-Latin as Latin letters loses its Latin ones."""
    text = NGram.normalize_vi(Detector.MAIL_RE.sub(" ", Detector.URL_RE.sub(" ", text)))
    text = _SPACES.sub(" ", text[:MAX_TEXT_LENGTH])
    latin = _LATIN.subn("", text)
    if 2 * latin[1] < len(_NOT_LATIN.findall(text)):
        text = latin[0]
    return text.translate(_NORMALISED)


def cut_ngrams(text: str) -> list[str]:
    """The 1-, 2- and 3-character n-grams langdetect reads in a normalised text, in its order
    (those of each of its :func:`padded_words` in turn)."""
    return [g for word in padded_words(text) for g in word_ngrams(word)]


def padded_words(text: str) -> list[str]:
    """The words of a normalised text as langdetect reads them: " word", followed by a space
    when one follows in the text."""
    end = len(text)
    return [" " + m.group() + (" " if m.end() < end else "") for m in _WORD.finditer(text)]


def word_ngrams(word: str) -> list[str]:
    """The n-grams langdetect reads in one padded word: at each character, those ending there
    (never the lone space). Where an upper-case letter follows another, nothing is read:
    langdetect skips acronyms and all-capital words after their first letter."""
    grams: list[str] = []
    for e in range(1, len(word)):
        if word[e].isupper() and word[e - 1].isupper():
            continue
        if word[e] != " ":
            grams.append(word[e])
        grams.append(word[e - 1:e + 1])
        if e >= 2:
            grams.append(word[e - 2:e + 1])
    return grams


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    """The profiles of the languages in kb/data/languages.yaml only (read once per process).

    Fewer profiles are faster and rule out languages no write-up can be in; on the judged
    queries and the practices they told the same languages as all 55.
    """
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from kb import vocab

    accepted = set(vocab.languages())
    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if n.split("-")[0] in accepted)
    factory = DetectorFactory()
    profile_texts = []
    for name in names:
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
            profile_texts.append(f.read())
    factory.load_json_profile(profile_texts)
    table = factory.word_lang_prob_map
    words = list(table)
    log_prob = np.log(np.array([table[w] for w in words], dtype=np.float32) + np.float32(_SMOOTHING))
    return Profiles(list(factory.langlist), {w: i for i, w in enumerate(words)}, log_prob)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when too short or unsure."""
    cleaned = re.sub(r"https?://\S+|[#*_`>\[\]()|-]", " ", text)
    if sum(map(str.isalpha, cleaned)) < _MIN_LETTERS:
        return None
    posterior = profiles().posterior_of(cleaned)
    if not posterior.any():
        return None
    best = int(posterior.argmax())
    if posterior[best] < MIN_CONFIDENCE:
        return None
    code = profiles().languages[best]
    return _CODE_MAP.get(code, code)

"""Language identification with langdetect, made deterministic."""
from __future__ import annotations

import re

_MIN_LETTERS = 20
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


def detect(text: str, trials: int | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when too short or unsure.

    ``trials``: langdetect's number of random trials (its default, 7, when ``None``); fewer
    trials are faster and, for short texts such as queries, told the same languages here.
    """
    from langdetect import DetectorFactory, LangDetectException, detector_factory

    DetectorFactory.seed = 0  # langdetect is random without a fixed seed
    cleaned = re.sub(r"https?://\S+|[#*_`>\[\]()|-]", " ", text)
    if sum(ch.isalpha() for ch in cleaned) < _MIN_LETTERS:
        return None
    detector_factory.init_factory()  # loads the language profiles once
    detector = detector_factory._factory.create()
    if trials is not None:
        detector.n_trial = trials
    detector.append(cleaned)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return _CODE_MAP.get(best.lang, best.lang) if best.prob >= 0.6 else None

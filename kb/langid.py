"""Language identification with langdetect, made deterministic."""
from __future__ import annotations

import re

_MIN_LETTERS = 20
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when too short or unsure."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0  # langdetect is random without a fixed seed
    cleaned = re.sub(r"https?://\S+|[#*_`>\[\]()|-]", " ", text)
    if sum(ch.isalpha() for ch in cleaned) < _MIN_LETTERS:
        return None
    try:
        best = detect_langs(cleaned)[0]
    except LangDetectException:
        return None
    return _CODE_MAP.get(best.lang, best.lang) if best.prob >= 0.6 else None

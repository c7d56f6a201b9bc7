"""'Did you mean …?' suggestions for near-misses in vocabularies and references."""
from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def closest(value: str, choices: Iterable[str], cutoff: float = 70.0) -> str | None:
    """The choice most like ``value``, or ``None`` when nothing is close enough."""
    match = process.extractOne(value, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for a close choice, else an empty string."""
    best = closest(value, choices)
    return f' (did you mean "{best}"?)' if best and best != value else ""

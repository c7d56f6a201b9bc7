"""Problems found in practice files, located as ``path:line:col: level: message``."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem. ``line`` and ``col`` are 1-based; 0 means the whole file."""

    path: str
    line: int
    col: int
    level: Level
    message: str
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def count(problems: list[Problem], level: Level) -> int:
    """How many of ``problems`` are of ``level``."""
    return sum(1 for p in problems if p.level == level)

"""Problems found in practice files, located as ``path:line:col: level: message``."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
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
    #: The front-matter field it is about, dotted ("topics.1", "abstracts.fr.title"), "body"
    #: for the write-up, "" for the file as a whole (what a form shows it next to).
    field: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def count(problems: list[Problem], level: Level) -> int:
    """How many of ``problems`` are of ``level``."""
    return sum(1 for p in problems if p.level == level)


def strict(problems: list[Problem]) -> list[Problem]:
    """``problems`` as ``kb validate --strict`` reports them: every warning becomes an error."""
    return [replace(p, level="error") if p.level == "warning" else p for p in problems]

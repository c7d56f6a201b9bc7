"""Result tables and the marked section of benchmarks/README.md they are written into."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


@dataclass
class Table:
    """A named table: ``rows`` hold one value per header (numbers are formatted on output)."""

    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)

    def add(self, *values) -> None:
        if len(values) != len(self.headers):
            raise ValueError(f"table '{self.name}': {len(values)} values for {len(self.headers)} columns")
        self.rows.append(list(values))

    def column(self, header: str) -> list:
        i = self.headers.index(header)
        return [row[i] for row in self.rows]

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.headers) + " |",
                 "|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.headers))) + "|"]
        lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"name": self.name, "headers": self.headers, "rows": self.rows}


@dataclass
class Target:
    """A goal from the issue and whether this run met it."""

    name: str
    measured: str
    goal: str
    met: bool

    def line(self) -> str:
        return f"- **{'met' if self.met else 'MISSED'}** — {self.name}: {self.measured} (goal: {self.goal})"


@dataclass
class Section:
    """One benchmark section's results: tables, targets and free-text notes (Markdown)."""

    title: str
    tables: list[Table] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def markdown(self) -> str:
        parts = [f"### {self.title}"]
        for t in self.tables:
            parts += [f"**{t.name}**", t.markdown() if t.rows else "_None._"]
        if self.targets:
            parts.append("\n".join(t.line() for t in self.targets))
        parts += self.notes
        return "\n\n".join(parts)


def fmt(value) -> str:
    """Numbers for a table: floats to 3 significant places (ratios and metrics), others as text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def replace_section(text: str, body: str) -> str:
    """``text`` with the part between the bench markers replaced by ``body`` (markers appended if absent)."""
    block = f"{START}\n{body.strip()}\n{END}"
    if START in text and END in text and text.index(START) < text.index(END):
        head, rest = text.split(START, 1)
        return head + block + rest.split(END, 1)[1]
    return text.rstrip() + "\n\n" + block + "\n"


def write_readme(path: Path, body: str) -> None:
    """Regenerate the marked section of ``path``, keeping the hand-written text around it."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(replace_section(text, body), encoding="utf-8")

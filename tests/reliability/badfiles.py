"""Paths and a `kb` process runner shared by the reliability tests (a uniquely named
module: several test folders have a conftest, so tests must not import one)."""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad"


@dataclass
class Run:
    """What one `kb` process printed."""

    returncode: int
    stdout: str
    stderr: str
    cwd: Path


def run_kb(cwd: Path, *args: str) -> Run:
    """Run the installed `kb` in a real process from ``cwd``."""
    kb = Path(sys.executable).with_name("kb")
    done = subprocess.run([str(kb), *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    return Run(done.returncode, done.stdout, done.stderr, cwd)


class ActiveContent(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if not src.startswith("/static/"):
                self.found.append(f"<script> without the site's own src: {attrs}")
            self._in_script = True
        if tag in ("iframe", "object", "embed", "frame"):
            self.found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if value and re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data[:60]!r}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found

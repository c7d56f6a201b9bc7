"""Paths and a `kb` process runner shared by the reliability tests (a uniquely named
module: several test folders have a conftest, so tests must not import one)."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
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

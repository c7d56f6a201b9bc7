"""Fixtures for the kb tests: run `kb` commands from the repository root on small files."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli import main

REPO = Path(__file__).resolve().parents[2]
#: Relative to the repository root, as `kb validate` prints paths there.
VALIDATION = "tests/data/validation"
CORPUS = "tests/data/corpus"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    """Run every kb test from the repository root, so printed paths are repo-relative."""
    monkeypatch.chdir(REPO)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@dataclass
class Validation:
    """What one `kb validate` run said."""

    result: Result

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    @property
    def problems(self) -> list[str]:
        """The `path:line:col: level: message` lines, without the summary line.

        Stale-review warnings are dropped: the fixtures' review dates age with the calendar,
        and staleness has its own fixture and test.
        """
        return [line for line in self.result.stdout.splitlines()
                if ": error: " in line or (": warning: " in line and ": warning: stale:" not in line)]

    @property
    def every_problem(self) -> list[str]:
        """All problem lines, stale-review warnings included."""
        return [line for line in self.result.stdout.splitlines() if ": error: " in line or ": warning: " in line]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.problems if ": error: " in line]

    @property
    def summary(self) -> str:
        return self.result.output.strip().splitlines()[-1]


@pytest.fixture
def validate(runner):
    """``validate(*paths, *options)`` runs `kb validate` in-process and returns a :class:`Validation`."""

    def run(*args: str) -> Validation:
        return Validation(runner.invoke(main, ["validate", *args], catch_exceptions=False))

    return run


@pytest.fixture
def validate_json(runner):
    """``validate_json(*paths)``: the parsed `kb validate --format json` report and the exit code."""

    def run(*args: str) -> tuple[dict, int]:
        result = runner.invoke(main, ["validate", "--format", "json", *args], catch_exceptions=False)
        return json.loads(result.stdout), result.exit_code

    return run


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the fixture corpus (5 valid practices in 4 languages)."""
    target = tmp_path / "practices"
    shutil.copytree(REPO / CORPUS, target)
    return target

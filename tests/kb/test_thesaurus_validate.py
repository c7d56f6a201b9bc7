"""`kb validate` checks the thesaurus first, then the practices, on every run."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb import thesaurus

REPO = Path(__file__).resolve().parents[2]
T = "tests/data/thesaurus"
PRACTICE = "tests/data/validation/valid-practice.md"


@pytest.fixture
def use_thesaurus(monkeypatch):
    """Make `kb validate` check the thesaurus fixture ``name`` instead of kb/data/thesaurus.yaml."""

    def use(name: str) -> None:
        monkeypatch.setattr(thesaurus, "THESAURUS_PATH", REPO / T / name)

    return use


def test_thesaurus_problems_come_before_the_practice_problems(validate, use_thesaurus):
    use_thesaurus("shared-label.yaml")
    run = validate(PRACTICE, "tests/data/validation/unknown-topic.md")
    assert run.errors[0].startswith(f"{T}/shared-label.yaml:20:26: error: label \"Schadensminimierung\"")
    assert run.errors[1].startswith("tests/data/validation/unknown-topic.md:")


def test_the_practices_are_still_checked_when_the_thesaurus_is_broken(validate, use_thesaurus):
    use_thesaurus("yaml-syntax.yaml")
    run = validate(PRACTICE)
    assert run.summary.startswith("1 file checked: 1 valid, 1 error, ")
    assert run.exit_code == 1


def test_a_thesaurus_with_problems_gets_its_own_count_line(validate, use_thesaurus):
    use_thesaurus("shared-label-other-language.yaml")
    run = validate(PRACTICE)
    assert f"{T}/shared-label-other-language.yaml checked: 0 errors, 1 warning" in run.result.output


def test_thesaurus_warnings_alone_do_not_fail_the_run_unless_strict(validate, use_thesaurus):
    use_thesaurus("label-twice-in-concept.yaml")
    assert validate(PRACTICE).exit_code == 0
    assert validate(PRACTICE, "--strict").exit_code == 1


def test_the_json_report_lists_thesaurus_problems_first_and_counts_them(validate_json, use_thesaurus):
    use_thesaurus("missing-language.yaml")
    report, code = validate_json(PRACTICE)
    assert report["problems"][0]["path"] == f"{T}/missing-language.yaml"
    assert report["problems"][0]["rule"] == "thesaurus-language"
    assert (report["files"], report["valid"], report["errors"], code) == (1, 1, 1, 1)


def test_a_clean_thesaurus_adds_nothing_to_the_report(validate):
    run = validate(PRACTICE)
    assert "thesaurus" not in run.result.output
    assert run.exit_code == 0

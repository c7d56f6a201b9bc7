"""`kb validate --strict`: every warning is reported as an error, so a file still holding the
placeholders of `kb new` can never pass the pull-request check."""
from __future__ import annotations

from pathlib import Path

from kb.cli import main

REPO = Path(__file__).resolve().parents[2]

V = "tests/data/validation"


def _untouched_new_file(runner, tmp_path):
    result = runner.invoke(main, ["new", "--content", str(tmp_path), "--city", "milan", "--language", "it",
                                  "--title", "Portierato sociale nei caseggiati", "--topic", "elderly-care"])
    assert result.exit_code == 0, result.output
    # kb new starts the default id with the city, like the corpus
    return tmp_path / "milan" / "milan-portierato-sociale-nei-caseggiati.md"


def test_an_untouched_kb_new_file_passes_plain_validate_with_warnings_only(runner, validate, tmp_path):
    run = validate(str(_untouched_new_file(runner, tmp_path)))
    assert run.exit_code == 0
    assert run.problems and not run.errors


def test_an_untouched_kb_new_file_fails_strict_with_an_error_for_every_placeholder(runner, validate, tmp_path):
    path = _untouched_new_file(runner, tmp_path)
    run = validate(str(path), "--strict")
    assert run.exit_code == 1
    assert not [line for line in run.problems if ": warning: " in line]
    placeholders = [line for line in run.errors if "placeholder TODO" in line]
    sections = 6
    abstracts = 4 * 2  # en, fr, de, es: title and summary each
    assert len(placeholders) == 1 + sections + abstracts  # the summary, each section, each abstract text
    assert f"{path}:" in placeholders[0] and "error: placeholder TODO left in the summary" in "\n".join(placeholders)
    assert any("error: placeholder TODO left in abstracts.en.title" in line for line in placeholders)


def test_strict_reports_a_warning_as_an_error_with_the_same_words(validate):
    plain, strict = validate(f"{V}/todo-placeholder.md"), validate(f"{V}/todo-placeholder.md", "--strict")
    assert [line.replace(": warning: ", ": error: ") for line in plain.problems] == \
        [line for line in strict.problems if ": error: stale:" not in line]  # the fixture's date ages


def test_strict_counts_warnings_as_errors_in_the_json_report(validate_json):
    report, code = validate_json(f"{V}/todo-placeholder.md", "--strict")
    assert code == 1
    assert report["warnings"] == 0 and report["errors"] == len(report["problems"]) > 0
    assert {p["level"] for p in report["problems"]} == {"error"}


def test_make_validate_and_so_the_pull_request_check_run_strict():
    import re

    import yaml

    recipe = re.search(r"^validate:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert recipe and "$(KB) validate --strict" in recipe.group(1)
    workflow = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(run.startswith("make validate") for run in runs)

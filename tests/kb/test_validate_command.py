"""`kb validate` as a command: every problem of every file, exit codes, JSON, --strict."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
V = "tests/data/validation"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): (?P<message>.+)$")


def test_every_problem_of_a_file_with_several_problems_is_reported(validate):
    run = validate(f"{V}/several-problems.md")
    assert run.problems == [
        f"{V}/several-problems.md:1:1: error: missing required field 'status'",
        f"{V}/several-problems.md:4:1: error: unknown city \"chicgo\" (did you mean \"chicago\"?); "
        "cities are listed in kb/data/cities.yaml",
        f"{V}/several-problems.md:6:17: error: unknown topic \"family-suport\" (did you mean \"family-support\"?)",
        f"{V}/several-problems.md:9:1: error: 'evidence_level' must be one of 'well-supported', 'supported', "
        "'promising', 'emerging' or 'not-evaluated', not 'promissing' (did you mean \"promising\"?)",
        f"{V}/several-problems.md:12:1: error: unknown field 'organization' (did you mean \"organisation\"?)",
        f"{V}/several-problems.md:23:1: error: raw HTML <b> is not allowed in the body and is shown as text; "
        "use Markdown instead",
    ]


def test_every_file_with_a_problem_is_reported_in_one_run(validate):
    run = validate(V)
    # stale warnings only count for the stale fixture: the other fixtures' review dates age too
    reported = {PROBLEM_LINE.match(line)["path"] for line in run.every_problem
                if ": warning: stale:" not in line or "/stale-last-reviewed.md:" in line}
    clean = {f"{V}/valid-practice.md", f"{V}/valid-abstracts.md", f"{V}/encoding/crlf-line-ends.md",
             f"{V}/links/link-target.md", f"{V}/duplicate-id/chicago/shared-id.md"}
    every_fixture = {str(p.relative_to(REPO)) for p in (REPO / V).rglob("*.md") if p.name != "README.md"}
    assert reported == every_fixture - clean
    assert run.exit_code == 1


def test_every_problem_line_has_the_path_line_col_level_message_form(validate):
    run = validate(V)
    lines = run.result.stdout.splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines)


def test_summary_counts_files_valid_errors_and_warnings(validate_json, validate):
    report, _ = validate_json(V)
    run = validate(V)
    assert run.summary == (f"{report['files']} files checked: {report['valid']} valid, "
                           f"{report['errors']} errors, {report['warnings']} warnings")


def test_exit_code_is_1_when_there_is_an_error(validate):
    assert validate(f"{V}/unknown-topic.md").exit_code == 1


def test_exit_code_is_0_when_there_are_only_warnings(validate):
    run = validate(f"{V}/todo-placeholder.md")
    assert run.problems and not run.errors
    assert run.exit_code == 0


def test_exit_code_is_0_for_a_valid_corpus(validate):
    run = validate("tests/data/corpus")
    assert run.every_problem == []
    assert run.summary.startswith("5 files checked: 5 valid, 0 errors, ")
    assert run.exit_code == 0


def test_strict_turns_warnings_into_a_failing_exit_code(validate):
    assert validate(f"{V}/todo-placeholder.md", "--strict").exit_code == 1


def test_strict_passes_a_file_without_warnings(validate, tmp_path):
    import datetime as dt

    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"  # reviewed today, so it cannot turn stale
    path.write_text(text.replace("last_reviewed: 2026-06-01", f"last_reviewed: {dt.date.today()}"), encoding="utf-8")
    run = validate(str(path), "--strict")
    assert run.every_problem == []
    assert run.exit_code == 0


def test_json_format_reports_counts_and_located_problems(validate_json):
    report, code = validate_json(f"{V}/unknown-topic.md", f"{V}/valid-practice.md")
    assert code == 1
    assert {k: report[k] for k in ("files", "valid", "errors")} == {"files": 2, "valid": 1, "errors": 1}
    assert report["warnings"] == sum(p["level"] == "warning" for p in report["problems"])
    assert [p for p in report["problems"] if p["rule"] != "freshness"] == [{
        "path": f"{V}/unknown-topic.md", "line": 7, "col": 17, "level": "error",
        "message": "unknown topic \"family-suport\" (did you mean \"family-support\"?)", "rule": "vocabulary", "field": "topics.1",
    }]


def test_json_format_is_the_only_thing_on_stdout(runner):
    from kb.cli import main

    result = runner.invoke(main, ["validate", "--format", "json", V])
    assert isinstance(json.loads(result.stdout)["problems"], list)


def test_missing_path_is_a_usage_error_naming_it(validate):
    run = validate("tests/data/no-such-folder")
    assert run.exit_code == 2
    assert "tests/data/no-such-folder: no such file or folder" in run.result.output


def test_default_folder_comes_from_kb_content_dir(validate, monkeypatch):
    monkeypatch.setenv("KB_CONTENT_DIR", f"{V}/links")
    run = validate()
    assert run.summary.startswith("6 files checked")


def test_readme_files_in_a_content_folder_are_not_practices(validate_json):
    report, _ = validate_json(V)
    assert all(not p["path"].endswith("README.md") for p in report["problems"])
    assert (REPO / V / "README.md").exists()


def test_installed_kb_script_validates_in_a_real_process(tmp_path):
    kb_script = Path(sys.executable).parent / "kb"
    assert kb_script.exists(), "the console script `kb` is missing: run `make install`"
    done = subprocess.run([str(kb_script), "validate", f"{V}/unknown-topic.md", f"{V}/valid-practice.md"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert [line for line in done.stdout.splitlines() if ": error: " in line] == [
        f"{V}/unknown-topic.md:7:17: error: unknown topic \"family-suport\" (did you mean \"family-support\"?)"]
    assert done.stderr.strip().startswith("2 files checked: 1 valid, 1 error, ")


def test_python_dash_m_kb_is_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kb", "validate", f"{V}/valid-practice.md"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "1 file checked: 1 valid, 0 errors, " in done.stdout + done.stderr


# --- the "Done when": a copy of practices/ with two broken files ---------------------


def _a_valid_practice(content: Path):
    from kb.corpus import load_corpus

    good = load_corpus([content], check_language=False).good
    if not good:  # practices/ is being written; the fixture corpus always has valid ones
        good = load_corpus([REPO / "tests/data/corpus"], check_language=False).good
    return good[0]


def _copy_practices(tmp_path: Path) -> Path:
    content = tmp_path / "practices"
    source = REPO / "practices"
    if source.is_dir():
        shutil.copytree(source, content)
    else:
        content.mkdir()
    return content


def test_misspelt_topic_in_a_copy_of_practices_gets_a_located_error_with_a_suggestion(validate, tmp_path):
    content = _copy_practices(tmp_path)
    doc = _a_valid_practice(content)
    topic = doc.practice.topics[0]
    misspelt = topic[:-2] + topic[-1]  # "housing" -> "housig"
    text = doc.path.read_text(encoding="utf-8")
    front_end = text.index("\n---", 3)
    at = text.index(topic, text.index("\ntopics:"))
    assert at < front_end
    broken = content / doc.practice.city / "misspelt-topic.md"
    broken.write_text(text[:at].replace(f"id: {doc.practice.id}", "id: misspelt-topic")
                      + misspelt + text[at + len(topic):], encoding="utf-8")
    before = broken.read_text(encoding="utf-8")[:broken.read_text(encoding="utf-8").index(misspelt)]
    line, col = before.count("\n") + 1, len(before) - before.rfind("\n")

    run = validate(str(broken.parent.parent))
    assert (f"{broken}:{line}:{col}: error: unknown topic \"{misspelt}\" (did you mean \"{topic}\"?)"
            in run.errors)
    assert run.exit_code == 1


def test_broken_yaml_in_a_copy_of_practices_gets_a_located_error(validate, tmp_path):
    content = _copy_practices(tmp_path)
    doc = _a_valid_practice(content)
    lines = doc.path.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("status:"))
    lines[n] = lines[n] + ": oops"  # "status: active: oops" is not YAML
    lines = [line.replace(f"id: {doc.practice.id}", "id: broken-yaml") for line in lines]
    broken = content / doc.practice.city / "broken-yaml.md"
    broken.write_text("\n".join(lines), encoding="utf-8")

    run = validate(str(content))
    col = len(lines[n]) - len(": oops") + 1
    assert (f"{broken}:{n + 1}:{col}: error: the value of 'status' contains a colon followed by a space (': '), "
            "which YAML reads as the start of another field; put the value in double quotes: "
            'status: "active: oops"') in run.errors
    assert run.exit_code == 1


def test_validating_one_city_resolves_links_against_the_whole_content_folder(tmp_path, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from kb.cli import main

    content = tmp_path / "practices"
    shutil.copytree(Path(__file__).resolve().parents[2] / "practices", content)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--no-language-check", "practices/durban"])
    assert result.exit_code == 0, result.output
    assert "no practice" not in result.output


def test_validating_one_city_reports_a_duplicate_of_another_citys_id(tmp_path, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from kb.cli import main

    content = tmp_path / "practices"
    shutil.copytree(Path(__file__).resolve().parents[2] / "practices", content)
    source = content / "paris" / "paris-maraude-sans-abri.md"
    (content / "lyon").mkdir()
    text = source.read_text(encoding="utf-8").replace("city: paris", "city: lyon")
    (content / "lyon" / "paris-maraude-sans-abri.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--no-language-check", "practices/lyon"])
    assert result.exit_code == 1
    assert 'duplicate id "paris-maraude-sans-abri"' in result.output

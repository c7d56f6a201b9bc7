"""Documentation that fails when it drifts from the code (Datasette's habit).

- every front-matter field (and every field of its nested groups) is in CONTRIBUTING.md's
  field reference, and so is every value of the fixed vocabularies;
- every `kb` command, including those registered by other packages, has help text;
- the README quick start is the two commands; every Makefile target explains itself.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import typing
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from kb import vocab
from kb.cli import main
from kb.model import FIELDS, Practice

REPO = Path(__file__).resolve().parents[1]
CONTRIBUTING = REPO / "CONTRIBUTING.md"


def section(path: Path, heading: str) -> str:
    """The text of the Markdown section ``heading``, up to the next heading of its level or higher.

    Lines inside code blocks are never headings (examples contain ``## Context``).
    """
    lines, start, level, in_code = path.read_text(encoding="utf-8").split("\n"), None, 0, False
    for n, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"^(#+) (.*?)\s*$", line)
        if match and start is None and match.group(2) == heading:
            start, level = n + 1, len(match.group(1))
        elif match and start is not None and len(match.group(1)) <= level:
            return "\n".join(lines[start:n])
    assert start is not None, f"{path.name} has no section '{heading}'"
    return "\n".join(lines[start:])


def field_reference() -> str:
    return section(CONTRIBUTING, "Field reference")


def documented(name: str, text: str) -> bool:
    return f"`{name}`" in text


def _nested_models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested_models(arg)]


# --- CONTRIBUTING.md ---------------------------------------------------------------------


def test_every_front_matter_field_is_in_the_field_reference():
    missing = [name for name in FIELDS if not documented(name, field_reference())]
    assert missing == [], f"document these fields in CONTRIBUTING.md, section 'Field reference': {missing}"


def test_every_field_of_a_nested_group_is_in_the_field_reference():
    reference = field_reference()
    missing = [f"{name}.{sub}" for name, f in Practice.model_fields.items()
               for model in _nested_models(f.annotation) for sub in model.model_fields
               if not documented(sub, reference)]
    assert missing == [], f"document these nested fields in CONTRIBUTING.md's field reference: {missing}"


def test_field_reference_says_which_fields_are_required():
    from kb.model import REQUIRED_FIELDS

    reference = field_reference()
    undocumented = [name for name in REQUIRED_FIELDS
                    if not re.search(rf"^\|\s*`{name}`\s*\|\s*yes\s*\|", reference, re.MULTILINE)]
    assert undocumented == [], f"mark these as required ('| `name` | yes |') in the field reference: {undocumented}"


@pytest.mark.parametrize("kind", ["evidence_level", "status", "cost_band", "direction"])
def test_every_fixed_value_is_in_the_field_reference(kind):
    missing = [value for value in vocab.enum_labels()[kind] if not documented(value, field_reference())]
    assert missing == [], f"list these {kind} values in CONTRIBUTING.md's field reference: {missing}"


@pytest.mark.parametrize("name,table", [("topics", vocab.topics), ("target populations", vocab.populations),
                                        ("cities", vocab.cities)])
def test_every_vocabulary_value_is_listed_in_contributing(name, table):
    text = CONTRIBUTING.read_text(encoding="utf-8")
    missing = [slug for slug in table() if not documented(slug, text)]
    assert missing == [], f"list these {name} in CONTRIBUTING.md (vocabularies): {missing}"


def test_contributing_walks_through_new_validate_and_pull_request():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for step in ("kb new", "kb validate", "pull request"):
        assert step in text, f"CONTRIBUTING.md should explain `{step}`"


def test_contributing_shows_how_to_read_an_error_message():
    text = section(CONTRIBUTING, "Reading an error message")
    assert re.search(r"^\S+\.md:\d+:\d+: error: .+$", text, re.MULTILINE)


# --- the kb command line -----------------------------------------------------------------


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    return [(name, main.get_command(ctx, name)) for name in main.list_commands(ctx)]


def test_every_kb_command_loads():
    broken = {name: getattr(cmd, "load_error", None) for name, cmd in _commands()
              if cmd is None or getattr(cmd, "load_error", None)}
    assert broken == {}, ("these `kb` commands are registered under [project.entry-points.\"kb.commands\"] "
                          f"in pyproject.toml but could not be loaded: {broken}")


def test_every_kb_command_has_help_text():
    missing = [name for name, cmd in _commands()
               if cmd is not None and not getattr(cmd, "load_error", None)
               and not (cmd.help or cmd.short_help or "").strip()]
    assert missing == [], f"give these `kb` commands a docstring or help=: {missing}"


def test_every_option_of_every_kb_command_has_help_text():
    missing = [f"kb {name} {param.opts[0]}" for name, cmd in _commands()
               if cmd is not None and not getattr(cmd, "load_error", None)
               for param in cmd.params
               if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip()
               and param.opts[0] not in ("--help", "-h")]
    assert missing == [], f"give these options help=: {missing}"


def test_kb_help_lists_every_command(runner=None):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  ([a-z][a-z-]*)\s", result.output.split("Commands:")[1], re.MULTILINE)
    assert listed == [name for name, _ in _commands()]


# --- README and Makefile -----------------------------------------------------------------


def test_readme_quick_start_is_make_run_and_make_test():
    quick_start = section(REPO / "README.md", "Quick start")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", quick_start, re.DOTALL)
    assert block, "README's quick start needs a code block"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def makefile_targets() -> dict[str, str]:
    """Explicit target name -> the line that declares it (file targets such as $(VENV)/... left out)."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    return {m.group(1): line for line in lines if (m := re.match(r"^([a-z][a-z0-9_-]*):(?!=)", line))}


def test_every_makefile_target_has_a_help_comment():
    targets = makefile_targets()
    assert {"run", "test", "help", "validate"} <= set(targets)
    assert [name for name, line in targets.items() if "## " not in line] == []


def test_every_phony_target_is_declared():
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE).group(1).split())
    assert set(makefile_targets()) <= phony


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target():
    done = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    listed = set(re.findall(r"^\s*make (\S+)", done.stdout, re.MULTILINE))
    assert listed == set(makefile_targets())


def test_complete_example_in_the_field_reference_is_a_valid_front_matter():
    from kb.parse import parse

    example = re.search(r"```yaml\n(---\n.*?)```", field_reference(), re.DOTALL)
    assert example, "the field reference should show a complete example front matter"
    parsed = parse(example.group(1).encode("utf-8"))
    practice = Practice.model_validate(parsed.metadata)
    assert set(parsed.metadata) <= set(FIELDS)
    assert practice.city in vocab.cities() and set(practice.topics) <= set(vocab.topics())


def test_ci_workflow_validates_and_tests_every_pull_request():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as true
    assert "pull_request" in triggers
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(run.startswith("make validate") for run in runs)
    assert any(run.startswith("make test") for run in runs)
    assert "make test" in (REPO / ".ci/run").read_text(encoding="utf-8")


# --- exchange records ----------------------------------------------------------------------


def exchange_field_reference() -> str:
    return section(CONTRIBUTING, "Exchange field reference")


def test_every_exchange_field_is_in_the_exchange_field_reference():
    from kb.exchange import EXCHANGE_FIELDS

    missing = [name for name in EXCHANGE_FIELDS if not documented(name, exchange_field_reference())]
    assert missing == [], f"document these exchange fields in CONTRIBUTING.md, 'Exchange field reference': {missing}"


def test_every_field_of_an_exchange_group_is_in_the_exchange_field_reference():
    from kb.exchange import ExchangeRecord

    reference = exchange_field_reference()
    missing = [f"{name}.{sub}" for name, f in ExchangeRecord.model_fields.items()
               for model in _nested_models(f.annotation) for sub in model.model_fields
               if not documented(sub, reference)]
    assert missing == [], f"document these nested exchange fields in CONTRIBUTING.md: {missing}"


def test_exchange_field_reference_says_which_fields_are_required():
    from kb.exchange import EXCHANGE_REQUIRED_FIELDS

    reference = exchange_field_reference()
    undocumented = [name for name in EXCHANGE_REQUIRED_FIELDS
                    if not re.search(rf"^\|\s*`{name}`\s*\|\s*yes\s*\|", reference, re.MULTILINE)]
    assert undocumented == [], f"mark these as required in the exchange field reference: {undocumented}"


def test_example_in_the_exchange_field_reference_is_a_valid_front_matter():
    from kb.exchange import ExchangeRecord
    from kb.parse import parse

    example = re.search(r"```yaml\n(---\n.*?)```", exchange_field_reference(), re.DOTALL)
    assert example, "the exchange field reference should show an example front matter"
    record = ExchangeRecord.model_validate(parse(example.group(1).encode("utf-8")).metadata)
    assert {record.host_city, *record.visiting_cities} <= set(vocab.cities())
    assert set(record.themes) <= set(vocab.topics())

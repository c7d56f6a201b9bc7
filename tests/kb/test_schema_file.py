"""`kb schema` and the committed JSON Schema that editors use for autocompletion."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kb.cli import main
from kb.jsonschema import SCHEMA_PATH, practice_schema, practice_schema_text

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests/data/corpus"


def test_committed_schema_matches_the_model():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == practice_schema_text(), (
        f"{SCHEMA_PATH} is out of date with kb/model.py or the vocabularies: "
        f"run `kb schema -o {SCHEMA_PATH}` and commit the result"
    )


def test_kb_schema_prints_the_schema(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == practice_schema()


def test_kb_schema_writes_to_a_file(runner, tmp_path):
    target = tmp_path / "practice.schema.json"
    assert runner.invoke(main, ["schema", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == practice_schema_text()


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(practice_schema())


def test_schema_lists_the_required_fields_of_the_model():
    from kb.model import REQUIRED_FIELDS

    assert sorted(practice_schema()["required"]) == sorted(REQUIRED_FIELDS)


def _front_matters(folder: Path) -> list[tuple[str, dict]]:
    """The raw front matter of each file as an editor sees it (dates as YYYY-MM-DD text)."""
    from kb.corpus import load_corpus

    return [(doc.display_path, json.loads(json.dumps(doc.meta, default=str)))
            for doc in load_corpus([folder], check_language=False).documents]


def _committed_schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_fixture_corpus_front_matter_validates_against_the_committed_schema():
    validator = _committed_schema_validator()
    front_matters = _front_matters(CORPUS)
    assert len(front_matters) == 5
    for path, data in front_matters:
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


@pytest.mark.parametrize(("field", "value"), [
    ("topics", ["harm-reducton"]),
    ("city", "pariss"),
    ("evidence_level", "strong"),
    ("unknown_field", "x"),
])
def test_schema_rejects_what_kb_validate_rejects(field, value):
    _, data = _front_matters(CORPUS)[0]
    validator = _committed_schema_validator()
    assert list(validator.iter_errors({**data, field: value})) != []


def _abstracts_front_matter() -> dict:
    (_, data), = _front_matters(REPO / "tests/data/validation/valid-abstracts.md")
    return data


def test_front_matter_with_abstracts_validates_against_the_committed_schema():
    data = _abstracts_front_matter()
    assert list(data["abstracts"]) == ["fr", "de"]
    assert [e.message for e in _committed_schema_validator().iter_errors(data)] == []


@pytest.mark.parametrize("abstracts", [
    {"fra": {"title": "Accueil du soir", "summary": "Un accueil du soir pour les jeunes aidants."}},
    {"fr": {"title": "Accueil du soir"}},
    {"fr": {"title": "Accueil du soir", "summary": "x" * 601}},
    {"fr": {"title": "Accueil du soir", "summary": "Un accueil du soir pour les jeunes aidants.", "by": "x"}},
], ids=["unknown-language", "no-summary", "summary-too-long", "unknown-field"])
def test_schema_rejects_the_abstracts_kb_validate_rejects(abstracts):
    data = {**_abstracts_front_matter(), "abstracts": abstracts}
    assert list(_committed_schema_validator().iter_errors(data)) != []

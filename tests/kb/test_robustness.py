"""Whatever a file contains, `kb validate` reports located problems and never crashes."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.corpus import load_corpus

REPO = Path(__file__).resolve().parents[2]
VALID = (REPO / "tests/data/validation/valid-practice.md").read_text(encoding="utf-8")
FRONT, BODY = VALID.split("\n---\n", 1)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.dates().map(str) | st.sampled_from(["[a, b", "{x: 1", "'quoted", "!!binary x", "&a x", "*a", ": :", "\t"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)


def _check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    corpus = load_corpus([path])
    for problem in corpus.problems:
        assert problem.line >= 0 and problem.col >= 0
        assert problem.level in ("error", "warning") and problem.message
        assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.col}: {problem.level}: ")


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_give_located_problems_and_no_crash(tmp_path, data):
    _check(tmp_path / "valid-practice.md", data)


@SETTINGS
@given(key=st.sampled_from(["id", "title", "city", "language", "topics", "summary", "evidence_level", "status",
                            "last_reviewed", "country", "contact", "outcomes", "translations", "adapted_from",
                            "exchange", "cost", "start_year", "illustrative", "local_terms", "new_field"]),
       value=yaml_values)
def test_any_value_of_any_field_gives_located_problems_and_no_crash(tmp_path, key, value):
    import json

    # JSON is YAML, so the value lands in the front matter as a flow value on the key's own line
    lines = [line for line in FRONT.split("\n") if not line.startswith(f"{key}:")]
    text = "\n".join(lines + [f"{key}: {json.dumps(value) if not isinstance(value, str) else value}"])
    _check(tmp_path / "valid-practice.md", (text + "\n---\n" + BODY).encode("utf-8"))

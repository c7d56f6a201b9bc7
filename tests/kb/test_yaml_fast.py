"""libyaml reads what PyYAML's pure-Python parser reads: the fast path (kb.yaml_fast) against the
reference path, on every fixture, every practice and exchange record, the thesaurus, the texts
where the two parsers are known to disagree, and generated YAML.

The reference path is ``kb.yaml_fast.reference_only()``: the pure-Python loader alone, as
before libyaml was used; its messages, lines and columns are the ones users see.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import yaml_fast, yaml_positions
from kb.corpus import load_corpus
from kb.exchange_load import load_exchange
from kb.front_matter import FrontMatterError, decode, split_recovering
from kb.parse import Parsed, parse, parse_all
from kb.thesaurus import THESAURUS_PATH
from kb.thesaurus_file import read_thesaurus

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
PRACTICES = sorted((REPO / "practices").rglob("*.md"))
EXCHANGES = sorted((REPO / "exchanges").rglob("*.md"))
MARKDOWN = sorted(DATA.rglob("*.md")) + PRACTICES + EXCHANGES
THESAURI = sorted((DATA / "thesaurus").rglob("*.yaml")) + [THESAURUS_PATH]

pytestmark = pytest.mark.skipif(not yaml_fast.LIBYAML, reason="PyYAML without libyaml: only one path to compare")


def _name(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name


def read_both(function, *args):
    """``function(*args)`` on the reference path, then on the fast path: (reference, fast)."""
    with yaml_fast.reference_only():
        reference = _outcome(function, *args)
    return reference, _outcome(function, *args)


def _outcome(function, *args):
    try:
        return "value", _comparable(function(*args))
    except Exception as exc:  # noqa: BLE001 - the same exception, with the same words, is expected
        return "raised", type(exc).__name__, _comparable(exc)


def _comparable(value):
    if isinstance(value, FrontMatterError):
        return value.message, value.line, value.col, value.rule, value.field
    if isinstance(value, Parsed):
        return (value.metadata, value.body, value.body_line, value.positions, value.notes,
                [_comparable(e) for e in value.errors], [_comparable(w) for w in value.warnings], value.explained)
    if isinstance(value, Exception):
        return str(value)
    return value


def tree(node):
    """A node tree as plain data: kind, tag, value, style and both marks of every node."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.start_mark.index,
             node.end_mark.line, node.end_mark.column, node.end_mark.index)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style) + marks
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, node.flow_style, [tree(item) for item in node.value]) + marks
    return ("mapping", node.tag, node.flow_style, [(tree(k), tree(v)) for k, v in node.value]) + marks


def reference_tree(text: str):
    try:
        return "tree", tree(yaml.compose(text, Loader=yaml_positions.Loader))
    except yaml.YAMLError:
        return "error"
    except RecursionError:
        return "too deep"


def assert_fast_reads_as_reference(text: str) -> None:
    """libyaml either gives way (Unsure) or gives the reference tree, marks included."""
    try:
        fast = tree(yaml_fast.compose(text))
    except yaml_fast.Unsure:
        return
    assert reference_tree(text) == ("tree", fast)


def yaml_text(path: Path) -> str | None:
    """The YAML that kb composes from ``path``: a Markdown file's front matter, a thesaurus whole."""
    try:
        text = decode(path.read_bytes())[0]
        return split_recovering(text).front if path.suffix == ".md" else text
    except FrontMatterError:
        return None


@pytest.mark.parametrize("path", MARKDOWN, ids=_name)
def test_every_markdown_fixture_and_record_parses_the_same_on_both_paths(path):
    reference, fast = read_both(parse_all, path.read_bytes())
    assert fast == reference


@pytest.mark.parametrize("path", THESAURI, ids=_name)
def test_every_thesaurus_fixture_gives_the_same_concepts_and_problems_on_both_paths(path):
    reference, fast = read_both(read_thesaurus, path)
    assert fast == reference


@pytest.mark.parametrize("folder", ["tests/data", "practices"])
def test_validating_the_fixtures_and_the_corpus_reports_the_same_problems_on_both_paths(folder):
    reference, fast = read_both(lambda: [str(p) for p in load_corpus([REPO / folder], check_language=False).problems])
    assert fast == reference
    assert reference[0] == "value"


@pytest.mark.parametrize("path", sorted((DATA / "exchange-validation").rglob("*.md")) + EXCHANGES, ids=_name)
def test_every_exchange_record_reports_the_same_problems_on_both_paths(path):
    reference, fast = read_both(lambda: [str(p) for p in load_exchange(path).problems])
    assert fast == reference


@pytest.mark.parametrize("path", [p for p in MARKDOWN + THESAURI if yaml_text(p) is not None], ids=_name)
def test_libyaml_composes_the_reference_tree_or_gives_way(path):
    assert_fast_reads_as_reference(yaml_text(path))


def test_every_practice_and_exchange_record_is_read_by_libyaml_alone(monkeypatch):
    def reference_parser(*args):
        raise AssertionError("a clean front matter reached the pure-Python parser")

    monkeypatch.setattr(yaml_positions, "compose", reference_parser)
    for path in PRACTICES + EXCHANGES:
        assert parse(path.read_bytes()).metadata["id"]


def test_the_thesaurus_is_read_by_libyaml_alone():
    yaml_fast.compose(decode(THESAURUS_PATH.read_bytes())[0])  # no Unsure


#: Texts that libyaml and PyYAML read differently, found by comparing them on generated YAML.
DISAGREEMENTS = {
    "question mark in brackets": "topics: [what?, housing]",  # PyYAML: error; libyaml: 'what?'
    "question mark starting a value in brackets": "topics: [?housing]",
    "comment right after a block scalar header": "summary: |# note\n  text",
    "non-specific tag": "year: ! 2020",  # PyYAML: the number 2020; libyaml: the text '2020'
    "byte-order mark at a line start": "id: x\n\ufefftitle: y",
    "byte-order mark in a value": "title: \ufeffy",
    "tab after the colon": "id:\tx",
    "tab in brackets": "topics: [\thousing]",
    "empty value in braces before a comment": "contact: {name: # none\n }",
    "empty value in brackets": "x: [a: ]",
    "indentless list": "topics:\n- housing\n- health",
    "list closed by the end of the text": "topics:\n  - housing",
    "empty value at the end of the text": "id: x\nsummary:",
    "empty key at the end of the text": "?",
    "document start only": "---",
}


@pytest.mark.parametrize("text", DISAGREEMENTS.values(), ids=DISAGREEMENTS.keys())
def test_where_libyaml_disagrees_the_reference_reading_is_kept(text):
    assert_fast_reads_as_reference(text)
    reference, fast = read_both(parse_all, f"---\n{text}\n---\nbody\n".encode())
    assert fast == reference


@pytest.mark.parametrize("text, message", [
    ("id: x\nname: &who Ana\nother: *who", "YAML anchors (&name) are not allowed in front matter"),
    ("id: x\nother: *who", "YAML aliases (*name) are not allowed in front matter"),
    ("id: x\nrun: !!python/object/apply:os.system [ls]", "YAML tag not allowed: could not determine a constructor"),
])
def test_anchors_aliases_and_python_tags_are_still_refused_with_libyaml(text, message):
    with pytest.raises(yaml_fast.Unsure):
        yaml_fast.compose(text)
    reference, fast = read_both(parse, f"---\n{text}\n---\nbody\n".encode())
    assert fast == reference
    assert fast[0] == "raised" and fast[2][0].startswith(message)


def test_thesaurus_anchors_are_refused_with_libyaml(tmp_path):
    path = tmp_path / "thesaurus.yaml"
    path.write_text("housing-first:\n  labels: &l\n    en: [housing first]\nother:\n  labels: *l\n", encoding="utf-8")
    reference, fast = read_both(lambda: [str(p) for p in read_thesaurus(path).problems])
    assert fast == reference
    assert "YAML anchors (&name) and aliases (*name) are not allowed" in fast[1][0]


def test_without_libyaml_everything_takes_the_reference_path(monkeypatch):
    raw = PRACTICES[0].read_bytes()
    expected = _outcome(parse_all, raw)
    monkeypatch.setattr(yaml_fast, "LIBYAML", False)
    with pytest.raises(yaml_fast.Unsure):
        yaml_fast.compose("id: x")
    assert _outcome(parse_all, raw) == expected


PIECES = ["id", "key", ": ", ":", "\n", "\n  ", "\n- ", "\n  - ", " ", "  ", "#", " # c", "[", "]", "{", "}", ", ",
          "?", "? ", '"', "'", "|", ">-", "|\n  ", "!", "&a ", "*a", "%", "@", "`", "1", "2026-01-31", "2026-13-01",
          "true", "null", "~", "\\", "é", "日本", "🙂", "\u2028", "\x85", "---", "...", "-", " - ", '"\\u00e9"',
          "'it''s'", "<<: ", "=", "\u00a0", "\r\n", "http://x.org/a?b=c"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join))
def test_on_generated_yaml_libyaml_composes_the_reference_tree_or_gives_way(text):
    assert_fast_reads_as_reference(text)

"""The judged query sets (benchmarks/queries.yaml and the held-out queries_heldout.yaml,
queries_fresh.yaml and queries_check.yaml) stay consistent with the corpus."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb import vocab
from kb.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "benchmarks" / "queries.yaml"
HELDOUT = ROOT / "benchmarks" / "queries_heldout.yaml"
FRESH = ROOT / "benchmarks" / "queries_fresh.yaml"
CHECK = ROOT / "benchmarks" / "queries_check.yaml"


def _read(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return _read(QUERIES)


@pytest.fixture(scope="module", params=[QUERIES, HELDOUT, FRESH, CHECK],
                ids=["queries", "heldout", "fresh", "check"])
def judged(request) -> list[dict]:
    return _read(request.param)


@pytest.fixture(scope="module")
def practices() -> dict:
    corpus = load_corpus([ROOT / "practices"], check_language=False)
    return {p.id: p for p in corpus.practices()}


def test_every_relevant_id_is_a_practice(judged, practices):
    missing = {(q["query"], pid) for q in judged for pid in q["relevant"] if pid not in practices}
    assert not missing, f"ids with no practice: {sorted(missing)}"


def test_every_entry_has_query_language_and_relevant_ids(judged):
    for entry in judged:
        assert set(entry) <= {"query", "relevant", "language", "note"}, entry
        assert entry["query"].strip() and entry["relevant"], entry
        assert entry["language"] in vocab.languages(), entry


def test_query_set_has_the_size_and_spread_the_issue_asks_for(queries, practices):
    languages = {q["language"] for q in queries}
    cross = [q for q in queries if all(practices[pid].language != q["language"] for pid in q["relevant"])]
    assert len(queries) >= 60
    assert len(languages) >= 6
    assert len(cross) * 2 >= len(queries), "at least half of the queries must be cross-language"


def test_queries_are_unique_within_and_across_the_sets():
    texts = [q["query"].casefold() for q in _read(QUERIES) + _read(HELDOUT) + _read(FRESH) + _read(CHECK)]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("path", [HELDOUT, FRESH, CHECK], ids=["heldout", "fresh", "check"])
def test_held_out_notes_say_same_or_cross_language_as_the_judgments_do(practices, path):
    for q in _read(path):
        same = any(practices[pid].language == q["language"] for pid in q["relevant"])
        said = q["note"].split()[0]
        assert said == ("same-language" if same else "cross-language"), q["query"]

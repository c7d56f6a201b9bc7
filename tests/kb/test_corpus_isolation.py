"""An unexpected failure on one file is reported on that file; the other files load."""
from __future__ import annotations

import shutil
from pathlib import Path

import kb.corpus
import kb.rules
from kb.corpus import load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_a_rule_that_crashes_on_one_file_costs_only_that_file(tmp_path, monkeypatch):
    content = tmp_path / "practices"
    shutil.copytree(CORPUS, content)

    def fragile(doc):
        if doc.path.stem == "custodi-sociali-fixture":
            raise RuntimeError("boom")

    monkeypatch.setattr(kb.corpus, "DOCUMENT_RULES", kb.rules.DOCUMENT_RULES + (fragile,))
    corpus = load_corpus([content], check_language=False)

    assert len(corpus.good) == 4
    (problem,) = [p for p in corpus.problems if p.rule == "internal"]
    assert problem.path.endswith("custodi-sociali-fixture.md") and (problem.line, problem.col) == (1, 1)
    assert "RuntimeError: boom" in problem.message and problem.level == "error"


def test_a_reader_that_crashes_on_one_file_costs_only_that_file(tmp_path, monkeypatch):
    content = tmp_path / "practices"
    shutil.copytree(CORPUS, content)
    real = kb.corpus.load_document

    def fragile(path, max_bytes):
        if path.stem == "spritzentausch-fixture":
            raise MemoryError("too big")
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr(kb.corpus, "load_document", fragile)
    corpus = load_corpus([content], check_language=False)

    assert len(corpus.documents) == 5 and len(corpus.good) == 4
    assert any("MemoryError: too big" in p.message for p in corpus.problems)

"""A body without sentence punctuation (issue 14, point 7): search responses stay small."""
from __future__ import annotations

import json

from indexer.build import build_index
from indexer.chunk import MAX_CHARS
from indexer.store import open_index

RUN_ON = """---
id: run-on-fixture
title: Nachbarschaftshilfe ohne Punkt und Komma
city: hamburg
language: de
topics: [elderly-care]
summary: Eine Nachbarschaftshilfe für ältere Menschen, deren Beschreibung keinen einzigen Satzpunkt enthält.
evidence_level: not-evaluated
status: active
last_reviewed: 2026-02-01
illustrative: true
---

## Ansatz

{words}
"""


def test_search_passages_of_a_body_without_punctuation_are_bounded(corpus_copy, tmp_path):
    words = " ".join(["Nachbarn besuchen ältere Menschen in ihrer Wohnung und helfen beim Einkaufen"] * 600)
    (corpus_copy / "hamburg" / "run-on-fixture.md").write_text(RUN_ON.format(words=words), encoding="utf-8")
    build_index(corpus_copy, tmp_path / "index")
    index = open_index(tmp_path / "index")
    response = index.search("Nachbarn helfen beim Einkaufen", limit=10)
    hit = next(r for r in response.results if r.id == "run-on-fixture")
    assert len(hit.passage["text"]) <= MAX_CHARS
    assert max(len(text) for text in index.chunks.text) <= MAX_CHARS
    assert len(json.dumps(response.to_dict(), ensure_ascii=False)) < 20_000

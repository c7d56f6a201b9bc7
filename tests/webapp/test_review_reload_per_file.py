"""An edit reloads only the files that changed (at 5,000 files every single-file edit made
each worker read all of them again, 15 s), and what is served stays what a full load
gives: duplicates, added and removed files (issue 14 item 21)."""
from __future__ import annotations

import os

from webapp.content import CorpusCache

DUPLICATE = """---
id: custodi-sociali-fixture
title: Un doppione
city: milan
country: IT
language: it
topics: [elderly-care]
target_population: [older-people]
summary: Stesso id di un'altra pratica, il primo file per percorso resta servito e questo no.
evidence_level: not-evaluated
status: active
last_reviewed: 2026-05-01
illustrative: true
---

## Contesto

Doppione.
"""


def _cache(content) -> CorpusCache:
    cache = CorpusCache(content, check_seconds=0)
    cache.get()
    return cache


def _touch(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    stat = path.stat()  # a later mtime even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_first_load_reads_every_file_once(own_site):
    content, _ = own_site
    cache = _cache(content)
    files = len(list(content.rglob("*.md")))
    assert cache.files_read == files
    cache.get()
    assert cache.files_read == files  # nothing changed: nothing read


def test_an_edit_reads_only_the_edited_file(own_site):
    content, _ = own_site
    cache = _cache(content)
    before = cache.files_read
    _touch(content / "milan" / "custodi-sociali-fixture.md", "\n## Nuova sezione\n\nTesto.\n")
    corpus = cache.get()
    assert cache.files_read == before + 1
    assert "Nuova sezione" in cache.by_id["custodi-sociali-fixture"].body
    assert len(corpus.good) == 5


def test_an_added_file_is_read_and_a_removed_one_drops_out(own_site):
    content, _ = own_site
    cache = _cache(content)
    before = cache.files_read
    (content / "chicago" / "needle-exchange-fixture.md").unlink()
    added = content / "milan" / "doppione-fixture.md"
    added.write_text(DUPLICATE.replace("custodi-sociali-fixture", "doppione-fixture"), encoding="utf-8")
    cache.get()
    assert cache.files_read == before + 1
    assert "needle-exchange-fixture" not in cache.by_id and "doppione-fixture" in cache.by_id


def test_a_duplicate_id_keeps_the_first_file_in_path_order(own_site):
    content, _ = own_site
    cache = _cache(content)
    late_path = content / "zz-archive" / "custodi-sociali-fixture.md"  # after milan/ in path order
    late_path.parent.mkdir()
    late_path.write_text(DUPLICATE, encoding="utf-8")
    corpus = cache.get()
    assert cache.by_id["custodi-sociali-fixture"].practice.title != "Un doppione"
    late = next(doc for doc in corpus.documents if doc.path == late_path)
    assert not late.ok and any(p.rule == "duplicate" for p in late.problems)
    # the first one removed: the other file now holds the id, without being read again
    reads = cache.files_read
    (content / "milan" / "custodi-sociali-fixture.md").unlink()
    cache.get()
    assert cache.by_id["custodi-sociali-fixture"].practice.title == "Un doppione"
    assert cache.files_read == reads


def test_an_edit_that_breaks_a_file_takes_it_out_and_the_others_stay(own_site):
    content, _ = own_site
    cache = _cache(content)
    path = content / "milan" / "custodi-sociali-fixture.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: nonsense"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    corpus = cache.get()
    assert "custodi-sociali-fixture" not in cache.by_id and len(corpus.good) == 4

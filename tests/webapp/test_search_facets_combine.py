"""The search page's facets (issue 13): a ticked facet keeps its other values with their counts,
so a second city adds to the first; a combination with no result says which filter to drop;
the filters wait behind a "Filters (n)" disclosure that works without JavaScript."""
from __future__ import annotations

import re


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def facet_counts(html: str, key: str) -> dict[str, int]:
    return {value: int(n) for value, n in re.findall(
        rf'id="f-{key}-([a-z0-9-]+)"[^>]*>\s*<label[^>]*>[^<]*</label>\s*<span class="count"[^>]*>(\d+)</span>', html)}


def results(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/practices/([^"]+)"', html)


def test_a_ticked_city_keeps_the_other_cities_with_their_counts(client):
    html = text(client.get("/search?q=&city=chicago"))
    assert facet_counts(html, "city") == {"chicago": 2, "hamburg": 1, "milan": 1, "paris": 1}
    assert 'id="f-city-chicago" name="city" value="chicago" checked' in html


def test_a_second_city_adds_its_practices_to_the_first(client):
    one = results(text(client.get("/search?q=&city=chicago")))
    two = results(text(client.get("/search?q=&city=chicago&city=hamburg")))
    assert len(one) == 2 and len(two) == 3 and set(one) < set(two)


def test_other_keys_are_counted_with_every_filter(client):
    html = text(client.get("/search?q=&city=chicago"))
    assert sum(facet_counts(html, "language").values()) == 2  # only the two Chicago write-ups


def test_a_chosen_key_is_counted_with_the_other_keys_filters(client):
    html = text(client.get("/search?q=&city=chicago&language=en"))
    assert facet_counts(html, "city") == {"chicago": 2}            # the English write-ups' cities
    assert facet_counts(html, "language") == {"en": 2}


def test_no_result_names_the_filters_and_what_removing_each_gives(client):
    html = text(client.get("/search?q=&city=milan&topic=domestic-violence"))
    assert "No practice matches all of these filters together: Milan and Domestic violence." in html
    removals = re.findall(r'<ul class="removals">(.*?)</ul>', html, re.S)[0]
    assert "Remove Domestic violence (1 result)" in removals   # Milan alone
    # domestic violence elsewhere: the Chicago shelter and its Paris version, one programme
    assert "Remove Milan (1 result)" in removals
    assert 'href="/search?q=&amp;topic=domestic-violence"' in removals


def test_the_filters_are_behind_a_disclosure_that_counts_them(client):
    html = text(client.get("/search?q=&city=chicago&topic=housing"))
    assert re.search(r'<details class="filters" id="filters">\s*<summary class="filters-toggle">Filters \(2\)</summary>',
                     html)
    assert html.index('id="filters"') < html.index('id="results"')
    assert "<summary class=\"filters-toggle\">Filters</summary>" in text(client.get("/search?q=housing"))

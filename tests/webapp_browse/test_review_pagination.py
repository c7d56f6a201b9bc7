"""Topic pages and the JSON catalogue come in pages of bounded size (at 5,000 practices
/topics/housing was 2.2 MB and /api/catalogue.json 6.5 MB), and the static export still
writes every page of every topic (issue 14 item 21)."""
from __future__ import annotations

import re

import pytest

from webapp_shared import make_app


@pytest.fixture(scope="module")
def small_pages(site_dirs):
    """The fixture corpus with one practice per topic page (harm-reduction has two)."""
    return make_app(*site_dirs, BROWSE_PAGE_SIZE=1).test_client()


def _practice_links(html: str) -> set[str]:
    return set(re.findall(r'href="/practices/([a-z0-9-]+)"', html))


def test_a_topic_page_shows_one_page_of_practices_and_links_the_next(small_pages):
    html = small_pages.get("/topics/harm-reduction").get_data(as_text=True)
    assert len(_practice_links(html)) == 1
    assert 'href="/topics/harm-reduction/page/2"' in html and 'rel="next"' in html
    assert "2 practices in 2 cities." in html  # the lead counts the whole topic


def test_the_pages_of_a_topic_together_list_each_practice_once(small_pages):
    first = _practice_links(small_pages.get("/topics/harm-reduction").get_data(as_text=True))
    second_page = small_pages.get("/topics/harm-reduction/page/2")
    second = _practice_links(second_page.get_data(as_text=True))
    assert second_page.status_code == 200 and first.isdisjoint(second)
    assert first | second == {"needle-exchange-fixture", "spritzentausch-fixture"}
    assert 'href="/topics/harm-reduction" rel="prev"' in second_page.get_data(as_text=True)


def test_a_page_past_the_last_is_404_and_page_one_has_one_address(small_pages):
    assert small_pages.get("/topics/harm-reduction/page/3").status_code == 404
    assert small_pages.get("/topics/harm-reduction/page/0").status_code == 404
    first = small_pages.get("/topics/harm-reduction/page/1")
    assert first.status_code == 301 and first.headers["Location"] == "/topics/harm-reduction"


def test_a_short_topic_has_no_page_links(client):
    html = client.get("/topics/harm-reduction").get_data(as_text=True)
    assert "/page/2" not in html and 'class="pagination"' not in html


def test_the_static_export_writes_every_page_of_a_topic(site_dirs, tmp_path):
    from webapp.export import export_site

    content, index = site_dirs
    out = tmp_path / "site"
    report = export_site(out, content=content, index=index, languages=["en"],
                         app_config={"BROWSE_PAGE_SIZE": 1})
    assert report.failures == [] and report.unresolved == {}
    second = out / "topics" / "harm-reduction" / "page" / "2.html"
    assert second.is_file()
    first_html = (out / "topics" / "harm-reduction.html").read_text(encoding="utf-8")
    assert 'href="harm-reduction/page/2.html"' in first_html
    exported = _practice_links_static(first_html) | _practice_links_static(second.read_text(encoding="utf-8"))
    assert exported == {"needle-exchange-fixture", "spritzentausch-fixture"}


def _practice_links_static(html: str) -> set[str]:
    return set(re.findall(r'href="(?:\.\./)+practices/([a-z0-9-]+)\.html"', html))


# --- /api/catalogue.json --------------------------------------------------------------------

def test_the_catalogue_json_is_paged_with_a_total_and_a_next_link(client):
    body = client.get("/api/catalogue.json?limit=2").get_json()
    assert body["total"] == 5 and body["count"] == 2 and len(body["practices"]) == 2
    assert body["limit"] == 2 and body["offset"] == 0
    assert body["next"] == "/api/catalogue.json?limit=2&offset=2"
    last = client.get("/api/catalogue.json?limit=2&offset=4").get_json()
    assert last["count"] == 1 and last["next"] is None


def test_the_catalogue_pages_together_hold_every_practice_once(client):
    ids = []
    url = "/api/catalogue.json?limit=2"
    while url:
        body = client.get(url).get_json()
        ids += [p["id"] for p in body["practices"]]
        url = body["next"]
    assert len(ids) == 5 == len(set(ids))


def test_the_catalogue_page_size_is_bounded(client):
    body = client.get("/api/catalogue.json").get_json()
    assert body["limit"] == 100
    too_big = client.get("/api/catalogue.json?limit=100000")
    assert too_big.status_code == 400 and "limit" in too_big.get_json()["error"]["message"]


def test_the_openapi_document_describes_the_catalogue_paging(client):
    doc = client.get("/api/openapi.json").get_json()
    names = {p["name"] for p in doc["paths"]["/api/catalogue.json"]["get"]["parameters"]}
    assert {"limit", "offset", "page"} <= names
    schema = doc["components"]["schemas"]["Catalogue"]
    assert {"total", "limit", "offset", "next"} <= set(schema["required"])


def test_the_static_export_writes_the_whole_catalogue(site_dirs, tmp_path):
    import json

    from webapp.export import export_site

    content, index = site_dirs
    out = tmp_path / "site"
    export_site(out, content=content, index=index, languages=["en"])
    body = json.loads((out / "api" / "catalogue.json").read_text(encoding="utf-8"))
    assert body["total"] == body["count"] == len(body["practices"]) == 5 and body["next"] is None


@pytest.mark.parametrize("url", ["/api/catalogue.json?offset=2&page=-70", "/api/catalogue.json?page=0",
                                 "/api/practices?offset=2&page=-1"])
def test_a_bad_page_is_refused_even_beside_an_offset(client, url):
    response = client.get(url)
    assert response.status_code == 400 and "page" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("url", ["/api/catalogue.json?limit=", "/api/catalogue.json?offset=&page=2",
                                 "/api/practices?page="])
def test_an_empty_paging_parameter_is_refused_by_name(client, url):
    response = client.get(url)
    name = url.split("?")[1].split("=")[0]
    assert response.status_code == 400 and f"{name} is empty" in response.get_json()["error"]["message"]

"""The live site's /feed.xml and /sitemap.xml (issue 13), the feed link in every page's head,
and search and similar results of the API with the practice page's ``url`` and ``illustrative``."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLIC = "https://practices.example.org"
FIXTURE_IDS = {"domestic-violence-shelter-fixture", "needle-exchange-fixture", "spritzentausch-fixture",
               "custodi-sociali-fixture", "hebergement-urgence-fixture"}


@pytest.fixture(scope="module")
def public_client(site):
    from webapp import create_app

    content, index = site
    app = create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index, "CONTENT_CHECK_SECONDS": 0,
                      "PUBLIC_URL": PUBLIC})
    return app.test_client()


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    return ET.fromstring(response.get_data()).findall(f"{ATOM}entry")


def test_feed_is_atom_with_one_entry_per_practice(client):
    response = client.get("/feed.xml")
    assert response.mimetype == "application/atom+xml"
    links = {e.find(f"{ATOM}link").get("href") for e in entries(response)}
    assert links == {f"/practices/{pid}" for pid in FIXTURE_IDS}


def test_feed_without_public_url_has_urn_ids_and_never_the_host_header(client):
    response = client.get("/feed.xml", headers={"Host": "evil.example"})
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    assert all(e.find(f"{ATOM}id").text.startswith("urn:practice-exchange:practice:") for e in entries(response))


def test_feed_on_a_public_url_has_absolute_ids_and_links(public_client):
    found = entries(public_client.get("/feed.xml", headers={"Host": "evil.example"}))
    assert {e.find(f"{ATOM}id").text for e in found} == {f"{PUBLIC}/practices/{pid}" for pid in FIXTURE_IDS}
    assert {e.find(f"{ATOM}link").get("href") for e in found} == {f"{PUBLIC}/practices/{pid}" for pid in FIXTURE_IDS}


def test_feed_entries_carry_the_language_of_the_write_up(client):
    languages = {e.find(f"{ATOM}title").text: e.get("{http://www.w3.org/XML/1998/namespace}lang")
                 for e in entries(client.get("/feed.xml"))}
    assert languages["Spritzentausch und Kontaktladen für Drogengebrauchende"] == "de"


def test_sitemap_lists_every_page_on_the_public_url_with_practice_dates(public_client):
    response = public_client.get("/sitemap.xml", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "application/xml"
    urls = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod")
            for u in ET.fromstring(response.get_data()).findall(f"{SITEMAP}url")}
    assert {f"{PUBLIC}/", f"{PUBLIC}/about", f"{PUBLIC}/cities/hamburg"} <= set(urls)
    assert urls[f"{PUBLIC}/practices/spritzentausch-fixture"] is not None
    assert all(url.startswith(PUBLIC + "/") for url in urls)


def test_sitemap_without_public_url_says_what_to_set(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 404
    assert "--public-url" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/search?q=", "/practices/spritzentausch-fixture", "/cities/"])
def test_every_page_links_the_feed_in_its_head(client, path):
    html = client.get(path).get_data(as_text=True)
    head = html[:html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml" href="/feed.xml"' in head


def test_api_search_results_have_the_page_url_and_illustrative(client):
    results = client.get("/api/search?q=Spritzentausch").get_json()["results"]
    assert results
    for result in results:
        assert result["url"] == f"/practices/{result['id']}"
        assert result["illustrative"] is True  # every fixture is illustrative


def test_api_result_url_is_absolute_on_the_public_url(public_client):
    result = public_client.get("/api/search?q=Spritzentausch").get_json()["results"][0]
    assert result["url"] == f"{PUBLIC}/practices/{result['id']}"


def test_api_similar_results_have_the_page_url_and_illustrative(client):
    results = client.get("/api/practices/spritzentausch-fixture/similar").get_json()["results"]
    assert results and all(r["url"] == f"/practices/{r['id']}" and r["illustrative"] is True for r in results)


def test_api_says_false_for_a_documented_practice(own_site, app_factory):
    content, index = own_site
    path = content / "hamburg" / "spritzentausch-fixture.md"
    path.write_text(path.read_text(encoding="utf-8").replace("illustrative: true\n", ""), encoding="utf-8")
    client = app_factory(content, index).test_client()
    results = {r["id"]: r for r in client.get("/api/search?q=Spritzentausch").get_json()["results"]}
    assert results["spritzentausch-fixture"]["illustrative"] is False

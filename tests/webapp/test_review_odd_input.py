"""Odd input and error paths found in review: no 500s, no server paths in public answers."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("page", ["²", "٣", "①", "9" * 30])
def test_a_page_number_in_non_ascii_digits_is_treated_as_page_one(client, page):
    # str.isdigit() accepts these but int() does not
    response = client.get("/search", query_string={"q": "housing", "page": page})
    assert response.status_code == 200


def test_healthz_without_an_index_does_not_show_the_server_path(site, tmp_path, app_factory):
    content, _ = site
    missing = tmp_path / "secret-location" / "no-index"
    client = app_factory(content, missing).test_client()
    health = client.get("/healthz")
    body = health.get_json()
    assert health.status_code == 503 and body["status"] == "unavailable"
    assert "secret-location" not in health.get_data(as_text=True)
    assert "kb index" in body["message"]


def test_language_links_on_a_404_cannot_leave_the_site(client):
    # a browser sends /%5Cevil.example/x; the server decodes it to /\evil.example/x, and
    # browsers read an href of "/\host" as "//host": another site
    response = client.get("/x", environ_overrides={"PATH_INFO": "/\\evil.example/x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'href="/\\evil.example' not in html
    assert 'href="/%5Cevil.example/x?lang=fr"' in html

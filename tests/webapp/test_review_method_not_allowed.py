"""A 405 says which methods the address takes (``Allow``, RFC 9110 §15.5.6), and under /api it
keeps the CORS header of every other API answer (issue 14 item 20)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/search", "/practices/needle-exchange-fixture", "/api/search", "/api/practices"])
def test_a_method_not_allowed_names_the_allowed_ones(client, path, method):
    response = client.open(path, method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed and method not in allowed


def test_an_api_405_is_json_with_cors_and_security_headers(client):
    response = client.post("/api/search?q=x")
    assert response.status_code == 405 and response.is_json
    assert response.get_json()["error"]["status"] == 405
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_site_405_is_an_html_page_without_cors(client):
    response = client.post("/about")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "Access-Control-Allow-Origin" not in response.headers

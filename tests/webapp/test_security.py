"""Security headers on every response, error pages without stack traces, no inline code."""
from __future__ import annotations

import re

import pytest


PAGES = ["/", "/search", "/search?q=drogues", "/practices/needle-exchange-fixture", "/about",
         "/healthz", "/no-such-page", "/api/no-such-endpoint", "/static/site.css"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/", "/search?q=Obdachlosigkeit", "/practices/spritzentausch-fixture",
                                  "/about", "/no-such-page", "/search?q=" + "x" * 501])
def test_pages_have_no_inline_scripts_styles_or_external_assets(client, path):
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r'(src|href)="(https?:)?//', html.split("<main", 1)[0]), "external asset in <head>"


def test_unknown_page_is_a_html_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Page not found" in html and 'href="/"' in html


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["message"]


def test_an_unexpected_error_shows_a_500_page_without_traceback(site, app_factory):
    app = app_factory(*site, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert response.headers["Content-Security-Policy"]


def test_a_missing_index_gives_a_503_page_that_says_to_run_kb_index(site, tmp_path, app_factory):
    content, _ = site
    client = app_factory(content, tmp_path / "no-index").test_client()
    response = client.get("/search?q=housing")
    assert response.status_code == 503 and "kb index" in response.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "unavailable"

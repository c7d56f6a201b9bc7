"""A spoofed Host header is never reflected: redirects are relative, and absolute URLs come
from the configured public URL (PUBLIC_URL / KB_PUBLIC_URL) only (issue 14 item 14)."""
from __future__ import annotations

import pytest

from webapp import create_app

EVIL = {"Host": "evil.example"}


def test_the_openapi_document_does_not_name_the_request_host(client):
    response = client.get("/api/openapi.json", headers=EVIL)
    assert "evil.example" not in response.get_data(as_text=True)
    assert response.get_json()["servers"] == [{"url": "/"}]


def test_the_openapi_document_names_the_configured_public_url(app_factory, site):
    app = app_factory(*site, PUBLIC_URL="https://practices.example.org/")
    doc = app.test_client().get("/api/openapi.json", headers=EVIL).get_json()
    assert doc["servers"] == [{"url": "https://practices.example.org"}]


@pytest.mark.parametrize("path, target", [("/cities", "/cities/"), ("/topics", "/topics/")])
def test_a_redirect_location_is_relative_whatever_the_host(client, path, target):
    response = client.get(path, headers=EVIL)
    assert response.status_code in (301, 308)
    assert response.headers["Location"] == target


def test_a_redirect_keeps_its_query_string(client):
    response = client.get("/cities?lang=fr", headers=EVIL)
    assert response.headers["Location"] == "/cities/?lang=fr"


def test_a_redirect_location_uses_the_configured_public_url(app_factory, site):
    app = app_factory(*site, PUBLIC_URL="https://practices.example.org/exchange")
    response = app.test_client().get("/cities", headers=EVIL)
    assert response.headers["Location"] == "https://practices.example.org/exchange/cities/"


def test_the_public_url_comes_from_kb_public_url(monkeypatch, site):
    monkeypatch.setenv("KB_PUBLIC_URL", "https://px.example.org")
    app = create_app({"TESTING": True, "CONTENT_DIR": site[0], "INDEX_DIR": site[1]})
    assert app.config["PUBLIC_URL"] == "https://px.example.org"


@pytest.mark.parametrize("value", ["px.example.org", "ftp://px.example.org", "https://", "https://px.example.org/?a=1"])
def test_a_public_url_that_is_not_an_absolute_http_url_is_refused_clearly(site, value):
    with pytest.raises(ValueError, match="PUBLIC_URL") as caught:
        create_app({"TESTING": True, "CONTENT_DIR": site[0], "INDEX_DIR": site[1], "PUBLIC_URL": value})
    assert "https://" in str(caught.value)


def test_kb_serve_refuses_a_public_url_that_is_not_an_address(tmp_path):
    from click.testing import CliRunner

    from kb.cli import main

    result = CliRunner().invoke(main, ["serve", "--public-url", "practices.example.org",
                                       "--index", str(tmp_path), "--content", str(tmp_path)])
    assert result.exit_code == 2 and "--public-url" in result.output and "https://" in result.output

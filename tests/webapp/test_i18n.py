"""Interface language: selection (?lang=, cookie, Accept-Language), translated messages and
vocabulary labels, content left in its own language (catalogues: test_catalogues.py)."""
from __future__ import annotations

import pytest


def test_lang_parameter_switches_the_interface_and_is_remembered_in_a_cookie(app):
    client = app.test_client()
    response = client.get("/?lang=fr")
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Parcourir par ville" in html
    assert "lang=fr" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    assert '<html lang="fr">' in client.get("/about").get_data(as_text=True)  # cookie, no parameter


@pytest.mark.parametrize("header, lang, phrase", [
    ("de-DE,de;q=0.9,en;q=0.5", "de", "Nach Stadt"),
    ("es", "es", "Explorar por ciudad"),
    ("it-IT,it;q=0.9", "en", "Browse by city"),   # no Italian interface: default
])
def test_accept_language_chooses_among_the_interface_languages(client, header, lang, phrase):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and phrase in html


def test_an_unknown_lang_parameter_is_ignored(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "de"})
    assert '<html lang="de">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_vocabulary_labels_are_translated_but_content_stays_in_its_language(client):
    html = client.get("/practices/needle-exchange-fixture?lang=fr").get_data(as_text=True)
    assert "Réduction des risques" in html and "Émergent" in html          # topic, evidence labels
    assert "Needle exchange and drop-in centre for people who use drugs" in html  # title untouched
    assert "<h2>Approach</h2>" in html                                      # body untouched
    assert "Programmes similaires dans d&#39;autres villes" in html  # escaped apostrophe


def test_search_page_in_german_labels_facets_and_detected_language(client):
    html = client.get("/search?q=solitude des personnes âgées&lang=de").get_data(as_text=True)
    assert "<legend>Stadt</legend>" in html and "Erkannte Sprache:" in html and "Français" in html


def test_language_switcher_keeps_the_current_query(client):
    html = client.get("/search?q=naloxone&city=chicago").get_data(as_text=True)
    assert 'href="/search?q=naloxone&amp;city=chicago&amp;lang=es"' in html

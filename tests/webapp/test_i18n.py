"""Interface language: selection (?lang=, cookie, Accept-Language), translated messages and
vocabulary labels, content left in its own language (catalogues: test_catalogues.py)."""
from __future__ import annotations

import re

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
    ("it-IT,it;q=0.9", "it", "Sfoglia per città"),
    ("zh-CN,zh;q=0.9", "zh", "按城市浏览"),
    ("pt-BR,pt;q=0.9", "en", "Browse by city"),   # no Portuguese interface: default
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
    assert "<legend>Stadt</legend>" in html and "Erkannte Sprache:" in html and "Französisch" in html


def test_language_switcher_keeps_the_current_query(client):
    html = client.get("/search?q=naloxone&city=chicago").get_data(as_text=True)
    assert 'href="/search?q=naloxone&amp;city=chicago&amp;lang=es"' in html


# --- plural forms, numbers and dates in the locale's format ----------------------------------

def in_language(app, lang: str, render):
    """``render()`` inside a request whose interface language is ``lang``."""
    with app.test_request_context(f"/?lang={lang}"):
        return render()


@pytest.mark.parametrize("lang, counts", [
    ("pl", {1: "1 praktyka", 3: "3 praktyki", 5: "5 praktyk", 22: "22 praktyki", 12: "12 praktyk", 112: "112 praktyk"}),
    ("cs", {1: "1 praxe", 4: "4 praxe", 5: "5 praxí", 0: "0 praxí"}),
    ("ar", {0: "لا توجد ممارسات", 1: "ممارسة واحدة", 2: "ممارستان", 7: "7 ممارسات", 11: "11 ممارسة", 100: "100 ممارسة"}),
    ("fr", {0: "0 pratique", 1: "1 pratique", 2: "2 pratiques"}),
    ("de", {1: "1 Praxis", 2: "2 Praktiken"}),
    ("ja", {1: "1件の取り組み", 9: "9件の取り組み"}),
    ("en", {1: "1 practice", 0: "0 practices"}),
])
def test_counts_take_the_plural_form_of_the_language(app, lang, counts):
    from webapp.i18n import ngettext

    got = in_language(app, lang, lambda: {n: ngettext("%(num)s practice", "%(num)s practices", n) for n in counts})
    assert got == counts


@pytest.mark.parametrize("lang, text", [
    ("en", "1,234 practices"), ("de", "1.234 Praktiken"), ("pl", "1\u00a0234 praktyki"), ("ar", "1,234 ممارسة"),
])
def test_a_count_in_a_message_is_written_in_the_locales_number_format(app, lang, text):
    from webapp.i18n import ngettext

    assert in_language(app, lang, lambda: ngettext("%(num)s practice", "%(num)s practices", 1234)) == text


@pytest.mark.parametrize("lang, score", [("en", "0.83"), ("fr", "0,83"), ("cs", "0,83"), ("zh", "0.83")])
def test_a_similarity_score_uses_the_locales_decimal_separator(app, lang, score):
    from webapp.i18n import format_score

    assert in_language(app, lang, lambda: format_score(0.8345)) == score


@pytest.mark.parametrize("lang, date", [("de", "1. Februar 2026"), ("ja", "2026年2月1日"), ("pl", "1 lutego 2026"),
                                        ("ar", "1 فبراير 2026")])
def test_the_review_date_is_written_in_the_locales_format(client, lang, date):
    html = client.get(f"/practices/needle-exchange-fixture?lang={lang}").get_data(as_text=True)
    assert f'<time datetime="2026-02-01">{date}</time>' in html


def test_a_page_in_polish_counts_with_polish_plurals(client):
    html = client.get("/search?q=&lang=pl").get_data(as_text=True)
    assert "1–4 z 4 praktyk" in html  # 5 write-ups, 4 programmes: the shelter's en and fr versions are one


def test_the_language_switcher_names_each_language_in_itself(client):
    html = client.get("/about?lang=de").get_data(as_text=True)
    for code, name in [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("es", "Español"),
                       ("it", "Italiano"), ("pl", "Polski"), ("ar", "العربية"), ("zh", "中文"),
                       ("ja", "日本語"), ("cs", "Čeština")]:
        assert re.search(rf'hreflang="{code}" lang="{code}" dir="(ltr|rtl)"\s*(aria-current="true")?>{name}</a>', html), code
    assert re.search(r'hreflang="de" lang="de" dir="ltr"\s*aria-current="true">Deutsch</a>', html)


@pytest.mark.parametrize("lang, text", [("en", "Housing, Health, and Poverty"), ("fr", "Housing, Health et Poverty"),
                                        ("ja", "Housing、Health、Poverty"), ("zh", "Housing、Health和Poverty")])
def test_a_list_is_joined_as_the_language_writes_lists(app, lang, text):
    from webapp.i18n import format_list

    assert in_language(app, lang, lambda: format_list(["Housing", "Health", "Poverty"])) == text


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs"])
def test_the_menu_link_to_the_form_is_not_worded_as_the_about_pages_how_to_contribute(client, lang):
    # one msgid served both once: in Polish the menu then read "How to contribute" above a form
    html = client.get(f"/about?lang={lang}").get_data(as_text=True)
    menu = re.search(r'<li><a href="/contribute"[^>]*>([^<]+)</a></li>', html)
    heading = re.search(r"<h2>([^<]+)</h2>\s*<p>[^<]*Markdown", html)
    assert menu and heading, lang
    assert menu.group(1).strip() != heading.group(1).strip()

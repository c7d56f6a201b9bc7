"""Translated abstracts on the site: cards, practice pages, similar programmes, city, topic and
transfer pages show the title and summary in the interface language when a practice has an
abstract in it, marked as a translated summary with the original title; else the original.

On tests/data/abstracts-corpus (see its README): Hamburg (de), Warsaw (pl) and Osaka (ja)
have French and English abstracts, Amman (ar) an English one, Chicago (en) a German one
and a French placeholder.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from abstracts_shared import Element, indexed_abstracts_corpus, parse_html  # noqa: E402

HAMBURG, WARSAW, OSAKA = "strassensozialarbeit-fixture", "streetworking-fixture", "autorichi-fixture"
AMMAN, CHICAGO = "tawasul-maydani-fixture", "street-outreach-fixture"
GERMAN_QUERY = "Straßensozialarbeit für obdachlose Menschen"
EVERY_PRACTICE = "/search?q="  # an empty query lists every practice


@pytest.fixture(scope="module")
def abstracts_client(tmp_path_factory):
    from webapp import create_app

    content, index = indexed_abstracts_corpus(tmp_path_factory)
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index}).test_client()


def page(client, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return parse_html(response.get_data(as_text=True))


def card(tree: Element, practice_id: str, class_: str = "practice-card") -> Element:
    """The card whose title links to ``practice_id``."""
    found = [c for c in tree.find_all("article", class_=class_)
             if c.find("a", href=f"/practices/{practice_id}") is not None]
    assert len(found) == 1, f"{len(found)} cards for {practice_id}"
    return found[0]


# --- result cards ------------------------------------------------------------------------


@pytest.mark.parametrize(("practice_id", "title", "original_language"), [
    (HAMBURG, "Travail de rue auprès des personnes sans abri", "de"),
    (WARSAW, "Travail de rue avec les personnes sans abri", "pl"),
    (OSAKA, "Permanences de rue auprès des personnes sans abri", "ja"),
])
def test_french_interface_shows_french_titles_and_summaries_of_german_polish_and_japanese_results(
        abstracts_client, practice_id, title, original_language):
    tree = page(abstracts_client, f"/search?q={GERMAN_QUERY}&lang=fr")
    result = card(tree, practice_id)
    assert (result.attrs["lang"], result.attrs["dir"]) == ("fr", "ltr")
    assert result.find("h3").text == title
    assert result.find("p", class_="summary").text.startswith(("Une ", "Des ", "La nuit"))
    assert result.find("span", class_="badge-translated").text == "Résumé traduit"
    original = result.find("p", class_="original-title")
    assert original.text.startswith("Titre original")
    assert original.find("span").attrs["lang"] == original_language


def test_a_translated_card_keeps_the_original_title_in_its_language(abstracts_client):
    result = card(page(abstracts_client, f"/search?q={GERMAN_QUERY}&lang=fr"), HAMBURG)
    span = result.find("p", class_="original-title").find("span", lang="de")
    assert (span.text, span.attrs["dir"]) == ("Straßensozialarbeit für obdachlose Menschen", "ltr")


def test_a_card_in_the_interface_language_is_the_original_without_a_translation_mark(abstracts_client):
    result = card(page(abstracts_client, f"/search?q={GERMAN_QUERY}&lang=de"), HAMBURG)
    assert result.attrs["lang"] == "de"
    assert result.find("h3").text == "Straßensozialarbeit für obdachlose Menschen"
    assert result.find("span", class_="badge-translated") is None
    assert result.find("p", class_="original-title") is None


def test_the_abstract_in_the_interface_language_is_chosen_among_several(abstracts_client):
    tree = page(abstracts_client, f"{EVERY_PRACTICE}&lang=en")
    assert card(tree, HAMBURG).find("h3").text == "Street outreach for people experiencing homelessness"
    assert card(tree, AMMAN).find("h3").text == "Outreach team for people experiencing homelessness"
    german = page(abstracts_client, f"{EVERY_PRACTICE}&lang=de")
    assert card(german, CHICAGO).find("h3").text == "Straßensozialarbeit mit Menschen, die im Freien schlafen"


def test_without_an_abstract_in_the_interface_language_the_arabic_original_is_shown_right_to_left(
        abstracts_client):
    result = card(page(abstracts_client, f"{EVERY_PRACTICE}&lang=fr"), AMMAN)
    assert (result.attrs["lang"], result.attrs["dir"]) == ("ar", "rtl")
    assert result.find("h3").text == "فريق التواصل الميداني مع الأشخاص بلا مأوى"
    assert result.find("span", class_="badge-translated") is None
    meta = result.find("p", class_="meta-line")
    assert (meta.attrs["lang"], meta.attrs["dir"]) == ("fr", "ltr")


def test_a_placeholder_abstract_is_never_shown(abstracts_client):
    response = abstracts_client.get(f"{EVERY_PRACTICE}&lang=fr")
    assert "TODO" not in response.get_data(as_text=True)
    result = card(parse_html(response.get_data(as_text=True)), CHICAGO)
    assert result.find("h3").text == "Street outreach to people sleeping rough"
    assert result.attrs["lang"] == "en"


# --- practice page -----------------------------------------------------------------------


def test_practice_page_puts_the_abstract_on_top_and_keeps_the_full_text_in_its_language(abstracts_client):
    tree = page(abstracts_client, f"/practices/{HAMBURG}?lang=fr")
    heading = tree.find("h1")
    assert (heading.text, heading.attrs["lang"]) == ("Travail de rue auprès des personnes sans abri", "fr")
    assert tree.find("title").text.startswith("Travail de rue auprès des personnes sans abri")
    abstract = tree.find("section", class_="abstract")
    assert abstract.find("p", class_="summary").attrs["lang"] == "fr"
    assert abstract.find("p", class_="summary").text.startswith("Une équipe de travail de rue")
    assert "Practice Exchange editors, awaiting committee review" in abstract.find("p", class_="abstract-label").text
    body = tree.find("article", class_="practice-body")
    assert (body.attrs["lang"], body.attrs["dir"]) == ("de", "ltr")
    assert body.find("p", class_="summary").text.startswith("Ein Team der Straßensozialarbeit")


def test_practice_page_names_the_language_of_the_full_text_in_the_interface_language(abstracts_client):
    assert page(abstracts_client, f"/practices/{HAMBURG}?lang=fr").find("p", class_="full-text-note").text == \
        "Le texte complet ci-dessous est en allemand."
    assert page(abstracts_client, f"/practices/{OSAKA}?lang=es").find("p", class_="full-text-note").text == \
        "El texto completo que sigue está en japonés."


def test_practice_page_shows_the_original_title_under_the_translated_one(abstracts_client):
    original = page(abstracts_client, f"/practices/{WARSAW}?lang=fr").find("p", class_="original-title")
    span = original.find("span", lang="pl")
    assert span.text == "Streetworking z osobami w kryzysie bezdomności"


def test_practice_page_in_its_own_language_has_no_abstract_and_no_note(abstracts_client):
    tree = page(abstracts_client, f"/practices/{HAMBURG}?lang=de")
    assert tree.find("section", class_="abstract") is None
    assert tree.find("p", class_="full-text-note") is None
    assert tree.find("h1").attrs["lang"] == "de"


def test_practice_page_without_an_abstract_in_the_interface_language_says_which_language_it_is_in(
        abstracts_client):
    tree = page(abstracts_client, f"/practices/{AMMAN}?lang=fr")
    assert tree.find("section", class_="abstract") is None
    assert tree.find("p", class_="full-text-note").text == "Le texte complet ci-dessous est en arabe."
    heading, body = tree.find("h1"), tree.find("article", class_="practice-body")
    assert (heading.attrs["lang"], heading.attrs["dir"]) == ("ar", "rtl")
    assert (body.attrs["lang"], body.attrs["dir"]) == ("ar", "rtl")


def test_similar_programmes_show_titles_in_the_interface_language(abstracts_client):
    tree = page(abstracts_client, f"/practices/{HAMBURG}?lang=fr")
    similar = card(tree, WARSAW, class_="similar-card")
    assert similar.attrs["lang"] == "fr"
    assert similar.find("h3").text == "Travail de rue avec les personnes sans abri"
    assert similar.find("span", class_="badge-translated").text == "Titre traduit"
    assert similar.find("p", class_="original-title").find("span", lang="pl") is not None


def test_transfer_history_links_show_titles_in_the_interface_language(abstracts_client):
    panel = page(abstracts_client, f"/practices/{WARSAW}?lang=fr").find("aside", class_="panel")
    link = panel.find("a", href=f"/practices/{HAMBURG}")
    assert (link.text, link.attrs["lang"]) == ("Travail de rue auprès des personnes sans abri", "fr")
    assert link.attrs["title"] == "Titre original\u00a0: Straßensozialarbeit für obdachlose Menschen"


# --- browse pages ------------------------------------------------------------------------


def test_city_page_cards_show_the_abstract_in_the_interface_language(abstracts_client):
    tree = page(abstracts_client, "/cities/osaka?lang=fr")
    assert card(tree, OSAKA).find("h3").text == "Permanences de rue auprès des personnes sans abri"


def test_city_page_transfers_show_titles_in_the_interface_language(abstracts_client):
    tree = page(abstracts_client, "/cities/warsaw?lang=en")
    item = tree.find("li", class_="transfer-item")
    assert item.find("a", href=f"/practices/{HAMBURG}").text == "Street outreach for people experiencing homelessness"
    assert item.find("a", href=f"/practices/{WARSAW}").text == "Street work with people experiencing homelessness"


def test_topic_page_cards_show_the_abstract_in_the_interface_language(abstracts_client):
    tree = page(abstracts_client, "/topics/homelessness?lang=fr")
    assert card(tree, WARSAW).find("h3").text == "Travail de rue avec les personnes sans abri"
    assert card(tree, AMMAN).attrs["dir"] == "rtl"


def test_transfer_graph_list_shows_titles_in_the_interface_language(abstracts_client):
    item = page(abstracts_client, "/graph?lang=fr").find("li", class_="transfer-item")
    source = item.find("a", href=f"/practices/{HAMBURG}")
    assert (source.text, source.attrs["lang"]) == ("Travail de rue auprès des personnes sans abri", "fr")


def test_home_page_recent_cards_show_the_abstract_in_the_interface_language(abstracts_client):
    tree = page(abstracts_client, "/?lang=en")
    assert card(tree, OSAKA).find("h3").text == "Outreach counselling for people living on the street"

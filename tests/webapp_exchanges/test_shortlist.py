"""The shortlist: ids from a shared URL, the comparison rendered by the server, the CSV of a visit
plan, "Plan a visit", and the toggle buttons static/shortlist.js brings to life."""
from __future__ import annotations

import csv
import io

import pytest

from exchange_helpers import text_of
from webapp import LANGUAGES
from webapp.shortlist_view import MAX_SHORTLIST, parse_ids, plan

THREE = "spritzentausch-fixture,custodi-sociali-fixture,needle-exchange-fixture"


# --- ids from a shared address ---------------------------------------------------------------


def test_ids_keep_their_order_and_lose_duplicates_and_blanks():
    parsed = parse_ids(" b-x, a-x ,,b-x,")
    assert (parsed.ids, parsed.invalid, parsed.dropped) == (["b-x", "a-x"], [], 0)


@pytest.mark.parametrize("piece", ["../etc/passwd", "Spritzentausch", "a b", "x", "a--b", "é-x", "a" * 81])
def test_anything_but_a_practice_id_is_set_aside_as_invalid(piece):
    parsed = parse_ids(f"good-id,{piece}")
    assert parsed.ids == ["good-id"] and len(parsed.invalid) == 1


def test_an_invalid_piece_is_shortened_for_display():
    assert parse_ids("<" * 100).invalid == ["<" * 40 + "…"]


def test_at_most_the_bound_is_compared_and_the_rest_is_counted():
    parsed = parse_ids(",".join(f"p-{i}" for i in range(MAX_SHORTLIST + 3)))
    assert len(parsed.ids) == MAX_SHORTLIST and parsed.dropped == 3


def test_no_ids_is_an_empty_shortlist():
    assert parse_ids(None).ids == [] and parse_ids("").ids == []


# --- the comparison ------------------------------------------------------------------------


def test_the_comparison_shows_one_column_per_practice_in_the_order_asked(client):
    html = client.get(f"/shortlist?ids={THREE}").get_data(as_text=True)
    assert html.count('<article class="compare-item"') == 3
    assert html.index('id="compare-spritzentausch-fixture"') < html.index('id="compare-custodi-sociali-fixture"') \
        < html.index('id="compare-needle-exchange-fixture"')


@pytest.mark.parametrize("label", ["City", "Language", "Topics", "Population", "Evidence level", "Cost", "Status",
                                   "Implementation", "Contact", "Last reviewed"])
def test_every_column_has_every_field_so_the_rows_line_up(client, label):
    html = client.get(f"/shortlist?ids={THREE}").get_data(as_text=True)
    assert html.count(f"<dt>{label}</dt>") == 3


def test_the_comparison_shows_the_fields_of_the_practice(client):
    text = text_of(client.get("/shortlist?ids=needle-exchange-fixture").get_data(as_text=True))
    assert "City Chicago, United States" in text
    assert "Evidence level Emerging" in text and "Status Pilot" in text
    assert "Topics Harm reduction Homelessness" in text


def test_unknown_ids_are_listed_as_not_found_and_the_others_compared(client):
    html = client.get("/shortlist?ids=spritzentausch-fixture,gone-practice,../x").get_data(as_text=True)
    text = text_of(html)
    assert "Not found (removed or renamed): gone-practice" in text
    assert "Not practice ids, left out: ../x" in text
    assert html.count('<article class="compare-item"') == 1


def test_more_than_the_bound_says_how_many_were_left_out(client):
    ids = ",".join(["spritzentausch-fixture"] + [f"extra-{i}" for i in range(MAX_SHORTLIST)])
    text = text_of(client.get(f"/shortlist?ids={ids}").get_data(as_text=True))
    assert f"A shortlist compares at most {MAX_SHORTLIST} practices; 1 more was left out." in text  # singular


def test_an_empty_shortlist_explains_how_to_fill_it_and_offers_to_plan_a_visit(client):
    html = client.get("/shortlist").get_data(as_text=True)
    assert "Your shortlist is empty." in html
    assert '<form class="plan-form card" method="get" action="/shortlist/plan"' in html


def test_the_comparison_offers_csv_print_and_the_address_to_share(client):
    html = client.get(f"/shortlist?ids={THREE}").get_data(as_text=True)
    assert f'href="/shortlist.csv?ids={THREE}"' in html
    assert "data-shortlist-print hidden" in html  # a print button where JavaScript runs
    assert f'value="/shortlist?ids={THREE}"' in html


def test_leaving_one_out_is_a_plain_link_to_the_others(client):
    html = client.get(f"/shortlist?ids={THREE}").get_data(as_text=True)
    assert 'href="/shortlist?ids=custodi-sociali-fixture,needle-exchange-fixture" data-shortlist-remove="spritzentausch-fixture"' in html


def test_leaving_one_out_is_named_for_its_practice_in_one_message_of_the_interface_language(client):
    html = client.get(f"/shortlist?ids={THREE}&lang=fr").get_data(as_text=True)
    assert ('data-shortlist-remove="spritzentausch-fixture" aria-label="Retirer de cette comparaison\u00a0: '
            'Spritzentausch und Kontaktladen für Drogengebrauchende"') in html


def test_the_comparison_uses_the_translated_abstract_of_the_interface_language(real_client):
    html = real_client.get("/shortlist?ids=chicago-corporate-partnerships-volunteerism&lang=fr").get_data(as_text=True)
    text = text_of(html)
    assert "Partenariats avec les entreprises et bénévolat dans les services sociaux de Chicago" in text
    assert "Titre original : Corporate partnerships and volunteerism in Chicago social services" in text


def test_the_comparison_is_in_the_interface_language(real_client):
    text = text_of(real_client.get("/shortlist?ids=chicago-corporate-partnerships-volunteerism&lang=de").get_data(as_text=True))
    assert "Finanzierung und Partnerschaften" in text  # the topic label in German


def test_the_french_comparison_writes_a_no_break_space_before_the_colon_of_a_label(real_client):
    html = real_client.get("/shortlist?ids=chicago-housing-first&lang=fr").get_data(as_text=True)
    assert '<strong lang="fr">Personnel\u00a0:</strong> Multidisciplinary' in html
    assert '<strong lang="fr">Formation\u00a0:</strong>' in html
    assert '<strong lang="fr">Partenaires\u00a0:</strong>' in html


def test_the_chinese_comparison_writes_a_full_width_colon_after_a_label(real_client):
    html = real_client.get("/shortlist?ids=chicago-housing-first&lang=zh").get_data(as_text=True)
    assert '<strong lang="zh">人员配置：</strong>' in html


def test_the_print_stylesheet_turns_columns_into_blocks_and_writes_out_links():
    from exchange_helpers import REPO

    css = (REPO / "webapp/static/exchanges.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    assert ".comparison { display: block;" in print_rules
    assert "break-inside: avoid" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


# --- CSV -----------------------------------------------------------------------------------


def test_the_csv_has_a_byte_order_mark_quoted_cells_and_one_row_per_practice(client):
    response = client.get(f"/shortlist.csv?ids={THREE}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="practice-exchange-shortlist.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff\"id\",\"title\"")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == THREE.split(",")
    assert rows[2]["city"] == "Chicago" and rows[2]["topics"] == "Harm reduction; Homelessness"
    assert rows[2]["url"] == "/practices/needle-exchange-fixture"


def test_the_csv_neutralises_a_cell_that_would_run_as_a_formula(own_site, app_factory):
    path = own_site / "practices/milan/custodi-sociali-fixture.md"
    text = path.read_text(encoding="utf-8").replace("title: Custodi sociali per anziani soli",
                                                    'title: "=HYPERLINK(\\"http://x\\") anziani"')
    path.write_text(text, encoding="utf-8")
    client = app_factory(own_site / "practices", own_site / "no-index").test_client()
    rows = list(csv.DictReader(io.StringIO(client.get("/shortlist.csv?ids=custodi-sociali-fixture").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["title"].startswith("'=HYPERLINK")


def test_the_csv_without_ids_is_a_400_that_says_what_to_give(client):
    response = client.get("/shortlist.csv")
    assert response.status_code == 400
    assert "ids=first-id,second-id" in response.get_data(as_text=True)


# --- plan a visit --------------------------------------------------------------------------


def _practices(app):
    from webapp.content import get_corpus

    with app.app_context():
        return get_corpus().practices()


def test_a_plan_is_the_citys_practices_on_any_of_the_topics(app):
    assert plan(_practices(app), "chicago", ["harm-reduction"]) == ["needle-exchange-fixture"]
    assert plan(_practices(app), "chicago", ["harm-reduction", "housing"]) == [
        "domestic-violence-shelter-fixture", "needle-exchange-fixture"]


def test_a_plan_without_topics_is_all_of_the_citys_practices(app):
    assert plan(_practices(app), "chicago") == ["domestic-violence-shelter-fixture", "needle-exchange-fixture"]


def test_plan_a_visit_redirects_to_the_shortlist_of_that_city(client):
    response = client.get("/shortlist/plan?city=chicago&topic=harm-reduction&go=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/shortlist?ids=needle-exchange-fixture&plan=chicago"
    assert "Visit plan: Chicago" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_plan_a_visit_without_a_match_says_what_to_change(client):
    text = text_of(client.get("/shortlist/plan?city=milan&topic=housing&go=1").get_data(as_text=True))
    assert "No practice from Milan is on these topics yet." in text


def test_plan_a_visit_without_a_city_asks_for_one(client):
    assert "Choose the city you will visit." in client.get("/shortlist/plan?go=1").get_data(as_text=True)


def test_plan_a_visit_from_a_city_page_prefills_the_city(client):
    html = client.get("/cities/hamburg").get_data(as_text=True)
    assert '<a class="button button-quiet" href="/shortlist/plan?city=hamburg">Plan a visit to Hamburg</a>' in html
    form = client.get("/shortlist/plan?city=hamburg").get_data(as_text=True)
    assert '<option value="hamburg" selected>' in form


@pytest.mark.parametrize("query", ["city=atlantis&go=1", "city=chicago&topic=cooking&go=1"])
def test_plan_a_visit_refuses_unknown_values_with_a_400(client, query):
    assert client.get(f"/shortlist/plan?{query}").status_code == 400


# --- the toggle buttons --------------------------------------------------------------------


def test_practice_pages_have_a_shortlist_toggle_hidden_until_the_script_runs(client):
    html = client.get("/practices/spritzentausch-fixture").get_data(as_text=True)
    assert ('data-shortlist-id="spritzentausch-fixture" data-shortlist-title="Spritzentausch und Kontaktladen für '
            'Drogengebrauchende" aria-pressed="false" hidden>On my shortlist') in html
    assert '<script src="/static/shortlist.js" defer></script>' in html


def test_the_toggle_is_named_for_its_practice_in_one_message_of_the_interface_language(client):
    html = client.get("/practices/spritzentausch-fixture?lang=fr").get_data(as_text=True)
    assert ('aria-label="Dans ma sélection\u00a0: Spritzentausch und Kontaktladen für Drogengebrauchende" '
            'data-shortlist-id="spritzentausch-fixture"') in html


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize("visible", ["On my shortlist", "Leave out of this comparison"])
def test_a_buttons_name_begins_with_its_visible_text_in_every_language(lang, visible):
    """WCAG 2.5.3 (label in name): one who says the visible words to a voice control finds it."""
    from babel.support import Translations

    from exchange_helpers import REPO

    catalogue = Translations.load(REPO / "webapp" / "translations", [lang])
    name = catalogue.gettext(f"{visible}: %(title)s")
    assert name != f"{visible}: %(title)s" and name.startswith(catalogue.gettext(visible))


def test_practice_cards_have_the_toggle_too(client):
    html = client.get("/topics/harm-reduction").get_data(as_text=True)
    assert html.count('class="shortlist-toggle"') == 2


def test_the_menu_links_the_shortlist_and_the_page_has_a_live_region_for_announcements(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/shortlist" data-shortlist-link' in html
    assert 'id="shortlist-status" class="visually-hidden" role="status" aria-live="polite"' in html
    assert 'data-added="Added to your shortlist: %(title)s"' in html


def test_the_static_export_has_no_shortlist(app_factory, fixture_site):
    app = app_factory(fixture_site / "practices", fixture_site / "no-index", STATIC_EXPORT=True)
    html = app.test_client().get("/practices/spritzentausch-fixture").get_data(as_text=True)
    assert "shortlist" not in html.lower()


def test_a_count_takes_the_plural_form_of_its_number(client):
    # webapp.i18n.ngettext passed `num` twice to Flask-Babel (a TypeError) before it formatted itself
    ids = ["spritzentausch-fixture"] + [f"extra-{i}" for i in range(MAX_SHORTLIST + 1)]
    text = text_of(client.get("/shortlist?ids=" + ",".join(ids)).get_data(as_text=True))
    assert f"A shortlist compares at most {MAX_SHORTLIST} practices; 2 more were left out." in text

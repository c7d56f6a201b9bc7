"""Right-to-left: an Arabic interface is laid out right to left, Arabic content is marked
rtl in any interface and Latin content ltr inside an Arabic one; the stylesheets use
logical properties so that one set of rules serves both directions."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from webapp import create_app
from webapp.i18n import text_direction

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"
RTL_CORPUS = REPO / "tests" / "data" / "corpus_rtl"
ARABIC = "/practices/ziyarat-kibar-alsin-fixture"
GERMAN = "/practices/spritzentausch-fixture"
#: physical properties and values that do not follow the writing direction
PHYSICAL = re.compile(r"\b(?:margin|padding|border|inset)-(?:left|right)\b|(?<![\w-])(?:left|right)\s*:"
                      r"|\b(?:text-align|float|clear)\s*:\s*(?:left|right)\b")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The fixture corpus plus an Arabic practice, without a search index (pages only)."""
    root = tmp_path_factory.mktemp("rtl")
    shutil.copytree(CORPUS, root / "practices")
    shutil.copytree(RTL_CORPUS, root / "practices", dirs_exist_ok=True)
    app = create_app({"TESTING": True, "CONTENT_DIR": root / "practices", "INDEX_DIR": root / "no-index",
                      "CONTENT_CHECK_SECONDS": 0})
    return app.test_client()


def html_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang, direction", [
    ("ar", "rtl"), ("he", "rtl"), ("ur", "rtl"), ("en", "ltr"), ("de", "ltr"), ("pl", "ltr"), ("cs", "ltr"),
    ("zh", "ltr"), ("ja", "ltr"), ("zu", "ltr"), ("de-CH", "ltr"),
])
def test_text_direction_follows_the_script_of_the_language(lang, direction):
    assert text_direction(lang) == direction


@pytest.mark.parametrize("lang", [None, "", "xx", "not a language"])
def test_text_direction_is_auto_when_the_language_is_unknown(lang):
    assert text_direction(lang) == "auto"


def test_the_arabic_interface_is_laid_out_right_to_left(client):
    assert '<html lang="ar" dir="rtl">' in html_of(client, "/?lang=ar")


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_other_interfaces_keep_the_default_left_to_right(client, lang):
    html = html_of(client, f"/?lang={lang}")
    assert f'<html lang="{lang}">' in html


def test_an_arabic_practice_reads_right_to_left_in_a_french_interface(client):
    html = html_of(client, ARABIC + "?lang=fr")
    assert '<html lang="fr">' in html
    assert '<h1 lang="ar" dir="rtl">' in html
    assert '<article class="practice-body" lang="ar" dir="rtl"' in html
    assert '<li aria-current="page" lang="ar" dir="rtl">' in html  # its title in the breadcrumb


def test_an_arabic_card_is_rtl_and_its_interface_line_ltr_in_a_french_interface(client):
    html = html_of(client, "/?lang=fr")
    card = html[html.index('<article class="card practice-card" lang="ar"'):]
    card = card[:card.index("</article>")]
    assert card.startswith('<article class="card practice-card" lang="ar" dir="rtl">')
    assert '<p class="meta-line" lang="fr" dir="ltr">' in card


def test_a_german_practice_reads_left_to_right_in_an_arabic_interface(client):
    html = html_of(client, GERMAN + "?lang=ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="de" dir="ltr">' in html
    assert '<article class="practice-body" lang="de" dir="ltr"' in html


def test_the_language_switcher_marks_arabic_rtl_in_every_interface(client):
    html = html_of(client, "/about?lang=de")
    assert 'hreflang="ar" lang="ar" dir="rtl"' in html


def test_the_arabic_practice_page_is_in_arabic_around_its_content(client):
    html = html_of(client, ARABIC + "?lang=ar")
    assert "لمحة سريعة" in html          # "At a glance"
    assert "كبار السن" in html            # the population label
    assert "عمّان" in html                 # the city in Arabic


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "webapp" / "static").glob("*.css")))
def test_stylesheets_use_logical_properties_only(name):
    css = (REPO / "webapp" / "static" / name).read_text(encoding="utf-8")
    # comments may name the physical property they avoid; blank them, keeping line numbers
    css = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), css, flags=re.S)
    found = [f"{name}:{css.count(chr(10), 0, m.start()) + 1}: {m.group(0)}" for m in PHYSICAL.finditer(css)]
    assert found == [], "use the logical property (inline-start/end, text-align: start): " + ", ".join(found)


@pytest.mark.parametrize("declaration, physical", [
    ("margin-left: 1rem", True), ("padding-right: 0", True), ("border-left: 3px solid", True),
    ("left: .5rem", True), ("text-align: right", True), ("float: left", True),
    ("margin-inline-start: 1rem", False), ("inset-inline-start: .5rem", False), ("text-align: start", False),
    ("border-inline-start: 3px solid", False), ("top: -3rem", False), ("margin: 0 auto", False),
])
def test_the_stylesheet_check_tells_physical_from_logical_properties(declaration, physical):
    assert bool(PHYSICAL.search(f".x {{ {declaration}; }}")) == physical


def test_the_search_box_takes_the_direction_of_what_is_typed(client):
    assert re.search(r'<input id="q" name="q" type="search"[^>]*dir="auto"', html_of(client, "/about?lang=fr"))


def test_a_query_is_isolated_inside_the_sentences_that_quote_it():
    from webapp.i18n import isolate

    assert isolate("housing first") == "\u2068housing first\u2069" and isolate("") == ""


def test_a_place_is_written_with_the_arabic_comma_in_an_arabic_interface(client):
    assert "عمّان، الأردن" in html_of(client, ARABIC + "?lang=ar")


def test_a_place_is_written_country_first_in_a_chinese_interface(client):
    assert "约旦安曼" in html_of(client, ARABIC + "?lang=zh")




def test_no_template_writes_a_colon_after_a_translated_message_or_a_label():
    """The colon belongs inside the message: French writes "Personnel :", Chinese "人员配置：".
    A label that is not a message of its own (an outcome direction, a registry's name) goes
    through the message "%(label)s:"."""
    templates = Path(__file__).resolve().parents[2] / "webapp" / "templates"
    outside = [f"{path.relative_to(templates)}:{number}: {line.strip()}"
               for path in sorted(templates.rglob("*.html"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"""\}\}(<[^>]*>)*:(\s|<|$)""", line)]
    assert not outside, "move the colon into the message:\n" + "\n".join(outside)


@pytest.fixture(scope="module")
def outcomes_client(tmp_path_factory):
    """One corpus practice with outcomes (direction 'improved') and nothing else."""
    root = tmp_path_factory.mktemp("outcomes") / "practices"
    (root / "casablanca").mkdir(parents=True)
    shutil.copy(REPO / "practices" / "casablanca" / "casablanca-enfants-en-situation-de-rue.md", root / "casablanca")
    app = create_app({"TESTING": True, "CONTENT_DIR": root, "INDEX_DIR": root.parent / "no-index",
                      "CONTENT_CHECK_SECONDS": 0})
    return app.test_client()


@pytest.mark.parametrize("lang, written", [
    ("fr", "Amélioration\u00a0:"), ("en", "Improved:"), ("zh", "改善："), ("ja", "改善："),
])
def test_an_outcome_direction_takes_the_colon_of_the_interface_language(outcomes_client, lang, written):
    html = html_of(outcomes_client, f"/practices/casablanca-enfants-en-situation-de-rue?lang={lang}")
    assert written in html

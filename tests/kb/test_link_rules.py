"""Links in the body (issue 14, High 1): no script address, written plainly, encoded, or
smuggled into the path of a site link, where a static export could turn it into a scheme."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "data" / "validation" / "valid-practice.md"
BODY_LINE = 24  # the line the tests append after the fixture's last line


def with_line(tmp_path: Path, line: str) -> Path:
    text = VALID.read_text(encoding="utf-8").rstrip("\n")
    assert text.count("\n") + 1 == BODY_LINE - 2
    path = tmp_path / "valid-practice.md"
    path.write_text(f"{text}\n\n{line}\n", encoding="utf-8")
    return path


COLON_IN_PATH = ("has a ':' in its path, which a browser can read as a script address; link to a practice "
                 "as /practices/<id> or give a full http(s) address")


@pytest.mark.parametrize("link", [
    "/practices/javascript:alert(1)",
    "/javascript:alert(1)",
    "/practices/javascript&#58;alert(1)",
    "/practices/javascript&colon;alert(1)",
    "/practices/javascript%3Aalert(1)",
    "/practices/javascript%253Aalert(1)",
    "/practices/java&#9;script:alert(1)",
    "/practices/vbscript:msgbox(1)",
    "/cities/data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "practices/javascript:alert(1)",
    "<./javascript:alert(1)>",
])
def test_a_scheme_smuggled_into_a_site_link_is_an_error_at_the_address(validate, tmp_path, link):
    path = with_line(tmp_path, f"See [the leaflet]({link}) first.")
    shown = link.strip("<>")
    assert validate(str(path)).problems == [
        f'{path}:{BODY_LINE}:19: error: link "{shown}" {COLON_IN_PATH}']


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JavaScript:alert(1)", "java&#9;script:alert(1)", "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=",
])
def test_a_script_address_is_an_error_however_it_is_written(validate, tmp_path, link):
    path = with_line(tmp_path, f"See [the leaflet]({link}) first.")
    assert validate(str(path)).problems == [
        f"{path}:{BODY_LINE}:19: error: link with a script URL is not allowed; link to an http(s) address"]


def test_a_script_address_in_a_reference_definition_is_an_error(validate, tmp_path):
    path = with_line(tmp_path, "See [the leaflet][l] first.\n\n[l]: /practices/javascript:alert(1)")
    assert validate(str(path)).problems == [
        f'{path}:{BODY_LINE + 2}:6: error: link "/practices/javascript:alert(1)" {COLON_IN_PATH}']


def test_a_script_address_on_the_line_after_the_bracket_is_located_there(validate, tmp_path):
    path = with_line(tmp_path, "See [the leaflet](\n/practices/javascript:alert(1)) first.")
    assert validate(str(path)).problems == [
        f'{path}:{BODY_LINE + 1}:1: error: link "/practices/javascript:alert(1)" {COLON_IN_PATH}']


def test_an_image_with_a_scheme_in_its_path_is_an_error(validate, tmp_path):
    path = with_line(tmp_path, "![map](/static/javascript:alert(1))")
    assert validate(str(path)).problems == [
        f'{path}:{BODY_LINE}:8: error: link "/static/javascript:alert(1)" {COLON_IN_PATH}']


@pytest.mark.parametrize("link", [
    "https://example.org/a:b", "/practices/paris-accueil-de-jour", "/practices/x#section:2",
    "/search?q=a:b", "mailto:info@example.org", "//example.org/a:b", "#approach",
])
def test_ordinary_links_are_accepted(validate, tmp_path, link):
    path = with_line(tmp_path, f"See [the leaflet]({link}) first.")
    assert validate(str(path)).problems == []


def test_a_scheme_in_a_site_link_of_an_exchange_record_is_an_error(validate, tmp_path, monkeypatch):
    exchanges = REPO / "tests" / "data" / "exchange-validation"
    monkeypatch.setenv("KB_CONTENT_DIR", "tests/data/corpus")
    monkeypatch.setenv("KB_EXCHANGES_DIR", str(tmp_path))
    text = (exchanges / "2016-valid-exchange.md").read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / "2016-valid-exchange.md"
    path.write_text(f"{text}\n\nSee [the programme](/practices/javascript:alert(1)).\n", encoding="utf-8")
    line = text.count("\n") + 3
    assert validate(str(path)).errors == [
        f'{path}:{line}:21: error: link "/practices/javascript:alert(1)" {COLON_IN_PATH}']

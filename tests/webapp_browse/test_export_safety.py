"""The static export never makes a script link, and its pages carry the site's CSP (issue 14, High 1).

A body link ``[x](/practices/javascript:alert(1))`` rendered safely on the live site, but the
export rewrote it to ``href="javascript:alert(1).html"``, which runs when clicked.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.export import export_csp, export_site_command
from webapp.security import CONTENT_SECURITY_POLICY
from webapp.static_links import LinkRewriter

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "data" / "corpus" / "chicago" / "needle-exchange-fixture.md"
HOSTILE_LINKS = [
    "/practices/javascript:alert(1)",
    "/javascript:alert(1)",
    "/practices/javascript&#58;alert(1)",
    "/practices/javascript%3Aalert(1)",
    "/practices/java&#9;script:alert(1)",
    "/cities/vbscript:msgbox(1)",
    "/topics/data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "/static/javascript:alert(1)",
]
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def browser_scheme(url: str) -> str | None:
    """The scheme a browser reads in an href (WHATWG URL: tabs and newlines dropped, C0 and spaces trimmed)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.csp: list[str] = []
        self.before_csp: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(attrs.get("content") or "")
        elif tag in ("link", "script", "style", "img") and not self.csp:
            self.before_csp.append(tag)
        self.urls += [value for name, value in attrs.items() if name in ("href", "src", "action") and value]


def parsed(page: Path) -> _Hrefs:
    parser = _Hrefs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("current", ["index.html", "practices/needle-exchange-fixture.html",
                                     "fr/practices/needle-exchange-fixture.html"])
@pytest.mark.parametrize("url", ["/practices/javascript:alert(1)", "/javascript:alert(1)",
                                 "/practices/java\tscript:alert(1)", "/practices/ javascript:alert(1)",
                                 "/data:text/html,x", "/static/javascript:alert(1)", "/practices/a\\b:c"])
def test_the_rewritten_link_never_has_a_scheme(current, url):
    rewritten = LinkRewriter(["en", "fr"]).rewrite_url(url, current, "fr" if current.startswith("fr/") else "en")
    assert browser_scheme(rewritten) is None, rewritten


@pytest.fixture(scope="module")
def hostile_export(site_dirs, tmp_path_factory) -> tuple[Path, Path]:
    """(content, export) of the fixture corpus plus a practice whose body links smuggle schemes."""
    root = tmp_path_factory.mktemp("hostile-export")
    content = root / "practices"
    shutil.copytree(site_dirs[0], content)
    body = "\n".join(f"- [link {n}]({link})" for n, link in enumerate(HOSTILE_LINKS))
    text = FIXTURE.read_text(encoding="utf-8").replace("id: needle-exchange-fixture", "id: hostile-links-fixture")
    (content / "chicago" / "hostile-links-fixture.md").write_text(text + "\n\n" + body + "\n", encoding="utf-8")
    out = root / "site"
    result = CliRunner().invoke(export_site_command, [str(out), "--content", str(content), "--index",
                                                      str(site_dirs[1]), "--languages", "en,fr"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return content, out


def test_no_exported_page_links_to_a_script_scheme(hostile_export):
    _, out = hostile_export
    pages = sorted(out.rglob("*.html"))
    found = {(page.relative_to(out).as_posix(), url) for page in pages for url in parsed(page).urls
             if browser_scheme(url) not in (None, *ALLOWED_SCHEMES)}
    assert len(pages) > 50 and found == set()


def test_a_practice_with_a_scheme_in_a_link_path_is_not_exported(hostile_export):
    _, out = hostile_export
    assert not (out / "practices" / "hostile-links-fixture.html").exists()
    assert (out / "practices" / "needle-exchange-fixture.html").is_file()


def test_every_exported_page_carries_the_sites_policy_in_a_meta_tag_before_any_resource(hostile_export):
    _, out = hostile_export
    expected, search_page = export_csp(None), export_csp(None, webassembly=True)
    for page in sorted(out.rglob("*.html")):
        found = parsed(page)
        assert found.csp == [search_page if page.name == "search.html" else expected], page
        assert found.before_csp == [], page


def test_only_the_search_page_may_run_webassembly_and_nothing_else_is_loosened():
    plain = [d.strip() for d in export_csp(None).split(";")]
    search = [d.strip() for d in export_csp(None, webassembly=True).split(";")]
    assert [d for d in search if d.startswith("script-src")] == ["script-src 'self' 'wasm-unsafe-eval'"]
    assert [d for d in search if not d.startswith("script-src")] == [d for d in plain if not d.startswith("script-src")]


def test_the_export_policy_is_the_live_one_without_frame_ancestors():
    live = [d.strip() for d in CONTENT_SECURITY_POLICY.split(";")]
    exported = [d.strip() for d in export_csp(None).split(";")]
    assert [d for d in live if not d.startswith("frame-ancestors")] == exported
    assert "script-src 'self'" in exported and "object-src 'none'" in exported


def test_with_a_search_endpoint_the_policy_lets_the_forms_send_there():
    policy = export_csp("https://live.example.org/search?x=1")
    assert "form-action 'self' https://live.example.org" in [d.strip() for d in policy.split(";")]

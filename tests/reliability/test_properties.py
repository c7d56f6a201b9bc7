"""Property-based tests: whatever front matter and Markdown a contributor writes, kb reports
problems instead of crashing, and the site's HTML never carries script.

tests/kb/test_robustness.py already covers arbitrary bytes and one arbitrary value per field;
these strategies add hostile content: HTML and script URLs in every text field and the body.
"""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badfiles import BAD, active_content
from kb.load import load_document
from kb.parse import FrontMatterError, parse
from webapp import create_app
from webapp.render import render_markdown

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: What an attacker (or a careless copy-paste) puts into Markdown.
HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=\"https://evil.example/\"></iframe>", "<div onmouseover='x()'>hi</div>",
    "<a href=\"javascript:alert(1)\">x</a>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)", "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)",
    "![i](javascript:alert(1))", "[x](java&#x09;script:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))", "[x]( javascript:alert(1) )", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))", "`<script>alert(1)</script>`", "```\n<script>alert(1)</script>\n```",
    "    <img src=x onerror=alert(1)>", "<!-- <script> -->", "<style>body{}</style>", "&lt;script&gt;",
    "<scr<script>ipt>alert(1)</script>", "\"><script>alert(1)</script>", "'onerror='alert(1)",
    "[x](https://example.org/\" onclick=\"alert(1))", "<https://example.org/?a=\"onmouseover=x>",
]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
markdown_piece = st.one_of(
    st.sampled_from(HOSTILE), text,
    st.sampled_from(["## Context", "## Approach", "- item", "1. step", "> quote", "| a | b |\n|---|---|\n| 1 | 2 |",
                     "**bold**", "_em_", "[ok](https://example.org)", "[rel](/practices/x)", "caf\u00e9 \u4e2d\u6587 \u0639\u0631\u0628\u064a"]),
)
markdown = st.lists(markdown_piece, max_size=8).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n", " ", ""]).map(lambda sep: sep.join(parts)))


def _no_active_content(html: str) -> None:
    # "onerror=" may appear as text or inside a quoted attribute value (escaped, inert): the
    # parser looks at real tags and attributes, which is where script would run
    assert active_content(html) == []


@SETTINGS
@given(body=markdown)
def test_rendered_markdown_never_carries_script(body):
    html = str(render_markdown(body))
    assert "<script" not in html.lower()
    _no_active_content(html)


# --- front matter ----------------------------------------------------------------------------

VALID = {
    "id": "prop-practice", "title": "Evening drop-in for young carers", "city": "chicago", "country": "US",
    "language": "en", "topics": ["youth", "family-support"], "target_population": ["youth", "carers"],
    "summary": "A weekly evening drop-in gives young people who care for a parent a meal and homework help.",
    "evidence_level": "emerging", "status": "active", "last_reviewed": dt.date(2026, 6, 1), "illustrative": True,
}
BODY = ("## Context\n\nMany teenagers look after a parent with a long illness and fall behind at school.\n\n"
        "## Approach\n\nEvery Tuesday evening a youth centre serves a meal and offers homework help.\n")
hostile_text = st.one_of(st.sampled_from(HOSTILE), text, st.builds(lambda a, b: f"{a} {b}", text, st.sampled_from(HOSTILE)))
value = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True) | st.dates() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["practice", "year", "note", "url", "x"]), inner, max_size=3),
    max_leaves=5,
)
front_key = st.sampled_from([*VALID, "local_terms", "outcomes", "contact", "cost", "start_year", "end_year",
                             "adapted_from", "adopted_by", "translations", "exchange", "sources", "unknown_field"])
# mostly-valid front matter: a few fields replaced by hostile or wrongly typed values
front_matter = st.dictionaries(front_key, value, max_size=4).map(lambda changes: {**VALID, **changes})


def _file(meta: dict, body: str) -> bytes:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}".encode("utf-8")


@SETTINGS
@given(meta=front_matter, body=markdown)
def test_parsing_raises_only_the_projects_own_error(meta, body):
    try:
        parsed = parse(_file(meta, body))
    except FrontMatterError as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
    else:
        assert isinstance(parsed.metadata, dict)


@SETTINGS
@given(meta=front_matter, body=markdown)
def test_validation_reports_problems_and_never_raises(tmp_path, meta, body):
    path = tmp_path / "chicago" / "prop-practice.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_file(meta, body))
    doc = load_document(path)
    for problem in doc.problems:
        assert problem.line >= 0 and problem.col >= 0 and problem.message
        assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.col}: {problem.level}: ")
    assert doc.practice is not None or any(p.level == "error" for p in doc.problems)


# --- whole pages -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_site(tmp_path_factory):
    """An app on one practice file that each example rewrites; no index (the page still shows)."""
    root = tmp_path_factory.mktemp("prop-site")
    (root / "practices" / "chicago").mkdir(parents=True)
    app = create_app({"TESTING": True, "CONTENT_DIR": root / "practices", "INDEX_DIR": root / "no-index",
                      "CONTENT_CHECK_SECONDS": 0})
    return root / "practices" / "chicago" / "prop-practice.md", app.test_client()


titled = st.fixed_dictionaries({"title": hostile_text.filter(lambda s: len(s.strip()) >= 3),
                                "summary": hostile_text.filter(lambda s: len(s.strip()) >= 3)})


@SETTINGS
@given(fields=titled, body=markdown)
def test_practice_page_never_carries_script_from_the_file(page_site, fields, body):
    path, client = page_site
    # the body is appended to a valid one, so most examples make a page
    path.write_bytes(_file({**VALID, **fields}, BODY + "\n" + body))
    response = client.get("/practices/prop-practice")
    assert response.status_code in (200, 404)
    _no_active_content(response.get_data(as_text=True))


def test_the_page_property_test_sees_real_pages(page_site):
    path, client = page_site
    path.write_bytes(_file({**VALID, "title": "<script>alert(1)</script> drop-in"}, BODY))
    response = client.get("/practices/prop-practice")
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; drop-in" in response.get_data(as_text=True)

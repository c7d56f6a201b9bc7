"""A body whose Markdown would take seconds to parse (250 KB of "![" took 7 s per view) is
shown as plain text after a bounded amount of parsing, and every body is rendered once per
content, not on every page view (issue 14 item 6)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import render
from webapp.render import render_markdown

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("unit", ["![", "[", "*a", "[](", "[a](", "<", "&#"])
def test_a_pathological_body_is_shown_as_plain_text(unit):
    body = unit * (40_000 // len(unit))
    html = str(render_markdown(body))
    assert 'class="markdown-plain"' in html
    assert "<a" not in html and "<img" not in html and "<em>" not in html
    # nothing is lost: the text is all there, escaped
    assert html.count(unit.replace("&", "&amp;").replace("<", "&lt;")) == len(body) // len(unit)


def test_the_plain_text_keeps_paragraphs_and_escapes_markup():
    body = "![" * 20_000 + "\n\n<b>second</b> paragraph\nwith a line"
    html = str(render_markdown(body))
    assert "<p>&lt;b&gt;second&lt;/b&gt; paragraph<br>\nwith a line</p>" in html
    assert "<b>" not in html


def test_prose_as_long_as_the_file_limit_still_renders_as_markdown():
    prose = "\n\n".join(p.read_text(encoding="utf-8").split("---", 2)[2]
                        for p in sorted((REPO / "practices").rglob("*.md")))
    body = (prose * 10)[:250_000]
    html = str(render_markdown(body))
    assert 'class="markdown-plain"' not in html and "<h2>" in html


def test_the_inline_parse_stops_within_its_step_budget():
    _, inline = render.parse_steps("![" * 60_000)
    assert inline == render.MAX_INLINE_STEPS + 1  # stopped at the first step past the budget
    assert render.parse_steps("## A heading\n\nSome *short* [text](https://example.org).")[1] < 50


@pytest.mark.parametrize("line", ["- a\n", "# a\n", "> a\n", "a\n\n", "a  \n"])
def test_thousands_of_short_blocks_stop_within_the_block_budget(line):
    body = line * 40_000
    block, _ = render.parse_steps(body)
    assert block == render.MAX_BLOCK_STEPS + 1
    html = str(render_markdown(body))
    assert 'class="markdown-plain"' in html and re.sub(r"<[^>]+>", "", html).count("a") == 40_000


def test_a_body_is_rendered_once_per_content(monkeypatch):
    render.clear_cache()
    body = "## Unique heading for the cache test\n\nBody text."
    first = render_markdown(body)
    before = render.cache_info()
    second = render_markdown(body)
    after = render.cache_info()
    assert first == second
    assert after.hits == before.hits + 1 and after.misses == before.misses
    render_markdown(body + " changed")
    assert render.cache_info().misses == after.misses + 1


def test_the_cache_is_bounded_by_size():
    cache = render.HtmlCache(max_chars=1_000)
    for i in range(50):
        cache.put(f"key-{i}", "x" * 100)
    assert cache.size_chars() <= 1_000 and cache.get("key-49") == "x" * 100 and cache.get("key-0") is None

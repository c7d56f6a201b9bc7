"""Markdown rendering: raw HTML disabled, only http(s), mailto and relative links."""
from __future__ import annotations

import pytest

from webapp.render import is_safe_link, render_markdown


def test_markdown_renders_headings_lists_and_emphasis():
    html = str(render_markdown("## Ansatz\n\n- **eins**\n- zwei"))
    assert "<h2>Ansatz</h2>" in html and "<li><strong>eins</strong></li>" in html


def test_raw_html_is_escaped_not_rendered():
    html = str(render_markdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">'))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd"])
def test_dangerous_links_render_as_text(url):
    html = str(render_markdown(f"[click]({url})"))
    assert "<a" not in html


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org", "mailto:team@example.org",
                                 "/practices/x", "../x", "#contact"])
def test_safe_links_are_kept(url):
    assert is_safe_link(url)
    assert f'href="{url}"' in str(render_markdown(f"[ok]({url})"))


def test_empty_body_renders_empty():
    assert str(render_markdown("")) == ""


def test_tables_and_code_blocks_can_be_focused_to_scroll_them_with_a_keyboard():
    html = str(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n    indented code\n"))
    assert html.count('<table tabindex="0">') == 1
    assert html.count('<pre tabindex="0">') == 2


def test_a_raw_table_tag_in_the_text_stays_escaped_and_gets_nothing():
    html = str(render_markdown("<table> and <pre> typed in the text"))
    assert "&lt;table&gt;" in html and "tabindex" not in html

"""Practice bodies from Markdown to safe HTML (markdown-it-py, raw HTML disabled).

Links may only point to http(s), mailto or relative addresses: ``javascript:``,
``data:`` and every other scheme render as plain text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

#: A URL scheme is letters, digits, + - . before the first colon (RFC 3986).
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or #fragment) links."""
    # browsers ignore control characters and spaces inside a scheme ("java\tscript:")
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(cleaned)
    if match is None:
        return True  # relative, #fragment, or protocol-relative (inherits http/https)
    return match.group(1).lower() in ALLOWED_SCHEMES


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.validateLink = is_safe_link
    return md


def render_markdown(text: str) -> Markup:
    """HTML for a Markdown string; safe to insert into a page unescaped."""
    return Markup(_markdown().render(text or ""))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown

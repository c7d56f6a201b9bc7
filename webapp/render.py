"""Practice bodies from Markdown to safe HTML (markdown-it-py, raw HTML disabled).

Links may only point to http(s), mailto or relative addresses: ``javascript:``,
``data:`` and every other scheme render as plain text.

Parsing is bounded and cached. markdown-it costs a few steps per line and per inline token:
about 0.06 inline and 0.03 block steps per character of prose, but up to two per character
of markup-dense text or of thousands of one-word lines, at 10–35 µs a step: 250 KB of ``![``
took 7–9 s, 62,500 one-word list items 4 s, on every page view. A body that needs more than
:data:`MAX_BLOCK_STEPS` or :data:`MAX_INLINE_STEPS` is shown as plain text (escaped,
paragraphs kept), and the HTML of every body is kept per content hash in a cache bounded by
size.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import NamedTuple

from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

log = logging.getLogger(__name__)

#: A URL scheme is letters, digits, + - . before the first colon (RFC 3986).
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

#: Inline parsing steps one body may take (markdown-it runs its inline rule chain once per
#: step). Measured on the 50 practices of practices/ (242 KB): 13,491 steps, 0.056 per
#: character, so prose up to the 256 KB file limit stays under it with room to spare;
#: markup-dense text ("![", "*a", "[](", "<", "&#" repeated) takes 0.5–2 steps per character
#: and is stopped after 0.1–0.4 s of parsing instead of 1–9 s.
MAX_INLINE_STEPS = 25_000
#: Block rule calls one body may take (line starts plus paragraph-end checks): 6,749 for the
#: same 242 KB of prose; a 250 KB list of 62,500 items takes 250,000, a page of 62,500
#: headings 62,500. Stopped here after at most about 0.4 s.
MAX_BLOCK_STEPS = 25_000
#: Characters of rendered HTML kept per process (about 3,000 typical practice pages).
CACHE_MAX_CHARS = 32 * 1024 * 1024

_STEPS = "practice_exchange_inline_steps"
_BLOCK_STEPS = "practice_exchange_block_steps"
#: The block chains that end a paragraph, list or quote: their checks run on every line.
_TERMINATOR_CHAINS = ["paragraph", "reference", "blockquote", "list"]


class _OverBudget(Exception):
    """The body needs more parsing than :data:`MAX_BLOCK_STEPS` or :data:`MAX_INLINE_STEPS`."""


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or #fragment) links."""
    # browsers ignore control characters and spaces inside a scheme ("java\tscript:")
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(cleaned)
    if match is None:
        return True  # relative, #fragment, or protocol-relative (inherits http/https)
    return match.group(1).lower() in ALLOWED_SCHEMES


def _meter(state, silent: bool) -> bool:
    """First rule of the inline chain: counts one step, consumes nothing."""
    steps = state.env.get(_STEPS, 0) + 1
    state.env[_STEPS] = steps
    if steps > MAX_INLINE_STEPS:
        raise _OverBudget
    return False


def _block_meter(state, start_line: int, end_line: int, silent: bool) -> bool:
    """First rule of every block chain: counts one step, matches nothing."""
    steps = state.env.get(_BLOCK_STEPS, 0) + 1
    state.env[_BLOCK_STEPS] = steps
    if steps > MAX_BLOCK_STEPS:
        raise _OverBudget
    return False


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.validateLink = is_safe_link
    md.inline.ruler.before(md.inline.ruler.get_all_rules()[0], "step_budget", _meter)
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "step_budget", _block_meter,
                          {"alt": _TERMINATOR_CHAINS})
    return md


def parse_steps(text: str) -> tuple[int, int]:
    """(block steps, inline steps) rendering ``text`` takes; the parse stops one past a budget."""
    env: dict = {}
    try:
        _markdown().render(text or "", env)
    except _OverBudget:
        pass
    return env.get(_BLOCK_STEPS, 0), env.get(_STEPS, 0)


def plain_html(text: str) -> str:
    """``text`` escaped, paragraphs (blank-line separated) as ``<p>``, line breaks as ``<br>``."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if p.strip()]
    inner = "".join("<p>" + str(escape(p)).replace("\n", "<br>\n") + "</p>\n" for p in paragraphs)
    return f'<div class="markdown-plain">\n{inner}</div>\n'


def _keyboard_scrollable(html: str) -> str:
    """Tables and code blocks scroll inside their own box on a narrow screen (site.css), so a
    keyboard must be able to focus them to scroll (WCAG 2.1.1; axe's scrollable-region-focusable).
    Raw HTML is escaped (``html: False``), so every ``<table>`` and ``<pre>`` here is the renderer's."""
    return html.replace("<table>", '<table tabindex="0">').replace("<pre>", '<pre tabindex="0">')


def _render(text: str) -> str:
    try:
        return _keyboard_scrollable(_markdown().render(text, {}))
    except _OverBudget:
        log.warning("a practice body of %d characters needs more Markdown parsing than the site "
                    "allows (%d block or %d inline steps); shown as plain text",
                    len(text), MAX_BLOCK_STEPS, MAX_INLINE_STEPS)
        return plain_html(text)


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    entries: int
    chars: int


class HtmlCache:
    """Rendered HTML by content hash, least recently used out first, at most ``max_chars``."""

    def __init__(self, max_chars: int = CACHE_MAX_CHARS) -> None:
        self.max_chars = max_chars
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()  # gunicorn's threaded workers render concurrently
        self.hits = self.misses = 0

    def get(self, key: str) -> str | None:
        with self._lock:
            html = self._entries.get(key)
            if html is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key: str, html: str) -> None:
        if len(html) > self.max_chars:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._chars -= len(old)
            self._entries[key] = html
            self._chars += len(html)
            while self._chars > self.max_chars:
                _, evicted = self._entries.popitem(last=False)
                self._chars -= len(evicted)

    def size_chars(self) -> int:
        return self._chars

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._entries), self._chars)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
            self.hits = self.misses = 0


_cache = HtmlCache()


def render_markdown(text: str) -> Markup:
    """HTML for a Markdown string; safe to insert into a page unescaped."""
    text = text or ""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    html = _cache.get(key)
    if html is None:
        html = _render(text)
        _cache.put(key, html)
    return Markup(html)


def cache_info() -> CacheInfo:
    return _cache.info()


def clear_cache() -> None:
    _cache.clear()


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown

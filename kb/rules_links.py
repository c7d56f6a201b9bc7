"""Links in the body: no script address, however it is written.

The site renders a ``javascript:`` link as plain text, but a static export turns a site link
into a relative file name: ``/practices/javascript:alert(1)`` would become
``javascript:alert(1).html``, which a browser reads as a script. So a site link (one without
``http:``, ``https:`` or ``mailto:``) may not have a ``:`` in its path, once entities
(``&#58;``), backslash escapes and percent-encoding (``%3A``) are decoded.

Destinations are found in the Markdown source with markdown-it's own parser of link
destinations (inline links and images, reference definitions, autolinks), so each problem
is located where the address starts. Code is not skipped: a hostile link in a code block is
harmless but rare, and telling code from text here would be one more parser to get wrong.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it.helpers import parseLinkDestination

from kb.load import Document

SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
#: A URL scheme is letters, digits, + - . before the first colon (RFC 3986).
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_INLINE = re.compile(r"\]\([ \t]*\n?[ \t]*")
_REFERENCE = re.compile(r"^[ \t>]*\[(?:[^\]\\\n]|\\.)+\]:[ \t]*\n?[ \t]*", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>")
#: Characters a browser drops from a URL before reading its scheme (WHATWG URL standard).
_DROPPED = re.compile(r"[\t\n\r]")
_MAX_SHOWN = 80


def destinations(body: str) -> Iterator[tuple[int, str, str]]:
    """(offset, address as written, address as a browser reads it) of every link in ``body``."""
    taken: list[tuple[int, int]] = []
    for pattern in (_INLINE, _REFERENCE):
        for match in pattern.finditer(body):
            found = parseLinkDestination(body, match.end(), len(body))
            if found.ok and found.pos > match.end():
                taken.append((match.end(), found.pos))
                yield match.end(), body[match.end():found.pos].strip("<>"), found.str
    for match in _AUTOLINK.finditer(body):
        # "[x](<javascript:…>)" is one link, already seen above, not an autolink as well
        if not any(start <= match.start() < end for start, end in taken):
            yield match.start(1), match.group(1), match.group(1)


def scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lowercase), or None for a relative address."""
    cleaned = _DROPPED.sub("", url).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def colon_in_path(url: str) -> bool:
    """True when the path of a relative address holds a ':' once decoded (``%3A``, ``%253A``, …)."""
    cleaned = _DROPPED.sub("", url).strip()
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # another site's address (protocol-relative): its path is that site's business
    path = re.split(r"[?#]", cleaned, maxsplit=1)[0]
    for _ in range(4):  # double-encoded forms decode once per export or proxy on the way
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    return ":" in path


def check_links(doc: Document) -> None:
    """An error for each link to a script address, or whose path could turn into one."""
    for offset, written, url in destinations(doc.body):
        line = doc.body.count("\n", 0, offset)
        col = offset - (doc.body.rfind("\n", 0, offset) + 1) + 1
        found = scheme(url)
        if found in SCRIPT_SCHEMES:
            doc.problem_at(doc.body_line + line, col, "link with a script URL is not allowed; "
                           "link to an http(s) address", rule="html")
        elif found is None and colon_in_path(url):
            shown = written if len(written) <= _MAX_SHOWN else written[:_MAX_SHOWN - 1] + "…"
            doc.problem_at(doc.body_line + line, col, f'link "{shown}" has a \':\' in its path, which a browser '
                           "can read as a script address; link to a practice as /practices/<id> or give a "
                           "full http(s) address", rule="html")

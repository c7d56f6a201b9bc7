"""Section-aware chunks of a practice body: split at Markdown headings, then into sentence windows.

Every chunk's ``text`` is exactly ``body[start:end]``, so a snippet can be highlighted in the
original write-up.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

#: Upper size of a sentence window, in characters (about 100-150 words: USE was trained on
#: sentences and short paragraphs; longer inputs blur the vector).
MAX_CHARS = 600
#: Where a sentence longer than MAX_CHARS is cut when it has no space near the limit (CJK
#: text): after a comma-like mark, else anywhere but before a combining mark.
_CLAUSE_END = re.compile(r"[、，；：,;:]")
#: Sentences repeated at the start of the next window, so an idea cut at a window border is
#: still found whole in one chunk.
OVERLAP_SENTENCES = 1

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
# A sentence ends at . ! ? (or their CJK forms) followed by space, or at a blank line / list item.
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"')\]»”]*\s+|[。！？]|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")


@dataclass(frozen=True)
class Chunk:
    """A passage of one practice: which practice, which section, where in the body."""

    practice: str
    section: str
    start: int
    end: int
    text: str
    #: "body" (offsets in the Markdown body), "summary" (offsets in the front-matter summary) or
    #: "abstract" (offsets in the summary of the abstract in ``language``)
    field: str = "body"
    #: the language of the text: "" for the practice's own (body and summary)
    language: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def sections(body: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) of each section's text; text before the first heading has heading ""."""
    found = []
    heading, start = "", 0
    for match in _HEADING.finditer(body):
        found.append((heading, start, match.start()))
        heading, start = match.group(2).strip(), match.end()
    found.append((heading, start, len(body)))
    return [(h, s, e) for h, s, e in found if body[s:e].strip()]


def sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``body[start:end]``, whitespace trimmed."""
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(body, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        piece = body[s:e]
        if not piece.strip():
            continue
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        trimmed.append((s, e))
    return trimmed


def bounded(body: str, spans: list[tuple[int, int]], max_chars: int = MAX_CHARS) -> list[tuple[int, int]]:
    """The spans, each one longer than ``max_chars`` cut into pieces of at most ``max_chars``.

    A cut falls at the last space before the limit (words stay whole); in text without
    spaces (Chinese, Japanese) after the last comma-like mark, else at the limit itself, never
    between a letter and its combining mark. Pieces are whitespace-trimmed and keep every
    character that is not a space.
    """
    result = []
    for start, end in spans:
        while end - start > max_chars:
            cut = _cut(body, start, start + max_chars)
            piece_end = cut
            while piece_end > start and body[piece_end - 1].isspace():
                piece_end -= 1
            result.append((start, piece_end))
            start = cut
            while start < end and body[start].isspace():
                start += 1
        if start < end:
            result.append((start, end))
    return result


def _cut(body: str, start: int, limit: int) -> int:
    """Where the piece ``body[start:cut]`` ends, with ``start < cut <= limit`` (``limit < len(body)``)."""
    for i in range(limit, start, -1):
        if body[i].isspace():
            return i
    clause = None
    for match in _CLAUSE_END.finditer(body, start, limit):
        clause = match.end()
    if clause is not None:
        return clause
    cut = limit
    while cut > start + 1 and unicodedata.combining(body[cut]):
        cut -= 1
    return cut


def windows(spans: list[tuple[int, int]], max_chars: int = MAX_CHARS,
            overlap: int = OVERLAP_SENTENCES) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into windows of at most ``max_chars`` (a longer span
    stays whole: :func:`bounded` cuts long sentences first)."""
    result: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][1] - spans[i][0] <= max_chars:
            j += 1
        result.append((spans[i][0], spans[j - 1][1]))
        if j >= len(spans):
            break
        i = max(i + 1, j - overlap)
    return result


def chunk_body(practice_id: str, body: str, max_chars: int = MAX_CHARS,
               overlap: int = OVERLAP_SENTENCES) -> list[Chunk]:
    """The chunks of one practice body, in reading order."""
    chunks = []
    for heading, start, end in sections(body):
        for s, e in windows(bounded(body, sentences(body, start, end), max_chars), max_chars, overlap):
            chunks.append(Chunk(practice_id, heading, s, e, body[s:e]))
    return chunks

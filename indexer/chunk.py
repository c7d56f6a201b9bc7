"""Section-aware chunks of a practice body: split at Markdown headings, then into sentence windows.

Every chunk's ``text`` is exactly ``body[start:end]``, so a snippet can be highlighted in the
original write-up.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

#: Upper size of a sentence window, in characters (about 100-150 words: USE was trained on
#: sentences and short paragraphs; longer inputs blur the vector).
MAX_CHARS = 600
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
    #: "body" (offsets in the Markdown body) or "summary" (offsets in the front-matter summary)
    field: str = "body"

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


def windows(spans: list[tuple[int, int]], max_chars: int = MAX_CHARS,
            overlap: int = OVERLAP_SENTENCES) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into windows of at most ``max_chars`` (a longer sentence stays whole)."""
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
        for s, e in windows(sentences(body, start, end), max_chars, overlap):
            chunks.append(Chunk(practice_id, heading, s, e, body[s:e]))
    return chunks

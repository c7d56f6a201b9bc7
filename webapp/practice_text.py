"""The text of a practice file from front-matter values: new files in the corpus's own style,
edits that keep every untouched field byte for byte.

An edit starts from the file as it is. Each top-level field of its front matter is a block
of lines (``kb.parse.top_level_blocks``); a field whose value did not change keeps its
block exactly as written (quotes, folding, comments), a changed field is written anew, a
removed one is dropped and a new one goes where the model's field order puts it. So a
"Suggest an edit" that changes nothing gives back the file itself, and one that changes the
status changes one line.

New text follows the style of the corpus: lists of plain values in flow style
(``topics: [housing, youth]``), groups and lists of groups in block style, long text folded
(``summary: >-``), abstracts in double quotes. Every block written is read back with the
same YAML reader as ``kb validate`` and falls back to double quotes where the plain form
would not read back as written.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from kb.front_matter import FENCE, FrontMatterError, split_recovering
from kb.model import FIELDS as MODEL_FIELDS
from kb.parse import load_block, top_level_blocks

#: The order of the fields in new files: the corpus's (the model's, with the facts a reader
#: looks for first, as `kb new` writes them).
FIELDS: tuple[str, ...] = ("id", "title", "city", "country", "language", "topics", "target_population",
                           "summary", "evidence_level", "status", "last_reviewed")
FIELDS += tuple(name for name in MODEL_FIELDS if name not in FIELDS)
#: Lines of folded text are wrapped to this width, as in the corpus (measured: 88–96 columns).
WRAP = 92
#: A top-level text longer than this is written folded (``>-``) rather than on one line.
FOLD_OVER = 100
#: Lists of values kept in their written order when only their order differs.
UNORDERED = frozenset({"topics", "target_population"})
INDENT = "  "
_RESERVED_START = set("-?:,[]{}#&*!|>'\"%@`")


def file_text(values: dict, body: str, original: str | None = None, base: str | None = None) -> str:
    """The whole file: ``---``, the front matter, ``---``, the body.

    Args:
        values: the front-matter values wanted, by field (empty ones left out); ``abstracts``
            may be a list of ``(language, abstract)`` pairs, so that a language given twice
            reaches the validator instead of vanishing.
        body: the Markdown write-up, as typed (line ends are normalised to ``\\n``).
        original: the file being edited, whose unchanged fields are kept as written.
        base: the text of that file when the form was filled from it; when ``original`` has
            changed since, see :func:`rebased`.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if original is not None and base is not None:
        values, body = rebased(values, body, base, original)
    front = None
    if original is not None:
        try:
            found = split_recovering(original.replace("\r\n", "\n"))
        except FrontMatterError:
            found = None
        if found is not None and found.front_line == 2 and not found.errors:
            front = patched(found.front, values)
    if front is None:
        front = "\n".join(block(key, value) for key, value in ordered(values))
        # a new file as the corpus writes them: a blank line after the fence, a final newline
        body = "\n" + body.strip("\n") + "\n" if body.strip() else "\n"
    return f"{FENCE}\n{front}\n{FENCE}\n{body}"


def rebased(values: dict, body: str, base: str, current: str) -> tuple[dict, str]:
    """The form's values and body carried over to ``current`` when the form was filled from
    ``base`` and the file changed meanwhile (someone else's edit was published): a field or
    body the form left as it was in ``base`` takes its value in ``current``, so that the other
    edit is not undone; what the form changed stays the form's. Unchanged file: as given."""
    if _newlines(base) == _newlines(current):
        return values, body
    was, now = front_values(base), front_values(current)
    if was is None or now is None:
        return values, body
    (was_values, was_body), (now_values, now_body) = was, now
    merged = {}
    for key in dict.fromkeys([*values, *was_values, *now_values]):
        wanted = values.get(key)
        if same(key, wanted, was_values.get(key)):
            if key in now_values:
                merged[key] = now_values[key]
        elif not is_empty(wanted):
            merged[key] = wanted
    return merged, (now_body if _newlines(body) == _newlines(was_body) else body)


def front_values(text: str) -> tuple[dict, str] | None:
    """(top-level values, body) of a practice file as kb reads them, or None when its front
    matter cannot be read field by field."""
    try:
        found = split_recovering(_newlines(text))
    except FrontMatterError:
        return None
    if found.errors:
        return None
    values = {}
    lines = found.front.split("\n")
    for start, end in top_level_blocks(lines):
        key, value, ok = load_block("\n".join(lines[start:end]))
        if key is not None and ok:
            values[key] = value
    return values, found.body


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def ordered(values: dict) -> list[tuple[str, object]]:
    """The non-empty values in the model's field order (unknown keys last, as given)."""
    rank = {name: i for i, name in enumerate(FIELDS)}
    items = [(k, v) for k, v in values.items() if not is_empty(v)]
    return sorted(items, key=lambda kv: rank.get(kv[0], len(rank)))


def patched(front: str, values: dict) -> str:
    """``front`` with the fields of ``values`` that differ from it rewritten."""
    lines = front.split("\n")
    kept: list[tuple[str | None, str]] = []
    for start, end in top_level_blocks(lines):
        text = "\n".join(lines[start:end])
        key, value, ok = load_block(text)
        if key is None:  # comments before the first field
            kept.append((None, text))
            continue
        if key not in FIELDS:
            kept.append((key, text))  # a field the form does not know: never lost
            continue
        wanted = values.get(key)
        if ok and same(key, wanted, value):
            kept.append((key, text))
        elif not is_empty(wanted):
            kept.append((key, block(key, wanted, value if ok else None) + _trailing_lines(text)))
    present = {key for key, _ in kept}
    rank = {name: i for i, name in enumerate(FIELDS)}
    for key, value in ordered(values):
        if key in present or is_empty(value) or value is False:
            continue
        after = [i for i, (k, _) in enumerate(kept) if k is not None and rank.get(k, -1) < rank.get(key, len(rank))]
        where = after[-1] + 1 if after else sum(1 for k, _ in kept if k is None)
        kept.insert(where, (key, block(key, value)))
    return "\n".join(text for _, text in kept)


def _trailing_lines(text: str) -> str:
    """The blank lines and margin comments that end a field's block (they belong between
    fields, not to the value): kept when the value is rewritten."""
    lines = text.split("\n")
    n = len(lines)
    while n > 1 and (not lines[n - 1].strip() or lines[n - 1].startswith("#")):
        n -= 1
    return "".join("\n" + line for line in lines[n:])


# --- comparing ------------------------------------------------------------------------------

def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def normal(value):
    """A value as the model reads it: text stripped, empty members of groups left out."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return normal(dict(value)) if len({k for k, _ in value}) == len(value) else value
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, dict):
        return {str(k): normal(v) for k, v in value.items() if not is_empty(normal(v))}
    return value


def same(key: str, wanted, written) -> bool:
    """True when the form's value for ``key`` says what the file already says."""
    if is_empty(wanted) and (is_empty(written) or written is False):
        return True
    a, b = normal(wanted), normal(written)
    if key in UNORDERED and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b)) and len(a) == len(b)
    return a == b


# --- writing --------------------------------------------------------------------------------

def block(key: str, value, written=None) -> str:
    """The lines of one top-level field; ``written`` is its old value (kept item order)."""
    if key in UNORDERED and isinstance(value, list) and isinstance(written, list):
        value = [v for v in written if v in value] + [v for v in value if v not in written]
    if key == "abstracts":
        pairs = value if isinstance(value, list) else list(value.items())
        lines = [f"{key}:"]
        for code, abstract in pairs:
            lines.append(f"{INDENT}{_key(str(code))}:")
            lines += [f"{INDENT * 2}{k}: {quoted(v)}" for k, v in abstract.items() if not is_empty(v)]
        text = "\n".join(lines)
    else:
        text = "\n".join(_lines(key, value, 0, top=True))
    if not _reads_back(text, key, value):
        text = f"{key}: {json.dumps(_jsonable(value), ensure_ascii=False)}"
    return text


def _lines(key: str, value, depth: int, top: bool = False) -> list[str]:
    pad = INDENT * depth
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            if not is_empty(v):
                lines += _lines(k, v, depth + 1)
        return lines
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        lines = [f"{pad}{key}:"]
        for item in value:
            item_lines: list[str] = []
            for k, v in item.items():
                if not is_empty(v):
                    item_lines += _lines(k, v, depth + 2)
            if item_lines:
                first = item_lines[0]
                item_lines[0] = f"{pad}{INDENT}- " + first[len(pad) + 2 * len(INDENT):]
                lines += item_lines
        return lines
    if isinstance(value, list):
        return [f"{pad}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]"]
    if top and isinstance(value, str) and "\n" not in value.strip() and len(value) > FOLD_OVER:
        folded = _folded(value.strip(), pad + INDENT)
        if folded:
            return [f"{pad}{key}: >-", *folded]
    if isinstance(value, str) and "\n" in value.strip():
        literal = _literal(value.strip(), pad + INDENT)
        if literal:
            return [f"{pad}{key}: |-", *literal]
    return [f"{pad}{key}: {scalar(value)}"]


def _key(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z0-9_-]+", code) and plain_ok(code) else quoted(code)


def quoted(value) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(str(value), ensure_ascii=False)


def scalar(value, flow: bool = False) -> str:
    """One value: plain where YAML reads the plain text back as this very string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if plain_ok(text, flow) else quoted(text)


def plain_ok(text: str, flow: bool = False) -> bool:
    """True when ``text`` can be written unquoted and reads back as the same string."""
    if not text or text != text.strip() or "\n" in text or "\t" in text or text[0] in _RESERVED_START:
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _folded(text: str, pad: str) -> list[str] | None:
    """``text`` wrapped into the lines of a ``>-`` block, or None when folding would change it."""
    if "  " in text or "\t" in text or text != text.strip():
        return None  # folding turns each line break back into one space, nothing else
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > WRAP:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return lines


def _literal(text: str, pad: str) -> list[str] | None:
    rows = text.split("\n")
    if any(row != row.rstrip() or "\t" in row for row in rows) or rows[0].startswith(" "):
        return None
    return [pad + row if row else "" for row in rows]


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {str(k): _jsonable(v) for k, v in value}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if not is_empty(v)}
    return value


def _reads_back(text: str, key: str, value) -> bool:
    """True when ``text`` is read by kb's YAML reader as ``{key: value}``."""
    found, read, ok = load_block(text)
    if not ok or found != key:
        return False
    if key == "abstracts" and isinstance(value, list):
        if len({k for k, _ in value}) != len(value):
            return True  # a language twice: the validator says so, at its line
        value = dict(value)
    if isinstance(value, dt.date) or isinstance(read, dt.date):
        return str(read) == str(value)
    return normal(read) == normal(_jsonable(value)) if not isinstance(value, str) else read == value.strip()

"""YAML mistakes in front matter, in words a committee member can act on.

PyYAML says *what* stopped its parser ("mapping values are not allowed here"); people need
to know *why* and *what to type*. The common mistakes of hand-written front matter are
recognised from the line the parser stopped on, and each message ends with the fixed line:

- a colon and a space inside an unquoted value (French "Objectif : …", "Note: …");
- a ``#`` inside an unquoted value, which YAML silently reads as the start of a comment;
- a value that starts with a quote and goes on after the closing quote (``'L'accueil'``), or
  whose quote is never closed;
- a value that starts with a character YAML reserves (``@ ` % * & ! | > [ { ? -``);
- a ``[`` list or ``{`` group that is not closed on its line;
- a missing space after the colon (``title:Objectif``);
- tab characters, where YAML needs spaces.

Everything else falls back to PyYAML's own words with where the construct began.
"""
from __future__ import annotations

import json
import re

import yaml

#: ``  - key: value`` — indentation, an optional list dash, a plain key, the rest of the line.
KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*):(?P<sep>[ \t]+|$)(?P<value>.*)$")
#: Characters that cannot start a plain YAML value (they begin another construct).
RESERVED_STARTS = "@`%*&!|>[{?-"
#: Longest value quoted back in a suggestion; longer ones end in "…".
SUGGESTION_CHARS = 70

#: What PyYAML's parser contexts are, in words a committee member recognises.
CONTEXTS = {
    "while parsing a flow sequence": "the [ ] list",
    "while parsing a flow mapping": "the { } group",
    "while scanning a quoted scalar": "the quoted text",
    "while parsing a block mapping": "the 'key: value' lines",
    "while parsing a block collection": "the '- ' list",
    "while scanning a simple key": "the key",
}


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted string (JSON's escapes are valid YAML ones)."""
    return json.dumps(value, ensure_ascii=False)


def suggestion(indent: str, dash: str, key: str, value: str) -> str:
    """The fixed line: ``key: "value"``, shortened for the message when the value is long."""
    text = quoted(value.strip())
    if len(text) > SUGGESTION_CHARS:
        text = text[:SUGGESTION_CHARS - 2] + '…"'
    return f"{dash}{key}: {text}"


def unquote(value: str) -> str:
    """The text a person meant: a value wrapped in one pair of matching quotes loses them."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def owner(lines: list[str], index: int) -> int | None:
    """The index of the ``key:`` line that line ``index`` belongs to: the line itself when it is
    one, else the nearest less indented one above it (a value continued over several lines)."""
    if not 0 <= index < len(lines):
        return None
    if KEY_LINE.match(lines[index]):
        return index
    width = len(lines[index]) - len(lines[index].lstrip(" "))
    for i in range(index - 1, -1, -1):
        match = KEY_LINE.match(lines[i])
        if match and len(match.group("indent")) < max(width, 1):
            return i
    return None


def dotted_key(lines: list[str], index: int | None) -> str:
    """The full name of the key on line ``index``, as kb locates fields: ``contact.role`` for
    ``role:`` under ``contact:``, ``outcomes.1.direction`` in the second item of a list."""
    match = KEY_LINE.match(lines[index]) if index is not None and 0 <= index < len(lines) else None
    if match is None:
        return ""
    names = [match.group("key")]
    width = len(match.group("indent")) + len(match.group("dash") or "")
    item = (index, len(match.group("indent"))) if match.group("dash") else None
    for i in range(index - 1, -1, -1):
        if width == 0:
            break
        above = KEY_LINE.match(lines[i])
        if above is None:
            continue
        key_col = len(above.group("indent")) + len(above.group("dash") or "")
        if key_col < width:
            if item is not None:
                start, dash_col = item
                names.insert(0, str(sum(1 for j in range(i + 1, start + 1)
                                        if re.match(rf"^ {{{dash_col}}}- ", lines[j])) - 1))
                item = None
            names.insert(0, above.group("key"))
            width = key_col
            if above.group("dash"):
                item = (i, len(above.group("indent")))
        elif above.group("dash") and len(above.group("indent")) < width and item is None:
            # the "- key:" line that opens this list item; the list's own key is at most as indented
            item = (i, len(above.group("indent")))
            width = len(above.group("indent")) + 1
    return ".".join(names)


def tab_problems(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index, column, message) of every tab in ``lines``: YAML indents with spaces only."""
    found = []
    for i, line in enumerate(lines):
        col = line.find("\t")
        if col < 0:
            continue
        if not line[:col].strip(" "):
            found.append((i, col + 1, "this line is indented with a tab; YAML needs spaces: replace the "
                                      "tab with spaces, two per level"))
        else:
            found.append((i, col + 1, "tab character in front matter; YAML needs spaces: replace the tab "
                                      "with a space"))
    return found


def field_of(exc: yaml.YAMLError, lines: list[str]) -> str:
    """The dotted field a syntax error is in (see :func:`dotted_key`), "" when unknown."""
    mark = getattr(exc, "context_mark", None) if getattr(exc, "context", None) == "while scanning a quoted scalar" \
        else getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return dotted_key(lines, owner(lines, mark.line)) if mark is not None else ""


def explain(exc: yaml.YAMLError, lines: list[str], first_line: int) -> tuple[str, int, int]:
    """(message, line, column) for a syntax error in ``lines``, whose first is file line
    ``first_line``; the message says what to change."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    start = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""

    def at(m) -> tuple[int, int]:
        return (first_line + m.line, m.column + 1) if m is not None else (first_line, 1)

    if context == "while scanning a quoted scalar" and start is not None:
        return _unclosed_quote(lines, start) + at(start)
    if context in ("while parsing a flow sequence", "while parsing a flow mapping") and start is not None:
        return _unclosed_flow(lines, start, context) + at(start)
    if context == "while scanning a simple key" and start is not None:
        advice = _no_colon(lines, start.line)
        if advice:
            return (advice,) + at(start)
    if mark is not None:
        advice = _on_line(lines, mark.line, mark.column, problem)
        if advice:
            message, column = advice
            return message, first_line + mark.line, (mark.column if column is None else column) + 1
    return (_fallback(problem, context, start, mark, first_line),) + at(mark)


def _unclosed_quote(lines: list[str], start) -> tuple[str]:
    line = lines[start.line] if start.line < len(lines) else ""
    quote = line[start.column] if start.column < len(line) else '"'
    index = owner(lines, start.line)
    match = KEY_LINE.match(lines[index]) if index is not None else None
    name = f" of '{dotted_key(lines, index)}'" if match else ""
    fixed = ""
    if match and match.group("value").strip().startswith(quote):
        inner = match.group("value").strip()[1:]
        fixed = ": " + suggestion(match.group("indent"), match.group("dash") or "", match.group("key"), inner)
    return (f"the {_quote_name(quote)} that opens the value{name} is never closed; close it at the end of "
            f"the value{fixed}",)


def _quote_name(quote: str) -> str:
    return "single quote (')" if quote == "'" else 'double quote (")'


def _unclosed_flow(lines: list[str], start, context: str) -> tuple[str]:
    opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
    what = "list" if opener == "[" else "group"
    line = lines[start.line].rstrip() if start.line < len(lines) else ""
    fixed = f": {line.lstrip()}{closer}" if line and closer not in line[start.column:] else ""
    return (f"the {what} opened with '{opener}' here is not closed: end it with '{closer}' on the same "
            f"line{fixed}; an item that holds a comma, a colon or a bracket goes in double quotes",)


def not_a_field(lines: list[str], index: int) -> str:
    """What to say about a line that should be ``key: value`` and is not."""
    line = lines[index] if 0 <= index < len(lines) else ""
    glued = re.match(r"^( *)(- +)?([A-Za-z0-9_][A-Za-z0-9_-]*):(\S.*)$", line)
    if glued:
        indent, dash, key, value = glued.groups()
        return f"put a space after the colon of '{key}': {dash or ''}{key}: {value}"
    return ("this is not a 'key: value' line; write 'name: value' (with a space after the colon), "
            "or indent it under the field it belongs to")


def _no_colon(lines: list[str], index: int) -> str | None:
    line = lines[index] if 0 <= index < len(lines) else ""
    return not_a_field(lines, index) if line.strip() else None


def _on_line(lines: list[str], index: int, column: int, problem: str) -> tuple[str, int | None] | None:
    """Advice for the line the parser stopped on, and the column to point at (None: the parser's)."""
    if not 0 <= index < len(lines):
        return None
    match = KEY_LINE.match(lines[index])
    if match is None:
        return _continuation(lines, index, column, problem)
    indent, dash, key, value = match.group("indent"), match.group("dash") or "", match.group("key"), match.group("value")
    name = dotted_key(lines, index) or key
    value_col = match.start("value")
    stripped = value.strip()
    if not stripped:
        return None
    if stripped[0] in "'\"":
        quote = stripped[0]
        close = stripped.find(quote, 1)
        if 0 < close < len(stripped) - 1 and stripped[close + 1:].strip() and not stripped[close + 1:].lstrip().startswith("#"):
            inner = unquote(stripped) if stripped.endswith(quote) else stripped
            return (f"the value of '{name}' starts with a {_quote_name(quote)} that ends before the text does; "
                    f"put the whole value in double quotes: {suggestion(indent, dash, key, inner)}"), value_col + close
    first = stripped[0]
    if first in "[{":
        closer = "]" if first == "[" else "}"
        what = "a list" if first == "[" else "a group"
        return (f"a value that starts with '{first}' is {what} in YAML and must end with '{closer}'; if the value "
                f"of '{name}' is text, put it in double quotes: {suggestion(indent, dash, key, stripped)}"), value_col
    if first in RESERVED_STARTS and not (first == "-" and not stripped.startswith("- ")):  # "-5 %" is plain text
        return (f"a value that starts with '{first}' means something else in YAML; put the value of '{name}' "
                f"in double quotes: {suggestion(indent, dash, key, stripped)}"), value_col
    colon = _colon_in(value)
    if colon is not None and (column >= value_col or "mapping values" in problem):
        return (f"the value of '{name}' contains a colon followed by a space (': '), which YAML reads as the "
                f"start of another field; put the value in double quotes: "
                f"{suggestion(indent, dash, key, stripped)}"), value_col + colon
    if "mapping values are not allowed" in problem and column < value_col:
        return (f"'{key}:' is not lined up with the fields around it: fields of one group start in the same "
                f"column; check the spaces before '{key}'"), None
    return None


def _continuation(lines: list[str], index: int, column: int, problem: str) -> tuple[str, int | None] | None:
    """A line that continues the value of a key above it (a long value over several lines)."""
    if "mapping values are not allowed" not in problem:
        return None
    above = owner(lines, index)
    if above is None:
        return None
    key = KEY_LINE.match(lines[above]).group("key")
    return (f"the value of '{dotted_key(lines, above)}' goes on over several lines and one of them holds a colon "
            f"followed by a space (': '), which YAML reads as the start of another field; put the whole value in "
            f"double quotes, or write '{key}: >-' and the text indented on the lines below"), None


def _colon_in(value: str) -> int | None:
    """Where ``: `` (or a final ``:``) sits in an unquoted value, outside brackets, else None."""
    found = re.search(r":(\s|$)", value)
    return found.start() if found else None


def _fallback(problem: str, context: str, start, mark, first_line: int) -> str:
    message = f"YAML syntax: {problem}"
    if context and start is not None and start is not mark:
        what = CONTEXTS.get(context, context.removeprefix("while parsing ").removeprefix("while scanning "))
        message += f" (in {what} that starts at line {first_line + start.line}, column {start.column + 1})"
    elif context:
        message += f" ({context})"
    return message


def comment_after_value(node: yaml.ScalarNode, lines: list[str], name: str) -> tuple[str, str, int] | None:
    """A ``#`` right after an unquoted value: YAML drops it and the rest of the line as a comment.

    Returns ``(level, message, column)`` — an error when the whole value was lost (``title: #2``),
    a warning when only its end was — or None.
    """
    if node.style is not None or node.end_mark.line >= len(lines):
        return None
    line = lines[node.end_mark.line]
    rest = line[node.end_mark.column:]
    hashed = re.match(r"^([ \t]*)#(.*)$", rest)
    if hashed is None or (node.value and not hashed.group(1)):
        return None
    comment = hashed.group(2).rstrip()
    col = node.end_mark.column + len(hashed.group(1)) + 1
    match = KEY_LINE.match(line)
    indent, dash = (match.group("indent"), match.group("dash") or "") if match else ("", "")
    key = name.rsplit(".", 1)[-1]
    if not node.value:
        return ("error", f"the value of '{name}' starts with '#', so YAML reads the whole value as a comment and "
                f"'{name}' is empty; put the value in double quotes: {suggestion(indent, dash, key, '#' + comment)}", col)
    text = f"{node.value} #{comment}"
    return ("warning", f"the value of '{name}' stops at ' #': YAML reads the rest of the line as a comment, so "
            f"'{name}' is {quoted(node.value)}; if '#{comment.strip()}' belongs to the text, put the value in double "
            f"quotes: {suggestion(indent, dash, key, text)}", col)

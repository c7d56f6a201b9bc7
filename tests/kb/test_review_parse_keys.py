"""A front matter key that is a list or a mapping is a located error, not a crash."""
from __future__ import annotations

import pytest

from kb.parse import FrontMatterError, parse


@pytest.mark.parametrize("front, line", [
    ("? [a, b]\n: c", 2),
    ("{a: 1}: 2", 2),
    ("id: x\ncontact:\n  [1]: x", 4),
])
def test_a_key_that_is_not_a_plain_value_is_refused_with_its_line(front, line):
    with pytest.raises(FrontMatterError) as info:
        parse(f"---\n{front}\n---\nbody\n".encode())
    assert info.value.line == line
    assert "key" in info.value.message


def test_front_matter_nested_thousands_deep_is_a_located_error_not_a_crash():
    raw = b"---\nid: x\nnotes: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nbody\n"
    with pytest.raises(FrontMatterError) as info:
        parse(raw)
    assert "nested" in info.value.message

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

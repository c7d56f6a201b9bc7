"""The load benchmark's "first search after start" paragraph (issue 13): figures and verdict."""
from __future__ import annotations

from benchmarks.load import TARGET_FIRST_SEARCH_MS, first_search_lines


def test_first_search_paragraph_gives_ready_time_each_first_request_and_the_verdict():
    text = "\n".join(first_search_lines({"ready_seconds": 12.34, "api_ms": [41.2, 55.9], "page_ms": 88.0}))
    assert "12.3 s after it was launched" in text
    assert "41, 56 ms (`/api/search`" in text and "88 ms (the `/search` page): met" in text


def test_first_search_over_the_target_is_not_met():
    slow = TARGET_FIRST_SEARCH_MS + 1
    assert ": NOT met" in "\n".join(first_search_lines({"ready_seconds": 1.0, "api_ms": [slow], "page_ms": 10.0}))


def test_no_first_search_measured_gives_no_paragraph():
    assert first_search_lines(None) == []

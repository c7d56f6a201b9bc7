"""A single-valued API parameter given twice is refused, not silently read as its first value
(found by the schemathesis negative tests: ?limit=&limit=[...] answered 200)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", [
    "/api/search?q=housing&limit=&limit=5",
    "/api/search?q=housing&limit=3&limit=4",
    "/api/search?q=housing&q=shelter",
    "/api/search?q=housing&mode=dense&mode=keyword",
    "/api/practices?page=1&page=2",
    "/api/practices/needle-exchange-fixture/similar?limit=2&limit=3",
])
def test_a_single_valued_parameter_given_twice_is_a_400_naming_it(client, query):
    response = client.get(query)
    assert response.status_code == 400
    assert "once" in response.get_json()["error"]["message"]


def test_filters_may_still_repeat(client):
    response = client.get("/api/practices?language=en&language=fr")
    assert response.status_code == 200

"""Pure functions of the exchange pages (webapp/exchange_view.py), at their edges."""
from __future__ import annotations

import datetime as dt

from kb.exchange import ExchangeRecord
from webapp import exchange_view
from webapp.exchange_content import sort_exchanges
from webapp.graph import Transfer


def record(exchange_id: str, host: str = "chicago", visiting=("paris",), **fields) -> ExchangeRecord:
    return ExchangeRecord(id=exchange_id, name=f"Exchange {exchange_id}", year=int(exchange_id[:4]),
                          host_city=host, visiting_cities=list(visiting),
                          summary="A delegation visits the host city for a week.", **fields)


def test_exchanges_sort_by_year_then_start_date_with_undated_ones_last():
    undated = record("2014-b")
    june = record("2014-c", start=dt.date(2014, 6, 2))
    march = record("2014-d", start=dt.date(2014, 3, 10))
    ends_only = record("2014-a", end=dt.date(2014, 4, 1))
    assert [e.id for e in sort_exchanges([undated, june, record("2010-x"), march, ends_only])] == \
        ["2010-x", "2014-d", "2014-a", "2014-c", "2014-b"]


def test_the_timeline_puts_the_most_recent_year_first_and_keeps_the_order_within_a_year():
    a, b, c = record("2010-a"), record("2014-a"), record("2014-b")
    assert exchange_view.timeline([a, b, c]) == [(2014, [b, c]), (2010, [a])]


def test_an_empty_timeline_is_empty():
    assert exchange_view.timeline([]) == []


def test_the_city_filter_matches_the_host_and_the_visitors():
    a, b = record("2014-a", host="hamburg", visiting=["chicago"]), record("2014-b", host="milan", visiting=["paris"])
    assert exchange_view.filter_exchanges([a, b], city="chicago") == [a]
    assert exchange_view.filter_exchanges([a, b], city="hamburg") == [a]
    assert exchange_view.filter_exchanges([a, b]) == [a, b]


def test_city_and_theme_filters_combine():
    a = record("2014-a", themes=["evaluation"])
    b = record("2014-b", host="paris", visiting=["chicago"], themes=["housing"])
    assert exchange_view.filter_exchanges([a, b], city="chicago", theme="housing") == [b]


def test_a_practice_is_tied_by_role_visited_first():
    e = record("2014-a", visited=[{"practice": "px"}], related=[{"practice": "px", "note": "same source"}])
    f = record("2012-a", outcomes=[{"practice": "px", "note": "taken home"}])
    ties = exchange_view.ties_of("px", [e, f])
    assert [(t.role, t.exchange.id, t.note) for t in ties] == [
        ("visited", "2014-a", None), ("outcome", "2012-a", "taken home"), ("related", "2014-a", "same source")]


def test_an_outcome_without_a_practice_ties_nothing():
    e = record("2014-a", outcomes=[{"note": "shared trainings are planned"}])
    assert exchange_view.ties_of("x", [e]) == []


def test_a_city_hosts_some_exchanges_and_visits_others():
    a, b = record("2014-a", host="chicago", visiting=["paris"]), record("2012-a", host="paris", visiting=["chicago"])
    assert exchange_view.of_city("paris", [a, b]) == {"hosted": [b], "visited": [a]}


def test_the_series_is_walked_both_ways_from_any_member():
    a = record("2010-a", next="2012-a")
    b = record("2012-a", previous="2010-a", next="2014-a")
    c = record("2014-a", previous="2012-a")
    by_id = {e.id: e for e in (a, b, c)}
    assert exchange_view.series(b, by_id) == [a, b, c]
    assert exchange_view.series(c, by_id) == [a, b, c]


def test_a_series_with_a_cycle_or_a_missing_record_ends_the_walk():
    a = record("2010-a", next="2012-a", previous="2012-a")
    b = record("2012-a", previous="2010-a", next="2010-a")
    assert exchange_view.series(a, {"2010-a": a, "2012-a": b}) == [b, a]
    lone = record("2014-a", previous="2012-gone")
    assert exchange_view.series(lone, {"2014-a": lone}) == [lone]


def test_the_exchange_behind_a_transfer_visited_its_source_and_took_home_its_target():
    e = record("2014-a", visited=[{"practice": "source"}], outcomes=[{"practice": "target", "note": "taken"}])
    other = record("2015-a", visited=[{"practice": "source"}])
    assert exchange_view.behind("source", "target", [e, other]) is e
    assert exchange_view.behind("target", "source", [e, other]) is None


def test_transfers_get_the_exchange_behind_them_and_others_stay_as_they_are():
    e = record("2014-a", visited=[{"practice": "ps"}], outcomes=[{"practice": "pt", "note": "taken"}])
    through = Transfer("ps", "S", "chicago", "pt", "T", "paris")
    other = Transfer("pu", "U", "chicago", "pt", "T", "paris")
    marked, plain = exchange_view.with_exchanges([through, other], [e])
    assert (marked.exchange_id, marked.exchange_name) == ("2014-a", "Exchange 2014-a")
    assert plain == other


def test_a_record_lists_its_cities_host_first():
    data = exchange_view.record(record("2014-a", host="chicago", visiting=["birmingham", "hamburg"]))
    assert data["cities"] == ["chicago", "birmingham", "hamburg"]
    assert "start" not in data  # absent fields stay absent

"""Pure helpers of the search page, tested at the edges."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from webapp.search_view import FACET_KEYS, facet_label, highlight, paginate, parse_filters, strip_markdown


def test_highlight_without_spans_only_escapes():
    assert str(highlight("a <b> & c", [])) == "a &lt;b&gt; &amp; c"


def test_highlight_of_empty_text_is_empty():
    assert str(highlight("", [[0, 3]])) == ""


def test_highlight_marks_one_span_and_escapes_inside_it():
    assert str(highlight("x <y> z", [[2, 5]])) == "x <mark>&lt;y&gt;</mark> z"


def test_highlight_merges_overlapping_and_touching_spans():
    assert str(highlight("abcdefgh", [[4, 6], [0, 2], [1, 3], [3, 4]])) == "<mark>abcdef</mark>gh"


def test_highlight_clips_spans_outside_the_text_and_drops_empty_ones():
    assert str(highlight("abc", [[-5, 1], [2, 99], [2, 2], [5, 7]])) == "<mark>a</mark>b<mark>c</mark>"


def test_strip_markdown_removes_marks_and_moves_spans():
    text = "## Ansatz\n1. **Kontaktladen** mit [Beratung](https://x.example)"
    clean, spans = strip_markdown(text, [[text.index("Kontakt"), text.index("Kontakt") + 12],
                                         [text.index("Beratung"), text.index("Beratung") + 8]])
    assert clean == "Ansatz\n1. Kontaktladen mit Beratung"
    assert [clean[s:e] for s, e in spans] == ["Kontaktladen", "Beratung"]


def test_strip_markdown_drops_spans_that_covered_only_marks():
    clean, spans = strip_markdown("**a**", [[0, 2]])
    assert clean == "a" and spans == []


def test_paginate_empty_result_has_one_page_and_no_rank():
    page = paginate(1, 0, 10)
    assert (page.pages, page.first, page.last, page.has_prev, page.has_next) == (1, 0, 0, False, False)


def test_paginate_clamps_the_page_and_computes_ranks():
    page = paginate(9, 25, 10)
    assert (page.page, page.pages, page.offset, page.first, page.last) == (3, 3, 20, 21, 25)
    assert paginate(0, 25, 10).page == 1


def test_pagination_window_marks_gaps():
    assert paginate(10, 200, 10).window() == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert paginate(1, 30, 10).window() == [1, 2, 3]


def test_parse_filters_keeps_known_keys_drops_blanks_and_duplicates():
    args = MultiDict([("city", "paris"), ("city", "paris"), ("city", " "), ("language", "de"),
                      ("colour", "red"), ("q", "x")])
    assert parse_filters(args.to_dict(flat=False)) == {"city": ["paris"], "language": ["de"]}


def test_facet_labels_are_in_the_interface_language():
    assert facet_label("topic", "harm-reduction", "fr") == "Réduction des risques"
    assert facet_label("target_population", "older-people", "en")
    assert facet_label("country", "DE", "fr") == "Allemagne"
    assert facet_label("country", "DE", "de") == "Deutschland"
    assert facet_label("city", "hamburg", "en") == "Hamburg"
    assert set(FACET_KEYS) == {"city", "country", "language", "topic", "target_population",
                               "evidence_level", "status"}

"""The passage of a search result is the plain text of its Markdown (issue 13): read from
markdown-it's tokens, lists one item a line, no marks left, highlights on the same words."""
from __future__ import annotations

from webapp.search_view import strip_markdown


def clean(text: str, words: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    spans = [[text.index(w), text.index(w) + len(w)] for w in words]
    out, moved = strip_markdown(text, spans)
    return out, [out[s:e] for s, e in moved]


def test_list_items_are_lines_of_their_own_with_a_bullet():
    text, _ = clean("Support:\n\n- home visits\n- a daily phone call\n* a meal")
    assert text == "Support:\n• home visits\n• a daily phone call\n• a meal"


def test_ordered_list_items_keep_their_numbers():
    text, _ = clean("3. third\n4. fourth")
    assert text == "3. third\n4. fourth"


def test_emphasis_marks_go_and_the_highlight_stays_on_the_word():
    text, marked = clean("Older people who die alone (*kodokushi*) are found late.", ("kodokushi",))
    assert text == "Older people who die alone (kodokushi) are found late."
    assert marked == ["kodokushi"]


def test_strong_code_and_headings_lose_their_marks():
    text, _ = clean("## Approach\n**Two** workers and `kb` tools")
    assert text == "Approach\nTwo workers and kb tools"


def test_a_link_keeps_its_text_and_loses_its_address():
    text, marked = clean("See [the annual report](https://example.org/r.pdf) for figures.", ("annual",))
    assert text == "See the annual report for figures." and marked == ["annual"]


def test_an_image_gives_its_alt_text():
    assert clean("![map of the district](map.png)")[0] == "map of the district"


def test_table_rows_are_lines_and_cells_are_separated():
    text, _ = clean("| Staff | Hours |\n|---|---|\n| 2 | 40 |")
    assert text == "Staff · Hours\n2 · 40"


def test_soft_line_breaks_inside_a_paragraph_are_spaces():
    assert clean("one line\nand the next")[0] == "one line and the next"


def test_escaped_characters_and_entities_read_as_written():
    text, marked = clean(r"a \*literal\* star &amp; more", ("more",))
    assert text == "a *literal* star & more" and marked == ["more"]


def test_a_span_over_marks_only_disappears():
    assert strip_markdown("**a**", [[0, 2]]) == ("a", [])


def test_japanese_list_with_emphasis():
    text, marked = clean("支援内容：\n\n- **見守り**訪問\n- 電話", ("見守り",))
    assert text == "支援内容：\n• 見守り訪問\n• 電話" and marked == ["見守り"]


def test_passage_markup_keeps_lines_and_marks_each_on_its_line():
    from webapp.search_view import passage_markup

    text = "Support:\n• home visits\n• calls <now>"
    spans = [[text.index("home"), text.index("home") + 4], [text.index("calls"), text.index("calls") + 5]]
    assert str(passage_markup(text, spans)) == \
        "Support:<br>\n• <mark>home</mark> visits<br>\n• <mark>calls</mark> &lt;now&gt;"


def test_a_search_result_shows_its_markdown_passage_as_lines_without_marks():
    from webapp.pages import decorate_result

    raw = "Older people (*kodokushi*):\n\n- **visits**\n- calls"
    result = {"summary": "s", "passage": {"field": "body", "text": raw,
                                          "highlights": [[raw.index("kodokushi"), raw.index("kodokushi") + 9]]}}
    decorate_result(result)
    assert str(result["passage_html"]) == "Older people (<mark>kodokushi</mark>):<br>\n• visits<br>\n• calls"

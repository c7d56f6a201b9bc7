from indexer.chunk import chunk_body, sections, sentences, windows

BODY = """Intro line before any heading.

## Context

First sentence here. Second sentence follows! A third one?

## Approach

- a list item
- another item

### Details
Short.
"""


def test_every_chunk_text_is_the_body_at_its_offsets():
    for chunk in chunk_body("p", BODY):
        assert BODY[chunk.start:chunk.end] == chunk.text
        assert chunk.text == chunk.text.strip()


def test_chunks_know_their_section_heading():
    headings = [c.section for c in chunk_body("p", BODY)]
    assert headings == ["", "Context", "Approach", "Details"]


def test_sections_skip_empty_text_between_headings():
    body = "## Empty\n\n## Full\nText.\n"
    assert [h for h, _, _ in sections(body)] == ["Full"]


def test_sentences_split_at_end_punctuation():
    text = "One. Two! Three? Four"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == ["One.", "Two!", "Three?", "Four"]


def test_sentences_split_cjk_without_spaces():
    text = "支援を行う。相談もできる。"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == ["支援を行う。", "相談もできる。"]


def test_windows_respect_size_and_overlap_one_sentence():
    spans = [(0, 10), (11, 21), (22, 32), (33, 43)]
    assert windows(spans, max_chars=21, overlap=1) == [(0, 21), (11, 32), (22, 43)]


def test_a_sentence_longer_than_the_window_stays_whole():
    assert windows([(0, 100), (101, 110)], max_chars=20, overlap=0) == [(0, 100), (101, 110)]


def test_empty_body_has_no_chunks():
    assert chunk_body("p", "") == []
    assert chunk_body("p", "\n\n## Only a heading\n") == []

from indexer.chunk import MAX_CHARS, chunk_body, sections, sentences, windows

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


def test_windows_never_cut_a_span_longer_than_the_window():
    assert windows([(0, 100), (101, 110)], max_chars=20, overlap=0) == [(0, 100), (101, 110)]


def test_empty_body_has_no_chunks():
    assert chunk_body("p", "") == []
    assert chunk_body("p", "\n\n## Only a heading\n") == []


# Issue 14, point 7: a body without sentence punctuation was one chunk of 235,040 characters.
def _words(n: int) -> str:
    return " ".join(f"mot{i % 97}" for i in range(n))


def test_a_body_without_sentence_punctuation_is_cut_into_chunks_of_at_most_max_chars():
    body = _words(30_000)
    chunks = chunk_body("p", body)
    assert len(chunks) > 100
    assert max(len(c.text) for c in chunks) <= MAX_CHARS


def test_an_over_long_sentence_is_cut_at_word_boundaries_and_nothing_is_lost():
    body = "## Approach\n\n" + _words(2_000)
    chunks = chunk_body("p", body, overlap=0)
    assert len(chunks) > 1
    for chunk in chunks:
        assert body[chunk.start:chunk.end] == chunk.text
        assert body[chunk.start - 1].isspace() and (chunk.end == len(body) or body[chunk.end].isspace())
    assert " ".join(c.text for c in chunks).split() == body.split()[2:]  # every word once, in order


def test_cjk_text_without_punctuation_is_cut_into_bounded_chunks():
    body = "支援を行う相談もできる" * 1_000
    chunks = chunk_body("p", body)
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    assert chunks[0].start == 0 and chunks[-1].end == len(body)
    assert all(later.start <= earlier.end for earlier, later in zip(chunks, chunks[1:]))  # no gap


def test_cjk_text_is_cut_after_a_comma_when_there_is_one():
    clause = "支援を行う相談もできる" * 20 + "、"  # 221 characters up to and with the comma
    body = clause * 10
    chunks = chunk_body("p", body, overlap=0)
    assert len(chunks) > 1
    assert all(c.text.endswith("、") for c in chunks[:-1])


def test_a_cut_never_separates_a_letter_from_its_combining_mark():
    body = ("e\u0301" * 400)  # 800 characters, no space: e + combining acute accent
    chunks = chunk_body("p", body)
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    assert all(not c.text[0] == "\u0301" for c in chunks)

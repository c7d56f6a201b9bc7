import numpy as np

from indexer.keyword import KeywordIndex, fold, term_spans, tokenize


def test_accents_and_case_are_folded():
    assert tokenize("Hébergement d'URGENCE Übertragbarkeit") == ["hebergement", "urgence", "ubertragbarkeit"]
    assert fold("Łódź") != "" and tokenize("Ośrodek") == ["osrodek"]


def test_cjk_runs_become_character_bigrams():
    assert tokenize("薬物使用") == ["薬物", "物使", "使用"]
    assert tokenize("支援 a 2014") == ["支援", "2014"]


def test_single_cjk_character_is_kept():
    assert tokenize("家") == ["家"]


def test_query_without_accents_finds_accented_document():
    index = KeywordIndex.build(["Hébergement d'urgence à Paris", "Needle exchange in Chicago"])
    scores = index.scores("hebergement")
    assert scores[0] > 0 and scores[1] == 0


def test_rarer_terms_weigh_more():
    index = KeywordIndex.build(["shelter women", "shelter men", "shelter youth"])
    scores = index.scores("shelter women")
    assert scores[0] > scores[1] == scores[2] > 0


def test_empty_index_and_empty_query():
    empty = KeywordIndex.build([])
    assert empty.scores("anything").shape == (0,)
    index = KeywordIndex.build(["text"])
    assert np.array_equal(index.scores(""), np.zeros(1, np.float32))


def test_term_spans_point_at_original_words():
    text = "Un Hébergement sûr; hébergement d'urgence"
    spans = term_spans(text, {"hebergement"})
    assert [text[s:e] for s, e in spans] == ["Hébergement", "hébergement"]


def test_term_spans_in_cjk_text():
    text = "薬物使用者への支援"
    assert [text[s:e] for s, e in term_spans(text, {"支援"})] == ["支援"]

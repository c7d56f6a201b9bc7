"""Marks in Chinese, Japanese and Korean passages (issue 13): query words, never a kana pair
that is only part of another word (the Japanese した marked inside unrelated words)."""
from __future__ import annotations

from indexer.highlight import highlight_terms, inside_a_word, term_spans
from indexer.keyword import tokenize


def marked(passage: str, query: str) -> list[str]:
    terms = highlight_terms(set(tokenize(query)))
    return [passage[s:e] for s, e in term_spans(passage, terms)]


def test_the_ending_shita_of_the_query_is_not_marked_inside_other_words():
    passage = "毎週、ボランティアが訪問しました。したがって、孤独死は減りました。"
    assert marked(passage, "孤立した高齢者を訪問") == ["訪問"]


def test_a_query_phrase_found_whole_is_marked_whole_with_its_kana():
    passage = "地域で孤立した高齢者を見守る。"
    assert marked(passage, "孤立した高齢者") == ["孤立した高齢者"]


def test_a_katakana_pair_inside_a_longer_loanword_is_not_marked():
    assert marked("女性のためのシェルター", "ルタ") == []


def test_a_katakana_word_of_two_characters_is_marked():
    assert marked("訪問ケアの記録", "ケア") == ["ケア"]


def test_pairs_of_ideographs_are_marked_in_chinese():
    assert marked("为家庭暴力受害者提供住房援助", "家庭暴力 住房") == ["家庭暴力", "住房"]


def test_hangul_words_are_marked():
    assert marked("노숙인 지원 센터", "노숙인 지원") == ["노숙인", "지원"]  # three syllables too


def test_only_a_lone_kana_pair_counts_as_inside_a_word():
    text = "しました"
    assert inside_a_word(text, 2, 4)          # した
    assert not inside_a_word(text, 0, 4)      # a chain of pairs
    assert not inside_a_word("高齢者", 0, 2)   # ideographs

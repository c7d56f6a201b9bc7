"""kb.text: the folding and word boundaries that search and the thesaurus share."""
from __future__ import annotations

from kb.text import fold, words


def test_fold_removes_case_and_accents():
    assert fold("Hébergement d'URGENCE") == "hebergement d'urgence"


def test_fold_removes_arabic_short_vowel_marks():
    assert fold("الحَدّ") == fold("الحد")


def test_fold_turns_full_width_latin_into_ascii():
    assert fold("ＤＶ") == "dv"


def test_words_keep_a_run_of_chinese_characters_whole():
    assert words("社区 嵌入式养老") == ["社区", "嵌入式养老"]


def test_words_split_latin_letters_from_kana_written_together():
    assert words("DVシェルター") == ["dv", "シェルター"]


def test_words_drop_punctuation_and_split_on_hyphens_and_apostrophes():
    assert words("Aller-vers, pouvoir d’agir!") == ["aller", "vers", "pouvoir", "d", "agir"]


def test_the_search_side_folds_with_the_same_function():
    from indexer.keyword import fold as search_fold

    assert search_fold is fold

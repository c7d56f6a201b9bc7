"""Language identification: deterministic, and only ever a language the knowledge base accepts."""
from __future__ import annotations

from kb import vocab
from kb.langid import detect


def test_detects_the_language_of_a_sentence_the_same_way_every_time():
    text = "hébergement d'urgence pour les femmes victimes de violences conjugales"
    assert {detect(text) for _ in range(5)} == {"fr"}


def test_fewer_trials_tell_the_same_language_for_a_query():
    assert detect("Notunterkunft für Frauen, die häusliche Gewalt erleben", trials=3) == "de"


def test_chinese_variants_become_zh():
    assert detect("为社区里独居的老人提供上门探访和日间照料服务") == "zh"


def test_a_text_in_a_language_outside_the_vocabulary_is_never_named_as_that_language():
    romanian = "Adăpost de urgență pentru femeile care fug de violența domestică, deschis zi și noapte"
    assert detect(romanian) in set(vocab.languages()) | {None}


def test_too_short_a_text_is_not_guessed():
    assert detect("Housing First") is None
    assert detect("") is None

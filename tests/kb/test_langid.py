"""Language identification: deterministic, and only ever a language the knowledge base accepts."""
from __future__ import annotations

from kb import vocab
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb import langid
from kb.langid import MIN_CONFIDENCE, detect, profiles


def test_detects_the_language_of_a_sentence_the_same_way_every_time():
    text = "hébergement d'urgence pour les femmes victimes de violences conjugales"
    assert {detect(text) for _ in range(5)} == {"fr"}


@pytest.mark.parametrize(("query", "language"), [
    ("Notunterkunft für Frauen, die häusliche Gewalt erleben", "de"),
    ("hébergement d'urgence pour femmes victimes de violences", "fr"),
    ("programas de intercambio de jeringas", "es"),
    ("peer support for young people leaving foster care", "en"),
])
def test_tells_the_language_of_a_short_query(query, language):
    assert detect(query) == language


def test_the_posterior_is_a_distribution_over_the_accepted_languages():
    known = profiles()
    posterior = known.posterior(known.ngrams("accompagnement des jeunes sortant de l'aide sociale à l'enfance"))
    assert posterior.shape == (len(known.languages),)
    assert posterior.sum() == pytest.approx(1.0)
    assert known.languages[int(posterior.argmax())] == "fr"


def test_no_ngrams_give_no_posterior():
    known = profiles()
    assert known.ngrams("12345 67890 !!!") == []
    assert not known.posterior([]).any()


def test_one_ngram_gives_a_posterior_from_that_ngram_alone():
    known = profiles()
    posterior = known.posterior(["ß"])
    assert posterior.sum() == pytest.approx(1.0)
    assert known.languages[int(np.argmax(posterior))] == "de"


def test_the_posterior_of_a_text_is_that_of_its_ngrams_when_its_words_were_read_before():
    known = profiles()
    text = "Hamburg HAMBURG hamburg: Drogenkonsumraum und Drogenkonsumraum, Kontaktladen"
    first = known.posterior_of(text)  # its words' rows now kept
    again = known.posterior_of(text)
    cut = known.posterior(known.ngrams(text))
    assert np.array_equal(first, cut) and np.array_equal(again, cut)


def test_the_table_of_words_read_is_emptied_when_full(monkeypatch):
    known = langid.Profiles(profiles().languages, profiles().row_of, profiles().log_prob)
    monkeypatch.setattr(langid, "WORDS_KEPT", 3)
    known.posterior_of("one two three")
    assert len(known._word_rows) == 3
    posterior = known.posterior_of("four")
    assert len(known._word_rows) == 1
    assert np.array_equal(posterior, known.posterior(known.ngrams("four")))


def test_an_unsure_text_is_not_guessed():
    # a contact line (langdetect drops the e-mail address): four English words, read as Italian at 0.67
    text = "Restorative justice programme coordinator: justiciarestaurativa@example.org."
    known = profiles()
    assert known.posterior(known.ngrams(text)).max() < MIN_CONFIDENCE
    assert detect(text) is None


def test_chinese_variants_become_zh():
    assert detect("为社区里独居的老人提供上门探访和日间照料服务") == "zh"


def test_a_text_in_a_language_outside_the_vocabulary_is_never_named_as_that_language():
    romanian = "Adăpost de urgență pentru femeile care fug de violența domestică, deschis zi și noapte"
    assert detect(romanian) in set(vocab.languages()) | {None}


def test_too_short_a_text_is_not_guessed():
    assert detect("Housing First") is None
    assert detect("") is None


def _langdetect_ngrams(text: str) -> list[str]:
    """The n-grams langdetect's own Detector extracts (its private method: what we must match)."""
    from types import SimpleNamespace

    from langdetect.detector import Detector

    known = profiles()
    detector = Detector(SimpleNamespace(word_lang_prob_map=known.row_of, langlist=known.languages, seed=0))
    detector.append(text)
    detector.cleaning_text()
    return detector._extract_ngrams()


def test_ngrams_are_those_langdetect_extracts_from_every_practice():
    from pathlib import Path

    known = profiles()
    paths = sorted(Path(__file__).resolve().parents[2].glob("practices/*/*.md"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert known.ngrams(text) == _langdetect_ngrams(text), path


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    list("abcXYZ éÉßçØ'-.,;:!?0129 \t\n") + ["\u00a0", "ș", "ț", "ی", "あ", "ア", "漢", "字", "한", "ㄅ",
                                             "\u1ea1", "a\u0323", "Ω", "ж", "Ж", "http://x.org ", "a@b.org "]),
    max_size=40).map("".join))
def test_ngrams_are_those_langdetect_extracts_from_any_text(text):
    # capitals, accents, punctuation, spaces, Romanian, Farsi, kana, CJK, hangul, Vietnamese
    # marks, Greek, Cyrillic, URLs and e-mail addresses: each a different rule of langdetect's
    assert profiles().ngrams(text) == _langdetect_ngrams(text)


@pytest.mark.parametrize("text", [
    "漢字漢字漢字 abc de",                 # mostly not Latin: the Latin letters go
    "ạ ạ ạ ạ ạ ab",                        # Latin Extended Additional counts as not Latin, as langdetect counts it
    "a[b]c^d_e`f 漢",                      # the signs between Z and a count as Latin
    "too    many     spaces   here",
    "word " * 2_100 + "tail beyond the length langdetect reads",
    "see https://example.org/a?b=c and write to someone@example.org today",
])
def test_ngrams_are_those_langdetect_extracts_where_its_cleaning_decides(text):
    assert profiles().ngrams(text) == _langdetect_ngrams(text)

"""webapp.i18n.text_direction: the dir attribute of text in a language."""
from __future__ import annotations

import pytest

from webapp.i18n import text_direction


@pytest.mark.parametrize("lang", ["ar", "he", "ur"])
def test_arabic_hebrew_and_urdu_are_right_to_left(lang):
    assert text_direction(lang) == "rtl"


@pytest.mark.parametrize("lang", ["en", "de", "pl", "ja", "zh", "cs", "zu"])
def test_other_corpus_languages_are_left_to_right(lang):
    assert text_direction(lang) == "ltr"


@pytest.mark.parametrize("lang", ["", None, "xx", "not a code"])
def test_an_unknown_or_missing_language_is_left_to_right(lang):
    assert text_direction(lang) == "ltr"

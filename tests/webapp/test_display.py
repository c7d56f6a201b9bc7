"""webapp.display: which title and summary a reader of a language is shown."""
from __future__ import annotations

from webapp.display import Display, choose, written_abstracts

HAMBURG = {
    "id": "spritzentausch", "language": "de",
    "title": "Spritzentausch und Kontaktladen",
    "summary": "Ein niedrigschwelliger Kontaktladen bietet sterile Spritzen und Beratung.",
    "abstracts": {
        "fr": {"title": "Échange de seringues et lieu d'accueil",
               "summary": "Un lieu d'accueil à bas seuil propose des seringues stériles et des conseils.",
               "translated_by": "Practice Exchange editors"},
        "en": {"title": "Needle exchange and contact shop",
               "summary": "A low-threshold contact shop offers sterile syringes and counselling."},
        "es": {"title": "TODO: the title in Spanish",
               "summary": "TODO: the summary in Spanish, translated faithfully, adding nothing"},
    },
}
ORIGINAL = Display(title="Spritzentausch und Kontaktladen",
                   summary="Ein niedrigschwelliger Kontaktladen bietet sterile Spritzen und Beratung.",
                   language="de", translated=False)


def test_an_abstract_in_the_reader_language_is_shown_marked_as_translated():
    assert choose(HAMBURG, "fr") == Display(
        title="Échange de seringues et lieu d'accueil",
        summary="Un lieu d'accueil à bas seuil propose des seringues stériles et des conseils.",
        language="fr", translated=True, translated_by="Practice Exchange editors")


def test_an_abstract_without_translated_by_says_none():
    assert choose(HAMBURG, "en").translated_by is None
    assert choose(HAMBURG, "en").translated is True


def test_a_reader_of_the_practice_language_gets_the_original():
    assert choose(HAMBURG, "de") == ORIGINAL


def test_without_an_abstract_in_the_reader_language_the_original_is_shown():
    assert choose(HAMBURG, "it") == ORIGINAL


def test_a_practice_without_abstracts_shows_the_original():
    assert choose({k: v for k, v in HAMBURG.items() if k != "abstracts"}, "fr") == ORIGINAL
    assert choose({**HAMBURG, "abstracts": None}, "fr") == ORIGINAL


def test_an_unknown_or_missing_language_shows_the_original():
    assert choose(HAMBURG, "xx") == ORIGINAL
    assert choose(HAMBURG, None) == ORIGINAL
    assert choose(HAMBURG, "") == ORIGINAL


def test_a_placeholder_abstract_is_no_abstract():
    assert choose(HAMBURG, "es") == ORIGINAL
    assert "es" not in written_abstracts(HAMBURG)


def test_an_abstract_in_the_practice_own_language_is_ignored():
    record = {**HAMBURG, "abstracts": {"de": {"title": "Anders", "summary": "Ganz anders zusammengefasst."}}}
    assert written_abstracts(record) == {}
    assert choose(record, "de") == ORIGINAL


def test_malformed_entries_are_left_out():
    record = {**HAMBURG, "abstracts": {"fr": "Échange", "en": {"title": "Needle exchange"},
                                       "it": {"title": " ", "summary": "Scambio di siringhe e punto di contatto."}}}
    assert written_abstracts(record) == {}


def test_written_abstracts_are_json_dicts_with_translated_by():
    assert written_abstracts(HAMBURG) == {
        "fr": {"title": "Échange de seringues et lieu d'accueil",
               "summary": "Un lieu d'accueil à bas seuil propose des seringues stériles et des conseils.",
               "translated_by": "Practice Exchange editors"},
        "en": {"title": "Needle exchange and contact shop",
               "summary": "A low-threshold contact shop offers sterile syringes and counselling.",
               "translated_by": None},
    }


def test_a_practice_model_is_read_like_a_record():
    from kb.model import Practice

    practice = Practice.model_validate({
        **{k: v for k, v in HAMBURG.items() if k != "abstracts"}, "id": "spritzentausch", "city": "hamburg",
        "topics": ["harm-reduction"], "evidence_level": "promising", "status": "active",
        "last_reviewed": "2026-03-01", "abstracts": HAMBURG["abstracts"]})
    assert choose(practice, "fr") == choose(HAMBURG, "fr")
    assert choose(practice, "es") == ORIGINAL


def test_a_similar_result_without_summary_gets_an_empty_original_summary():
    similar = {"id": "x", "title": "Kontaktladen", "language": "de"}
    assert choose(similar, "fr") == Display(title="Kontaktladen", summary="", language="de", translated=False)

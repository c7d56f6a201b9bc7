"""The concept thesaurus: the shipped file, and the lookup the search side uses."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb import thesaurus
from kb.text import fold
from kb.thesaurus import LANGUAGES, Concept, Thesaurus, concepts, concepts_for, find, labels_of
from kb.thesaurus_file import read_thesaurus

REPO = Path(__file__).resolve().parents[2]
#: The issue asks for at least 150 concepts; the brief for this work, 160.
MIN_CONCEPTS = 160


@pytest.fixture(scope="module")
def small() -> Thesaurus:
    """Three concepts from tests/data/thesaurus/valid.yaml."""
    return Thesaurus(read_thesaurus(REPO / "tests/data/thesaurus/valid.yaml").concepts)


def made(*entries: tuple[str, dict[str, tuple[str, ...]]]) -> Thesaurus:
    return Thesaurus({cid: Concept(cid, labels) for cid, labels in entries})


# --- the shipped file ------------------------------------------------------------------------


def test_the_shipped_thesaurus_has_no_problems():
    assert thesaurus.check() == []


def test_the_shipped_thesaurus_is_the_file_in_kb_data():
    assert thesaurus.THESAURUS_PATH == REPO / "kb" / "data" / "thesaurus.yaml"


def test_the_shipped_thesaurus_has_enough_concepts():
    assert len(concepts()) >= MIN_CONCEPTS


def test_every_concept_has_labels_in_all_ten_corpus_languages():
    assert [(c.id, lang) for c in concepts().values() for lang in LANGUAGES if not c.labels.get(lang)] == []


def test_the_ten_languages_are_the_corpus_languages():
    assert LANGUAGES == ("en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs")


def test_the_concepts_named_in_the_issue_are_there():
    named = ("harm-reduction needle-exchange drug-consumption-room naloxone street-outreach housing-first "
             "emergency-shelter womens-shelter restorative-justice family-group-conference kinship-care "
             "foster-care mash kodokushi befriending peer-support mentoring diversion probation case-management")
    assert [cid for cid in named.split() if cid not in concepts()] == []


def test_no_label_is_found_in_more_than_half_of_the_write_ups():
    """An everyday word would match nearly every practice: labels must stay specific."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((REPO / "practices").rglob("*.md"))]
    if len(docs) < 20:
        pytest.skip("practices/ holds too few write-ups to tell a specific label from a common word")
    found: dict[str, int] = {}
    for text in docs:
        for key in {m.label for m in find(text)}:
            found[key] = found.get(key, 0) + 1
    assert {key: n for key, n in found.items() if n > len(docs) / 2} == {}


def test_concepts_are_read_once():
    assert concepts() is concepts()


# --- lookup across languages -----------------------------------------------------------------


def test_a_german_label_finds_the_concept_whose_english_label_is_needle_exchange():
    [concept_id] = concepts_for("Spritzentausch")
    assert concepts()[concept_id].preferred("en") == "needle exchange"


def test_a_french_label_finds_the_concept_whose_german_label_is_familienrat():
    [concept_id] = concepts_for("conférence familiale")
    assert "Familienrat" in labels_of(concept_id, "de")


def test_a_japanese_label_finds_the_concept_whose_english_label_is_kodokushi():
    [concept_id] = concepts_for("孤立死")
    assert concepts()[concept_id].preferred("en") == "kodokushi"


def test_the_labels_of_a_concept_come_in_every_language(small):
    labels = small.labels_of("needle-exchange")
    assert {"needle exchange", "Spritzentausch", "échange de seringues", "针具交换", "注射針交換"} <= set(labels)


def test_the_labels_of_one_language_keep_the_preferred_label_first(small):
    assert small.labels_of("needle-exchange", "en") == ("needle exchange", "syringe exchange")


def test_labels_of_an_unknown_concept_or_language_are_empty(small):
    assert small.labels_of("no-such-concept") == ()
    assert small.labels_of("needle-exchange", "ko") == ()


def test_lookup_ignores_case_and_accents(small):
    assert small.concepts_for("REDUCTION DES RISQUES") == ("harm-reduction",)


def test_lookup_treats_hyphens_and_spaces_alike():
    assert concepts_for("aller vers") == concepts_for("Aller-vers") == ("outreach",)


def test_an_unknown_label_finds_nothing(small):
    assert small.concepts_for("bicycle repair") == ()


def test_by_label_maps_every_label_key_to_its_concepts(small):
    table = small.by_label()
    assert table["family group conference"] == ("family-group-conference",)
    assert table["fgc"] == ("family-group-conference",)
    assert "Family Group Conference" not in table  # keys are folded


def test_a_label_shared_on_purpose_finds_both_concepts():
    assert set(concepts_for("drop-in")) == {"day-centre", "drug-drop-in-centre"}


def test_the_query_language_chooses_among_concepts_that_share_a_written_form():
    both = made(("youth-hostel", {"en": ("hostel",)}), ("violence-shelter", {"pl": ("hostel",)}))
    assert both.concepts_for("hostel") == ("youth-hostel", "violence-shelter")
    assert both.concepts_for("hostel", "pl") == ("violence-shelter",)
    assert both.concepts_for("hostel", "fr") == ("youth-hostel", "violence-shelter")


def test_preferred_label_falls_back_to_english_then_to_the_id():
    concept = Concept("x-y", {"en": ("first", "second")})
    assert concept.preferred("fr") == "first"
    assert Concept("x-y", {}).preferred("fr") == "x-y"


def test_ancestors_follow_broader_links_nearest_first():
    assert thesaurus.thesaurus().ancestors("naloxone") == ("overdose-prevention", "harm-reduction")


def test_ancestors_stop_at_a_cycle():
    circle = Thesaurus(read_thesaurus(REPO / "tests/data/thesaurus/broader-cycle.yaml").concepts)
    assert circle.ancestors("needle-exchange") == ("harm-reduction", "family-group-conference")


# --- finding labels in a text ----------------------------------------------------------------


def test_find_returns_a_phrase_of_several_words_as_one_mention(small):
    [mention] = small.find("We held a family group conference with the aunts.")
    assert (mention.label, mention.concepts) == ("family group conference", ("family-group-conference",))


def test_find_matches_whole_words_only(small):
    assert small.find("The needles were exchanged") == []


def test_find_prefers_the_longest_label_where_labels_overlap():
    overlap = made(("harm-reduction", {"en": ("harm reduction",)}),
                   ("harm-reduction-drop-in", {"en": ("harm reduction drop-in",)}))
    assert [m.concepts for m in overlap.find("a harm reduction drop-in")] == [("harm-reduction-drop-in",)]


def test_find_returns_every_label_left_to_right(small):
    found = small.find("Familienrat und Spritzentausch")
    assert [m.concepts for m in found] == [("family-group-conference",), ("needle-exchange",)]


def test_find_locates_a_chinese_label_inside_a_run_without_spaces(small):
    [mention] = small.find("推进针具交换项目")
    assert (mention.label, mention.concepts, mention.start, mention.end) == ("针具交换", ("needle-exchange",), 2, 6)


def test_find_locates_a_japanese_label_inside_a_sentence():
    [mention] = find("孤独死を防ぐ地域の取り組み")
    assert mention.concepts == ("kodokushi",)


def test_find_locates_a_label_that_mixes_latin_letters_and_kana():
    [mention] = find("DVシェルターの運営")
    assert mention.concepts == ("womens-shelter",)


def test_find_offsets_point_into_the_folded_text(small):
    text = "Die Schadensminimierung"
    [mention] = small.find(text)
    assert fold(text)[mention.start:mention.end] == "schadensminimierung"


def test_find_in_a_text_without_labels_is_empty(small):
    assert small.find("") == [] and small.find("how to repair a bicycle tyre") == []


def test_an_empty_thesaurus_finds_nothing():
    assert Thesaurus({}).find("harm reduction") == [] and Thesaurus({}).concepts_for("harm reduction") == ()

"""The thesaurus checker: one fixture per rule in tests/data/thesaurus, each breaking that rule only.

Each test asserts the complete report for its fixture, so a rule that also fires elsewhere,
or a message that loses its position or its advice, fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.thesaurus import check
from kb.thesaurus_file import read_thesaurus

T = "tests/data/thesaurus"


def problems(name: str) -> list[str]:
    return [str(p) for p in check(Path(T) / name)]


SHARED = ("a label should name one concept: remove it from one of them, or, if the word really means "
          "both, list each concept in the other's ambiguous_with")
MISSING = ("add the term professionals use in that language (the English term if that is what they say), "
           "or ask a committee of that language in the pull request")


def test_a_valid_thesaurus_has_no_problems():
    assert problems("valid.yaml") == []


def test_a_label_shared_on_purpose_by_two_concepts_that_list_each_other_is_valid():
    assert problems("ambiguous-declared.yaml") == []


# --- reading the file -------------------------------------------------------------------


def test_yaml_syntax_error_is_located_where_the_reader_got_lost():
    assert problems("yaml-syntax.yaml") == [
        f"{T}/yaml-syntax.yaml:21:7: error: YAML syntax: expected ',' or ']', but got ':' "
        "(in the [ ] list that starts at line 20, column 9)"]


def test_tab_indentation_is_an_error_at_the_tab():
    assert problems("tab-indent.yaml") == [
        f"{T}/tab-indent.yaml:7:1: error: tab character; YAML needs spaces for indentation"]


def test_anchors_and_aliases_are_refused():
    assert problems("alias.yaml") == [
        f"{T}/alias.yaml:4:9: error: YAML anchors (&name) and aliases (*name) are not allowed in the "
        "thesaurus; write the labels out"]


def test_a_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte():
    assert problems("not-utf8.yaml") == [
        f"{T}/not-utf8.yaml:5:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"]


def test_an_empty_thesaurus_is_an_error():
    assert problems("empty.yaml") == [
        f"{T}/empty.yaml:1:1: error: the thesaurus is empty; it needs at least one concept"]


def test_a_file_that_is_a_list_is_an_error():
    assert problems("not-a-mapping.yaml") == [
        f"{T}/not-a-mapping.yaml:2:1: error: the thesaurus must be a list of concepts written 'concept-id:' "
        "followed by indented 'labels:' lines (see the top of kb/data/thesaurus.yaml)"]


def test_a_missing_file_is_one_error_and_no_exception(tmp_path):
    [problem] = check(tmp_path / "nowhere.yaml")
    assert (problem.line, problem.col, problem.level) == (0, 0, "error")
    assert problem.message.startswith("cannot read the thesaurus: ")


# --- concepts -----------------------------------------------------------------------------


def test_a_concept_id_must_be_a_slug():
    assert problems("bad-id.yaml") == [
        f"{T}/bad-id.yaml:16:1: error: concept id 'Needle Exchange' must be a slug: lowercase letters, digits "
        "and single hyphens, e.g. 'needle-exchange'"]


def test_a_concept_id_twice_is_an_error_on_the_second():
    assert problems("duplicate-id.yaml") == [
        f"{T}/duplicate-id.yaml:30:1: error: concept 'harm-reduction' appears twice (first at line 2); "
        "merge the two entries into one"]


def test_an_unknown_key_is_an_error_with_a_suggestion():
    assert problems("unknown-key.yaml") == [
        f"{T}/unknown-key.yaml:17:3: error: unknown key 'brodaer' in concept 'needle-exchange' "
        "(did you mean \"broader\"?); a concept takes scope, labels, broader, ambiguous_with"]


def test_a_concept_written_as_one_line_is_an_error():
    assert problems("concept-not-a-group.yaml") == [
        f"{T}/concept-not-a-group.yaml:16:18: error: concept 'needle-exchange' must be a group of indented "
        "lines: 'scope:', 'labels:', and optionally 'broader:' and 'ambiguous_with:'"]


def test_a_concept_without_labels_is_an_error():
    assert problems("labels-missing.yaml") == [
        f"{T}/labels-missing.yaml:16:1: error: concept 'needle-exchange' needs 'labels:' with one line per "
        "language (en, fr, de, es, it, pl, ar, zh, ja, cs), e.g. 'en: [needle exchange, syringe exchange]'"]


def test_a_scope_note_over_300_characters_is_an_error():
    assert problems("scope-too-long.yaml") == [
        f"{T}/scope-too-long.yaml:3:10: error: the scope of 'harm-reduction' is 319 characters long, over 300; "
        "say in one or two sentences what the concept covers"]


def test_a_scope_note_must_be_text():
    assert problems("scope-not-text.yaml") == [
        f"{T}/scope-not-text.yaml:3:10: error: the scope of 'harm-reduction' must be text (one or two sentences)"]


# --- languages ----------------------------------------------------------------------------


def test_an_unknown_language_code_is_an_error_and_its_language_counts_as_missing():
    assert problems("unknown-language.yaml") == [
        f"{T}/unknown-language.yaml:4:5: error: concept 'harm-reduction' has no label in ja; {MISSING}",
        f"{T}/unknown-language.yaml:12:5: error: unknown language 'jp' in 'harm-reduction' (did you mean \"ja\"?); "
        "the thesaurus takes en, fr, de, es, it, pl, ar, zh, ja, cs"]


def test_a_concept_missing_languages_names_each_missing_language():
    assert problems("missing-language.yaml") == [
        f"{T}/missing-language.yaml:4:5: error: concept 'harm-reduction' has no label in ja, cs; {MISSING}"]


def test_a_language_written_twice_in_a_concept_is_an_error():
    assert problems("duplicate-language.yaml") == [
        f"{T}/duplicate-language.yaml:14:5: error: language 'de' appears twice in 'harm-reduction'; put all its "
        "labels in one list"]


# --- labels -------------------------------------------------------------------------------


def test_empty_labels_empty_lists_and_nothing_after_a_language_are_errors():
    assert problems("empty-label.yaml") == [
        f"{T}/empty-label.yaml:5:33: error: empty label in the fr labels of 'harm-reduction'; write the term or "
        "remove the empty entry",
        f"{T}/empty-label.yaml:6:8: error: nothing after 'de:' in 'harm-reduction'; write the term, or remove "
        "the line and add the language when someone knows the term",
        f"{T}/empty-label.yaml:7:9: error: the es list is empty in 'harm-reduction'; write the term, or remove "
        "the line and add the language when someone knows the term"]


def test_a_label_read_as_a_number_is_an_error_that_says_to_quote_it():
    assert problems("label-not-text.yaml") == [
        f"{T}/label-not-text.yaml:5:33: error: label 3919 in the fr labels of 'harm-reduction' is read as a number "
        "or yes/no, not text; put it in quotes: \"3919\""]


def test_a_label_over_80_characters_is_an_error():
    assert problems("long-label.yaml") == [
        f"{T}/long-label.yaml:4:26: error: label in the en labels of 'harm-reduction' is 89 characters long, over "
        "80; a label is a term people search for, put explanations in 'scope'"]


def test_a_label_of_one_letter_is_an_error():
    assert problems("short-label.yaml") == [
        f"{T}/short-label.yaml:13:26: error: label \"š\" in the cs labels of 'harm-reduction' is too short to "
        "search for (it needs at least 2 letters or digits)"]


def test_the_same_label_twice_in_one_language_of_a_concept_is_a_warning_after_folding():
    assert problems("label-twice-in-concept.yaml") == [
        f"{T}/label-twice-in-concept.yaml:6:43: warning: label \"spritzentausch\" appears twice in the de labels "
        "of 'needle-exchange' (first at line 6, column 10); keep one"]


def test_the_same_label_in_two_concepts_of_one_language_is_an_error():
    assert problems("shared-label.yaml") == [
        f"{T}/shared-label.yaml:20:26: error: label \"Schadensminimierung\" (de) of 'needle-exchange' is also one "
        f"of the de labels of 'harm-reduction' (line 7); {SHARED}"]


def test_the_same_label_in_two_concepts_of_different_languages_is_a_warning():
    assert problems("shared-label-other-language.yaml") == [
        f"{T}/shared-label-other-language.yaml:22:32: warning: label \"RdR\" (it) of 'family-group-conference' is "
        "written like a fr label of 'harm-reduction' (line 6); a search for it finds both concepts: check that "
        "this is right, or list each concept in the other's ambiguous_with"]


# --- links between concepts ---------------------------------------------------------------


def test_ambiguous_with_declared_by_one_concept_only_is_an_error_and_does_not_excuse_the_labels():
    assert problems("ambiguous-one-sided.yaml") == [
        f"{T}/ambiguous-one-sided.yaml:3:19: error: 'day-centre' lists 'drug-drop-in-centre' in ambiguous_with "
        "but 'drug-drop-in-centre' does not list 'day-centre'; an ambiguity is agreed by both: add it to "
        "'drug-drop-in-centre' too, or remove it here",
        f"{T}/ambiguous-one-sided.yaml:18:51: error: label \"drop-in\" (en) of 'drug-drop-in-centre' is also one "
        f"of the en labels of 'day-centre' (line 5); {SHARED}",
        f"{T}/ambiguous-one-sided.yaml:22:33: error: label \"drop-in\" (it) of 'drug-drop-in-centre' is also one "
        f"of the it labels of 'day-centre' (line 9); {SHARED}",
        f"{T}/ambiguous-one-sided.yaml:26:10: error: label \"ドロップインセンター\" (ja) of 'drug-drop-in-centre' is "
        f"also one of the ja labels of 'day-centre' (line 13); {SHARED}"]


def test_ambiguous_with_an_unknown_concept_or_itself_is_an_error():
    assert problems("ambiguous-unknown.yaml") == [
        f"{T}/ambiguous-unknown.yaml:3:19: error: 'harm-reduction' lists 'needle-exchage' in ambiguous_with, "
        "which is not a concept of the thesaurus (did you mean \"needle-exchange\"?)",
        f"{T}/ambiguous-unknown.yaml:3:19: error: 'harm-reduction' lists itself in ambiguous_with; list the "
        "other concept that shares a label"]


def test_ambiguous_with_between_concepts_that_share_no_label_is_a_warning():
    assert problems("ambiguous-nothing-shared.yaml") == [
        f"{T}/ambiguous-nothing-shared.yaml:3:19: warning: 'harm-reduction' lists 'needle-exchange' in "
        "ambiguous_with but they share no label; remove it",
        f"{T}/ambiguous-nothing-shared.yaml:17:19: warning: 'needle-exchange' lists 'harm-reduction' in "
        "ambiguous_with but they share no label; remove it"]


def test_an_unknown_broader_concept_is_an_error_with_a_suggestion():
    assert problems("unknown-broader.yaml") == [
        f"{T}/unknown-broader.yaml:17:12: error: 'needle-exchange' has broader 'harm-reduktion', which is not a "
        "concept of the thesaurus (did you mean \"harm-reduction\"?)"]


def test_a_concept_that_is_its_own_broader_concept_is_an_error():
    assert problems("broader-self.yaml") == [
        f"{T}/broader-self.yaml:3:12: error: 'harm-reduction' names itself as broader; name the wider concept it "
        "belongs to, or remove 'broader'"]


def test_a_cycle_of_broader_links_is_one_error_naming_the_whole_circle():
    assert problems("broader-cycle.yaml") == [
        f"{T}/broader-cycle.yaml:3:12: error: broader links go round in a circle: harm-reduction → "
        "family-group-conference → needle-exchange → harm-reduction; a concept cannot be wider than itself, "
        "remove one of these 'broader' lines"]


def test_broader_given_as_a_list_is_an_error():
    assert problems("broader-not-an-id.yaml") == [
        f"{T}/broader-not-an-id.yaml:17:12: error: 'broader' of 'needle-exchange' takes one concept id, not a "
        "list or a group"]


# --- what is kept from a bad file ----------------------------------------------------------


def test_a_concept_with_a_missing_language_keeps_its_other_labels():
    reading = read_thesaurus(Path(T) / "missing-language.yaml")
    concept = reading.concepts["harm-reduction"]
    assert set(concept.labels) == {"en", "fr", "de", "es", "it", "pl", "ar", "zh"}
    assert concept.labels["fr"] == ("réduction des risques", "RdR")


def test_a_bad_label_is_left_out_and_the_others_kept():
    concept = read_thesaurus(Path(T) / "label-not-text.yaml").concepts["harm-reduction"]
    assert concept.labels["fr"] == ("réduction des risques",)


def test_a_duplicate_concept_keeps_the_first_entry():
    reading = read_thesaurus(Path(T) / "duplicate-id.yaml")
    assert list(reading.concepts) == ["harm-reduction", "needle-exchange"]


def test_an_unreadable_file_gives_no_concepts():
    assert read_thesaurus(Path(T) / "yaml-syntax.yaml").concepts == {}


@pytest.mark.parametrize("path", sorted(p.name for p in Path(T).glob("*.yaml")))
def test_every_fixture_is_read_without_an_exception(path):
    reading = read_thesaurus(Path(T) / path)
    assert all(p.path == f"{T}/{path}" for p in reading.problems)

"""The front-matter field `abstracts`: one fixture per rule in tests/data/validation.

Each fixture is valid-practice.md (English) with an `abstracts` block that breaks one rule,
so each test asserts the complete list of problems.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
V = "tests/data/validation"


def test_abstracts_in_other_languages_are_valid(validate):
    run = validate(f"{V}/valid-abstracts.md")
    assert run.problems == []
    assert run.exit_code == 0


def test_abstracts_are_read_into_the_model_in_their_order():
    from kb.load import load_document

    practice = load_document(REPO / V / "valid-abstracts.md").practice
    assert list(practice.abstracts) == ["fr", "de"]
    assert practice.abstracts["fr"].title == "Accueil du soir pour les jeunes aidants"
    assert practice.abstracts["fr"].translated_by == "Practice Exchange editors, awaiting committee review"
    assert practice.abstracts["de"].translated_by is None


def test_unknown_abstract_language_suggests_the_known_code(validate):
    run = validate(f"{V}/abstract-unknown-language.md")
    assert run.problems == [
        f"{V}/abstract-unknown-language.md:15:3: error: abstracts: unknown language code \"fra\" "
        "(did you mean \"fr\"?); use a code from the language list (kb/data/languages.yaml)"
    ]
    assert run.exit_code == 1


def test_abstract_in_the_practice_own_language_is_an_error(validate):
    run = validate(f"{V}/abstract-own-language.md")
    assert run.problems == [
        f"{V}/abstract-own-language.md:19:3: error: abstracts: \"en\" is the language of the practice itself, "
        "whose title and summary are already in English; remove abstracts.en"
    ]


def test_a_language_written_twice_is_located_at_the_second_and_says_one_abstract_per_language(validate):
    run = validate(f"{V}/abstract-duplicate-language.md")
    assert run.problems == [
        f"{V}/abstract-duplicate-language.md:19:3: error: abstracts: language 'fr' appears twice; "
        "keep one abstract per language"
    ]


def test_a_key_written_twice_inside_a_group_names_the_group(validate, tmp_path):
    text = (REPO / V / "valid-abstracts.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-abstracts.md"
    path.write_text(text.replace("    title: Abendtreff für junge Pflegende\n",
                                 "    title: Abendtreff für junge Pflegende\n    title: Abendtreff\n"),
                    encoding="utf-8")
    assert validate(str(path)).problems == [
        f"{path}:21:5: error: key 'title' appears twice in abstracts.de; keep one"
    ]


def test_empty_abstract_summary_is_an_error_that_says_it_is_empty(validate):
    run = validate(f"{V}/abstract-empty-summary.md")
    assert run.problems == [
        f"{V}/abstract-empty-summary.md:17:5: error: 'abstracts.fr.summary' is empty: write at least 20 characters"
    ]


def test_abstract_summary_over_600_characters_is_an_error(validate):
    run = validate(f"{V}/abstract-summary-too-long.md")
    assert run.problems == [
        f"{V}/abstract-summary-too-long.md:17:5: error: 'abstracts.fr.summary' is 739 characters long, "
        "over the limit of 600; shorten it"
    ]


def test_abstract_title_has_the_limits_of_the_practice_title(validate, tmp_path):
    text = (REPO / V / "valid-abstracts.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-abstracts.md"
    path.write_text(text.replace("title: Abendtreff für junge Pflegende", "title: " + "Abendtreff " * 21),
                    encoding="utf-8")
    assert validate(str(path)).problems == [
        f"{path}:20:5: error: 'abstracts.de.title' is 230 characters long, over the limit of 200; shorten it"
    ]


def test_abstract_without_a_summary_is_an_error(validate, tmp_path):
    text = (REPO / V / "valid-abstracts.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-abstracts.md"
    lines = [line for line in text.split("\n") if not line.startswith("    summary: Ein wöchentlicher")]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert validate(str(path)).problems == [f"{path}:19:3: error: missing required field 'abstracts.de.summary'"]


def test_unknown_field_inside_an_abstract_is_an_error(validate, tmp_path):
    text = (REPO / V / "valid-abstracts.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-abstracts.md"
    path.write_text(text.replace("translated_by:", "translator:"), encoding="utf-8")
    assert validate(str(path)).problems == [f"{path}:18:5: error: unknown field 'abstracts.fr.translator'"]


def test_abstract_reading_as_another_language_is_a_warning(validate):
    run = validate(f"{V}/abstract-language-disagrees.md")
    assert run.problems == [
        f"{V}/abstract-language-disagrees.md:15:3: warning: abstracts.fr should be in French but reads as "
        "\"en\"; check the translation and its language code"
    ]
    assert run.exit_code == 0


def test_abstract_language_check_is_skipped_with_the_practice_language_check(validate):
    assert validate(f"{V}/abstract-language-disagrees.md", "--no-language-check").problems == []


def test_short_abstracts_are_not_language_checked(validate, tmp_path):
    """Below the letters the practice's own check needs, the detector guesses too often."""
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("illustrative: true\n", "illustrative: true\nabstracts:\n  de:\n"
                                 "    title: Young carers\n    summary: An evening for young carers.\n"),
                    encoding="utf-8")
    assert validate(str(path)).problems == []


def test_placeholder_left_in_an_abstract_is_a_warning_and_not_language_checked(validate):
    run = validate(f"{V}/abstract-placeholder.md")
    assert run.problems == [
        f"{V}/abstract-placeholder.md:20:5: warning: placeholder TODO left in abstracts.de.title; "
        "write the title in German, or remove the de abstract until it is translated"
    ]
    assert run.exit_code == 0


def test_a_language_code_yaml_reads_as_a_number_is_an_unknown_code(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("illustrative: true\n", "illustrative: true\nabstracts:\n  1:\n"
                                 "    title: Young carers\n    summary: An evening for young carers.\n"),
                    encoding="utf-8")
    assert validate(str(path)).problems == [
        f"{path}:15:3: error: abstracts: unknown language code \"1\"; use a code from the language list "
        "(kb/data/languages.yaml)"
    ]


def test_abstracts_that_are_a_list_are_an_error(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("illustrative: true\n", "illustrative: true\nabstracts: [fr, de]\n"),
                    encoding="utf-8")
    assert validate(str(path)).problems == [
        f"{path}:14:1: error: 'abstracts' must be a group of 'key: value' lines, not ['fr', 'de']"
    ]


# --- which abstracts count -----------------------------------------------------------------


def _with_abstracts(abstracts: dict):
    """valid-practice.md (English) with these abstracts."""
    from kb.load import load_document
    from kb.model import Practice

    base = load_document(REPO / V / "valid-practice.md").practice
    return Practice.model_validate({**base.model_dump(), "abstracts": abstracts})


def test_written_abstracts_leave_out_placeholders():
    from kb.abstracts import written

    practice = _with_abstracts({
        "fr": {"title": "Accueil du soir", "summary": "Un accueil du soir pour les jeunes aidants."},
        "de": {"title": "TODO: the title in German", "summary": "Ein Abendtreff für junge Pflegende."},
        "es": {"title": "Tarde para jóvenes cuidadores", "summary": "TODO: the summary in Spanish, faithfully"},
    })
    assert list(written(practice)) == ["fr"]


def test_missing_languages_leave_out_the_practice_language_and_count_placeholders():
    from kb.abstracts import missing

    practice = _with_abstracts({
        "fr": {"title": "Accueil du soir", "summary": "Un accueil du soir pour les jeunes aidants."},
        "de": {"title": "TODO: the title in German", "summary": "TODO: the summary in German, faithfully"},
    })
    assert practice.language == "en"
    assert missing(practice) == ["de", "es"]
    assert missing(practice, ("fr", "en")) == []

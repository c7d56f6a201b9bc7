"""`kb new`: a skeleton in the chosen language that validates with placeholder warnings only."""
from __future__ import annotations

import pytest

from kb import vocab
from kb.cli import main


def _new(runner, content, *args, input=None):
    return runner.invoke(main, ["new", "--content", str(content), *args], input=input)


def _only_placeholder_warnings(validate, path) -> list[str]:
    run = validate(str(path))
    assert run.exit_code == 0, run.result.output
    return [line for line in run.problems if "placeholder TODO" not in line]


def test_flags_create_the_file_in_the_city_folder_named_by_the_id(runner, tmp_path):
    result = _new(runner, tmp_path, "--city", "hamburg", "--title", "Nachbarschaftshilfe für ältere Menschen",
                  "--language", "de", "--topic", "elderly-care", "--topic", "volunteering")
    path = tmp_path / "hamburg" / "hamburg-nachbarschaftshilfe-fuer-aeltere-menschen.md"
    assert result.exit_code == 0, result.output
    assert f"created {path}" in result.output
    assert path.exists()


def test_flags_write_the_given_title_city_language_and_topics(runner, tmp_path):
    from kb.load import load_document

    _new(runner, tmp_path, "--city", "hamburg", "--title", "Nachbarschaftshilfe für ältere Menschen",
         "--language", "de", "--topic", "elderly-care", "--topic", "volunteering", "--id", "nachbarschaftshilfe")
    practice = load_document(tmp_path / "hamburg" / "nachbarschaftshilfe.md").practice
    assert (practice.id, practice.title, practice.city, practice.country, practice.language, practice.topics) == (
        "nachbarschaftshilfe", "Nachbarschaftshilfe für ältere Menschen", "hamburg", "DE", "de",
        ["elderly-care", "volunteering"])


@pytest.mark.parametrize("language", ["de", "fr", "ja", "ar"])
def test_section_headings_are_in_the_chosen_language(runner, tmp_path, language):
    _new(runner, tmp_path, "--city", "paris", "--title", "Some practice title", "--language", language,
         "--topic", "housing", "--id", "headings")
    text = (tmp_path / "paris" / "headings.md").read_text(encoding="utf-8")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == vocab.section_headings(language)


def test_language_defaults_to_the_city_language(runner, tmp_path):
    from kb.load import load_document

    _new(runner, tmp_path, "--city", "warsaw", "--title", "Asystent rodziny", "--topic", "family-support")
    assert load_document(tmp_path / "warsaw" / "warsaw-asystent-rodziny.md").practice.language == "pl"


def test_prompts_ask_for_what_the_flags_did_not_give(runner, tmp_path):
    from kb.load import load_document

    result = _new(runner, tmp_path, input="paris\nAccueil de jour pour les familles\nfr\nfamily-support\n")
    assert result.exit_code == 0, result.output
    assert "City" in result.output and "Title" in result.output and "Topics" in result.output
    practice = load_document(tmp_path / "paris" / "paris-accueil-de-jour-pour-les-familles.md").practice
    assert (practice.city, practice.language, practice.topics) == ("paris", "fr", ["family-support"])


def test_prompt_for_language_offers_the_city_language(runner, tmp_path):
    result = _new(runner, tmp_path, input="milan\nSportello sociale di quartiere\n\ncommunity-development\n")
    assert "[it]: " in result.output
    assert (tmp_path / "milan" / "milan-sportello-sociale-di-quartiere.md").exists()


def test_prompt_takes_several_topics_separated_by_commas(runner, tmp_path):
    from kb.load import load_document

    result = _new(runner, tmp_path, input="paris\nAccueil de jour\nfr\nhousing, family-support\n")
    assert result.exit_code == 0, result.output
    assert load_document(tmp_path / "paris" / "paris-accueil-de-jour.md").practice.topics == ["housing", "family-support"]


def test_prompt_rejects_an_unknown_topic_with_a_suggestion_and_asks_again(runner, tmp_path):
    result = _new(runner, tmp_path, input="paris\nAccueil de jour\nfr\nhousng\nhousing\n")
    assert result.exit_code == 0, result.output
    assert 'unknown topic "housng" (did you mean "housing"?)' in result.output


def test_unknown_city_flag_is_refused(runner, tmp_path):
    result = _new(runner, tmp_path, "--city", "pariss", "--title", "x y z", "--topic", "housing")
    assert result.exit_code == 2
    assert "pariss" in result.output


def test_never_overwrites_an_existing_file(runner, tmp_path):
    args = ("--city", "paris", "--title", "Accueil de jour", "--language", "fr", "--topic", "housing")
    assert _new(runner, tmp_path, *args).exit_code == 0
    path = tmp_path / "paris" / "paris-accueil-de-jour.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWork in progress.\n", encoding="utf-8")
    before = path.read_bytes()

    again = _new(runner, tmp_path, *args)
    assert again.exit_code == 1
    assert f"{path} already exists; choose another --id" in again.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(("city", "language", "title"), [
    ("paris", "fr", "Accueil de jour pour les familles"),
    ("hamburg", "de", "Nachbarschaftshilfe für ältere Menschen"),
    ("chicago", "en", "Evening drop-in for young carers"),
    ("osaka", "ja", "高齢者の見守り活動"),
    ("chicago", "es", "Apoyo a familias migrantes"),
])
def test_scaffold_validates_with_placeholder_warnings_only(runner, validate, tmp_path, city, language, title):
    result = _new(runner, tmp_path, "--city", city, "--title", title, "--language", language,
                  "--topic", "family-support", "--id", "fresh")
    assert result.exit_code == 0, result.output
    path = tmp_path / city / "fresh.md"
    assert _only_placeholder_warnings(validate, path) == []


def test_scaffold_title_with_yaml_punctuation_is_kept_verbatim(runner, tmp_path):
    from kb.load import load_document

    title = "Housing First: the 'Pathways' model #2"
    _new(runner, tmp_path, "--city", "chicago", "--title", title, "--language", "en", "--topic", "housing",
         "--id", "pathways")
    assert load_document(tmp_path / "chicago" / "pathways.md").practice.title == title


@pytest.mark.parametrize("title, language, slug", [
    ("Nachbarschaftshilfe für Ältere", "de", "nachbarschaftshilfe-fuer-aeltere"),
    ("Straßensozialarbeit", "de", "strassensozialarbeit"),
    ("Straßensozialarbeit", None, "strassensozialarbeit"),
    ("Pomoc społeczna w Łodzi", "pl", "pomoc-spoleczna-w-lodzi"),
    ("Øresund og Æbleø", "da", "oresund-og-aebleo"),
    ("Accueil d'urgence à Paris", "fr", "accueil-d-urgence-a-paris"),
    ("Aide aux aînés", "fr", "aide-aux-aines"),
    ("Città più sicure", "it", "citta-piu-sicure"),
    ("Kühe für Ölmühlen", "tr", "kuhe-fur-olmuhlen"),  # only German spells the umlaut out
])
def test_slug_keeps_every_letter_its_writers_would_keep(title, language, slug):
    from kb.scaffold import slugify

    assert slugify(title, language) == slug


def test_slug_of_a_title_without_latin_letters_falls_back_to_the_city():
    from kb.scaffold import slugify, scaffold

    assert slugify("Accueil d'urgence à Paris") == "accueil-d-urgence-a-paris"
    practice_id, _ = scaffold("高齢者の見守り活動", "osaka", "ja", ["elderly-care"])
    assert practice_id == "osaka-practice"


def test_scaffold_ends_the_front_matter_with_placeholder_abstracts_in_the_other_required_languages():
    from kb.scaffold import scaffold

    _, text = scaffold("Nachbarschaftshilfe", "hamburg", "de", ["elderly-care"])
    front = text.split("\n---\n", 1)[0]
    assert front.split("\nabstracts:\n", 1)[1].split("\n") == [
        "  en:", '    title: "TODO: the title in English"',
        '    summary: "TODO: the summary in English, translated faithfully, adding nothing"',
        "  fr:", '    title: "TODO: the title in French"',
        '    summary: "TODO: the summary in French, translated faithfully, adding nothing"',
        "  es:", '    title: "TODO: the title in Spanish"',
        '    summary: "TODO: the summary in Spanish, translated faithfully, adding nothing"',
    ]


def test_scaffold_abstract_placeholders_are_flagged_by_validation(runner, validate, tmp_path):
    _new(runner, tmp_path, "--city", "osaka", "--title", "高齢者の見守り活動", "--language", "ja",
         "--topic", "elderly-care", "--id", "fresh")
    warnings = [line for line in validate(str(tmp_path / "osaka" / "fresh.md")).problems if "abstracts." in line]
    assert [line.split(": warning: ")[1].split(";")[0] for line in warnings] == [
        f"placeholder TODO left in abstracts.{code}.{key}" for code in ("en", "fr", "de", "es")
        for key in ("title", "summary")]


# --- the id (issue 14, point 17; issue 12: the default id starts with the city) -----------


def test_the_default_id_starts_with_the_city_like_the_corpus(runner, tmp_path):
    result = _new(runner, tmp_path, "--city", "mexico-city", "--title", "Comedores comunitarios",
                  "--topic", "poverty")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mexico-city" / "mexico-city-comedores-comunitarios.md").exists()


def test_a_title_that_starts_with_the_city_does_not_repeat_it(runner, tmp_path):
    _new(runner, tmp_path, "--city", "hamburg", "--title", "Hamburg Kontaktladen", "--topic", "harm-reduction")
    assert [p.name for p in (tmp_path / "hamburg").iterdir()] == ["hamburg-kontaktladen.md"]


@pytest.mark.parametrize("given", ["../../evil", "a/b", "/tmp/evil", "Paris_Accueil", "-x", "a--b", "x", "a" * 81])
def test_an_id_that_is_not_a_slug_is_refused_and_nothing_is_written(runner, tmp_path, given):
    content = tmp_path / "content" / "practices"
    result = _new(runner, content, "--city", "paris", "--title", "Accueil de jour", "--topic", "housing",
                  "--id", given)
    assert result.exit_code == 2
    assert f'"{given}" is not an id: use 2 to 80 lowercase letters, digits and single hyphens' in result.output
    assert list(tmp_path.rglob("*.md")) == [] and not (tmp_path / "evil.md").exists()


def test_write_new_never_writes_outside_the_content_folder_even_through_a_linked_city_folder(tmp_path):
    from kb.scaffold import write_new

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "practices").mkdir()
    (tmp_path / "practices" / "paris").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(ValueError, match="outside the content folder"):
        write_new(tmp_path / "practices", "Accueil de jour", "paris", "fr", ["housing"])
    assert list(tmp_path.rglob("*.md")) == []


def test_an_id_is_made_from_the_title_when_it_has_latin_letters():
    from kb.scaffold import id_title

    assert id_title("Portierato sociale", "it", {"en": {"title": "Social concierges"}}) == ("Portierato sociale", "it")


def test_an_id_of_a_non_latin_title_comes_from_the_first_written_abstract_title_in_the_required_order():
    from kb.scaffold import id_title

    abstracts = {"de": {"title": "Psychosoziale Hilfe"}, "en": {"title": "TODO: the title in English"},
                 "fr": {"title": "Soutien psychosocial"}}
    assert id_title("الدعم النفسي", "ar", abstracts) == ("Soutien psychosocial", "fr")
    assert id_title("الدعم النفسي", "ar", {"en": {"title": "TODO: the title in English"}}) is None
    assert id_title("الدعم النفسي", "ar") is None

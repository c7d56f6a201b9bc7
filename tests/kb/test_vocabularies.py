"""The vocabularies in kb/data: complete labels, required values, a consistent city registry."""
from __future__ import annotations

import re

import pytest

from kb import vocab
from kb.model import EVIDENCE_LEVELS, STATUSES, Practice

REQUIRED_CITIES = (
    "chicago accra amman athens belgrade birmingham bogota busan casablanca delhi durban galway hamburg "
    "kyiv lahore lucerne mexico-city milan osaka paris petah-tikva prague shanghai shenyang toronto "
    "vilnius warsaw"
).split()
REQUIRED_TOPICS = (
    "child-welfare foster-care juvenile-justice youth homelessness harm-reduction substance-use "
    "mental-health domestic-violence elderly-care disability migration employment housing poverty "
    "family-support community-development education health evaluation volunteering "
    "funding-partnerships workforce-training cultural-competence empowerment"
).split()
REQUIRED_POPULATIONS = (
    "children youth families older-people people-experiencing-homelessness people-who-use-drugs "
    "survivors-of-violence migrants-refugees people-with-disabilities offenders workforce"
).split()
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _missing_labels(table: dict[str, dict[str, str]]) -> list[str]:
    return [f"{slug}: {lang}" for slug, labels in table.items() for lang in vocab.LABEL_LANGUAGES
            if not (labels or {}).get(lang, "").strip()]


def test_every_topic_has_a_label_in_every_interface_language():
    assert _missing_labels(vocab.topics()) == []


def test_every_population_has_a_label_in_every_interface_language():
    assert _missing_labels(vocab.populations()) == []


@pytest.mark.parametrize("kind", ["evidence_level", "status", "cost_band", "direction"])
def test_every_enum_value_has_a_label_in_every_interface_language(kind):
    assert _missing_labels(vocab.enum_labels()[kind]) == []


def test_every_language_is_named_in_every_interface_language():
    assert _missing_labels({code: entry.get("names") for code, entry in vocab.languages().items()}) == []


@pytest.mark.parametrize("lang", ["ar", "zh", "ja"])
def test_every_city_has_a_name_in_the_script_of_arabic_chinese_and_japanese(lang):
    assert [slug for slug, city in vocab.cities().items() if lang not in dict(city.names)] == []


def test_enum_labels_cover_exactly_the_model_values():
    fields = Practice.model_fields
    cost_bands = fields["cost"].annotation.__args__[0].model_fields["band"].annotation.__args__
    directions = fields["outcomes"].annotation.__args__[0].model_fields["direction"].annotation.__args__
    labels = vocab.enum_labels()
    assert set(labels["evidence_level"]) == set(EVIDENCE_LEVELS)
    assert set(labels["status"]) == set(STATUSES)
    assert set(labels["cost_band"]) == set(cost_bands)
    assert set(labels["direction"]) == set(directions)


def test_issue_cities_are_in_the_registry():
    assert [slug for slug in REQUIRED_CITIES if slug not in vocab.cities()] == []


def test_issue_topics_are_in_the_vocabulary():
    assert [slug for slug in REQUIRED_TOPICS if slug not in vocab.topics()] == []


def test_issue_populations_are_in_the_vocabulary():
    assert [slug for slug in REQUIRED_POPULATIONS if slug not in vocab.populations()] == []


def test_vocabulary_values_are_slugs():
    values = list(vocab.cities()) + list(vocab.topics()) + list(vocab.populations())
    assert [v for v in values if not SLUG.match(v)] == []


def test_chicago_is_twinned_with_every_sister_city_of_the_issue():
    assert set(REQUIRED_CITIES) - {"chicago"} <= set(vocab.cities()["chicago"].twinned_with)


def test_twinnings_are_symmetric():
    cities = vocab.cities()
    one_sided = [(a, b) for a, city in cities.items() for b in city.twinned_with
                 if a not in cities[b].twinned_with]
    assert one_sided == []


def test_twinnings_name_only_known_cities_and_never_the_city_itself():
    raw = vocab._read("twinnings.yaml")
    assert [pair for pair in raw if len(pair) != 2 or pair[0] == pair[1]
            or not set(pair) <= set(vocab.cities())] == []


def test_every_city_is_twinned_with_at_least_one_other():
    assert [slug for slug, city in vocab.cities().items() if not city.twinned_with] == []


def test_countries_are_iso_alpha2_uppercase():
    assert [(c.slug, c.country) for c in vocab.cities().values() if not re.fullmatch(r"[A-Z]{2}", c.country)] == []


def test_coordinates_are_on_the_globe():
    assert [c.slug for c in vocab.cities().values() if not (-90 <= c.lat <= 90 and -180 <= c.lon <= 180)] == []


def test_every_city_language_has_section_headings():
    languages = vocab.languages()
    missing = [(c.slug, lang) for c in vocab.cities().values() for lang in c.languages if lang not in languages]
    assert missing == []


def test_every_language_has_the_six_recommended_sections():
    assert [code for code, entry in vocab.languages().items() if len(entry["sections"]) != 6] == []


def test_label_falls_back_to_english_then_to_the_slug():
    assert vocab.label("topic", "housing", "fr") == "Logement"
    assert vocab.label("topic", "housing", "pt") == "Housing"  # no Portuguese labels
    assert vocab.label("topic", "no-such-topic", "fr") == "no-such-topic"
    assert vocab.label("status", "pilot", "de") == "Pilotphase"
    assert vocab.label("city", "mexico-city") == "Mexico City"
    assert vocab.label("language", "de") == "German"
    assert vocab.label("language", "de", "fr") == "Allemand"
    assert vocab.label("language", "de", "ja") == "ドイツ語"
    assert vocab.label("language", "xx", "fr") == "xx"


def test_a_language_is_named_in_itself_for_readers_choosing_it():
    assert vocab.native_name("de") == "Deutsch"
    assert vocab.native_name("ar") == "العربية"
    assert vocab.native_name("xx") == "xx"


def test_section_headings_of_an_unknown_language_are_english():
    assert vocab.section_headings("xx") == vocab.section_headings("en")


def test_city_names_follow_the_interface_language_with_english_as_fallback():
    from kb import vocab

    assert vocab.label("city", "warsaw", "de") == "Warschau"
    assert vocab.label("city", "mexico-city", "es") == "Ciudad de México"
    assert vocab.label("city", "chicago", "fr") == "Chicago"
    assert vocab.label("city", "milan", "en") == "Milan"


def test_city_names_are_given_only_in_interface_languages():
    from kb import vocab

    for city in vocab.cities().values():
        assert {lang for lang, _ in city.names} <= set(vocab.LABEL_LANGUAGES) - {"en"}, city.slug

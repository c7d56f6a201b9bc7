"""The gettext catalogues (webapp/translations): complete for every interface language,
placeholders kept, plural forms as Babel defines them, compiled .mo files up to date."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp import LANGUAGES
from webapp.i18n import stale_catalogues
from webapp.i18n_check import (SourceMessage, check_catalogue, check_catalogues, placeholders,
                               single_number_forms, source_messages)

HEADER = '''msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

'''
PLURAL = {
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 "
          ": n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
}
SEARCH = {"Search": SourceMessage("Search", "webapp/templates/base.html:1")}
COUNT = {"%(num)s practice": SourceMessage(("%(num)s practice", "%(num)s practices"), "webapp/browse.py:1")}


def write_po(tmp_path: Path, lang: str, entries: str) -> Path:
    path = tmp_path / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(lang=lang, plural=PLURAL[lang]) + entries, encoding="utf-8")
    return path


def messages_of(problems) -> str:
    return "\n".join(str(p) for p in problems)


# --- the real catalogues ----------------------------------------------------------------

def test_the_extractor_sees_messages_in_templates_and_python():
    found = source_messages()
    assert "Similar programs in other cities" in found      # practice.html
    assert "close in meaning overall" in found              # pages.py
    assert "Several rigorous evaluations (randomised or well-matched comparison studies) found " \
           "lasting benefits." in found                     # about.html, inside a dict literal
    assert len(found) > 150


def test_every_catalogue_translates_every_message_of_the_source():
    problems = check_catalogues(LANGUAGES)
    assert not problems, ("translate these (webapp/translations/README.md):\n" + messages_of(problems))


def test_every_interface_language_but_english_has_a_catalogue():
    root = Path(__file__).resolve().parents[2] / "webapp" / "translations"
    assert {p.parent.parent.name for p in root.glob("*/LC_MESSAGES/messages.po")} == set(LANGUAGES) - {"en"}


def test_the_compiled_catalogues_are_up_to_date():
    assert stale_catalogues(LANGUAGES) == [], "run `make messages-compile`"


# --- the checker, on small catalogues ---------------------------------------------------

def test_a_message_missing_from_a_catalogue_is_reported_with_its_source(tmp_path):
    path = write_po(tmp_path, "fr", "")
    assert "'Search' (webapp/templates/base.html:1) is not in the catalogue; run `make messages`" \
           in messages_of(check_catalogue(path, "fr", SEARCH))


def test_an_empty_translation_is_reported_at_its_line(tmp_path):
    path = write_po(tmp_path, "fr", 'msgid "Search"\nmsgstr ""\n')
    assert messages_of(check_catalogue(path, "fr", SEARCH)) == \
        f"{path}:7:1: error: 'Search' has no translation"


def test_a_fuzzy_translation_is_reported(tmp_path):
    path = write_po(tmp_path, "fr", '#, fuzzy\nmsgid "Search"\nmsgstr "Rechercher"\n')
    assert "'Search' is marked fuzzy" in messages_of(check_catalogue(path, "fr", SEARCH))


def test_a_translation_that_changes_a_placeholder_is_reported(tmp_path):
    source = {"Error %(status)s": SourceMessage("Error %(status)s", "webapp/templates/error.html:5")}
    path = write_po(tmp_path, "fr", 'msgid "Error %(status)s"\nmsgstr "Erreur %(statut)s"\n')
    assert "the translation has placeholders ['statut'], the msgid ['status']" \
           in messages_of(check_catalogue(path, "fr", source))


def test_a_message_the_source_no_longer_uses_is_reported(tmp_path):
    path = write_po(tmp_path, "fr", 'msgid "Search"\nmsgstr "Rechercher"\n\nmsgid "Gone"\nmsgstr "Parti"\n')
    assert messages_of(check_catalogue(path, "fr", SEARCH)) == \
        f"{path}:10:1: error: 'Gone' is used nowhere in the source; run `make messages` to drop it"


def test_a_complete_catalogue_has_no_problem(tmp_path):
    path = write_po(tmp_path, "fr", 'msgid "Search"\nmsgstr "Rechercher"\n')
    assert check_catalogue(path, "fr", SEARCH) == []


def test_a_plural_message_needs_every_plural_form_of_the_language(tmp_path):
    path = write_po(tmp_path, "ar", 'msgid "%(num)s practice"\nmsgid_plural "%(num)s practices"\n'
                                    'msgstr[0] "%(num)s ممارسة"\nmsgstr[1] "%(num)s ممارسة"\n')
    problems = messages_of(check_catalogue(path, "ar", COUNT))
    assert "has no translation (plural form 2)" in problems and "(plural form 5)" in problems


def test_arabic_forms_for_one_number_may_leave_the_count_out_but_the_others_may_not(tmp_path):
    forms = ["لا توجد ممارسات", "ممارسة واحدة", "ممارستان", "%(num)s ممارسات", "%(num)s ممارسة", "ممارسة"]
    entries = 'msgid "%(num)s practice"\nmsgid_plural "%(num)s practices"\n' + "".join(
        f'msgstr[{i}] "{text}"\n' for i, text in enumerate(forms))
    problems = messages_of(check_catalogue(write_po(tmp_path, "ar", entries), "ar", COUNT))
    assert "(plural form 5): the translation has placeholders none, the msgid ['num']" in problems
    assert "plural form 0" not in problems and "plural form 1" not in problems and "plural form 2" not in problems


def test_a_plural_forms_header_other_than_babels_rule_is_reported(tmp_path):
    path = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                    'msgid "Search"\nmsgstr "Rechercher"\n', encoding="utf-8")
    assert "Plural-Forms header is 'nplurals=2; plural=(n > 1);'" in messages_of(check_catalogue(path, "fr", SEARCH))


def test_a_missing_catalogue_says_how_to_create_it(tmp_path):
    problems = check_catalogue(tmp_path / "it" / "LC_MESSAGES" / "messages.po", "it", SEARCH)
    assert "missing catalogue for the it interface" in messages_of(problems) and "pybabel init" in messages_of(problems)


@pytest.mark.parametrize("text, names", [
    ("%(n)s more", ["n"]),
    ("Showing %(first)s–%(last)s of %(total)s", ["first", "last", "total"]),
    ("%(length)d characters", ["length"]),
    ("similarity %(score).2f", ["score"]),
    ("100% sure", []),
])
def test_placeholders_are_python_named_conversions(text, names):
    assert placeholders(text) == sorted(names)


@pytest.mark.parametrize("lang, forms", [("ar", {0, 1, 2}), ("pl", {0}), ("cs", {0}), ("ja", set())])
def test_single_number_forms_follow_babels_plural_rules(lang, forms):
    from babel.messages.plurals import get_plural

    assert single_number_forms(get_plural(lang).plural_expr) == forms


# --- compiled catalogues -------------------------------------------------------------------

def test_a_missing_compiled_catalogue_is_reported(tmp_path):
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "fr" / "LC_MESSAGES" / "messages.po").write_text("", encoding="utf-8")
    [problem] = stale_catalogues(["fr"], tmp_path)
    assert problem.endswith("messages.mo: missing; run `make messages-compile` (the fr interface shows English)")


def test_a_compiled_catalogue_older_than_its_source_is_reported(tmp_path):
    import os

    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.mo").write_bytes(b"")
    (folder / "messages.po").write_text("", encoding="utf-8")
    os.utime(folder / "messages.mo", (1_000_000, 1_000_000))
    assert "older than messages.po" in stale_catalogues(["fr"], tmp_path)[0]


def test_vocabulary_labels_exist_in_exactly_the_interface_languages():
    from kb import vocab

    assert list(vocab.LABEL_LANGUAGES) == LANGUAGES

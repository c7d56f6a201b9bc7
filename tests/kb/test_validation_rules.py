"""Every validation rule of `kb validate`, each on its own fixture in tests/data/validation.

Each fixture breaks one rule and is otherwise valid, so each test asserts the complete
list of problems: the exact `path:line:col: level: message` line(s), nothing more.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
V = "tests/data/validation"  # tests run from the repository root (see conftest.py)
LINKS = f"{V}/links"


def test_a_valid_practice_has_no_problems(validate):
    run = validate(f"{V}/valid-practice.md")
    assert run.problems == []
    assert run.exit_code == 0


# --- reading the file --------------------------------------------------------------------


def test_an_unclosed_list_is_located_at_its_opening_bracket_with_the_line_fixed(validate):
    run = validate(f"{V}/broken-yaml.md")
    assert run.problems == [
        f"{V}/broken-yaml.md:7:9: error: the list opened with '[' here is not closed: end it with ']' on the "
        "same line: topics: [youth, family-support]; an item that holds a comma, a colon or a bracket goes in "
        "double quotes"
    ]
    assert run.exit_code == 1


def test_front_matter_without_closing_fence_is_located_where_the_fence_belongs(validate):
    run = validate(f"{V}/unclosed-front-matter.md")
    assert run.problems == [
        f"{V}/unclosed-front-matter.md:15:1: error: the front matter that starts on line 1 is not closed: "
        "add a line '---' after its last field (line 13), before this line"
    ]


def test_file_without_front_matter_is_an_error(validate):
    run = validate(f"{V}/no-front-matter.md")
    assert run.problems == [
        f"{V}/no-front-matter.md:1:1: error: file must start with front matter: "
        "a line '---', the YAML fields, and another '---'"
    ]


def test_front_matter_that_is_a_list_instead_of_key_value_lines_is_an_error(validate):
    run = validate(f"{V}/front-matter-not-mapping.md")
    assert run.problems == [
        f"{V}/front-matter-not-mapping.md:2:1: error: front matter must be a set of 'key: value' lines"
    ]


def test_every_line_indented_with_a_tab_is_located_at_its_tab(validate):
    run = validate(f"{V}/tab-indentation.md")
    advice = "this line is indented with a tab; YAML needs spaces: replace the tab with spaces, two per level"
    assert run.problems == [
        f"{V}/tab-indentation.md:14:1: error: {advice}",
        f"{V}/tab-indentation.md:15:1: error: {advice}",
    ]


def test_yaml_anchors_and_the_aliases_that_use_them_are_refused(validate):
    run = validate(f"{V}/yaml-anchor.md")
    assert run.problems == [
        f"{V}/yaml-anchor.md:7:9: error: YAML anchors (&name) are not allowed in front matter; write the value out",
        f"{V}/yaml-anchor.md:8:20: error: YAML aliases (*name) are not allowed in front matter; write the value out",
    ]


def test_yaml_aliases_are_refused_even_without_an_anchor_first(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("target_population: [youth, carers]", "target_population: *people"),
                    encoding="utf-8")
    run = validate(str(path))
    assert run.problems == [
        f"{path}:8:20: error: YAML aliases (*name) are not allowed in front matter; write the value out"
    ]


def test_yaml_python_tags_are_refused_and_nothing_is_executed(validate, tmp_path, monkeypatch):
    fixture = REPO / V / "yaml-python-tag.md"
    monkeypatch.chdir(tmp_path)  # the tag would write yaml-tag-executed.txt into the working directory
    run = validate(str(fixture))
    assert run.problems == [
        f"{fixture}:3:8: error: YAML tag not allowed: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; front matter takes plain values only"
    ]
    assert not (tmp_path / "yaml-tag-executed.txt").exists()


def test_duplicate_keys_are_located_at_the_second_key(validate):
    run = validate(f"{V}/duplicate-key.md")
    assert run.problems == [f"{V}/duplicate-key.md:12:1: error: key 'status' appears twice; keep one"]


def test_impossible_date_is_located_at_the_value(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("last_reviewed: 2026-06-01", "last_reviewed: 2026-13-01"), encoding="utf-8")
    run = validate(str(path))
    assert run.problems == [
        f"{path}:12:16: error: '2026-13-01' is not a real date (month must be in 1..12); write dates as YYYY-MM-DD"
    ]


# --- bytes: encoding, size ---------------------------------------------------------------


def test_empty_file_is_an_error(validate):
    run = validate(f"{V}/empty-file.md")
    assert run.problems == [f"{V}/empty-file.md:1:1: error: file is empty; start from `kb new`"]


def test_binary_file_is_located_at_its_first_nul_byte(validate):
    assert (REPO / V / "encoding/binary-file.md").read_bytes().count(b"\x00") == 1
    run = validate(f"{V}/encoding/binary-file.md")
    assert run.problems == [
        f"{V}/encoding/binary-file.md:18:14: error: this is a binary file, not Markdown text (it contains NUL bytes)"
    ]


def test_latin1_bytes_are_located_at_the_first_byte_that_is_not_utf8(validate):
    run = validate(f"{V}/encoding/latin1-bytes.md")
    assert run.problems == [
        f"{V}/encoding/latin1-bytes.md:18:25: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_utf8_byte_order_mark_is_a_warning_and_the_file_stays_valid(validate_json):
    report, code = validate_json(f"{V}/encoding/utf8-bom.md")
    assert (REPO / V / "encoding/utf8-bom.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert [(p["line"], p["col"], p["level"], p["message"]) for p in report["problems"]
            if p["rule"] != "freshness"] == [
        (1, 1, "warning", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    ]
    assert report["valid"] == 1
    assert code == 0


def test_crlf_line_ends_are_valid(validate):
    assert b"\r\n" in (REPO / V / "encoding/crlf-line-ends.md").read_bytes()
    run = validate(f"{V}/encoding/crlf-line-ends.md")
    assert run.problems == []
    assert run.exit_code == 0


def test_file_over_the_size_limit_is_an_error(validate, tmp_path):
    from kb.parse import MAX_FILE_BYTES

    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    filler = "\nAnother paragraph about the evening drop-in for young carers and their families.\n"
    path = tmp_path / "valid-practice.md"
    path.write_text(text + filler * (MAX_FILE_BYTES // len(filler) + 1), encoding="utf-8")
    size_kib = path.stat().st_size // 1024
    run = validate(str(path))
    assert run.problems == [
        f"{path}:1:1: error: file is {size_kib} KiB, over the {MAX_FILE_BYTES // 1024} KiB limit; "
        "shorten it or split it"
    ]


def test_file_just_under_the_size_limit_is_valid(validate, tmp_path):
    from kb.parse import MAX_FILE_BYTES

    raw = (REPO / V / "valid-practice.md").read_bytes()
    path = tmp_path / "valid-practice.md"
    path.write_bytes(raw + b"x" * (MAX_FILE_BYTES - len(raw) - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert validate(str(path), "--no-language-check").errors == []


# --- fields: presence, names, types, enums -----------------------------------------------


def test_missing_required_field_is_an_error(validate):
    run = validate(f"{V}/missing-required-field.md")
    assert run.problems == [f"{V}/missing-required-field.md:1:1: error: missing required field 'status'"]


def test_unknown_field_suggests_the_known_one(validate):
    run = validate(f"{V}/unknown-field.md")
    assert run.problems == [
        f"{V}/unknown-field.md:14:1: error: unknown field 'organization' (did you mean \"organisation\"?)"
    ]


def test_wrongly_typed_field_names_the_expected_type(validate):
    run = validate(f"{V}/wrong-type.md")
    assert run.problems == [
        f"{V}/wrong-type.md:14:1: error: 'start_year' must be a whole number such as 2015, not 'twenty-twenty'"
    ]


def test_bad_enum_value_lists_the_choices_and_suggests_one(validate):
    run = validate(f"{V}/bad-enum.md")
    assert run.problems == [
        f"{V}/bad-enum.md:11:1: error: 'status' must be one of 'active', 'pilot' or 'ended', not 'activ' "
        "(did you mean \"active\"?)"
    ]


def test_summary_over_600_characters_is_an_error(validate):
    run = validate(f"{V}/summary-too-long.md")
    assert run.problems == [
        f"{V}/summary-too-long.md:9:1: error: 'summary' is 719 characters long, over the limit of 600; shorten it"
    ]


def test_end_year_before_start_year_is_located_at_end_year(validate):
    run = validate(f"{V}/end-year-before-start-year.md")
    assert run.problems == [f"{V}/end-year-before-start-year.md:15:1: error: end_year 2015 is before start_year 2018"]


# --- vocabularies ------------------------------------------------------------------------


def test_unknown_topic_is_located_at_the_item_and_suggests_the_known_one(validate):
    run = validate(f"{V}/unknown-topic.md")
    assert run.problems == [
        f"{V}/unknown-topic.md:7:17: error: unknown topic \"family-suport\" (did you mean \"family-support\"?)"
    ]


def test_unknown_city_suggests_the_known_one(validate):
    run = validate(f"{V}/unknown-city.md")
    assert run.problems == [
        f"{V}/unknown-city.md:4:1: error: unknown city \"chicgo\" (did you mean \"chicago\"?); "
        "cities are listed in kb/data/cities.yaml"
    ]


def test_country_disagreeing_with_the_city_registry_is_an_error(validate):
    run = validate(f"{V}/country-disagrees.md")
    assert run.problems == [
        f"{V}/country-disagrees.md:5:1: error: country \"FR\" disagrees with the registry: Chicago is in \"US\""
    ]


def test_unknown_target_population_suggests_the_known_one(validate):
    run = validate(f"{V}/unknown-population.md")
    assert run.problems == [
        f"{V}/unknown-population.md:8:28: error: unknown target population \"carres\" (did you mean \"carers\"?)"
    ]


def test_language_disagreeing_with_langdetect_is_a_warning(validate):
    run = validate(f"{V}/language-disagrees.md")
    assert run.problems == [
        f"{V}/language-disagrees.md:6:1: warning: language is \"fr\" but the text reads as \"en\"; "
        "check the language field"
    ]
    assert run.exit_code == 0


def test_language_check_can_be_skipped(validate):
    assert validate(f"{V}/language-disagrees.md", "--no-language-check").problems == []


# --- layout ------------------------------------------------------------------------------


def test_id_different_from_file_name_is_an_error(validate):
    run = validate(f"{V}/id-not-file-name.md")
    assert run.problems == [
        f"{V}/id-not-file-name.md:2:1: error: id \"young-carers-drop-in\" must equal the file name "
        "\"id-not-file-name\"; rename the file to young-carers-drop-in.md or change the id"
    ]


def test_city_different_from_its_city_folder_is_an_error(validate):
    run = validate(f"{V}/paris/city-not-folder.md")
    assert run.problems == [
        f"{V}/paris/city-not-folder.md:4:1: error: city \"chicago\" does not match the folder \"paris\"; "
        "move the file to practices/chicago/"
    ]


def test_same_id_in_two_cities_is_reported_on_the_second_file(validate):
    run = validate(f"{V}/duplicate-id")
    assert run.problems == [
        f"{V}/duplicate-id/paris/shared-id.md:2:1: error: duplicate id \"shared-id\": "
        f"also used by {V}/duplicate-id/chicago/shared-id.md"
    ]


# --- links between practices -------------------------------------------------------------


def test_dangling_adapted_from_suggests_an_existing_practice(validate):
    run = validate(f"{LINKS}/link-target.md", f"{LINKS}/dangling-adapted-from.md")
    assert run.problems == [
        f"{LINKS}/dangling-adapted-from.md:15:6: error: adapted_from names \"link-targt\", which is no practice "
        "(did you mean \"link-target\"?)"
    ]


def test_dangling_adopted_by_suggests_an_existing_practice(validate):
    run = validate(f"{LINKS}/link-target.md", f"{LINKS}/dangling-adopted-by.md")
    assert run.problems == [
        f"{LINKS}/dangling-adopted-by.md:15:6: error: adopted_by names \"link-taget\", which is no practice "
        "(did you mean \"link-target\"?)"
    ]


def test_dangling_translation_suggests_an_existing_practice(validate):
    run = validate(f"{LINKS}/link-target.md", f"{LINKS}/dangling-translation.md")
    assert run.problems == [
        f"{LINKS}/dangling-translation.md:15:20: error: translations names \"link-targe\", which is no practice "
        "(did you mean \"link-target\"?)"
    ]


def test_dangling_link_never_suggests_the_file_itself(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text.replace("illustrative: true\n", "illustrative: true\nadopted_by:\n"
                                 "  - {practice: valid-practise}\n"), encoding="utf-8")
    assert validate(str(path)).errors == [
        f"{path}:15:6: error: adopted_by names \"valid-practise\", which is no practice"
    ]


def test_dangling_link_does_not_keep_the_practice_out_of_the_index():
    from kb.corpus import load_corpus

    corpus = load_corpus([Path(LINKS, "dangling-adapted-from.md")], check_language=False)
    assert [doc.practice.id for doc in corpus.good] == ["dangling-adapted-from"]


def test_one_sided_link_is_a_warning_naming_the_file_to_complete(validate):
    run = validate(f"{LINKS}/link-target.md", f"{LINKS}/one-sided-link.md")
    assert run.problems == [
        f"{LINKS}/one-sided-link.md:15:6: warning: adapted_from names \"link-target\", but "
        f"{LINKS}/link-target.md has no adopted_by entry for \"one-sided-link\"; add it there too"
    ]
    assert run.exit_code == 0


def test_translation_in_another_language_than_declared_is_an_error(validate):
    run = validate(f"{LINKS}/link-target.md", f"{LINKS}/translation-language-mismatch.md")
    assert run.errors == [
        f"{LINKS}/translation-language-mismatch.md:15:6: error: translation \"link-target\" is written in "
        "\"en\", not \"fr\""
    ]


# --- body --------------------------------------------------------------------------------


def test_empty_body_is_located_where_the_body_starts(validate):
    run = validate(f"{V}/empty-body.md")
    assert run.problems == [
        f"{V}/empty-body.md:15:1: error: body is empty; write the practice below the front matter "
        "(see the section headings from `kb new`)"
    ]


def test_raw_html_in_the_body_is_located_at_the_tag(validate):
    run = validate(f"{V}/raw-html.md")
    assert run.problems == [
        f"{V}/raw-html.md:24:1: error: raw HTML <script> is not allowed in the body and is shown as text; "
        "use Markdown instead"
    ]


def test_html_inside_code_is_allowed(validate, tmp_path):
    text = (REPO / V / "valid-practice.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-practice.md"
    path.write_text(text + "\nThe form uses a `<select>` list.\n\n```\n<div>example</div>\n```\n", encoding="utf-8")
    assert validate(str(path)).problems == []


def test_javascript_link_is_located_at_the_url(validate):
    run = validate(f"{V}/javascript-link.md")
    assert run.problems == [
        f"{V}/javascript-link.md:24:20: error: link with a script URL is not allowed; link to an http(s) address"
    ]


def test_todo_placeholder_is_a_warning(validate):
    run = validate(f"{V}/todo-placeholder.md")
    assert run.problems == [
        f"{V}/todo-placeholder.md:26:1: warning: placeholder TODO left in the body; "
        "write this section or remove its heading"
    ]
    assert run.exit_code == 0


# --- review date -------------------------------------------------------------------------


def test_last_reviewed_more_than_two_years_ago_is_a_stale_warning(validate):
    run = validate(f"{V}/stale-last-reviewed.md")
    assert run.every_problem == [
        f"{V}/stale-last-reviewed.md:12:1: warning: stale: last reviewed 2019-03-01, more than two years ago; "
        "review the write-up and update last_reviewed"
    ]
    assert run.exit_code == 0


def test_last_reviewed_in_the_future_is_an_error(validate):
    run = validate(f"{V}/future-last-reviewed.md")
    assert run.problems == [f"{V}/future-last-reviewed.md:12:1: error: last_reviewed 2099-01-01 is in the future"]


def test_freshness_counts_two_years_from_the_given_day():
    import datetime as dt

    from kb.load import load_document
    from kb.rules import STALE_AFTER_DAYS, check_freshness

    doc = load_document(Path(V, "valid-practice.md"))
    reviewed = doc.meta["last_reviewed"]
    check_freshness(doc, today=reviewed + dt.timedelta(days=STALE_AFTER_DAYS))
    assert doc.problems == []
    check_freshness(doc, today=reviewed + dt.timedelta(days=STALE_AFTER_DAYS + 1))
    assert [p.rule for p in doc.problems] == ["freshness"]


def test_a_control_character_in_front_matter_text_is_located_at_its_key(validate):
    run = validate(f"{V}/control-character.md")
    assert run.problems == [
        f"{V}/control-character.md:3:1: error: 'title': control character U+000B in the text; delete it"
    ]

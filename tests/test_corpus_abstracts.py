"""The corpus in practices/ keeps what issue 11 asks of it: every practice can be read in
English, French, German and Spanish, in its own language or through a written abstract
(what `kb abstracts --missing` checks in `make validate`)."""
from __future__ import annotations

from pathlib import Path

from kb.abstracts import REQUIRED_LANGUAGES, coverage
from kb.cli import main
from kb.corpus import load_corpus

PRACTICES = Path(__file__).resolve().parents[1] / "practices"


def test_every_practice_has_a_written_abstract_in_english_french_german_and_spanish():
    corpus = load_corpus([PRACTICES], check_language=False)
    assert len(corpus.good) == len(corpus.documents)
    assert [row["path"] for row in coverage(corpus.good, REQUIRED_LANGUAGES)["missing"]] == []


def test_kb_abstracts_missing_exits_0_on_the_corpus_for_each_required_language():
    from click.testing import CliRunner

    for code in REQUIRED_LANGUAGES:
        result = CliRunner().invoke(main, ["abstracts", "--missing", "--language", code, "--content", str(PRACTICES)])
        assert (result.exit_code, result.stdout) == (0, ""), code

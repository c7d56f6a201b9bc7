"""The judged query sets (the tuned benchmarks/queries.yaml, queries_heldout.yaml and queries_fresh.yaml,
the blind queries_check.yaml and queries_blind*.yaml) and the off-topic sets (the tuned queries_offtopic*.yaml, the
blind queries_blind_offtopic*.yaml),
all as benchmarks.quality lists them, stay consistent with the corpus.

These tests read the blind sets only to check their shape; they never search with them."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml

from benchmarks import quality
from kb import vocab
from kb.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
#: Every query file benchmarks.quality reads, by a short name: "queries", "blind", "blind_ninth",
#: "offtopic" (tuned), "offtopic_sixth" (queries_blind_offtopic_sixth.yaml) ...
SETS = {path.stem.removeprefix("queries_").replace("blind_offtopic", "offtopic"): path
        for path in [*quality.TUNED, *quality.BLIND, *quality.TUNED_OFF_TOPIC, *quality.OFF_TOPIC_FILES]}
QUERIES = SETS["queries"]

#: Chinese and Japanese are written without spaces; a 1-3 word term there fits in this many
#: characters (katakana loanwords are the longest).
SHORT_CJK_CHARACTERS = 12


def _read(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _is_same_language(entry: dict, practices: dict) -> bool:
    return any(practices[pid].language == entry["language"] for pid in entry["relevant"])


def _is_short(entry: dict) -> bool:
    """A query of 1-3 words, the length of a jargon term as practitioners type it."""
    words = entry["query"].split()
    if entry["language"] in {"zh", "ja"}:
        return len(words) <= 3 and len(entry["query"]) <= SHORT_CJK_CHARACTERS
    return len(words) <= 3


def _set(path: Path):
    """A module-scoped fixture holding the entries of one query file."""
    @pytest.fixture(scope="module")
    def entries() -> list[dict]:
        return _read(path)

    return entries


queries = _set(SETS["queries"])
blind = _set(SETS["blind"])
blind_second = _set(SETS["blind_second"])
blind_third = _set(SETS["blind_third"])


@functools.cache
def _entries(name: str) -> list[dict]:
    """The entries of the query file named ``name`` in :data:`SETS`, read once."""
    return _read(SETS[name])


#: Every judged set, tuned and blind, as the benchmark reads them (named without "queries_").
JUDGED_SETS = [*quality.TUNED, *quality.BLIND]


def _set_id(path: Path) -> str:
    return path.stem.removeprefix("queries_")


@pytest.fixture(scope="module", params=JUDGED_SETS, ids=_set_id)
def judged(request) -> list[dict]:
    return _read(request.param)


@pytest.fixture(scope="module")
def practices() -> dict:
    corpus = load_corpus([ROOT / "practices"], check_language=False)
    return {p.id: p for p in corpus.practices()}


def test_every_relevant_id_is_a_practice(judged, practices):
    missing = {(q["query"], pid) for q in judged for pid in q["relevant"] if pid not in practices}
    assert not missing, f"ids with no practice: {sorted(missing)}"


def test_every_entry_has_query_language_and_relevant_ids(judged):
    for entry in judged:
        assert set(entry) <= {"query", "relevant", "language", "note"}, entry
        assert entry["query"].strip() and entry["relevant"], entry
        assert entry["language"] in vocab.languages(), entry


def test_query_set_has_the_size_and_spread_the_issue_asks_for(queries, practices):
    languages = {q["language"] for q in queries}
    cross = [q for q in queries if all(practices[pid].language != q["language"] for pid in q["relevant"])]
    assert len(queries) >= 60
    assert len(languages) >= 6
    assert len(cross) * 2 >= len(queries), "at least half of the queries must be cross-language"


def _normalised(text: str) -> str:
    """A query as compared for duplicates: case, punctuation and spacing do not count."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def test_queries_are_unique_within_and_across_the_sets():
    sets = [*JUDGED_SETS, *quality.TUNED_OFF_TOPIC, *quality.OFF_TOPIC_FILES]
    texts = [_normalised(q["query"]) for path in sets for q in _read(path)]
    repeated = {t for t in texts if texts.count(t) > 1}
    assert not repeated, f"{len(repeated)} queries appear twice (not shown: some sets are blind)"


@pytest.mark.parametrize("path", [p for p in JUDGED_SETS if p != QUERIES], ids=_set_id)
def test_held_out_notes_say_same_or_cross_language_as_the_judgments_do(practices, path):
    for q in _read(path):
        same = any(practices[pid].language == q["language"] for pid in q["relevant"])
        said = q["note"].split()[0]
        assert said == ("same-language" if same else "cross-language"), q["query"]


def test_blind_set_has_the_size_and_spread_the_issue_asks_for(blind, practices):
    minimum = 64
    same = [q for q in blind if _is_same_language(q, practices)]
    cross = [q for q in blind if not _is_same_language(q, practices)]
    assert len(blind) >= minimum
    assert len(same) * 2 >= len(blind), "at least half of the blind queries must be same-language"
    assert len(cross) * 2 >= minimum, "the other half of the blind queries must be cross-language"


@pytest.mark.parametrize("blind_set", ["blind", "blind_second", "blind_third", "blind_fourth", "blind_fifth",
                                       "blind_sixth", "blind_seventh", "offtopic_second", "offtopic_third",
                                       "offtopic_fourth", "offtopic_fifth", "blind_eighth", "offtopic_sixth",
                                       "blind_ninth", "offtopic_seventh", "blind_tenth", "offtopic_eighth"])
def test_a_blind_set_asks_in_every_corpus_language(blind_set, practices):
    corpus_languages = {p.language for p in practices.values()}
    assert {q["language"] for q in _entries(blind_set)} == corpus_languages


#: Short jargon queries each blind set's brief asked for: how many, in how many languages.
SHORT_QUERIES_ASKED = {"blind": (14, 7), "blind_second": (12, 6), "blind_third": (14, 7), "blind_fourth": (20, 8),
                       "blind_fifth": (20, 8), "blind_sixth": (20, 8), "blind_seventh": (14, 7),
                       "blind_eighth": (20, 8), "blind_ninth": (20, 8), "blind_tenth": (20, 8)}


@pytest.mark.parametrize("blind_set", sorted(SHORT_QUERIES_ASKED))
def test_a_blind_set_has_short_jargon_queries_in_many_languages(blind_set, practices):
    short = [q for q in _entries(blind_set) if _is_short(q)]
    at_least, in_languages = SHORT_QUERIES_ASKED[blind_set]
    assert len(short) >= at_least
    assert len({q["language"] for q in short}) >= in_languages
    assert {_is_same_language(q, practices) for q in short} == {True, False}, \
        "short queries must be both same- and cross-language"


def test_second_blind_set_has_the_size_and_spread_its_brief_asks_for(blind_second, practices):
    same = [q for q in blind_second if _is_same_language(q, practices)]
    cross = [q for q in blind_second if not _is_same_language(q, practices)]
    assert len(blind_second) >= 70
    assert len(cross) >= 36 and len(same) >= 30
    assert len(same) * 2 >= len(blind_second), "at least half of the queries must be same-language"


def test_second_blind_set_judges_a_practice_of_every_city_relevant(blind_second, practices):
    judged_cities = {practices[pid].city for q in blind_second for pid in q["relevant"]}
    assert judged_cities == {p.city for p in practices.values()}


def test_third_blind_set_has_the_size_and_spread_its_brief_asks_for(blind_third, practices):
    same = [q for q in blind_third if _is_same_language(q, practices)]
    cross = [q for q in blind_third if not _is_same_language(q, practices)]
    assert len(blind_third) >= 70
    assert len(same) >= 35 and len(cross) >= 35, "half same-language and half cross-language"


def test_third_blind_set_judges_every_practice_relevant_somewhere(blind_third, practices):
    judged = {pid for q in blind_third for pid in q["relevant"]}
    assert judged == set(practices), f"{len(set(practices) - judged)} practices never judged relevant"


#: The fourth, fifth and sixth blind sets had the same brief: at least 80 queries, half same- and half cross-language,
#: about ten long ones, every practice relevant to at least one query.
SAME_BRIEF_AS_FOURTH = ["blind_fourth", "blind_fifth", "blind_sixth"]


@pytest.mark.parametrize("blind_set", SAME_BRIEF_AS_FOURTH)
def test_fourth_brief_set_has_the_size_and_spread_its_brief_asks_for(blind_set, practices):
    entries = _entries(blind_set)
    same = [q for q in entries if _is_same_language(q, practices)]
    cross = [q for q in entries if not _is_same_language(q, practices)]
    assert len(entries) >= 80
    assert len(same) >= 40 and len(cross) >= 40, "half same-language and half cross-language"


@pytest.mark.parametrize("blind_set", SAME_BRIEF_AS_FOURTH)
def test_fourth_brief_set_has_about_ten_long_situation_descriptions(blind_set):
    long = [q for q in _entries(blind_set) if q["note"].split()[1] == "(long):"]
    assert 8 <= len(long) <= 14, f"{len(long)} long queries"  # a count, not texts: the set is blind
    assert all(len(q["query"].split()) >= 25 for q in long), "a long query describes a situation"


@pytest.mark.parametrize("blind_set", SAME_BRIEF_AS_FOURTH)
def test_fourth_brief_set_judges_every_practice_relevant_somewhere(blind_set, practices):
    judged = {pid for q in _entries(blind_set) for pid in q["relevant"]}
    assert judged == set(practices), f"{len(set(practices) - judged)} practices never judged relevant"


@pytest.mark.parametrize("blind_set", ["blind_second", "blind_third", "blind_fourth", "blind_fifth", "blind_sixth",
                                       "blind_seventh", "blind_eighth", "blind_ninth",
                                       "blind_tenth"])
def test_a_blind_set_lists_every_translation_of_a_relevant_programme(blind_set, practices):
    for number, q in enumerate(_entries(blind_set), start=1):  # numbers, not texts: blind
        relevant = set(q["relevant"])
        for pid in relevant:
            translations = {t.practice for t in practices[pid].translations}
            assert translations <= relevant, f"entry {number}: {sorted(translations - relevant)}"


#: What the briefs of the seventh to tenth sets asked for: at least this many queries, as
#: many same-language as cross-language within this many either way, and how many long situation
#: descriptions. (The seventh and eighth briefs did not ask for every practice to be relevant
#: somewhere; the ninth's and tenth's did, see EVERY_PRACTICE_ASKED.)
SPREAD_ASKED = {"blind_seventh": (60, 2, (4, 9)), "blind_eighth": (85, 3, (6, 9)), "blind_ninth": (90, 0, (6, 9)),
                "blind_tenth": (90, 0, (6, 9))}


#: Later blind sets whose brief asked for every practice to be judged relevant to at least one query
#: (their long-query count differs from the fourth brief's, so they are not in SAME_BRIEF_AS_FOURTH).
EVERY_PRACTICE_ASKED = ["blind_ninth", "blind_tenth"]


@pytest.mark.parametrize("blind_set", EVERY_PRACTICE_ASKED)
def test_a_later_blind_set_judges_every_practice_relevant_somewhere(blind_set, practices):
    judged = {pid for q in _entries(blind_set) for pid in q["relevant"]}
    assert judged == set(practices), f"{len(set(practices) - judged)} practices never judged relevant"


@pytest.mark.parametrize("blind_set", sorted(SPREAD_ASKED))
def test_a_later_blind_set_has_the_size_and_spread_its_brief_asks_for(blind_set, practices):
    entries = _entries(blind_set)
    at_least, off_half, (fewest_long, most_long) = SPREAD_ASKED[blind_set]
    same = [q for q in entries if _is_same_language(q, practices)]
    assert len(entries) >= at_least
    assert abs(len(same) - len(entries) / 2) <= off_half, f"{len(same)} of {len(entries)} same-language"
    long = [q for q in entries if q["note"].split()[1] == "(long):"]
    assert fewest_long <= len(long) <= most_long, f"{len(long)} long queries"  # a count, not texts: blind
    assert all(len(q["query"].split()) >= 25 for q in long), "a long query describes a situation"


#: Off-topic queries each off-topic set's brief asked for: how many, in how many languages.
OFF_TOPIC_ASKED = {"offtopic": (16, 6), "offtopic_second": (24, 10), "offtopic_third": (28, 10),
                   "offtopic_fourth": (28, 10), "offtopic_fifth": (24, 10),
                   "offtopic_sixth": (30, 10), "offtopic_seventh": (30, 10), "offtopic_eighth": (30, 10)}


@pytest.mark.parametrize("offtopic_set", sorted(OFF_TOPIC_ASKED))
def test_offtopic_entries_have_query_language_and_note_but_no_judgments(offtopic_set):
    for number, entry in enumerate(_entries(offtopic_set), start=1):  # numbers: the set is blind
        assert set(entry) == {"query", "language", "note"}, f"entry {number}"
        assert entry["query"].strip() and entry["note"].strip(), f"entry {number}"
        assert entry["language"] in vocab.languages(), f"entry {number}"


@pytest.mark.parametrize("offtopic_set", sorted(OFF_TOPIC_ASKED))
def test_offtopic_set_has_the_size_and_spread_the_brief_asks_for(offtopic_set):
    entries = _entries(offtopic_set)
    at_least, in_languages = OFF_TOPIC_ASKED[offtopic_set]
    assert len(entries) >= at_least
    assert len({q["language"] for q in entries}) >= in_languages


@pytest.mark.parametrize("blind_set", ["blind_fifth", "blind_sixth", "blind_seventh", "blind_eighth", "blind_ninth",
                                       "blind_tenth"])
def test_fifth_brief_set_notes_name_the_kind_each_query_has(blind_set):
    for number, q in enumerate(_entries(blind_set), start=1):  # numbers, not texts: the set is blind
        kind = q["note"].split(":")[0].split(" (", 1)[1].rstrip(")")
        assert kind in {"short jargon", "mid", "long"}, f"entry {number}"
        assert (kind == "short jargon") == _is_short(q), f"entry {number}"

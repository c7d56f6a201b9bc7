"""Document vectors: the summary counted twice plus the mean of the body chunks, abstracts left out;
and their cosines to a query, read from the chunk scores of the search."""
from __future__ import annotations

import numpy as np

from indexer.doc_vectors import chunk_weights, document_scores, document_vectors, unnormalised_weights
from indexer.index import Chunks


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_summary_counts_twice_against_the_mean_of_the_body_chunks():
    vectors = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32)
    made = document_vectors(vectors, ["summary", "body", "body"], np.array([0, 3]))
    assert np.allclose(made[0], unit([2, 0.5, 0.5]))


def test_abstracts_are_left_out_of_the_document_vector():
    vectors = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32)
    made = document_vectors(vectors, ["summary", "body", "abstract"], np.array([0, 3]))
    assert np.allclose(made[0], unit([2, 1, 0]))


def test_a_practice_without_body_chunks_is_its_summary():
    vectors = np.array([[0.6, 0.8, 0], [0, 0, 1]], dtype=np.float32)
    made = document_vectors(vectors, ["summary", "abstract"], np.array([0, 2]))
    assert np.allclose(made[0], [0.6, 0.8, 0])
    assert unnormalised_weights(["summary", "abstract"], np.array([0, 2])).tolist() == [1.0, 0.0]


def test_a_practice_without_chunks_has_a_zero_vector_and_the_others_their_own():
    vectors = np.array([[1, 0], [0, 1]], dtype=np.float32)
    made = document_vectors(vectors, ["summary", "summary"], np.array([0, 1, 1, 2]))
    assert made.tolist() == [[1, 0], [0, 0], [0, 1]]


def test_the_index_stores_the_document_vector_its_chunks_make(index):
    ch = index.chunks
    made = document_vectors(np.asarray(index.chunk_vectors), ch.field, ch.ptr)
    assert np.abs(made - np.asarray(index.doc_vectors)).max() < 1e-6


class VectorsOnly:
    """The parts of an Index that document scores read."""

    def __init__(self, chunk_vectors, fields, ptr, doc_vectors):
        self.chunk_vectors = np.asarray(chunk_vectors, dtype=np.float32)
        self.doc_vectors = np.asarray(doc_vectors, dtype=np.float32)
        practice = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr)).astype(np.int32)
        self.chunks = Chunks(practice=practice, section=[""] * len(fields), start=np.zeros(len(fields)),
                             end=np.zeros(len(fields)), text=[""] * len(fields), field=list(fields),
                             ptr=np.asarray(ptr, dtype=np.int64))


def test_document_scores_read_from_the_chunk_scores_are_the_document_cosines(index):
    query = index.embedder.encode_queries(["Spritzentausch für Drogengebrauchende"])[0]
    chunk_scores = np.asarray(index.chunk_vectors) @ query
    assert chunk_weights(index) is not None
    from_chunks = document_scores(index, query, chunk_scores)
    assert np.abs(from_chunks - np.asarray(index.doc_vectors) @ query).max() < 1e-6


def test_chunk_scores_left_unscored_fall_back_to_the_document_vectors():
    vectors = np.eye(3, dtype=np.float32)
    fields, ptr = ["summary", "body", "summary"], np.array([0, 2, 3])
    index = VectorsOnly(vectors, fields, ptr, document_vectors(vectors, fields, ptr))
    query = unit([1, 2, 3])
    partial = np.array([1, 2, -np.inf], dtype=np.float32) / np.linalg.norm([1, 2, 3])
    assert document_scores(index, query, partial).tolist() == (index.doc_vectors @ query).tolist()
    assert document_scores(index, query, None).tolist() == (index.doc_vectors @ query).tolist()


def test_document_vectors_made_another_way_keep_the_product_with_them():
    vectors = np.eye(3, dtype=np.float32)
    fields, ptr = ["summary", "body", "summary"], np.array([0, 2, 3])
    other = np.array([unit([1, 1, 0]), [0, 0, 1]])  # the body as much as the summary: not this formula
    index = VectorsOnly(vectors, fields, ptr, other)
    assert chunk_weights(index) is None
    query = unit([1, 2, 3])
    assert np.allclose(document_scores(index, query, vectors @ query), other @ query)


def test_a_practice_without_chunks_scores_zero_from_the_chunk_scores():
    vectors = np.eye(2, dtype=np.float32)
    fields, ptr = ["summary", "summary"], np.array([0, 1, 1, 2])
    index = VectorsOnly(vectors, fields, ptr, document_vectors(vectors, fields, ptr))
    query = unit([3, 4])
    assert np.allclose(document_scores(index, query, vectors @ query), [0.6, 0.0, 0.8])

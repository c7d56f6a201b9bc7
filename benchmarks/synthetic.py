"""Synthetic scale-ups of the real corpus: in-memory indexes of many chunks, and many practice files.

Embedding 100k real chunks would take minutes, so a scaled index reuses the real chunks'
vectors: copy 0 is the real index, copy c > 0 repeats every practice with its id suffixed,
its chunk vectors perturbed by Gaussian noise and renormalised (cosine to the original ≈ 0.85),
its document vectors made from those as the indexer makes them, and its keyword text with a
random 15% of its tokens dropped. Vocabulary size therefore stays that of the real corpus while
posting lists grow with the copies.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from indexer import store
from indexer.build import keyword_documents
from indexer.doc_vectors import document_vectors
from indexer.embed import normalise
from indexer.index import KEYWORD_TEXTS, Chunks, Index
from indexer.keyword import KeywordIndex, tokenize
from indexer.postings import TermCounts

#: Noise per dimension; with 512 dimensions the noise vector's norm is about 0.6.
NOISE = 0.027
DROP_TOKENS = 0.15


def copies_for(base_chunks: int, target_chunks: int) -> int:
    return max(1, round(target_chunks / max(1, base_chunks)))


def _noisy(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    noise = rng.standard_normal(vectors.shape, dtype=np.float32) * NOISE
    return normalise(vectors + noise)


def scaled_parts(base: Index, copies: int, seed: int = 0) -> dict:
    """Records, chunks, vectors and keyword index of ``copies`` copies of ``base`` (copy 0 unchanged)."""
    rng = np.random.default_rng(seed)
    n = len(base.records)
    texts = json.loads((base.folder / KEYWORD_TEXTS).read_text(encoding="utf-8"))
    base_tokens = [tokenize(texts[rec["id"]]) for rec in base.records]
    records, keyword_texts, chunk_vecs, doc_vecs = [], [], [], []
    for c in range(copies):
        for rec, tokens in zip(base.records, base_tokens):
            copy = dict(rec)
            if c:
                copy["id"] = f"{rec['id']}-copy{c}"
                copy["path"] = f"{rec['path'][:-3]}-copy{c}.md"
                keep = rng.random(len(tokens)) >= DROP_TOKENS
                keyword_texts.append(" ".join(t for t, k in zip(tokens, keep) if k))
            else:
                keyword_texts.append(texts[rec["id"]])
            records.append(copy)
        chunk_vecs.append(base.chunk_vectors if c == 0 else _noisy(np.asarray(base.chunk_vectors), rng))
        # a copy's document vectors are made from its chunk vectors, as the indexer makes them
        doc_vecs.append(base.doc_vectors if c == 0 else document_vectors(chunk_vecs[-1], base.chunks.field,
                                                                         base.chunks.ptr))
    ch = base.chunks
    practice = np.concatenate([ch.practice.astype(np.int64) + c * n for c in range(copies)]).astype(np.int32)
    chunks = Chunks(practice=practice, section=ch.section * copies, start=np.tile(ch.start, copies),
                    end=np.tile(ch.end, copies), text=ch.text * copies, field=ch.field * copies,
                    ptr=np.searchsorted(practice, np.arange(len(records) + 1), side="left").astype(np.int64),
                    language=ch.language * copies if ch.language is not None else None)
    # the practices' own texts, then their abstracts, as the indexer builds them
    texts, groups, practice_of = keyword_documents(records, keyword_texts,
                                                   abstracts=bool(base.manifest.get("chunking", {}).get("abstracts")))
    keyword = KeywordIndex.from_counts(TermCounts.of_tokens([tokenize(t) for t in texts]), len(texts), groups,
                                       practice_of=practice_of)
    return {"records": records, "chunks": chunks, "chunk_vectors": np.ascontiguousarray(np.vstack(chunk_vecs)),
            "doc_vectors": np.vstack(doc_vecs), "keyword": keyword}


def vector_index(vectors: np.ndarray, kind: str, m: int = store.HNSW_M, ef_search: int = store.HNSW_EF_SEARCH):
    """An exact ("flat") or HNSW FAISS index over ``vectors``, built the way the indexer builds it."""
    exact_max = len(vectors) if kind == "flat" else -1
    return store.build_vector_index(vectors, exact_max, m, ef_search)


def make_index(base: Index, parts: dict, chunk_index, kind: str) -> Index:
    """A searchable in-memory Index over ``parts`` (the real search code runs on it unchanged)."""
    manifest = dict(base.manifest)
    manifest["vector_index"] = dict(manifest.get("vector_index", {}), type=kind)
    return Index(folder=base.folder, version=f"{base.version}-scaled", manifest=manifest,
                 practices=parts["records"], chunks=parts["chunks"], chunk_vectors=parts["chunk_vectors"],
                 chunk_index=chunk_index, doc_vectors=parts["doc_vectors"], keyword=parts["keyword"],
                 embedder=base.embedder)


_ID_LINE = re.compile(r"^id:.*$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title:(.*)$", re.MULTILINE)


def write_practice_files(source: Path, target: Path, count: int) -> list[Path]:
    """Write ``count`` valid practice files under ``target`` by copying the files of ``source``
    round-robin with new ids (``<id>-sNNNN``, file name = id, as the layout rule wants)."""
    from kb.corpus import load_corpus

    corpus = load_corpus([Path(source)], check_language=False)
    docs = [d for d in corpus.documents if d.ok]
    if not docs:
        raise ValueError(f"{source}: no valid practice files to copy")
    width = max(4, len(str(count)))
    written = []
    for i in range(count):
        doc = docs[i % len(docs)]
        rounds = i // len(docs)
        text = doc.path.read_text(encoding="utf-8")
        new_id = f"{doc.practice.id}-s{rounds:0{width}d}"
        text = _ID_LINE.sub(f"id: {new_id}", text, count=1)
        text = _TITLE_LINE.sub(lambda m: f"title: {json.dumps(doc.practice.title + f' ({rounds})', ensure_ascii=False)}",
                               text, count=1)
        path = Path(target) / doc.practice.city / f"{new_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def change_file(path: Path) -> None:
    """Edit one practice file the way a committee would: one sentence added at the end of the body."""
    text = Path(path).read_text(encoding="utf-8").rstrip("\n")
    Path(path).write_text(text + "\n\nThe committee added this sentence after a review meeting.\n", encoding="utf-8")


def scale_label(chunks: int) -> str:
    return f"{chunks / 1000:.0f}k" if chunks >= 1000 else str(chunks)


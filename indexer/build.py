"""Build or update the index from a folder of practice files.

Incremental by default: files whose content hash is unchanged keep their stored chunks and
vectors; only added and changed files are parsed and embedded; removed files are dropped.
"""
from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import store, vectors
from indexer.chunk import MAX_CHARS, OVERLAP_SENTENCES, Chunk, chunk_body
from indexer.config import resolve_model
from indexer.doc_vectors import document_vectors
from indexer.embed import get_embedder
from indexer.errors import IndexProblem
from indexer.index import (CHUNK_FAISS, CHUNK_VECTORS, CHUNKS, DOC_VECTORS, KEYWORD_ARRAYS, KEYWORD_TEXTS,
                           KEYWORD_VOCAB, PRACTICES, Chunks, Index)
from indexer.keyword import TOKENIZER_VERSION, KeywordIndex, updated_keyword_index
from kb import vocab
from kb.problems import Problem


@dataclass
class BuildReport:
    """What a build did. ``skipped_files`` maps a path to the problems that kept it out."""

    version: str = ""
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped_files: dict[str, list[Problem]] = field(default_factory=dict)
    practices: int = 0
    chunks: int = 0
    embedded_chunks: int = 0
    full: bool = False
    #: Why the previous index could not be reused (corrupt, other model, …); "" when reused or absent.
    full_reason: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "version": self.version, "added": self.added, "changed": self.changed, "removed": self.removed,
            "unchanged": self.unchanged, "practices": self.practices, "chunks": self.chunks,
            "embedded_chunks": self.embedded_chunks, "full": self.full,
            "full_reason": self.full_reason, "seconds": round(self.seconds, 3),
            "skipped_files": {path: [str(p) for p in problems] for path, problems in self.skipped_files.items()},
        }


@dataclass
class _Entry:
    """One indexed practice with its chunks and vectors, from this build or the previous one."""

    record: dict
    keyword_text: str
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    doc_vector: np.ndarray
    #: its document number in the previous index's keyword index (-1: new or changed)
    keyword_doc: int = -1


def file_hash(path: Path) -> str | None:
    """The sha256 of a practice file, or None when it is no file to read (the corpus says why)."""
    from kb.files import NotAPracticeFile, read_practice_bytes
    from kb.parse import MAX_FILE_BYTES

    try:
        return hashlib.sha256(read_practice_bytes(path, MAX_FILE_BYTES)).hexdigest()
    except NotAPracticeFile:
        return None


def practice_files(content_dir: Path) -> dict[str, Path]:
    """Practice files under ``content_dir`` by path relative to it (POSIX form)."""
    from kb.load import practice_paths

    return {p.relative_to(content_dir).as_posix(): p for p in practice_paths([content_dir])}


def embed_text(title: str, chunk: Chunk) -> str:
    """What the model reads for a chunk: the section heading gives a passage its context, the
    title a summary (an abstract's own title for an abstract)."""
    if chunk.field in ("summary", "abstract"):
        return f"{title}. {chunk.text}"
    return f"{chunk.section}: {chunk.text}" if chunk.section else chunk.text


def abstract_chunks(practice) -> list[Chunk]:
    """One chunk per abstract (issue 11): its summary, in its language, by language code."""
    return [Chunk(practice.id, "", 0, len(abstract.summary), abstract.summary, "abstract", lang)
            for lang, abstract in sorted(practice.abstracts.items())]


#: The keyword group of an abstract in language xx: apart from the write-ups in xx, so that
#: document frequencies and lengths of short abstracts and of whole write-ups do not mix.
ABSTRACT_GROUP = "{language}+abstract"


def abstract_keyword_texts(record: dict) -> list[tuple[str, str]]:
    """(keyword group, text) of each abstract of a practice record, by language: the title
    twice and the summary, as for the write-up itself."""
    return [(ABSTRACT_GROUP.format(language=lang), "\n".join([a["title"], a["title"], a["summary"]]))
            for lang, a in sorted((record.get("abstracts") or {}).items())]


def keyword_documents(records: list[dict], texts: list[str], abstracts: bool = True
                      ) -> tuple[list[str], list[str], list[int]]:
    """(texts, groups, practice of each) of the keyword documents: every practice's own text
    in its language's group (documents 0..n-1, in practice order), then its abstracts."""
    groups = [rec["language"] for rec in records]
    practice_of = list(range(len(records)))
    texts = list(texts)
    if abstracts:
        for number, rec in enumerate(records):
            for group, text in abstract_keyword_texts(rec):
                texts.append(text)
                groups.append(group)
                practice_of.append(number)
    return texts, groups, practice_of


def record_of(doc, rel_path: str, digest: str) -> dict:
    """The stored metadata of a practice: its front matter (JSON-able) plus path and hash."""
    record = doc.practice.model_dump(mode="json")
    if not record.get("country"):
        city = vocab.cities().get(record["city"])
        record["country"] = city.country if city else None
    record["path"] = rel_path
    record["sha256"] = digest
    return record


def keyword_text(doc) -> str:
    """The text BM25 sees: title twice (titles name the practice), summary, local terms, labels, body."""
    p = doc.practice
    # Labels only in the practice's own language: an English fallback label would let English
    # query words match a Polish write-up and count as keyword evidence in the wrong language.
    labels = [vocab.topics().get(t, {}).get(p.language, "") for t in p.topics]
    labels += [vocab.populations().get(t, {}).get(p.language, "") for t in p.target_population]
    return "\n".join([p.title, p.title, p.summary, " ".join(p.local_terms), " ".join(labels), doc.body])


def _previous(index_dir: Path, model: str, chunking: dict) -> tuple[dict[str, _Entry], str, KeywordIndex | None]:
    """Entries of the live index by file path, reusable when model and chunking match, and its
    keyword index when its term counts are reusable; else ({}, why, None)."""
    try:
        version, folder, manifest = store.read_manifest(index_dir)
        if manifest.get("model") != model:
            return {}, f"model changed from {manifest.get('model')} to {model}", None
        if manifest.get("chunking") != chunking:
            return {}, "chunking settings changed", None
        store.verify(folder, manifest)
        index = Index.load(folder, version, manifest)
    except IndexProblem as exc:
        return {}, str(exc), None
    import json

    texts = json.loads((folder / KEYWORD_TEXTS).read_text(encoding="utf-8"))
    entries = {}
    ch = index.chunks
    for number, record in enumerate(index.records):
        lo, hi = ch.ptr[number], ch.ptr[number + 1]
        chunks = [Chunk(record["id"], ch.section[i], int(ch.start[i]), int(ch.end[i]), ch.text[i], ch.field[i],
                        ch.language[i] if ch.language is not None else "")
                  for i in range(lo, hi)]
        entries[record["path"]] = _Entry(record, texts[record["id"]], chunks,
                                         np.asarray(index.chunk_vectors[lo:hi]), index.doc_vectors[number], number)
    same_tokens = manifest.get("keyword", {}).get("tokenizer") == TOKENIZER_VERSION
    return entries, "", index.keyword if same_tokens else None


def _progress(total: int, enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="embedding", file=sys.stderr)


def _embed_new(docs: list, embedder, progress: bool, batch: int = 64,
               abstracts: bool = True) -> list[tuple[list[Chunk], np.ndarray, np.ndarray]]:
    """Chunks, chunk vectors and document vector of each new or changed document."""
    per_doc = []
    for doc in docs:
        p = doc.practice
        summary = Chunk(p.id, "", 0, len(p.summary), p.summary, "summary")
        per_doc.append([summary] + chunk_body(p.id, doc.body) + (abstract_chunks(p) if abstracts else []))

    def title_of(practice, chunk: Chunk) -> str:
        return practice.abstracts[chunk.language].title if chunk.field == "abstract" else practice.title

    texts = [embed_text(title_of(doc.practice, c), c) for doc, chunks in zip(docs, per_doc) for c in chunks]
    bar = _progress(len(texts), progress)
    parts = []
    for start in range(0, len(texts), batch):
        parts.append(embedder.encode_passages(texts[start:start + batch]))
        if bar:
            bar.update(len(texts[start:start + batch]))
    if bar:
        bar.close()
    vectors = np.vstack(parts) if parts else np.zeros((0, embedder.dim), np.float32)
    out, cursor = [], 0
    for chunks in per_doc:
        block = vectors[cursor:cursor + len(chunks)]
        cursor += len(chunks)
        # Document vector for similarity and fusion (indexer.doc_vectors): the summary counted
        # twice plus the mean of the body chunks, abstracts left out.
        doc_vector = document_vectors(block, [c.field for c in chunks], np.array([0, len(chunks)]))[0]
        out.append((chunks, block, doc_vector))
    return out


def _had_index(index_dir: Path) -> bool:
    """True when ``index_dir`` names a live version, even a corrupt one."""
    try:
        return store.current_version(index_dir) is not None
    except IndexProblem:
        return True


def build_index(content_dir: Path, index_dir: Path, *, full: bool = False, model: str | None = None,
                progress: bool = False, exact_max_chunks: int = vectors.EXACT_MAX_CHUNKS,
                hnsw_m: int = vectors.HNSW_M, ef_search: int = vectors.HNSW_EF_SEARCH,
                abstracts: bool = True) -> BuildReport:
    """Build (or update) the index of ``content_dir`` into ``index_dir``; return what was done.

    Args:
        full: re-embed every file instead of reusing unchanged ones.
        model: embedding model (default: :func:`indexer.config.resolve_model`).
        progress: show a progress bar (only when stderr is a terminal).
        exact_max_chunks: up to this many chunks use an exact FAISS index, above it HNSW.
        abstracts: index the practices' abstracts as text in their languages (dense and
            keyword); off only to measure what they bring (``make bench``).

    Raises:
        IndexNotWritable: the index folder cannot be written (checked before anything is embedded).
        IndexWriteFailed: writing the new version failed (no space left, …); nothing of it is left
            behind and the previous version stays live.
    """
    from kb.corpus import load_corpus
    from kb.load import display

    began = time.perf_counter()
    content_dir, index_dir = Path(content_dir), Path(index_dir)
    model = resolve_model(model)
    chunking = {"max_chars": MAX_CHARS, "overlap_sentences": OVERLAP_SENTENCES, "summary_chunk": True,
                "long_sentences_cut": True, "abstracts": abstracts}
    report = BuildReport(full=full)
    files = practice_files(content_dir)
    hashes = {rel: digest for rel, path in files.items() if (digest := file_hash(path)) is not None}
    previous, why, previous_keyword = ({}, "", None) if full else _previous(index_dir, model, chunking)
    report.full = full or not previous
    if why and _had_index(index_dir):  # not merely a first build
        report.full_reason = why

    kept: dict[str, _Entry] = {rel: e for rel, e in previous.items() if hashes.get(rel) == e.record["sha256"]}
    report.unchanged = len(kept)
    report.removed = sum(1 for rel in previous if rel not in files)
    todo = sorted(rel for rel in files if rel not in kept)
    corpus = load_corpus([files[rel] for rel in todo], check_language=False) if todo else None
    rel_of = {files[rel]: rel for rel in todo}
    taken = {e.record["id"]: rel for rel, e in kept.items()}
    good = []
    for doc in corpus.documents if corpus else []:
        rel = rel_of[doc.path]
        if not doc.ok:
            report.skipped_files[doc.display_path] = [p for p in doc.problems if p.level == "error"]
        elif doc.practice.id in taken:
            # Same wording and place as `kb validate`: the practice already indexed keeps the id.
            first = display(content_dir / taken[doc.practice.id])
            doc.problem(("id",), f'duplicate id "{doc.practice.id}": also used by {first}', rule="duplicate")
            report.skipped_files[doc.display_path] = [p for p in doc.problems if p.rule == "duplicate"]
        else:
            taken[doc.practice.id] = rel
            good.append((rel, doc))
    tmp = store.start_version(index_dir)  # before any embedding: can the index folder be written?
    try:
        embedder = get_embedder(model)
        for (rel, doc), (chunks, block, doc_vector) in zip(good, _embed_new([d for _, d in good], embedder, progress,
                                                                             abstracts=abstracts)):
            if rel in previous:
                report.changed += 1
            else:
                report.added += 1
            kept[rel] = _Entry(record_of(doc, rel, hashes[rel]), keyword_text(doc), chunks, block, doc_vector)
            report.embedded_chunks += len(chunks)

        entries = [kept[rel] for rel in sorted(kept)]
        name_concepts(entries, abstracts)
        report.practices = len(entries)
        report.chunks = sum(len(e.chunks) for e in entries)
        report.version = _write(tmp, index_dir, entries, embedder, model, chunking, hashes,
                                exact_max_chunks, hnsw_m, ef_search, previous_keyword, abstracts)
    except BaseException:  # a full disk, Ctrl-C, a bug: nothing half-written is left behind
        store.discard_version(tmp)
        raise
    report.seconds = time.perf_counter() - began
    return report


def _write(tmp: Path, index_dir: Path, entries: list[_Entry], embedder, model: str, chunking: dict, hashes: dict,
           exact_max: int, hnsw_m: int, ef_search: int, previous_keyword: KeywordIndex | None = None,
           abstracts: bool = True) -> str:
    """Write the files of a version into ``tmp`` and publish it; return its name."""
    import datetime as dt

    import faiss

    dim = embedder.dim
    chunk_vectors = (np.vstack([e.chunk_vectors for e in entries]) if entries
                     else np.zeros((0, dim), np.float32)).astype(np.float32)
    doc_vectors = (np.vstack([e.doc_vector for e in entries]) if entries
                   else np.zeros((0, dim), np.float32)).astype(np.float32)
    chunks = Chunks(
        practice=np.array([n for n, e in enumerate(entries) for _ in e.chunks], dtype=np.int32),
        section=[c.section for e in entries for c in e.chunks],
        start=np.array([c.start for e in entries for c in e.chunks], dtype=np.int64),
        end=np.array([c.end for e in entries for c in e.chunks], dtype=np.int64),
        text=[c.text for e in entries for c in e.chunks],
        field=[c.field for e in entries for c in e.chunks],
        ptr=np.zeros(0),
        language=[c.language for e in entries for c in e.chunks],
    )
    records = [e.record for e in entries]
    texts, groups, practice_of = keyword_documents(records, [e.keyword_text for e in entries], abstracts)
    previous_docs = _previous_keyword_docs(entries, previous_keyword, practice_of)
    keyword = updated_keyword_index(texts, groups, previous_keyword, previous_docs, practice_of)
    vector_index = vectors.build_vector_index(chunk_vectors, exact_max, hnsw_m, ef_search)
    writes = [
        (PRACTICES, lambda path: store.write_json(path, records)),
        (CHUNKS, lambda path: store.write_json(path, chunks.to_json())),
        (CHUNK_VECTORS, lambda path: store.save_array(path, chunk_vectors)),
        (DOC_VECTORS, lambda path: store.save_array(path, doc_vectors)),
        (CHUNK_FAISS, lambda path: faiss.write_index(vector_index, str(path))),
        (KEYWORD_VOCAB, lambda path: store.write_json(path, sorted(keyword.vocab, key=keyword.vocab.get))),
        (KEYWORD_ARRAYS, lambda path: np.savez(path, **keyword.arrays())),
        (KEYWORD_TEXTS, lambda path: store.write_json(path, {e.record["id"]: e.keyword_text for e in entries})),
    ]
    for name, write in writes:
        with store.writing(index_dir, tmp / name):
            write(tmp / name)
    indexed = {e.record["path"] for e in entries}
    manifest = {
        "format_version": store.FORMAT_VERSION,
        "model": model,
        "dim": dim,
        "counts": {"practices": len(entries), "chunks": len(chunks.text), "files": len(hashes),
                   "languages": _count(e.record["language"] for e in entries)},
        "files": {rel: digest for rel, digest in sorted(hashes.items()) if rel in indexed},
        "chunking": chunking,
        "keyword": {"tokenizer": TOKENIZER_VERSION},
        "vector_index": {"type": "hnsw" if len(chunk_vectors) > exact_max else "flat", "exact_max_chunks": exact_max,
                         "m": hnsw_m, "ef_search": ef_search},
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    return store.commit_version(tmp, index_dir, manifest)


def name_concepts(entries: list[_Entry], abstracts: bool = True) -> None:
    """Record in each practice record the thesaurus concepts its text names (see
    :mod:`indexer.concepts`): found again for new and changed practices, and for all of them
    when the thesaurus changed since they were found."""
    from indexer.concepts import concepts_in, fingerprint, practice_texts

    current = fingerprint() + ("" if abstracts else "-no-abstracts")
    for e in entries:
        if e.record.get("thesaurus") != current:
            e.record["concepts"] = concepts_in(practice_texts(e.record, e.keyword_text, abstracts))
            e.record["thesaurus"] = current


def _previous_keyword_docs(entries: list[_Entry], previous: KeywordIndex | None, practice_of: list[int]) -> list[int]:
    """For each keyword document (see :func:`keyword_documents`), its number in ``previous``
    when its text is unchanged (its file is), else -1: an unchanged practice's own text is its
    previous practice number, its abstracts follow in the same order."""
    docs = [e.keyword_doc for e in entries]
    if previous is None or previous.group_of is None:
        return docs + [-1] * (len(practice_of) - len(entries))
    earlier: dict[int, list[int]] = {}
    is_abstract = np.array(["+" in name for name in previous.group_names], dtype=bool)[previous.group_of]
    for doc in np.flatnonzero(is_abstract).tolist():
        earlier.setdefault(int(previous.practices()[doc]), []).append(doc)
    counts: dict[int, int] = {}
    for number in practice_of[len(entries):]:
        old = entries[number].keyword_doc
        taken = counts.get(number, 0)
        counts[number] = taken + 1
        found = earlier.get(old, []) if old >= 0 else []
        docs.append(found[taken] if taken < len(found) else -1)
    return docs


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))

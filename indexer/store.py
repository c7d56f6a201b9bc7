"""The index on disk: versioned folders, a manifest with checksums, and an atomic CURRENT pointer.

Layout::

    index_dir/CURRENT                 one line: the name of the live version folder
    index_dir/versions/<version>/     manifest.json and the files it lists with their sha256

A build writes a hidden temporary folder, renames it to its version name, then replaces
CURRENT with ``os.replace`` (atomic on POSIX): a reader sees the old index or the new one,
never half of one. The previous version is kept (a reader may still have it open); older
ones are pruned.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np

from indexer.errors import IndexCorrupt, IndexMissing, ModelMismatch

#: Bumped when the files of a version change shape; an older index then needs `kb index --full`.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
VERSIONS = "versions"
#: Below this many chunks the chunk index is an exact inner-product scan; above it, HNSW.
EXACT_MAX_CHUNKS = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96


def current_version(index_dir: Path) -> str | None:
    """The name of the live version (one small read), or ``None`` when there is no index."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def version_dir(index_dir: Path, version: str) -> Path:
    return Path(index_dir) / VERSIONS / version


def new_version_name() -> str:
    """A sortable, unique version name: UTC time plus a random suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def start_version(index_dir: Path) -> Path:
    """A fresh hidden folder to write a new version into."""
    root = Path(index_dir) / VERSIONS
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{new_version_name()}"
    tmp.mkdir()
    return tmp


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


#: FAISS OpenMP threads for one query at search time. Measured: a one-query search with two
#: threads on two busy cores took up to ~10x longer than with one (benchmarks/README.md).
SEARCH_THREADS = 1


def use_search_threads() -> None:
    """Set FAISS to its query-time thread count (process-wide; called when an index is opened)."""
    faiss.omp_set_num_threads(SEARCH_THREADS)


@contextmanager
def bulk_threads():
    """FAISS on every core for a bulk add (HNSW build), then back to the previous count."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def build_vector_index(vectors: np.ndarray, exact_max: int = EXACT_MAX_CHUNKS, m: int = HNSW_M,
                       ef_search: int = HNSW_EF_SEARCH) -> faiss.Index:
    """Exact inner-product index up to ``exact_max`` vectors, HNSW (inner product) above it."""
    dim = vectors.shape[1]
    if len(vectors) <= exact_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = ef_search
    if len(vectors):
        with bulk_threads():
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def commit_version(tmp: Path, index_dir: Path, manifest: dict, keep: int = 2) -> str:
    """Checksum the files in ``tmp``, write the manifest, publish it as the live version; return its name."""
    manifest = dict(manifest)
    manifest["checksums"] = {p.name: sha256_file(p) for p in sorted(tmp.iterdir()) if p.name != MANIFEST}
    write_json(tmp / MANIFEST, manifest)
    name = tmp.name.removeprefix(".tmp-")
    final = version_dir(index_dir, name)
    os.rename(tmp, final)
    pointer = Path(index_dir) / f".{CURRENT}.{secrets.token_hex(4)}"
    pointer.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer, Path(index_dir) / CURRENT)
    prune(index_dir, keep=keep)
    return name


def prune(index_dir: Path, keep: int = 2) -> None:
    """Remove all but the newest ``keep`` versions (always keeping the live one) and stale temp folders."""
    root = Path(index_dir) / VERSIONS
    live = current_version(index_dir)
    names = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in names[:-keep] if keep else names:
        if old != live:
            shutil.rmtree(root / old, ignore_errors=True)
    for tmp in root.glob(".tmp-*"):
        # a temp folder older than an hour belongs to a build that died
        if dt.datetime.now().timestamp() - tmp.stat().st_mtime > 3600:
            shutil.rmtree(tmp, ignore_errors=True)


def versions(index_dir: Path) -> list[str]:
    """The complete version folders in ``index_dir``, newest first (their names sort by time)."""
    folder = Path(index_dir) / VERSIONS
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)


def read_manifest(index_dir: Path, version: str | None = None) -> tuple[str, Path, dict]:
    """(version, folder, manifest) of the live index, or of ``version``; raises IndexMissing / IndexCorrupt."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(index_dir)
    folder = version_dir(index_dir, version)
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(path, f"CURRENT names version '{version}' but its manifest is missing")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(path, f"not valid JSON: {exc}") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorrupt(path, f"format version {manifest.get('format_version')} is not "
                                 f"{FORMAT_VERSION}, the version this program reads")
    return version, folder, manifest


def verify(folder: Path, manifest: dict) -> None:
    """Raise IndexCorrupt naming the first file that is missing or fails its checksum."""
    for name, expected in manifest.get("checksums", {}).items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(path, "file is missing")
        if sha256_file(path) != expected:
            raise IndexCorrupt(path, "checksum mismatch (truncated or changed after the build)")


def check_model(manifest: dict, configured: str, index_dir: Path | None = None) -> None:
    """Raise ModelMismatch when the index was built with another model than ``configured``."""
    if manifest.get("model") != configured:
        raise ModelMismatch(str(manifest.get("model")), configured, index_dir)


def open_index(index_dir: Path, embedder=None, *, version: str | None = None, verify_checksums: bool = True):
    """The live index (or an earlier ``version``), read-only. The embedder (default: the
    configured model) is loaded on first search.

    Raises:
        IndexMissing: nothing built yet (run `kb index`).
        ModelMismatch: built with another model than ``embedder`` / the configured one.
        IndexCorrupt: a file is missing, truncated or fails its checksum.
    """
    from indexer.config import resolve_model
    from indexer.index import Index

    version, folder, manifest = read_manifest(index_dir, version)
    check_model(manifest, embedder.model_id if embedder is not None else resolve_model(), index_dir)
    if verify_checksums:
        verify(folder, manifest)
    return Index.load(folder, version, manifest, embedder)

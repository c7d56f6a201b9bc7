"""The index on disk: versioned folders, a manifest with checksums and sizes, and an atomic CURRENT pointer.

Layout::

    index_dir/CURRENT                 one line: the name of the live version folder
    index_dir/.lock                   taken by writers (fcntl.flock), never by readers
    index_dir/versions/<version>/     manifest.json and the files it lists with their sha256 and size

Only ``kb index`` (:mod:`indexer.build`) writes versions. A build writes a hidden temporary
folder, renames it to its version name, then replaces CURRENT with ``os.replace`` (atomic on
POSIX): a reader sees the old index or the new one, never half of one. The previous version
is kept (a reader may still have it open); older ones are pruned. A published version is
never changed: servers memory-map its vectors, and a file truncated under them ends the
process (SIGBUS). Copy an index folder whole, or build it where it is served; at open, each
file's size is checked against the manifest, so a version damaged beforehand is refused.

Writers exclude each other with a lock on ``index_dir/.lock`` while they create a temporary
folder, publish a version and prune; each also holds a lock on its own temporary folder until
it is published or discarded, so pruning removes only the folders of builds that died.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.errors import IndexCorrupt, IndexMissing, IndexNotWritable, IndexWriteFailed, ModelMismatch
from indexer.index import VERSION_FILES, Index
# Re-exported: the benchmarks and older callers read these as store.<name>.
from indexer.vectors import (EXACT_MAX_CHUNKS, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M,  # noqa: F401
                             SEARCH_THREADS, build_vector_index, bulk_threads, use_search_threads)

try:
    import fcntl
except ImportError:  # Windows: no flock; a single writer is assumed there
    fcntl = None  # type: ignore[assignment]

#: Bumped when the files of a version change shape; an older index then needs `kb index --full`.
#: 2: the manifest records each file's size.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
VERSIONS = "versions"
LOCK = ".lock"
#: What new_version_name makes; CURRENT naming anything else (a path, "..") is corrupt.
VERSION_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,99}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Field of the manifest -> its JSON type, for the check at open.
MANIFEST_FIELDS = {"model": str, "dim": int, "counts": dict, "files": dict, "chunking": dict,
                   "checksums": dict, "sizes": dict}
#: Temporary folder of a version being written by this process -> the descriptor holding its lock.
_held: dict[Path, int] = {}


def current_version(index_dir: Path) -> str | None:
    """The name of the live version (one small read), or ``None`` when there is no index.

    Raises:
        IndexCorrupt: CURRENT is a folder, is not UTF-8 text or does not name a version.
    """
    path = Path(index_dir) / CURRENT
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise IndexCorrupt(path, "it is a folder, not the one-line file naming the live version") from None
    except OSError as exc:
        raise IndexCorrupt(path, f"it cannot be read: {exc.strerror}") from None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise IndexCorrupt(path, "it is not UTF-8 text") from None
    if name and not VERSION_NAME.fullmatch(name):
        raise IndexCorrupt(path, f"it names {name[:60]!r}, which is not a version folder")
    return name or None


def version_dir(index_dir: Path, version: str) -> Path:
    return Path(index_dir) / VERSIONS / version


def new_version_name() -> str:
    """A sortable, unique version name: UTC time plus a random suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


# --- writing -------------------------------------------------------------------------------


def write_failure(index_dir: Path, path: Path, exc: BaseException) -> Exception:
    """The error to raise for a failed write of ``path``: what happened, in words, and what to do."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code is None and isinstance(exc, RuntimeError):  # FAISS reports a failed write as text
        code = next((c for c, words in ((errno.ENOSPC, "No space left on device"), (errno.EFBIG, "File too large"),
                                        (errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied"))
                     if words in text), None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return IndexWriteFailed(path, f"no space left on device while writing {path}; free some space and run "
                                      "kb index again")
    if code == errno.EFBIG:
        return IndexWriteFailed(path, f"file too large while writing {path}: this process may not write files that "
                                      "big (ulimit -f); raise the limit and run kb index again")
    if code == errno.EROFS:
        return IndexNotWritable(index_dir, "the folder is read-only")
    if code in (errno.EACCES, errno.EPERM):
        return IndexNotWritable(index_dir, "permission denied")
    reason = getattr(exc, "strerror", None) or text[:200]
    return IndexWriteFailed(path, f"{reason} while writing {path}; the previous index stays live: fix this and "
                                  "run kb index again")


@contextmanager
def writing(index_dir: Path, path: Path):
    """Turn a failed write of ``path`` (OSError, or FAISS's RuntimeError) into an IndexProblem that says what to do."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        raise write_failure(Path(index_dir), path, exc) from None


@contextmanager
def writer_lock(index_dir: Path):
    """One writer at a time creates, publishes or prunes versions in ``index_dir``."""
    path = Path(index_dir) / LOCK
    with writing(index_dir, path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def start_version(index_dir: Path) -> Path:
    """A fresh hidden folder to write a new version into, locked as in use by this process.

    Creating it checks that the index folder can be written, before any work is done.

    Raises:
        IndexNotWritable: the folder is read-only or not ours.
        IndexWriteFailed: no space left, or another failure to write.
    """
    index_dir = Path(index_dir)
    root = index_dir / VERSIONS
    with writing(index_dir, root):
        root.mkdir(parents=True, exist_ok=True)
    with writer_lock(index_dir):
        tmp = root / f".tmp-{new_version_name()}"
        with writing(index_dir, tmp):
            tmp.mkdir()
            fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _held[tmp] = fd
    return tmp


def _release(tmp: Path) -> None:
    fd = _held.pop(tmp, None)
    if fd is not None:
        os.close(fd)


def discard_version(tmp: Path) -> None:
    """Remove an unpublished temporary folder (after a failed or interrupted build)."""
    _release(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


class _Writes:
    """A file's write method alone: numpy then writes through Python, whose OSError carries the
    errno (ENOSPC, EFBIG); its own writer for real files says only "N requested and M written"."""

    def __init__(self, handle) -> None:
        self.write = handle.write


def save_array(path: Path, array: np.ndarray) -> None:
    """``np.save(path, array)``, with failures that say why."""
    with path.open("wb") as handle:
        np.lib.format.write_array(_Writes(handle), np.asanyarray(array), allow_pickle=False)


def commit_version(tmp: Path, index_dir: Path, manifest: dict, keep: int = 2) -> str:
    """Checksum the files in ``tmp``, write the manifest, publish it as the live version; return its name.

    On failure the folder is left as ``tmp`` for the caller to discard; the live version is unchanged.
    """
    index_dir = Path(index_dir)
    manifest = dict(manifest)
    files = sorted(p for p in tmp.iterdir() if p.name != MANIFEST)
    manifest["checksums"] = {p.name: sha256_file(p) for p in files}
    manifest["sizes"] = {p.name: p.stat().st_size for p in files}
    with writing(index_dir, tmp / MANIFEST):
        write_json(tmp / MANIFEST, manifest)
    name = tmp.name.removeprefix(".tmp-")
    final = version_dir(index_dir, name)
    pointer = index_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    with writer_lock(index_dir):
        os.rename(tmp, final)
        try:
            with writing(index_dir, pointer):
                pointer.write_text(name + "\n", encoding="utf-8")
                current = index_dir / CURRENT
                if current.is_dir() and not current.is_symlink():  # a corrupt CURRENT: replace it
                    shutil.rmtree(current)
                os.replace(pointer, current)
        except BaseException:
            pointer.unlink(missing_ok=True)
            os.rename(final, tmp)
            raise
        _release(tmp)
        _prune(index_dir, keep)
    return name


def prune(index_dir: Path, keep: int = 2) -> None:
    """Remove all but the newest ``keep`` versions (always keeping the live one) and the
    temporary folders of builds that died."""
    with writer_lock(index_dir):
        _prune(Path(index_dir), keep)


def _prune(index_dir: Path, keep: int) -> None:
    root = index_dir / VERSIONS
    try:
        live = current_version(index_dir)
    except IndexCorrupt:
        live = None
    names = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in names[:-keep] if keep else names:
        if old != live:
            shutil.rmtree(root / old, ignore_errors=True)
    for tmp in root.glob(".tmp-*"):
        if _abandoned(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def _abandoned(tmp: Path) -> bool:
    """True when no process holds the lock of temporary folder ``tmp`` (its build died)."""
    if tmp in _held:
        return False
    if fcntl is None:  # no locks to ask: a folder untouched for an hour belongs to a build that died
        try:
            return dt.datetime.now().timestamp() - tmp.stat().st_mtime > 3600
        except OSError:
            return False
    try:
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:  # gone meanwhile
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # held: a build in progress
        return False
    finally:
        os.close(fd)


# --- reading -------------------------------------------------------------------------------


def versions(index_dir: Path) -> list[str]:
    """The complete version folders in ``index_dir``, newest first (their names sort by time)."""
    folder = Path(index_dir) / VERSIONS
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)


def check_manifest(manifest, path: Path) -> None:
    """Raise IndexCorrupt unless ``manifest`` has every field, of its type, and a checksum and
    size for every file a version holds."""
    if not isinstance(manifest, dict):
        raise IndexCorrupt(path, f"the manifest is {json.dumps(manifest)[:20]}, not a JSON object")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorrupt(path, f"format version {manifest.get('format_version')} is not "
                                 f"{FORMAT_VERSION}, the version this program reads")
    missing = [key for key in MANIFEST_FIELDS if key not in manifest]
    if missing:
        raise IndexCorrupt(path, f"the manifest lacks {', '.join(missing)}")
    for key, kind in MANIFEST_FIELDS.items():
        if not isinstance(manifest[key], kind):
            raise IndexCorrupt(path, f"'{key}' in the manifest is not a JSON {kind.__name__}")
    checksums, sizes = manifest["checksums"], manifest["sizes"]
    for name in VERSION_FILES:
        if name not in checksums or name not in sizes:
            raise IndexCorrupt(path, f"the manifest has no checksum and size for {name}")
    for name, digest in checksums.items():
        if Path(name).name != name or name.startswith(".") or not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise IndexCorrupt(path, f"the manifest's checksum entry {name!r} is not a file name and a sha256")
        if not isinstance(sizes.get(name), int) or sizes[name] < 0:
            raise IndexCorrupt(path, f"the manifest's size of {name!r} is not a number of bytes")


def read_manifest(index_dir: Path, version: str | None = None) -> tuple[str, Path, dict]:
    """(version, folder, manifest) of the live index, or of ``version``; raises IndexMissing / IndexCorrupt."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(index_dir)
    if not VERSION_NAME.fullmatch(version):
        raise IndexCorrupt(Path(index_dir) / CURRENT, f"it names {version[:60]!r}, which is not a version folder")
    folder = version_dir(index_dir, version)
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(path, f"CURRENT names version '{version}' but its manifest is missing")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(path, f"not valid JSON: {exc}") from None
    except OSError as exc:
        raise IndexCorrupt(path, f"it cannot be read: {exc.strerror}") from None
    check_manifest(manifest, path)
    return version, folder, manifest


def check_sizes(folder: Path, manifest: dict) -> None:
    """Raise IndexCorrupt naming the first file that is missing or not the size the manifest says
    (a stat per file: cheap enough for every open, and what stops mapping a truncated file)."""
    for name, size in manifest["sizes"].items():
        path = folder / name
        try:
            actual = path.stat().st_size
        except OSError:
            raise IndexCorrupt(path, "file is missing") from None
        if actual != size:
            raise IndexCorrupt(path, f"the file is {actual} bytes, the manifest says {size}")


def verify(folder: Path, manifest: dict) -> None:
    """Raise IndexCorrupt naming the first file that is missing, of the wrong size or fails its checksum."""
    check_sizes(folder, manifest)
    for name, expected in manifest["checksums"].items():
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
    configured model) is loaded on first search. File sizes are always checked; checksums
    unless ``verify_checksums`` is false.

    Raises:
        IndexMissing: nothing built yet (run `kb index`).
        ModelMismatch: built with another model than ``embedder`` / the configured one.
        IndexCorrupt: a file is missing, truncated or fails its checksum.
    """
    from indexer.config import resolve_model

    version, folder, manifest = read_manifest(index_dir, version)
    check_model(manifest, embedder.model_id if embedder is not None else resolve_model(), index_dir)
    if verify_checksums:
        verify(folder, manifest)
    else:
        check_sizes(folder, manifest)
    return Index.load(folder, version, manifest, embedder)

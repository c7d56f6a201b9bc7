"""A damaged index folder is a corrupt version, never a traceback (issue 14, points 8 and 9).

``CURRENT`` with bytes that are not UTF-8, ``CURRENT`` as a folder or naming a path, and
manifests that are ``[]``, ``null``, lack fields or lack checksums: `kb search` and `kb serve`
say the index is corrupt and what to run; `kb index` builds a new one in full.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from indexer.cli import index_command, search_command
from indexer.errors import IndexCorrupt
from indexer.index import CHUNK_FAISS, CHUNK_VECTORS, DOC_VECTORS
from indexer.store import CURRENT, MANIFEST, current_version, open_index, version_dir
from webapp.cli import check_index


@pytest.fixture
def index_copy(built_index, tmp_path) -> Path:
    """A writable copy of the session's index of the fixture corpus."""
    return Path(shutil.copytree(built_index, tmp_path / "index"))


def _manifest_path(index_dir: Path) -> Path:
    return version_dir(index_dir, current_version(index_dir)) / MANIFEST


def _set_manifest(index_dir: Path, change) -> None:
    path = _manifest_path(index_dir)
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")


def _without(key: str):
    return lambda manifest: {k: v for k, v in manifest.items() if k != key}


def _current_bytes(data: bytes):
    def damage(index_dir: Path) -> None:
        (index_dir / CURRENT).write_bytes(data)
    return damage


def _current_folder(index_dir: Path) -> None:
    (index_dir / CURRENT).unlink()
    (index_dir / CURRENT).mkdir()


DAMAGES = {
    "CURRENT not UTF-8": (_current_bytes(b"\xff\xfe\x80version\n"), "CURRENT"),
    "CURRENT a folder": (_current_folder, "CURRENT"),
    "CURRENT naming a path": (_current_bytes(b"../../elsewhere\n"), "CURRENT"),
    "manifest []": (lambda d: _manifest_path(d).write_text("[]"), MANIFEST),
    "manifest null": (lambda d: _manifest_path(d).write_text("null"), MANIFEST),
    "manifest {}": (lambda d: _manifest_path(d).write_text("{}"), MANIFEST),
    "manifest without checksums": (lambda d: _set_manifest(d, _without("checksums")), MANIFEST),
    "manifest with empty checksums": (lambda d: _set_manifest(d, lambda m: {**m, "checksums": {}}), MANIFEST),
    "manifest without model": (lambda d: _set_manifest(d, _without("model")), MANIFEST),
    "manifest without counts": (lambda d: _set_manifest(d, _without("counts")), MANIFEST),
    "manifest checksums a list": (lambda d: _set_manifest(d, lambda m: {**m, "checksums": []}), MANIFEST),
}


@pytest.mark.parametrize("damage, where", DAMAGES.values(), ids=DAMAGES.keys())
def test_opening_a_damaged_index_raises_index_corrupt_naming_the_file(index_copy, damage, where):
    damage(index_copy)
    with pytest.raises(IndexCorrupt) as caught:
        open_index(index_copy)
    assert Path(caught.value.path).name == where
    assert "rebuild with `kb index" in str(caught.value)


@pytest.mark.parametrize("damage, where", DAMAGES.values(), ids=DAMAGES.keys())
def test_kb_search_on_a_damaged_index_says_it_is_corrupt(index_copy, damage, where):
    damage(index_copy)
    result = CliRunner().invoke(search_command, ["drop-in", "--index", str(index_copy)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a traceback
    assert "index file is corrupt" in result.output and where in result.output


@pytest.mark.parametrize("damage, where", DAMAGES.values(), ids=DAMAGES.keys())
def test_kb_serve_refuses_a_damaged_index_saying_what_to_run(index_copy, tmp_path, damage, where):
    """The check `kb serve` makes before it starts (starting would serve 503s from every worker)."""
    damage(index_copy)
    with pytest.raises(click.ClickException) as refused:
        check_index(index_copy, tmp_path)
    assert "index file is corrupt" in refused.value.message and "kb index" in refused.value.message


@pytest.mark.parametrize("damage, where", DAMAGES.values(), ids=DAMAGES.keys())
def test_kb_index_rebuilds_a_damaged_index_in_full(index_copy, corpus_copy, damage, where):
    damage(index_copy)
    result = CliRunner().invoke(index_command, ["--content", str(corpus_copy), "--index", str(index_copy), "--json"])
    assert result.exit_code == 0 and result.exception is None, result.output
    report = json.loads(result.stdout)
    assert (report["full"], report["added"], report["practices"]) == (True, 5, 5)
    assert "corrupt" in report["full_reason"]
    assert len(open_index(index_copy).practice_ids()) == 5


# --- point 9: file sizes checked at open --------------------------------------------------


def test_the_manifest_records_the_size_of_every_file(built_index):
    manifest = json.loads(_manifest_path(built_index).read_text(encoding="utf-8"))
    folder = version_dir(built_index, current_version(built_index))
    assert manifest["sizes"] == {name: (folder / name).stat().st_size for name in manifest["checksums"]}


@pytest.mark.parametrize("name", [CHUNK_VECTORS, DOC_VECTORS, CHUNK_FAISS])
def test_a_truncated_vector_file_is_refused_at_open_even_without_checksums(index_copy, name):
    path = version_dir(index_copy, current_version(index_copy)) / name
    size = path.stat().st_size
    os.truncate(path, size - 1024)
    with pytest.raises(IndexCorrupt) as caught:
        open_index(index_copy, verify_checksums=False)
    assert caught.value.reason == f"the file is {size - 1024} bytes, the manifest says {size}"


def test_searching_a_version_whose_faiss_file_was_cut_is_an_error_not_a_crash(index_copy):
    """In a process of its own: reading past the end of a mapped file is SIGBUS, not an exception."""
    path = version_dir(index_copy, current_version(index_copy)) / CHUNK_FAISS
    os.truncate(path, path.stat().st_size // 2)
    script = textwrap.dedent(f"""
        from indexer.errors import IndexCorrupt
        from indexer.store import open_index
        try:
            open_index({str(index_copy)!r}, verify_checksums=False).search("drop-in")
        except IndexCorrupt as exc:
            print("refused:", exc.reason)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "KB_MODEL": "usem3"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused: the file is ")

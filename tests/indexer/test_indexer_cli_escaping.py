"""`kb search` and `kb similar` print control characters of stored titles and passages as
visible escapes (issue 14, point 12): an index written by an older version, or by hand, may
hold what validation now refuses."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import search_command, similar_command
from indexer.index import CHUNKS, PRACTICES
from indexer.store import MANIFEST, current_version, version_dir

RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_index(built_index, tmp_path) -> Path:
    """A copy of the index whose stored titles and chunk texts carry escape sequences."""
    index_dir = Path(shutil.copytree(built_index, tmp_path / "index"))
    folder = version_dir(index_dir, current_version(index_dir))
    records = json.loads((folder / PRACTICES).read_text(encoding="utf-8"))
    for record in records:
        record["title"] = "\x1b[2K\r0 errors\u202e " + record["title"]
    (folder / PRACTICES).write_text(json.dumps(records), encoding="utf-8")
    chunks = json.loads((folder / CHUNKS).read_text(encoding="utf-8"))
    chunks["text"] = ["\x9b2K" + text for text in chunks["text"]]
    chunks["section"] = ["\x1b]0;title\x07" + s for s in chunks["section"]]
    (folder / CHUNKS).write_text(json.dumps(chunks), encoding="utf-8")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name in (PRACTICES, CHUNKS):
        manifest["checksums"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if "sizes" in manifest:
            manifest["sizes"][name] = (folder / name).stat().st_size
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return index_dir


def test_search_output_escapes_control_and_bidi_characters(hostile_index):
    result = CliRunner().invoke(search_command, ["needle exchange", "--index", str(hostile_index)])
    assert result.exit_code == 0, result.output
    assert RAW.search(result.output) is None
    assert "\\x1b[2K\\r0 errors\\u202e" in result.output and "\\x9b2K" in result.output


def test_search_json_output_escapes_c1_and_bidi_characters(hostile_index):
    result = CliRunner().invoke(search_command, ["needle exchange", "--index", str(hostile_index), "--json"])
    assert result.exit_code == 0 and RAW.search(result.output) is None
    assert json.loads(result.output)["results"][0]["title"].startswith("\x1b[2K\r0 errors\u202e")


def test_similar_output_escapes_control_and_bidi_characters(hostile_index):
    result = CliRunner().invoke(similar_command, ["needle-exchange-fixture", "--index", str(hostile_index)])
    assert result.exit_code == 0, result.output
    assert RAW.search(result.output) is None and "\\x1b[2K" in result.output

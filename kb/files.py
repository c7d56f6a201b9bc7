"""Finding and reading practice files: only ordinary files, never past the size limit.

A content folder may hold what no practice file should be: a symbolic link (to /dev/zero,
to a file outside the folder, to nothing), a named pipe (reading one waits forever), a
folder whose name ends in ``.md``, a file named ``x.MD``. Each is found, and refused with a
message that says what it is and what to do, before anything is read; a file is read only
up to the size limit, checked first on its size on disk.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

SUFFIX = ".md"
#: Files in a content folder that are about it, not practices.
SKIPPED_NAMES = frozenset({"readme.md"})


class NotAPracticeFile(Exception):
    """An entry that cannot be read as a practice file; ``message`` says what to do.

    ``line`` and ``col`` are where to report it: 1:1, or 0:0 (the whole file) when reading failed.
    """

    def __init__(self, message: str, rule: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message, self.rule, self.line, self.col = message, rule, line, col


def too_big(size: int, max_bytes: int) -> str:
    return f"file is {size // 1024} KiB, over the {max_bytes // 1024} KiB limit; shorten it or split it"


def _refuse(mode: int, path: Path) -> None:
    if stat.S_ISLNK(mode):
        raise NotAPracticeFile("is a symbolic link, not a file; practice files must be ordinary files inside "
                               "the content folder: replace the link with the file itself", "file")
    if stat.S_ISDIR(mode):
        raise NotAPracticeFile(f"is a folder whose name ends in {path.suffix}; rename it (only files named "
                               "<id>.md are practices)", "file")
    if not stat.S_ISREG(mode):
        raise NotAPracticeFile("is not an ordinary file (a named pipe, a device or a socket); remove it", "file")


def read_practice_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of an ordinary file of at most ``max_bytes``; raise :class:`NotAPracticeFile` otherwise.

    The file is opened without following a symbolic link and without waiting on a pipe, and
    checked again once open, so an entry swapped between the check and the read is refused too.
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise NotAPracticeFile(f"cannot read file: {exc.strerror}", "io", 0, 0) from None
    _refuse(info.st_mode, path)
    if info.st_size > max_bytes:
        raise NotAPracticeFile(too_big(info.st_size, max_bytes), "size")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise NotAPracticeFile(f"cannot read file: {exc.strerror}", "io", 0, 0) from None
    try:
        info = os.fstat(fd)
        _refuse(info.st_mode, path)
        if info.st_size > max_bytes:
            raise NotAPracticeFile(too_big(info.st_size, max_bytes), "size")
        parts, remaining = [], max_bytes + 1
        while remaining > 0:
            block = os.read(fd, min(remaining, 1 << 16))
            if not block:
                break
            parts.append(block)
            remaining -= len(block)
    except OSError as exc:
        raise NotAPracticeFile(f"cannot read file: {exc.strerror}", "io", 0, 0) from None
    finally:
        os.close(fd)
    raw = b"".join(parts)
    if len(raw) > max_bytes:  # it grew after the size check
        raise NotAPracticeFile(too_big(len(raw), max_bytes), "size")
    return raw


def check_name(path: Path) -> None:
    """Refuse ``x.MD`` and other case variants of ``.md``, which the site would not read as ``.md``."""
    if path.suffix != SUFFIX and path.suffix.lower() == SUFFIX:
        raise NotAPracticeFile(f'the file name ends in "{path.suffix}", which is not read as a practice; '
                               f"rename it to {path.stem}{SUFFIX}", "file")


def _candidate(name: str) -> bool:
    return not name.startswith(("_", ".")) and name.lower().endswith(SUFFIX) and name.lower() not in SKIPPED_NAMES


def practice_paths(paths: list[Path]) -> list[Path]:
    """Every entry that is or looks like a practice file under the given files or folders, sorted.

    A folder is walked without following symbolic links (a link to a folder is not entered:
    its files are outside the content folder); every entry named ``*.md`` in any case is
    listed, whether file, link, pipe or folder, so that reading it reports what it is. A
    folder given by name is walked even when it is itself a link (the content folder may be
    one). README files and names starting with ``_`` or ``.`` are skipped.

    Listing an entry again gives the same entries: callers pass these lists back in.
    """
    found: set[Path] = set()
    for path in paths:
        if not path.is_dir() or path.is_symlink() and _candidate(path.name):
            found.add(path)
            continue
        if _candidate(path.name):  # a folder named x.md, listed again by a caller
            found.add(path)
        for folder, subfolders, files in os.walk(path):
            here = Path(folder)
            found.update(here / name for name in files if _candidate(name))
            # os.walk lists a link to a folder among the folders and does not enter it
            found.update(here / name for name in subfolders if _candidate(name))
    return sorted(found)

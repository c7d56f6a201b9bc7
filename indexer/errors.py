"""Errors of the index, each saying what went wrong and what to run next."""
from __future__ import annotations


class IndexProblem(Exception):
    """Base class: the index cannot be used as it is."""


class IndexMissing(IndexProblem):
    """No index was built in the folder yet."""

    def __init__(self, index_dir) -> None:
        super().__init__(f"no search index in {index_dir}; build it with `kb index --index {index_dir}`")
        self.index_dir = index_dir


class ModelMismatch(IndexProblem):
    """The index was built with another embedding model than the one configured."""

    def __init__(self, index_model: str, configured: str, index_dir=None) -> None:
        where = f" --index {index_dir}" if index_dir else ""
        super().__init__(
            f"the index was built with model '{index_model}' but the configured model is "
            f"'{configured}'; rebuild it with `kb index --full{where}` or set KB_MODEL={index_model}")
        self.index_model = index_model
        self.configured = configured


class IndexCorrupt(IndexProblem):
    """A file of the index is missing, truncated or does not match its checksum."""

    def __init__(self, path, reason: str) -> None:
        super().__init__(f"{path}: index file is corrupt ({reason}); rebuild with `kb index --full`")
        self.path = path
        self.reason = reason


class ModelUnavailable(IndexProblem):
    """The configured embedding model cannot be loaded offline."""


class IndexNotWritable(IndexProblem):
    """The index folder cannot be written (read-only, or not ours): found before any work is done."""

    def __init__(self, index_dir, why: str) -> None:
        super().__init__(f"cannot write the index in {index_dir}: {why}; make it writable, "
                         "or build elsewhere with `kb index --index DIR`")
        self.index_dir = index_dir


class IndexWriteFailed(IndexProblem):
    """Writing a new version failed (no space left, a file size limit, an I/O error); nothing
    of it is left behind and the previous version stays live."""

    def __init__(self, path, message: str) -> None:
        super().__init__(message)
        self.path = path

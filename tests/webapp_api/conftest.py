"""Fixtures: an app on the indexed fixture corpus (see tests/webapp_shared.py)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from webapp_shared import app, client, site_dirs  # noqa: E402,F401  (fixtures)

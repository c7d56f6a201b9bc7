"""The static export's search index: Pagefind (the ``pagefind`` package and its binary) run over
the exported pages.

What it indexes is decided by the pages themselves: practice pages mark their title and
write-up ``data-pagefind-body``, exchange pages their header and main column (so menus, side
panels and the browse pages stay out); both carry ``data-pagefind-filter`` metas for type
(practice or exchange), city, language and topic in the interface language
(templates/practice.html, templates/exchanges/exchange.html). Pagefind makes one index per ``<html lang>``, so each interface
language tree has its own, with that language's stemming.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

#: Where the bundle goes, inside the export (search.html loads it from there).
BUNDLE_DIR = "pagefind"
#: Files of the bundle that pages link to (the export checks every link resolves).
BUNDLE_FILES = (f"{BUNDLE_DIR}/pagefind-ui.js", f"{BUNDLE_DIR}/pagefind-ui.css")
#: Seconds Pagefind may take: about 0.5 s for 50 practices in 10 languages here.
TIMEOUT = 600


def build_search_index(site: Path) -> str | None:
    """Index the HTML pages under ``site`` into ``site/pagefind/``.

    Returns:
        None when the index was written, else what went wrong and what to do.
    """
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return ("search.html has no index: the pagefind package is missing; reinstall with "
                "`pip install -e .` (or `make install`) and export again")
    try:
        executable = str(get_executable())
    except Exception as exc:  # the wheel has no binary for this platform
        return f"search.html has no index: no Pagefind binary for this platform ({exc})"
    try:
        done = subprocess.run([executable, "--site", str(site), "--output-subdir", BUNDLE_DIR, "--quiet"],
                              capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"search.html has no index: Pagefind did not run ({exc})"
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return f"search.html has no index: Pagefind failed (exit {done.returncode}): {' '.join(last)}"
    missing = [name for name in BUNDLE_FILES if not (site / name).is_file()]
    if missing:
        return f"search.html has no index: Pagefind wrote no {', '.join(missing)}"
    return None


"""Section 4: reading practice files and the thesaurus, with libyaml and with PyYAML's pure Python.

Both readings run in the same process, in turns (pure Python, libyaml, pure Python, libyaml…),
and each row keeps the fastest round, so that the ratio is measured on the same minutes of
the shared machine. The pure-Python reading is :func:`kb.yaml_fast.reference_only`: what every
file took before libyaml was used, and what a file with a YAML problem still takes.
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import synthetic
from benchmarks.report import Section, Table

FILES = 1_000
ROUNDS = 2


def _best(measure: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Fastest seconds of ``measure`` over ``rounds``, reference path and libyaml taking turns."""
    from kb import yaml_fast

    reference, fast = float("inf"), float("inf")
    for _ in range(rounds):
        with yaml_fast.reference_only():
            began = time.perf_counter()
            measure()
            reference = min(reference, time.perf_counter() - began)
        began = time.perf_counter()
        measure()
        fast = min(fast, time.perf_counter() - began)
    return reference, fast


def run(source: Path, files: int = FILES, rounds: int = ROUNDS) -> Section:
    """Write ``files`` practice files made from ``source`` and time reading them both ways."""
    from kb import yaml_fast
    from kb.corpus import load_corpus
    from kb.parse import parse_all
    from kb.thesaurus import THESAURUS_PATH
    from kb.thesaurus_file import read_thesaurus

    section = Section("4. Reading files")
    with tempfile.TemporaryDirectory(prefix="kb-bench-read-") as tmp:
        content = Path(tmp) / "practices"
        written = synthetic.write_practice_files(source, content, files)
        raws = [path.read_bytes() for path in written]
        kilobytes = sum(len(raw) for raw in raws) / len(raws) / 1024
        load_corpus(written[:1])  # one-time loads (language model, vocabularies) out of the first round
        timings = [
            ("front matter read (kb.parse.parse_all on the bytes in memory)", files,
             _best(lambda: [parse_all(raw) for raw in raws], rounds)),
            ("load and validate, as `kb validate` (kb.corpus.load_corpus, language checks included)", files,
             _best(lambda: load_corpus([content]), rounds)),
            ("load and validate, as `kb index` (load_corpus without the language checks)", files,
             _best(lambda: load_corpus([content], check_language=False), rounds)),
        ]
    thesaurus = read_thesaurus(THESAURUS_PATH)
    timings.append((f"first thesaurus read (read_thesaurus, {len(thesaurus.concepts)} concepts, "
                    f"{THESAURUS_PATH.stat().st_size / 1024:.0f} kB)", 1,
                    _best(lambda: read_thesaurus(THESAURUS_PATH), rounds)))

    table = Table("Reading with PyYAML's pure-Python parser and with libyaml",
                  ["Reading", "Files", "Pure Python s", "libyaml s", "Pure Python ms/file", "libyaml ms/file",
                   "Speed-up"])
    for name, count, (reference, fast) in timings:
        table.add(name, count, reference, fast, reference * 1000 / count, fast * 1000 / count,
                  reference / fast if fast else float("nan"))
    section.tables.append(table)
    section.notes.append(
        f"Corpus: {files:,} practice files of {kilobytes:.1f} kB on average, copies of the valid files of "
        f"`{source}` with new ids (as in section 3). Each row is the fastest of {rounds} rounds, the two readings "
        "taking turns in this process. libyaml (PyYAML's C parser, "
        f"{'present' if yaml_fast.LIBYAML else 'ABSENT: both columns are the pure-Python reading'}) parses the "
        "front matter of a file without any YAML problem; PyYAML's composer, resolver and constructor make the "
        "values from its events, so the values and positions are those of the pure-Python reading "
        "(tests/kb/test_yaml_fast.py). A file with a YAML problem is read again by the pure-Python path, whose "
        "messages users see, so it costs a little more than before.")
    section.data.update(files=files, kilobytes=round(kilobytes, 2), rows=table.rows)
    return section

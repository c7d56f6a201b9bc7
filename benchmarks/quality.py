"""Section 1: retrieval quality of dense, keyword and fused search on the judged query set."""
from __future__ import annotations

from pathlib import Path

from benchmarks.report import Section, Table, Target
from indexer.evaluate import JudgedQuery, evaluate, load_queries

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.yaml"
#: Judged queries written after fusion and thresholds were tuned on QUERIES: reported, not targets.
#: queries_heldout.yaml and queries_fresh.yaml were looked at while adding the rules that list
#: some practices first (indexer.search.promoted); queries_check.yaml was written after them and
#: only ever measured.
HELDOUT = (HERE / "queries_heldout.yaml", HERE / "queries_fresh.yaml", HERE / "queries_check.yaml")
MODES = (("dense", "dense"), ("keyword", "keyword"), ("fused", "hybrid"))
METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")


def query_files() -> list[Path]:
    """benchmarks/queries.yaml, when it exists."""
    return [QUERIES] if QUERIES.is_file() else []


def heldout_files() -> list[Path]:
    """The held-out query files that exist."""
    return [path for path in HELDOUT if path.is_file()]


def read_queries(paths: list[Path]) -> list[JudgedQuery]:
    queries: list[JudgedQuery] = []
    for path in paths:
        queries += load_queries(path)
    return queries


def _losses(reports: dict, name: str = "Queries where fused ranks lower than dense (cross-language) or keyword "
            "(same-language)", top: int = 12) -> Table:
    """Queries where fusion ranks the first relevant practice lower than the better single mode of its kind."""
    table = Table(name,
                  ["Query", "Lang", "Kind", "RR dense", "RR keyword", "RR fused", "Fused top 1"])
    rows = []
    for d, k, f in zip(reports["dense"]["queries"], reports["keyword"]["queries"], reports["fused"]["queries"]):
        rival = d["rr"] if f["kind"] == "cross" else k["rr"] if f["kind"] == "same" else None
        if rival is not None and f["rr"] < rival:
            rows.append((f["rr"] - rival, f, d["rr"], k["rr"]))
    for _, f, dense_rr, keyword_rr in sorted(rows, key=lambda r: r[0])[:top]:
        query = f["query"] if len(f["query"]) <= 70 else f["query"][:67] + "..."
        table.add(query.replace("|", "/"), f["language"], f["kind"], float(dense_rr), float(keyword_rr),
                  float(f["rr"]), f["top"][0] if f["top"] else "–")
    return table


def _reports(index, queries: list[JudgedQuery]) -> dict:
    return {label: evaluate(index, queries, mode=mode) for label, mode in MODES}


def _slices(reports: dict, name: str) -> Table:
    slices = Table(name, ["Slice", "Mode", "n"] + list(METRICS))
    for slice_name, pick in (("overall", lambda r: r), ("same-language", lambda r: r["by_kind"].get("same")),
                             ("cross-language", lambda r: r["by_kind"].get("cross"))):
        for label, _ in MODES:
            m = pick(reports[label])
            if m:
                slices.add(slice_name, label, m["n"], *[float(m[k]) for k in METRICS])
    return slices


def _compare(reports: dict, kind: str, a: str, b: str) -> Target:
    ra, rb = reports[a]["by_kind"].get(kind), reports[b]["by_kind"].get(kind)
    if not ra or not rb:
        return Target(f"{a} ≥ {b} on {kind}-language queries", "no such queries", "MRR@10 and nDCG@10", False)
    met = ra["mrr@10"] >= rb["mrr@10"] and ra["ndcg@10"] >= rb["ndcg@10"]
    measured = (f"MRR@10 {ra['mrr@10']:.3f} vs {rb['mrr@10']:.3f}, "
                f"nDCG@10 {ra['ndcg@10']:.3f} vs {rb['ndcg@10']:.3f} (n={ra['n']})")
    return Target(f"{a} ≥ {b} on {kind}-language queries", measured, "both metrics at least equal", met)


def run(index, queries: list[JudgedQuery], source: str,
        heldout: list[tuple[str, list[JudgedQuery]]] | None = None) -> Section:
    """Evaluate the three modes; tables overall / same / cross language and by query language.
    ``heldout``: (file name, queries) written after tuning, each reported in its own table (not targets)."""
    reports = _reports(index, queries)
    section = Section("1. Quality on the judged query set", data={"reports": {
        label: {k: v for k, v in r.items() if k != "queries"} for label, r in reports.items()}})
    section.tables.append(_slices(reports, "Quality by slice"))

    langs = sorted(reports["fused"]["by_language"])
    by_lang = Table("MRR@10 and nDCG@10 by query language",
                    ["Query language", "n"] + [f"{name} {label}" for name in ("MRR@10", "nDCG@10")
                                               for label, _ in MODES])
    for lang in langs:
        per = [reports[label]["by_language"].get(lang) or {} for label, _ in MODES]
        by_lang.add(lang, per[0].get("n", 0), *[float(p.get("mrr@10", 0.0)) for p in per],
                    *[float(p.get("ndcg@10", 0.0)) for p in per])
    section.tables.append(by_lang)

    section.targets += [_compare(reports, "cross", "fused", "dense"), _compare(reports, "same", "fused", "keyword")]
    section.tables.append(_losses(reports))
    unknown = sorted({i for q in reports["fused"]["queries"] for i in q["unknown_ids"]})
    kinds = {k: v["n"] for k, v in reports["fused"]["by_kind"].items()}
    section.notes.append(
        f"{len(queries)} queries from {source} over {len(index.records)} practices "
        f"({index.chunk_index.ntotal} chunks). Same-language: some relevant practice is in the query's "
        f"language; cross-language: none is. Query counts by kind: {kinds}. The query language is the one "
        "the file gives, else langdetect's guess. Fused is the indexer's language-aware hybrid mode.")
    if unknown:
        section.notes.append(f"Relevant ids not in the corpus (counted as misses): {', '.join(unknown)}.")
    section.data["unknown_ids"] = unknown
    for name, held in heldout or []:
        if held:
            _add_heldout(section, index, held, name)
    return section


def _add_heldout(section: Section, index, queries: list[JudgedQuery], source: str) -> None:
    """The held-out queries: the same slices, and the two comparisons as checks (not targets)."""
    reports = _reports(index, queries)
    section.tables.append(_slices(reports, f"Held-out queries of {source} (written after tuning; not targets): "
                                           "quality by slice"))
    checks = [_compare(reports, "cross", "fused", "dense"), _compare(reports, "same", "fused", "keyword")]
    kinds = {k: v["n"] for k, v in reports["fused"]["by_kind"].items()}
    section.notes.append(
        f"Held-out: {len(queries)} queries from {source}, written and judged (by reading the write-ups, "
        f"without running searches) after the fusion weights, the matching floor and the weak-result "
        f"threshold were tuned on the set above; counts by kind: {kinds}. The same comparisons on them:\n\n"
        + "\n".join(c.line().replace("- **", f"- held-out check ({source}) **", 1) for c in checks))
    section.tables.append(_losses(reports, f"Held-out queries of {source} where fused ranks lower than dense "
                                           "(cross-language) or keyword (same-language)"))
    section.data.setdefault("heldout", {})[source] = {
        label: {k: v for k, v in r.items() if k != "queries"} for label, r in reports.items()}

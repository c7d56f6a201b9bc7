"""Section 1: retrieval quality of dense, keyword and fused search, with and without abstracts.

Two kinds of judged query sets:

* the tuned sets (queries.yaml, queries_heldout.yaml, queries_fresh.yaml, and the off-topic
  queries_offtopic*.yaml): the calibrated fusion was fitted and its features chosen on them,
  so its figure there is k-fold cross-validated (each query ranked by a model fitted on the
  other folds);
* the blind sets (queries_check.yaml, queries_blind.yaml, queries_blind_second.yaml to
  queries_blind_tenth.yaml, and the off-topic queries_blind_offtopic_fourth.yaml to
  queries_blind_offtopic_eighth.yaml): never tuned on, read here by path only; the issue's
  targets are set on them. ``--no-blind`` leaves them out (while tuning).

Every figure is given for an index with the practices' abstracts and one without.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks import fit_fusion
from benchmarks import fusion_cv as cv
from benchmarks.report import Section, Table, Target
from indexer.evaluate import JudgedQuery, evaluate, load_queries, off_topic

HERE = Path(__file__).resolve().parent
#: The judged sets the fusion is fitted on (named once, in benchmarks.fit_fusion).
TUNED = tuple(HERE / name for name in fit_fusion.TUNED)
#: Written blind (by reading the write-ups, never running searches) and never tuned on.
BLIND = (HERE / "queries_check.yaml", HERE / "queries_blind.yaml", HERE / "queries_blind_second.yaml",
         HERE / "queries_blind_third.yaml", HERE / "queries_blind_fourth.yaml", HERE / "queries_blind_fifth.yaml",
         HERE / "queries_blind_sixth.yaml", HERE / "queries_blind_seventh.yaml", HERE / "queries_blind_eighth.yaml",
         HERE / "queries_blind_ninth.yaml", HERE / "queries_blind_tenth.yaml")
#: Blind off-topic queries (no practice answers them), each file reported as its own row.
OFF_TOPIC_FILES = (HERE / "queries_blind_offtopic_fourth.yaml", HERE / "queries_blind_offtopic_fifth.yaml",
                   HERE / "queries_blind_offtopic_sixth.yaml", HERE / "queries_blind_offtopic_seventh.yaml",
                   HERE / "queries_blind_offtopic_eighth.yaml")
#: Off-topic queries the fusion is fitted on (formerly blind; see benchmarks.fit_fusion).
TUNED_OFF_TOPIC = tuple(HERE / name for name in fit_fusion.TUNED_OFF_TOPIC)
MODES = (("dense", "dense"), ("keyword", "keyword"), ("fused", "hybrid"))
METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
#: The fusion with the hand-tuned "first" rules it replaced (benchmarks.fusion_cv.with_first_rules).
FIRST_RULES = "fused + first rules"
SLICES = (("overall", None), ("same-language", "same"), ("cross-language", "cross"))


def tuned_files() -> list[Path]:
    return [p for p in TUNED if p.is_file()]


def blind_files() -> list[Path]:
    return [p for p in BLIND if p.is_file()]


def off_topic_files() -> list[Path]:
    return [p for p in OFF_TOPIC_FILES if p.is_file()]


def tuned_off_topic_files() -> list[Path]:
    return [p for p in TUNED_OFF_TOPIC if p.is_file()]


def read_queries(paths: list[Path]) -> list[JudgedQuery]:
    queries: list[JudgedQuery] = []
    for path in paths:
        queries += load_queries(path)
    return queries


def read_off_topic(path: Path) -> list[str]:
    """The queries of an off-topic file: a YAML list of {query, language, note}."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if isinstance(data, dict) and "queries" in data:
        data = data["queries"]
    return [str(item["query"]) for item in data if isinstance(item, dict) and item.get("query")]


def name_of(path: Path) -> str:
    return Path(path).name


def _slice(report: dict, kind: str | None) -> dict | None:
    return report if kind is None else report["by_kind"].get(kind)


def _compare(reports: dict, kind: str, a: str, b: str, where: str) -> Target:
    ra, rb = reports[a]["by_kind"].get(kind), reports[b]["by_kind"].get(kind)
    name = f"{a} ≥ {b} on {kind}-language queries of {where}"
    if not ra or not rb:
        return Target(name, "no such queries", "MRR@10 and nDCG@10", False)
    met = ra["mrr@10"] >= rb["mrr@10"] and ra["ndcg@10"] >= rb["ndcg@10"]
    measured = (f"MRR@10 {ra['mrr@10']:.3f} vs {rb['mrr@10']:.3f}, "
                f"nDCG@10 {ra['ndcg@10']:.3f} vs {rb['ndcg@10']:.3f} (n={ra['n']})")
    return Target(name, measured, "both metrics at least equal", met)


def _add_rows(table: Table, set_name: str, abstracts: str, reports: dict, modes=MODES) -> None:
    for slice_name, kind in SLICES:
        for label, _ in modes:
            m = _slice(reports[label], kind)
            if m:
                table.add(set_name, slice_name, abstracts, label, m["n"], *[float(m[k]) for k in METRICS])


def _tuned(index, files: list[Path], variant: str, table: Table, losses: Table, data: dict,
           required_index=None, off_topic_files: list[Path] = ()) -> cv.evidence.Model:
    """Dense and keyword on each tuned set, fused cross-validated over all of them pooled
    with the tuned off-topic queries (fitted, as the shipped model is, over ``required_index``
    too when given: the corpus with only the required abstracts, see benchmarks.fit_fusion);
    returns the model fitted on all of them (threshold from the held-out predictions)."""
    from benchmarks.fit_fusion import cut_off, off_topic_rows

    rows: list[cv.QueryRows] = []
    also: list[cv.QueryRows] = []
    for path in files:
        rows += cv.query_rows(index, load_queries(path), name_of(path))
        if required_index is not None:
            also += cv.query_rows(required_index, load_queries(path), name_of(path))
    off = off_topic_rows(index, paths=list(off_topic_files))
    if required_index is not None:
        also += off_topic_rows(required_index, paths=list(off_topic_files))
    train = cv.stacked(rows + off, also) if required_index is not None else rows + off
    held = cv.cross_validated(index, rows + off, cv.evidence.FEATURES, train=train)
    held_out, held_off = held[:len(rows)], held[len(rows):]
    threshold, at = cut_off(rows, held_out, held_off)
    loose = cv.loose_threshold(rows, held_out, threshold)
    fused = cv.report(index, rows, held_out, listed=loose)
    first = cv.report(index, rows, [cv.with_first_rules(r, p, loose) for r, p in zip(rows, held_out)])
    silent: dict[str, dict] = {}
    for r, p in zip(off, held_off):
        totals = silent.setdefault(r.source, {"n": 0, "none": 0, "relevant": 0})
        found = int((p >= threshold).sum())
        totals["n"] += 1
        totals["none"] += found == 0
        totals["relevant"] += found
    data[variant] = {"cross_validated": {k: v for k, v in fused.items() if k != "queries"},
                     "threshold": threshold, "loose": loose, "cut_off": at,
                     "none_returned": round(sum(not (p[r.y > 0] >= threshold).any() for r, p in zip(rows, held_out))
                                            / max(1, len(rows)), 4),
                     "off_topic": {name: {"n": t["n"], "no_relevant": round(t["none"] / t["n"], 4),
                                          "mean_total": round(t["relevant"] / t["n"], 3)} for name, t in silent.items()}}
    for path in files:
        name = name_of(path)
        reports = {label: evaluate(index, load_queries(path), mode=mode) for label, mode in MODES if label != "fused"}
        by_source = fused["by_source"][name]
        reports["fused"] = {**by_source["all"], "by_kind": {k: v for k, v in by_source.items() if k != "all"}}
        by_source = first["by_source"][name]
        reports[FIRST_RULES] = {**by_source["all"], "by_kind": {k: v for k, v in by_source.items() if k != "all"}}
        _add_rows(table, name, variant, reports, (*MODES, (FIRST_RULES, "hybrid")))
        if variant == "with":
            _add_losses(losses, name, reports, [q for q in fused["queries"] if q["source"] == name])
    return cv.fit_rows(train, cv.evidence.FEATURES, threshold=threshold, loose=loose)


def _add_losses(table: Table, source: str, reports: dict, fused_queries: list[dict], top: int = 6) -> None:
    """Tuned-set queries where cross-validated fused ranks the first relevant programme lower
    than the better single mode of its kind."""
    rows = []
    for d, k, f in zip(reports["dense"]["queries"], reports["keyword"]["queries"], fused_queries):
        rival = d["rr"] if f["kind"] == "cross" else k["rr"] if f["kind"] == "same" else None
        if rival is not None and f["rr"] < rival:
            rows.append((f["rr"] - rival, f, d["rr"], k["rr"]))
    for _, f, dense_rr, keyword_rr in sorted(rows, key=lambda r: r[0])[:top]:
        query = f["query"] if len(f["query"]) <= 60 else f["query"][:57] + "..."
        table.add(source, query.replace("|", "/"), f["kind"], float(dense_rr), float(keyword_rr), float(f["rr"]))


def run(indexes: dict[str, object], tuned: list[Path], blind: list[Path], off_topic_paths: list[Path],
        required_index=None, tuned_off_topic: list[Path] = ()) -> Section:
    """The quality section: ``indexes`` maps "with" / "without" (abstracts) to an Index of the
    same corpus; each of ``off_topic_paths`` gets its own rows in the off-topic table;
    ``required_index``: the corpus with only the required abstracts, which the fusion with
    abstracts is also fitted on (benchmarks.fit_fusion)."""
    from indexer.fusion_model import MODEL

    section = Section("1. Quality")
    data: dict = {"tuned": {}, "blind": {}, "off_topic": {}}
    tuned_table = Table("Tuned sets (fused: 5-fold cross-validated, held-out folds)",
                        ["Set", "Slice", "Abstracts", "Mode", "n"] + list(METRICS))
    losses = Table("Tuned-set queries where cross-validated fused ranks lower than dense (cross-language) or "
                   "keyword (same-language), with abstracts",
                   ["Set", "Query", "Kind", "RR dense", "RR keyword", "RR fused"])
    blind_table = Table("Blind sets (never tuned on; fused: the shipped model)",
                        ["Set", "Slice", "Abstracts", "Mode", "n"] + list(METRICS))
    cut = Table("Relevance cut-off (fused): results judged relevant (`total`)",
                ["Set", "Abstracts", "Queries", "Precision", "Recall", "Queries with no relevant result"])
    models = {}
    for variant, index in indexes.items():
        refit = _tuned(index, tuned, variant, tuned_table, losses, data["tuned"],
                       required_index if variant == "with" else None, tuned_off_topic)
        models[variant] = MODEL if variant == "with" else refit
        data["tuned"][variant]["refit_threshold"] = refit.threshold
    for path in blind:
        queries = load_queries(path)
        for variant, index in indexes.items():
            reports = {label: evaluate(index, queries, mode=mode, **({"model": models[variant]} if label == "fused" else {}))
                       for label, mode in MODES}
            _add_rows(blind_table, name_of(path), variant, reports)
            c = reports["fused"]["cut_off"]
            cut.add(name_of(path), variant, reports["fused"]["n"], c["precision"], c["recall"], c["none_returned"])
            data["blind"].setdefault(name_of(path), {})[variant] = {
                label: {k: v for k, v in r.items() if k != "queries"} for label, r in reports.items()}
            if variant == "with":
                section.targets += [_compare(reports, "same", "fused", "keyword", name_of(path)),
                                    _compare(reports, "cross", "fused", "dense", name_of(path))]
    off = Table("Off-topic queries: how many get no relevant result (tuned sets: held out; blind sets: the "
                "shipped model)", ["Set", "Abstracts", "Queries", "No relevant result", "Mean relevant results"])
    for variant, d in data["tuned"].items():
        for name, o in d.get("off_topic", {}).items():
            off.add(f"{name} (tuned)", variant, o["n"], o["no_relevant"], o["mean_total"])
    for path in (p for p in off_topic_paths if p.is_file()):
        queries = read_off_topic(path)
        for variant, index in indexes.items():
            o = off_topic(index, queries, model=models[variant])
            off.add(name_of(path), variant, o["n"], o["no_relevant"], o["mean_total"])
            data["off_topic"].setdefault(name_of(path), {})[variant] = o
    weights = Table("The shipped calibrated fusion (indexer/fusion_model.py): standardised weights",
                    ["Feature", "Weight", "Mean", "Scale"])
    for name, w, mean, scale in zip(MODEL.features, MODEL.weights, MODEL.mean, MODEL.scale):
        weights.add(name, float(w), float(mean), float(scale))
    section.tables += [tuned_table, losses]
    if blind:
        section.tables += [blind_table, cut]
    if off.rows:
        section.tables.append(off)
    section.tables.append(weights)
    kinds = {variant: {k: v["n"] for k, v in d["cross_validated"]["by_kind"].items()}
             for variant, d in data["tuned"].items()}
    section.notes.append(
        f"Tuned sets: {', '.join(name_of(p) for p in tuned)} ({kinds.get('with', kinds)} by kind), over "
        f"{len(next(iter(indexes.values())).records)} practices. Same-language: some relevant practice is written "
        "in the query's language; cross-language: none is. Rankings are compared programme by programme: search "
        "shows a programme written in several languages once, and a query is answered when any version of a "
        "judged-relevant programme comes; a ranking is the relevant results followed by the loosely related ones. "
        "Dense and keyword are the single modes (no fitting); fused is the calibrated fusion, whose figure on the "
        f"tuned sets is {cv.FOLDS}-fold cross-validated over the pooled tuned queries (seed {cv.SEED}); with "
        "abstracts, as the shipped model, it is fitted on each query over the corpus and over a copy keeping only "
        "the abstracts every practice must carry (en, fr, de, es), and measured over the corpus. The tuned "
        "off-topic queries (no practice relevant) are fitted on too, in the same folds. "
        f"'{FIRST_RULES}' is the same held-out ranking with the hand-tuned rules search used before it put "
        "first (a practice the query names exactly; one with text in the query's language holding the whole "
        "query close to the best cosine): the rules are gone from search because they do not do better. "
        f"Cut-off of the model fitted without abstracts: {data['tuned'].get('without', {}).get('refit_threshold')}; "
        f"shipped: {MODEL.threshold}.")
    if blind:
        section.notes.append(
            f"Blind sets: {', '.join(name_of(p) for p in blind)}, written and judged by reading the write-ups, "
            "never tuned on; they are read here by path only. Fused with abstracts is the shipped model; without "
            "abstracts, a model fitted the same way on the tuned sets over an index without abstracts.")
    else:
        section.notes.append("Blind sets left out (`--no-blind`).")
    section.data = data
    return section

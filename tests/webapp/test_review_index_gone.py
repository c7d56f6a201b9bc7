"""When the index folder disappears while the site runs, every worker gives the same answer:
503 saying to run `kb index`, /healthz included, whether or not it had the index open
(issue 14 item 22). Two apps on one folder stand for two gunicorn workers."""
from __future__ import annotations

import shutil

from indexer.build import build_index


def _workers(app_factory, content, index):
    warm = app_factory(content, index).test_client()
    cold = app_factory(content, index).test_client()
    assert warm.get("/api/search?q=Frauenhaus").status_code == 200  # this one opened the index
    return warm, cold


def test_every_worker_answers_503_once_the_index_folder_is_gone(own_site, app_factory):
    content, index = own_site
    warm, cold = _workers(app_factory, content, index)
    shutil.rmtree(index)
    for client in (warm, cold):
        response = client.get("/api/search?q=Frauenhaus")
        assert response.status_code == 503 and "kb index" in response.get_json()["error"]["message"]
        assert client.get("/search?q=Frauenhaus").status_code == 503


def test_healthz_agrees_with_search_on_every_worker(own_site, app_factory):
    content, index = own_site
    warm, cold = _workers(app_factory, content, index)
    (index / "CURRENT").unlink()
    for client in (warm, cold):
        health = client.get("/healthz")
        assert health.status_code == 503 and "kb index" in health.get_json()["message"]
        assert client.get("/api/search?q=Frauenhaus").status_code == 503


def test_every_worker_serves_again_once_the_index_is_rebuilt(own_site, app_factory):
    content, index = own_site
    warm, cold = _workers(app_factory, content, index)
    shutil.rmtree(index)
    assert warm.get("/healthz").status_code == 503
    build_index(content, index, model="usem3")
    versions = {client.get("/healthz").get_json()["index"]["version"] for client in (warm, cold)}
    assert len(versions) == 1
    assert all(client.get("/api/search?q=Frauenhaus").status_code == 200 for client in (warm, cold))


def test_practice_pages_still_show_without_the_index(own_site, app_factory):
    content, index = own_site
    warm, _ = _workers(app_factory, content, index)
    shutil.rmtree(index)
    page = warm.get("/practices/spritzentausch-fixture")
    assert page.status_code == 200 and "Similar programmes are unavailable" in page.get_data(as_text=True)

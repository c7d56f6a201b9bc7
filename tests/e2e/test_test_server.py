"""The browser tests' server (tests/e2e/conftest.py serve_corpus) keeps answering however many
requests a module makes: it logs every request, and a log nobody reads must not stop it."""
from __future__ import annotations

import urllib.request

#: More requests than a pipe's 64 KiB holds of the development server's request log (~70 bytes a line).
MANY_REQUESTS = 1_500


def test_the_test_server_answers_after_more_requests_than_its_log_pipe_would_hold(server):
    for _ in range(MANY_REQUESTS):
        with urllib.request.urlopen(server + "/healthz", timeout=5) as response:
            assert response.status == 200

"""docs/nginx.conf, the recommended reverse proxy, stays in step with the service it fronts:
the same security headers on nginx's own errors, a header deadline no longer than the
service's, timeouts and sizes that fit gunicorn's settings; the deployment docs link it."""
from __future__ import annotations

import re
from pathlib import Path

from webapp import serving
from webapp.security import SECURITY_HEADERS

REPO = Path(__file__).resolve().parents[1]
CONF = (REPO / "docs" / "nginx.conf").read_text(encoding="utf-8")


def directive(name: str) -> str:
    match = re.search(rf"^\s*{name}\s+([^;]+);", CONF, re.MULTILINE)
    assert match, f"docs/nginx.conf has no {name}"
    return match.group(1).strip()


def seconds(value: str) -> float:
    return float(value.rstrip("s"))


def test_nginx_answers_its_own_errors_with_every_security_header_of_the_site():
    for name, value in SECURITY_HEADERS.items():
        variable = re.search(rf"^\s*add_header {re.escape(name)}\s+(\$\w+) always;", CONF, re.MULTILINE)
        assert variable, f"no add_header {name} … always"
        mapping = re.search(rf"map \$upstream_http_{name.lower().replace('-', '_')} {re.escape(variable.group(1))} "
                            rf'\{{\s*""\s+"([^"]*)";', CONF)
        assert mapping and mapping.group(1) == value, name


def test_nginx_cuts_slow_headers_no_later_than_the_service_does():
    assert seconds(directive("client_header_timeout")) <= serving.HEADER_SECONDS
    assert seconds(directive("client_body_timeout")) <= serving.HEADER_SECONDS


def test_nginx_waits_for_the_service_as_long_as_gunicorn_lets_a_worker_run():
    assert seconds(directive("proxy_read_timeout")) >= serving.WORKER_TIMEOUT
    assert directive("proxy_buffering") == "on" and directive("proxy_request_buffering") == "on"


def test_nginx_takes_every_request_line_gunicorn_takes():
    count, size = directive("large_client_header_buffers").split()
    assert int(size.rstrip("k")) * 1024 >= serving.LIMIT_REQUEST_LINE


def test_the_deployment_docs_point_to_the_nginx_config():
    assert "docs/nginx.conf" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "nginx.conf" in (REPO / "docs" / "scaling.md").read_text(encoding="utf-8")

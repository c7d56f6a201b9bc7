"""POST /api/validate: the rules of `kb validate` on one file sent as text, its links and id
checked against the live corpus, nothing written; limits on size and rate, clear refusals."""
from __future__ import annotations

from pathlib import Path

import pytest

from contribute_shared import REPO

YAML = REPO / "tests/data/validation/yaml"
EXISTING = "milan/milan-custodi-sociali-anziani.md"


def _text(name: str) -> str:
    return (YAML / name).read_text(encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_markdown_body_gets_every_problem_located_with_its_field(client):
    response = client.post("/api/validate", data=_text("several-broken-values.md"), content_type="text/markdown")
    body = response.get_json()
    assert response.status_code == 200 and body["valid"] is False
    assert [(p["line"], p["col"], p["level"], p["field"]) for p in body["problems"]] == [
        (3, 17, "error", "title"), (7, 17, "error", "topics.1"), (14, 17, "error", "organisation"),
        (17, 1, "error", "contact")]
    assert body["problems"][1]["message"] == 'unknown topic "family-suport" (did you mean "family-support"?)'


def test_the_answer_is_exactly_what_kb_validate_says_about_the_file(client, validate, corpus_dir, tmp_path):
    text = _text("hash-in-value.md").replace("city: paris", "city: milan")
    body = client.post("/api/validate", json={"text": text}).get_json()
    target = corpus_dir.parent / "validate-copy" / "practices" / "milan" / "hash-in-value.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    lines = [line for line in validate(str(target)).output.splitlines() if ": warning: " in line or ": error: " in line]
    assert [f"{p['line']}:{p['col']}: {p['level']}: {p['message']}" for p in body["problems"]] == \
        [line.split(":", 1)[1] for line in lines]


def test_a_valid_new_practice_is_valid(client):
    text = (REPO / "practices" / EXISTING).read_text(encoding="utf-8").replace(
        "id: milan-custodi-sociali-anziani", "id: milan-custodi-sociali-bis")
    body = client.post("/api/validate", json={"text": text, "strict": True}).get_json()
    assert body == {"valid": True, "path": "milan/milan-custodi-sociali-bis.md", "problems": []}


def test_references_are_checked_against_the_live_corpus(client):
    text = (REPO / "practices" / EXISTING).read_text(encoding="utf-8").replace(
        "id: milan-custodi-sociali-anziani", "id: milan-custodi-sociali-bis").replace(
        "license: CC-BY-4.0", "license: CC-BY-4.0\nadapted_from:\n  - practice: osaka-kodokushi-mimamory")
    problems = client.post("/api/validate", json={"text": text}).get_json()["problems"]
    assert [p["message"] for p in problems if p["field"] == "adapted_from.0.practice"] == [
        'adapted_from names "osaka-kodokushi-mimamory", which is no practice (did you mean "osaka-kodokushi-mimamori"?)']


def test_a_new_file_with_the_id_of_a_practice_is_a_duplicate_named_by_its_content_path(client):
    text = (REPO / "practices" / EXISTING).read_text(encoding="utf-8")
    problems = client.post("/api/validate", json={"text": text}).get_json()["problems"]
    assert [p["message"] for p in problems] == [
        f'duplicate id "milan-custodi-sociali-anziani": also used by {EXISTING}']


def test_an_edit_given_with_its_path_is_not_its_own_duplicate(client):
    text = (REPO / "practices" / EXISTING).read_text(encoding="utf-8")
    body = client.post("/api/validate", json={"text": text, "path": EXISTING}).get_json()
    assert body["valid"] is True and body["problems"] == []


def test_the_path_of_a_markdown_body_is_a_query_parameter(client):
    text = (REPO / "practices" / EXISTING).read_text(encoding="utf-8")
    body = client.post(f"/api/validate?path={EXISTING}", data=text, content_type="text/markdown").get_json()
    assert body["valid"] is True


def test_empty_query_parameters_are_the_same_as_none(client):
    # schemathesis sends path=&strict= as schema-violating data unless the schema allows them
    text = _text("hash-in-value.md")
    body = client.post("/api/validate?path=&strict=", data=text, content_type="text/markdown").get_json()
    assert body == client.post("/api/validate", data=text, content_type="text/markdown").get_json()
    assert body["valid"] is True


def test_strict_turns_warnings_into_errors(client):
    text = _text("hash-in-value.md")
    plain = client.post("/api/validate", json={"text": text}).get_json()
    strict = client.post("/api/validate?strict=true", data=text, content_type="text/markdown").get_json()
    assert plain["valid"] is True and {p["level"] for p in plain["problems"]} == {"warning"}
    assert strict["valid"] is False and {p["level"] for p in strict["problems"]} == {"error"}


def test_an_untouched_kb_new_file_is_invalid_in_strict_mode(client):
    from kb.scaffold import scaffold

    _, text = scaffold("Portierato sociale", "milan", "it", ["elderly-care"], practice_id="milan-portierato")
    body = client.post("/api/validate", json={"text": text, "strict": True}).get_json()
    assert body["valid"] is False
    assert any("placeholder TODO" in p["message"] for p in body["problems"])


def test_bytes_that_are_not_utf8_are_a_located_problem_of_the_file(client):
    raw = _text("colon-in-value.md").encode("utf-8").replace("Démarche".encode(), b"D\xe9marche")
    body = client.post("/api/validate", data=raw, content_type="text/markdown").get_json()
    assert body["problems"][0]["message"].startswith("file is not valid UTF-8 (byte 0xe9)")


def test_validating_writes_nothing_into_the_content_folder(client, corpus_dir):
    before = _files(corpus_dir)
    client.post("/api/validate", json={"text": _text("several-broken-values.md")})
    client.post("/api/validate", json={"text": (REPO / "practices" / EXISTING).read_text(), "path": EXISTING})
    assert _files(corpus_dir) == before


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "status", "words"), [
    ({"json": {"txt": "x"}}, 400, 'unknown key "txt" (did you mean "text"?)'),
    ({"json": {"path": "milan/x.md"}}, 400, '"text" is required'),
    ({"json": ["text"]}, 400, "the JSON body must be an object"),
    ({"json": {"text": 3}}, 400, '"text" is required'),
    ({"json": {"text": "x", "strict": "yes"}}, 400, '"strict" must be true or false'),
    ({"data": "{not json", "content_type": "application/json"}, 400, "the body is not valid JSON"),
    ({"json": {"text": "x", "path": "../../etc/passwd"}}, 400, 'path must be "<city>/<id>.md"'),
    ({"json": {"text": "x", "path": "/srv/practices/milan/x.md"}}, 400, 'path must be "<city>/<id>.md"'),
    ({"data": "x", "content_type": "text/markdown", "query_string": {"strict": "maybe"}}, 400,
     "strict must be true or false"),
    ({"data": b"\x89PNG", "content_type": "image/png"}, 415, 'send the practice file as "text/markdown"'),
])
def test_bad_requests_are_refused_saying_what_to_send(client, kwargs, status, words):
    response = client.post("/api/validate", **kwargs)
    assert response.status_code == status
    assert words in response.get_json()["error"]["message"]


def test_a_body_over_the_size_limit_is_refused_with_413(client):
    response = client.post("/api/validate", data="a" * (256 * 1024 + 1), content_type="text/markdown")
    assert response.status_code == 413
    assert "over the limit of 256 KiB" in response.get_json()["error"]["message"]


def test_a_json_text_over_the_size_limit_of_a_file_is_refused_with_413(client):
    response = client.post("/api/validate", json={"text": "é" * (140 * 1024)})
    assert response.status_code == 413
    assert "over the 256 KiB limit of a practice file" in response.get_json()["error"]["message"]


@pytest.fixture
def limited(app):
    """``limited(n)``: the app's client with /api/validate limited to n requests a minute."""
    from webapp.ratelimit import EXTENSION_KEY, AppLimiter

    limits = app.extensions[EXTENSION_KEY]
    kept = limits["validate"]

    def limit(n: int):
        limits["validate"] = AppLimiter(n, 60.0)
        return app.test_client()

    yield limit
    limits["validate"] = kept


def test_requests_past_the_rate_limit_get_429_with_retry_after(limited):
    client = limited(3)
    for _ in range(3):
        assert client.post("/api/validate", json={"text": "x"}).status_code == 200
    response = client.post("/api/validate", json={"text": "x"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "at most 3 in 60 seconds" in response.get_json()["error"]["message"]


def test_the_rate_limit_is_per_client(limited):
    client = limited(1)
    assert client.post("/api/validate", json={"text": "x"}, environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code == 200
    assert client.post("/api/validate", json={"text": "x"}, environ_base={"REMOTE_ADDR": "127.0.0.3"}).status_code == 200
    assert client.post("/api/validate", json={"text": "x"}, environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code == 429


def test_a_sliding_window_lets_a_client_in_again_once_its_oldest_request_is_out():
    from webapp.ratelimit import RateLimiter, TooManyRequests

    now = [100.0]
    limiter = RateLimiter(2, 10.0, clock=lambda: now[0])
    limiter.hit("a")
    now[0] = 104.0
    limiter.hit("a")
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("a")
    assert refused.value.retry_after == 6
    now[0] = 110.5
    limiter.hit("a")


def test_the_endpoint_is_described_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/validate"]["post"]
    assert set(operation["requestBody"]["content"]) == {"text/markdown", "application/json"}
    assert set(operation["responses"]) == {"200", "400", "413", "415", "429"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert spec["components"]["schemas"]["ValidateResponse"]["properties"]["problems"]["items"]["required"] == [
        "line", "col", "level", "message", "field"]


@pytest.mark.parametrize(("remote", "forwarded", "proxies", "client"), [
    ("10.0.0.9", [], 0, "10.0.0.9"),
    ("127.0.0.1", ["203.0.113.7"], 0, "127.0.0.1"),  # no trusted proxy: the header is anyone's
    ("127.0.0.1", ["203.0.113.7"], 1, "203.0.113.7"),
    ("127.0.0.1", ["6.6.6.6, 203.0.113.7"], 1, "203.0.113.7"),  # a forged entry in front is passed over
    ("127.0.0.1", ["6.6.6.6", "203.0.113.7, 10.0.0.2"], 2, "203.0.113.7"),
    ("127.0.0.1", [], 1, "127.0.0.1"),  # not through the proxy: the connecting address
])
def test_behind_trusted_proxies_the_client_is_the_address_the_outermost_one_saw(remote, forwarded, proxies, client):
    from webapp.ratelimit import client_address

    assert client_address(remote, forwarded, proxies) == client


def test_behind_nginx_two_visitors_have_their_own_budgets(corpus_dir, tmp_path):
    from contribute_shared import make_app

    app = make_app(corpus_dir, tmp_path, TRUSTED_PROXIES=1, VALIDATE_RATE_LIMIT=(1, 60.0))
    client = app.test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    assert client.post("/api/validate", json={"text": "x"}, headers=first).status_code == 200
    assert client.post("/api/validate", json={"text": "x"}, headers={"X-Forwarded-For": "203.0.113.8"}).status_code == 200
    assert client.post("/api/validate", json={"text": "x"}, headers=first).status_code == 429


def test_the_nginx_config_lets_a_whole_practice_file_through_to_the_checks():
    import re

    from webapp.validation import MAX_JSON_BYTES

    conf = (REPO / "docs" / "nginx.conf").read_text(encoding="utf-8")
    for location in ("= /api/validate", "/contribute/"):
        block = re.search(r"location " + re.escape(location) + r" \{([^}]*)\}", conf)
        assert block, location
        size = re.search(r"client_max_body_size (\d+)k;", block.group(1))
        assert size and int(size.group(1)) * 1024 >= MAX_JSON_BYTES, location

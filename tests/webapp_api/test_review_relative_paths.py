"""The API and the CSV name a practice's file relative to the content folder, never by a
server path (issue 14 item 15)."""
from __future__ import annotations

import csv
import io


def _looks_like_server_path(path: str, content_dir) -> bool:
    return path.startswith("/") or str(content_dir.resolve()) in path or ".." in path.split("/")


def test_a_practice_names_its_file_relative_to_the_content_folder(client, site_dirs):
    content, _ = site_dirs
    body = client.get("/api/practices/spritzentausch-fixture").get_json()
    assert body["path"] == "hamburg/spritzentausch-fixture.md"
    assert not _looks_like_server_path(body["path"], content)


def test_the_catalogue_json_names_no_server_path(client, site_dirs):
    content, _ = site_dirs
    practices = client.get("/api/catalogue.json").get_json()["practices"]
    assert practices and all(not _looks_like_server_path(p["path"], content) for p in practices)
    assert {p["path"] for p in practices} >= {"chicago/needle-exchange-fixture.md", "milan/custodi-sociali-fixture.md"}


def test_the_catalogue_csv_names_no_server_path(client, site_dirs):
    content, _ = site_dirs
    text = client.get("/api/catalogue.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(not _looks_like_server_path(row["path"], content) for row in rows)
    assert str(content.resolve()) not in text

"""The app factory: configuration order and blueprints."""
from __future__ import annotations

from pathlib import Path

from webapp import create_app


def test_defaults_point_at_the_repository_folders(monkeypatch):
    monkeypatch.delenv("KB_INDEX_DIR", raising=False)
    monkeypatch.delenv("KB_CONTENT_DIR", raising=False)
    app = create_app()
    assert app.config["INDEX_DIR"] == Path(".kb-index")
    assert app.config["CONTENT_DIR"] == Path("practices")
    assert app.config["LANGUAGES"] == ["en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs"]
    assert app.config["MAX_QUERY_CHARS"] == 500


def test_environment_overrides_defaults_and_test_config_overrides_both(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "env-index"))
    monkeypatch.setenv("KB_CONTENT_DIR", str(tmp_path / "env-content"))
    app = create_app()
    assert app.config["INDEX_DIR"] == tmp_path / "env-index"
    assert app.config["CONTENT_DIR"] == tmp_path / "env-content"
    app = create_app({"INDEX_DIR": tmp_path / "test-index"})
    assert app.config["INDEX_DIR"] == tmp_path / "test-index"
    assert app.config["CONTENT_DIR"] == tmp_path / "env-content"


def test_instance_config_is_read_when_present(monkeypatch, tmp_path):
    monkeypatch.delenv("KB_INDEX_DIR", raising=False)
    (tmp_path / "config.py").write_text('INDEX_DIR = "/srv/kb-index"\nPAGE_SIZE = 25\n')
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    assert app.config["INDEX_DIR"] == Path("/srv/kb-index") and app.config["PAGE_SIZE"] == 25


def test_the_three_blueprints_are_registered():
    app = create_app({"TESTING": True})
    assert {"pages", "browse", "api"} <= set(app.blueprints)
    endpoints = set(app.view_functions)
    assert {"pages.home", "pages.search", "pages.practice", "pages.about", "pages.healthz"} <= endpoints

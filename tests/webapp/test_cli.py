"""`kb serve`: options, and a clear error without an index."""
from __future__ import annotations

from click.testing import CliRunner

from kb.cli import main


def test_serve_is_registered_with_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--index", "--content", "--prod", "--workers"):
        assert option in result.output


def test_serve_without_an_index_says_to_run_kb_index(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none"), "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert "no search index" in result.output and "kb index" in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(main, ["serve", "--port", "99999"])
    assert result.exit_code == 2 and "99999" in result.output

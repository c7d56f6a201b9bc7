"""The static export's search (issue 13): Pagefind indexes the practice pages of every language
tree, with city, language and topic filters in the interface language, and the search page
keeps the query; the export links no API it does not have."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.export import export_site_command


@pytest.fixture(scope="module")
def site(site_dirs, tmp_path_factory) -> Path:
    content, index = site_dirs
    out = tmp_path_factory.mktemp("export-pagefind") / "site"
    result = CliRunner().invoke(export_site_command, [str(out), "--content", str(content), "--index", str(index),
                                                      "--languages", "en,de"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_export_writes_a_pagefind_bundle_with_one_index_per_interface_language(site):
    bundle = site / "pagefind"
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind.js").is_file()
    entry = json.loads(read(bundle / "pagefind-entry.json"))
    assert set(entry["languages"]) == {"en", "de"}
    assert all(info["page_count"] == 5 for info in entry["languages"].values())  # the 5 practices only


def test_practice_pages_mark_their_write_up_for_the_index(site):
    html = read(site / "de" / "practices" / "spritzentausch-fixture.html")
    assert html.count("data-pagefind-body") == 2  # the header (title, summary) and the write-up
    assert '<html lang="de">' in html


def test_practice_pages_carry_city_language_and_topic_filters_in_the_interface_language(site):
    html = read(site / "de" / "practices" / "custodi-sociali-fixture.html")
    filters = dict(re.findall(r'<meta data-pagefind-filter="([^"]+)\[content\]" content="([^"]+)">', html))
    assert filters["Stadt"] == "Mailand" and filters["Sprache"] == "Italienisch"
    assert "Thema" in filters


def test_browse_pages_are_not_indexed(site):
    assert "data-pagefind-body" not in read(site / "cities" / "hamburg.html")
    assert "data-pagefind-body" not in read(site / "de" / "index.html")


def test_search_page_of_each_tree_loads_the_shared_bundle_relatively(site):
    assert 'src="../pagefind/pagefind-ui.js"' in read(site / "de" / "search.html")
    assert 'src="pagefind/pagefind-ui.js"' in read(site / "search.html")
    assert 'href="../pagefind/pagefind-ui.css"' in read(site / "de" / "search.html")


def test_search_page_says_how_to_serve_the_folder_for_file_urls(site):
    html = read(site / "search.html")
    assert 'id="search-needs-http" hidden' in html and "python3 -m http.server" in html


def test_links_to_search_keep_their_query(site):
    assert re.search(r'href="search\.html\?q=[^"]+"', read(site / "index.html"))


def test_footer_links_the_feed_and_the_catalogue_but_no_api(site):
    footer = read(site / "de" / "about.html").split('class="site-footer"')[1]
    assert 'href="../feed.xml"' in footer and 'href="../api/catalogue.csv"' in footer
    assert "openapi" not in footer


def test_head_links_the_feed_relatively(site):
    head = read(site / "de" / "cities" / "hamburg.html").split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" href="../../feed.xml"' in head


def test_a_missing_pagefind_is_an_error_that_says_what_to_do(tmp_path, monkeypatch):
    import builtins

    from webapp.pagefind_index import build_search_index

    real_import = builtins.__import__

    def no_pagefind(name, *args, **kwargs):
        if name == "pagefind_bin":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pagefind)
    problem = build_search_index(tmp_path)
    assert "pagefind package is missing" in problem and "pip install -e ." in problem

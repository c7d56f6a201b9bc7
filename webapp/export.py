"""`kb export-site OUT`: the site as static files with relative links, for any static host.

Pages are rendered by the Flask app itself (test client), so the export and the live site
share one set of templates; links are then rewritten by :mod:`webapp.static_links`.
Search works without a server: every page's search form leads to ``search.html`` of its
language tree, where Pagefind's UI searches an index that the export builds over the practice
pages (:mod:`webapp.pagefind_index`; one index per interface language, filters by city,
language and topic). With ``--search-endpoint`` that page also offers the live search by meaning.
Every page carries the live site's Content-Security-Policy in a ``<meta>`` tag, since a static
host may send no headers (the search pages also allow WebAssembly, which Pagefind runs as).
"""
from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, render_template

from kb import vocab
from webapp import LANGUAGES as INTERFACE_LANGUAGES
from webapp.feeds import FeedEntry, atom_feed, sitemap
from webapp.security import CONTENT_SECURITY_POLICY
from webapp.static_links import LinkRewriter, language_prefix, page_file

MARKER = ".practice-exchange-export"
SHARED_DOCUMENTS = ("/api/openapi.json", "/api/catalogue.json", "/api/catalogue.csv")


@dataclass
class ExportReport:
    pages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unresolved: dict[str, set[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: Directives a browser ignores in a <meta> policy (CSP Level 3, section 6.1 and 3.2); a static
#: host that can send headers should send frame-ancestors 'none' itself (README: Running it for others).
META_IGNORED_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "sandbox"})
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def export_csp(search_endpoint: str | None, webassembly: bool = False) -> str:
    """The live site's Content-Security-Policy as a ``<meta>`` tag can carry it.

    Directives a meta tag cannot carry are left out; when search forms send queries to a live
    site, its origin is added to ``form-action`` (on the live site the forms stay on 'self').
    ``webassembly`` adds ``'wasm-unsafe-eval'`` to ``script-src`` (Pagefind's search page: it
    compiles WebAssembly, and that keyword allows nothing else, no eval of strings).
    """
    directives = []
    for directive in (d.strip() for d in CONTENT_SECURITY_POLICY.split(";")):
        name = directive.split()[0]
        if name in META_IGNORED_DIRECTIVES:
            continue
        if name == "form-action" and search_endpoint:
            parts = urlsplit(search_endpoint)
            directive += f" {parts.scheme}://{parts.netloc}"
        if name == "script-src" and webassembly:
            directive += " 'wasm-unsafe-eval'"
        directives.append(directive)
    return "; ".join(directives)


def with_csp_meta(html: str, policy: str) -> str:
    """``html`` with the policy as the first thing after ``<meta charset>`` (a meta policy only
    covers what follows it), or right after ``<head>``."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=True)}">'
    place = _CHARSET.search(html) or _HEAD.search(html)
    if place is None:
        return tag + html
    return f"{html[:place.end()]}\n  {tag}{html[place.end():]}"


def page_paths(practice_ids: list[str], topic_pages: list[str]) -> list[str]:
    """Every URL path the export writes (all pages but search); ``topic_pages`` from
    :func:`webapp.browse.topic_page_paths`, every page of every topic."""
    return ["/", "/about", "/cities/", "/topics/", "/graph",
            *(f"/practices/{pid}" for pid in sorted(practice_ids)),
            *(f"/cities/{slug}" for slug in sorted(vocab.cities())),
            *topic_pages]


def _prepare(out: Path) -> None:
    """Create OUT, or empty it when a previous export wrote it; refuse any other folder."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise click.ClickException(f"{out} is not empty and was not written by `kb export-site`; "
                                       "choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by `kb export-site`; the folder is emptied on the next export\n")


def _render_pages(app: Flask, paths: list[str], languages: list[str], search_endpoint: str | None,
                  report: ExportReport) -> dict[str, tuple[str, str]]:
    """Output file -> (html, language), for every page in every language tree."""
    client = app.test_client(use_cookies=False)
    pages: dict[str, tuple[str, str]] = {}
    for lang in languages:
        prefix = language_prefix(lang, languages)
        for path in paths:
            response = client.get(path, headers={"Accept-Language": lang})
            if response.status_code != 200:
                report.failures.append(f"{path} ({lang}): HTTP {response.status_code}")
                continue
            pages[prefix + page_file(path)] = (response.get_data(as_text=True), lang)
        with app.test_request_context("/search", headers={"Accept-Language": lang}):
            pages[prefix + "search.html"] = (render_template("export/search.html", endpoint=search_endpoint), lang)
    return pages


def _feed_entries(app: Flask, content: Path, base_url: str | None) -> tuple[list[FeedEntry], dict[str, object]]:
    from webapp.feed_pages import site_feed_entries

    return site_feed_entries(app, base_url, page_file)


def export_site(out: Path, *, content: Path, index: Path, search_endpoint: str | None = None,
                base_url: str | None = None, languages: list[str] | None = None,
                app_config: dict | None = None) -> ExportReport:
    """Write the static site into ``out``; see :func:`export_site_command` for the options
    (``app_config``: further app settings, e.g. BROWSE_PAGE_SIZE)."""
    from webapp import LANGUAGES, create_app
    from webapp.content import get_corpus

    languages = languages or list(LANGUAGES)
    base_url = base_url.rstrip("/") if base_url else None
    report = ExportReport()
    app = create_app({"CONTENT_DIR": content, "INDEX_DIR": index, "STATIC_EXPORT": True,
                      "SEARCH_ENDPOINT": "/search", **(app_config or {})})
    with app.app_context():
        from webapp.browse import topic_page_paths

        practice_ids = [doc.practice.id for doc in get_corpus().good]
        topic_pages = topic_page_paths()
    try:
        from indexer.store import current_version
        if current_version(Path(index)) is None:
            report.warnings.append(f"no search index in {index}: practice pages will lack similar programmes "
                                   "(run `kb index` first)")
    except Exception as exc:  # the export still works without the index
        report.warnings.append(f"cannot read the index in {index}: {exc}")

    _prepare(out)
    from webapp.exchange_export import exchange_page_paths

    pages = _render_pages(app, page_paths(practice_ids, topic_pages) + exchange_page_paths(app), languages,
                          search_endpoint, report)
    client = app.test_client(use_cookies=False)
    shared = {path.lstrip("/"): client.get(path).get_data() for path in SHARED_DOCUMENTS}
    with app.test_request_context("/api/catalogue.json"):  # a static file: the whole catalogue, not a page
        from flask import json

        from webapp.api import catalogue_body

        shared["api/catalogue.json"] = json.dumps(catalogue_body()).encode("utf-8")
    static_root = Path(app.static_folder)
    statics = {f"static/{p.relative_to(static_root).as_posix()}": p
               for p in sorted(static_root.rglob("*")) if p.is_file()}
    from webapp.pagefind_index import BUNDLE_FILES, build_search_index

    known = set(pages) | set(shared) | set(statics) | {"feed.xml", "sitemap.xml"} | set(BUNDLE_FILES)

    rewriter = LinkRewriter(languages)  # search links stay in the copy: its search.html
    policy, search_policy = export_csp(search_endpoint), export_csp(search_endpoint, webassembly=True)
    for name, (html, lang) in pages.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        page_policy = search_policy if posixpath.basename(name) == "search.html" else policy
        target.write_text(with_csp_meta(rewriter.rewrite_html(html, name, lang, known), page_policy), encoding="utf-8")
        report.pages.append(name)
    for name, data in shared.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
        report.files.append(name)
    for name, source in statics.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / name)
        report.files.append(name)

    entries, updated = _feed_entries(app, content, base_url)
    (out / "feed.xml").write_bytes(atom_feed(
        entries, title="Practice Exchange: new and updated practices",
        feed_id=f"{base_url}/feed.xml" if base_url else "urn:practice-exchange:feed",
        self_link=f"{base_url}/feed.xml" if base_url else "feed.xml",
        site_link=f"{base_url}/" if base_url else "index.html"))
    report.files.append("feed.xml")
    if base_url:
        (out / "sitemap.xml").write_bytes(sitemap(
            (f"{base_url}/{name}", updated.get(name)) for name in sorted(report.pages)))
        report.files.append("sitemap.xml")
    else:
        report.warnings.append("no --base-url: sitemap.xml (which needs absolute URLs) was not written")
    problem = build_search_index(out)
    if problem:
        report.failures.append(problem)
    report.unresolved = rewriter.unresolved
    return report


def _absolute_url(ctx, param, value: str | None) -> str | None:
    if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
        raise click.BadParameter(f'"{value}" is not an absolute http(s) URL, e.g. https://practices.example.org')
    return value


@click.command("export-site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), envvar="KB_CONTENT_DIR",
              default=Path("practices"), show_default=True, help="Folder of practice files.")
@click.option("--index", "index", type=click.Path(file_okay=False, path_type=Path), envvar="KB_INDEX_DIR",
              default=Path(".kb-index"), show_default=True, help="Search index (for similar programmes).")
@click.option("--search-endpoint", callback=_absolute_url, metavar="URL",
              help="Live search page of the site, e.g. https://px.example.org/search: the static search page "
                   "(Pagefind, words only) also offers it, to search by meaning across languages.")
@click.option("--base-url", callback=_absolute_url, metavar="URL",
              help="Public URL the site will be served from; needed for sitemap.xml and absolute feed links.")
@click.option("--languages", default=",".join(INTERFACE_LANGUAGES), show_default=True,
              help="Interface languages to export, comma-separated; the first goes at the root, others in xx/.")
def export_site_command(out: Path, content: Path, index: Path, search_endpoint: str | None,
                        base_url: str | None, languages: str) -> None:
    """Write the site as static HTML with relative links into OUT (plus feed.xml and sitemap.xml)."""
    from webapp import LANGUAGES

    chosen = [code.strip() for code in languages.split(",") if code.strip()]
    unknown = [code for code in chosen if code not in LANGUAGES]
    if not chosen or unknown:
        raise click.BadParameter(f"use languages among {', '.join(LANGUAGES)}", param_hint="--languages")
    if not content.is_dir():
        raise click.ClickException(f"no content folder {content}; pass --content DIR")
    report = export_site(out, content=content, index=index, search_endpoint=search_endpoint,
                         base_url=base_url, languages=chosen)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for page, links in sorted(report.unresolved.items()):
        click.echo(f"warning: {page}: links to pages that were not exported: {', '.join(sorted(links))}", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(f"wrote {len(report.pages)} pages in {len(chosen)} language(s) and {len(report.files)} other files to {out}")
    if report.failures:
        raise SystemExit(1)

"""The live site's ``/feed.xml`` (Atom, new and updated practices and exchange records) and
``/sitemap.xml``, from the builders the static export uses (:mod:`webapp.feeds`).

Absolute URLs come from PUBLIC_URL only, never from the request's Host header: without it the
feed's ids are URNs and its links paths (Atom resolves them against the feed's own address),
and the sitemap, which must list absolute URLs, answers 404 saying what to set.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request, url_for

from webapp.feeds import FeedEntry, atom_feed, entry_dates, git_dates, linked_entry, sitemap

bp = Blueprint("feeds", __name__)

FEED_TITLE = "Practice Exchange: new and updated practices"
#: How long the commit dates of a content folder are reused: reading them runs `git log` over
#: the folder (tens of milliseconds for 50 files, seconds for thousands); a feed an hour late
#: by a minute is no loss.
GIT_DATES_SECONDS = 60.0

_git_cache: dict[Path, tuple[float, dict]] = {}
_git_lock = threading.Lock()


def cached_git_dates(folder: Path, max_age: float = GIT_DATES_SECONDS) -> dict:
    """:func:`webapp.feeds.git_dates` of ``folder``, read again once older than ``max_age`` seconds."""
    key = Path(folder).resolve()
    now = time.monotonic()
    with _git_lock:
        hit = _git_cache.get(key)
        if hit and now - hit[0] < max_age:
            return hit[1]
    dates = git_dates(key)
    with _git_lock:
        _git_cache[key] = (now, dates)
    return dates


def site_feed_entries(app: Flask, base_url: str | None, link_of: Callable[[str], str]
                      ) -> tuple[list[FeedEntry], dict[str, object]]:
    """Feed entries of every servable practice and exchange record, and the last-modified date
    of each one's link; ``link_of`` maps a page path ("/practices/x") to its link (an exported
    file, or the live URL path)."""
    from webapp.content import get_corpus
    from webapp.exchange_export import exchange_feed_entries

    with app.app_context():
        documents = get_corpus().good
    commits = cached_git_dates(Path(app.config["CONTENT_DIR"]))
    entries, updated = [], {}
    for doc in documents:
        p = doc.practice
        published, modified = entry_dates(p.last_reviewed, commits.get(doc.path.resolve()))
        link = link_of(f"/practices/{p.id}")
        entries.append(linked_entry("practice", p.id, link, base_url, title=p.title, summary=p.summary,
                                    language=p.language, published=published, updated=modified,
                                    categories=tuple(p.topics)))
        updated[link] = modified.date()
    more, more_updated = exchange_feed_entries(app, base_url, link_of)
    return entries + more, {**updated, **more_updated}


def _site_path(path: str) -> str:
    """A page path as a URL path of this app (under its script root)."""
    return request.script_root + path


def _absolute(link: str) -> str:
    """A URL path of this app on PUBLIC_URL."""
    return current_app.config["PUBLIC_URL"] + link[len(request.script_root):]


@bp.route("/feed.xml")
def feed():
    public = current_app.config.get("PUBLIC_URL")
    app = current_app._get_current_object()
    entries, _ = site_feed_entries(app, None, _site_path)
    if public:
        entries = [FeedEntry(**{**entry.__dict__, "id": _absolute(entry.link), "link": _absolute(entry.link)})
                   for entry in entries]
    body = atom_feed(entries, title=FEED_TITLE,
                     feed_id=_absolute(url_for("feeds.feed")) if public else "urn:practice-exchange:feed",
                     self_link=_absolute(url_for("feeds.feed")) if public else url_for("feeds.feed"),
                     site_link=_absolute(url_for("pages.home")) if public else url_for("pages.home"))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@bp.route("/sitemap.xml")
def sitemap_xml():
    if not current_app.config.get("PUBLIC_URL"):
        return Response("sitemap.xml lists absolute URLs, so it needs the site's public address: start the "
                        "server with `kb serve --public-url https://…` (or set KB_PUBLIC_URL)\n",
                        status=404, content_type="text/plain; charset=utf-8")
    from webapp.browse import topic_page_paths
    from webapp.content import get_corpus
    from webapp.exchange_export import exchange_page_paths
    from webapp.export import page_paths

    app = current_app._get_current_object()
    _, updated = site_feed_entries(app, None, _site_path)
    paths = page_paths([doc.practice.id for doc in get_corpus().good], topic_page_paths()) + exchange_page_paths(app)
    links = [_site_path(path) for path in paths]
    body = sitemap((_absolute(link), updated.get(link)) for link in links)
    return Response(body, content_type="application/xml; charset=utf-8")

"""Exchange records in the static export: their pages, and their entries in the Atom feed
and the sitemap (dates as for practices: git history of the file, else ``last_reviewed``)."""
from __future__ import annotations

import datetime as dt

from flask import Flask

from webapp.feeds import FeedEntry, entry_dates, git_dates, linked_entry
from webapp.static_links import page_file


def exchange_page_paths(app: Flask) -> list[str]:
    """The exchange list and one page per servable exchange record."""
    from webapp.exchange_content import get_exchanges

    with app.app_context():
        ids = [e.id for e in get_exchanges()]
    return ["/exchanges/", *(f"/exchanges/{exchange_id}" for exchange_id in sorted(ids))]


def exchange_feed_entries(app: Flask, base_url: str | None, link_of=page_file) -> tuple[list[FeedEntry], dict[str, dt.date]]:
    """Feed entries of the exchange records, and their pages' last-modified dates (for the sitemap);
    ``link_of`` maps a page path to its link (an exported file by default, a URL path live)."""
    from webapp.exchange_content import get_exchange_documents

    with app.app_context():
        documents = list(get_exchange_documents().values())
    commits = git_dates(app.config["EXCHANGES_DIR"]) if documents else {}
    entries, updated = [], {}
    for doc in documents:
        e = doc.exchange
        reviewed = e.last_reviewed or dt.date(e.year, 12, 31)
        published, modified = entry_dates(reviewed, commits.get(doc.path.resolve()))
        link = link_of(f"/exchanges/{e.id}")
        entries.append(linked_entry("exchange", e.id, link, base_url, title=e.name, summary=e.summary,
                                    language=e.language, published=published, updated=modified,
                                    categories=tuple(e.themes)))
        updated[link] = modified.date()
    return entries, updated

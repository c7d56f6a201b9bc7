"""sitemap.xml and the Atom feed of new and updated practices, for the static export.

Dates: a practice's ``updated`` is the later of its ``last_reviewed`` date and the last
commit that touched its file; ``published`` is the first such commit (both from git when
the content folder is in a repository, else ``last_reviewed``).
"""
from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50


@dataclass(frozen=True)
class FeedEntry:
    """One practice in the feed; ``link`` is absolute or relative to the feed file."""

    id: str
    title: str
    summary: str
    language: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    categories: tuple[str, ...] = ()


def linked_entry(kind: str, record_id: str, link: str, base_url: str | None, **fields) -> FeedEntry:
    """An entry of a practice or exchange record (``kind``): id and link absolute under
    ``base_url`` when given, else a stable URN and ``link`` as it is."""
    absolute = f"{base_url}/{link.lstrip('/')}" if base_url else None
    return FeedEntry(id=absolute or f"urn:practice-exchange:{kind}:{record_id}", link=absolute or link, **fields)


def git_dates(folder: Path) -> dict[Path, tuple[dt.datetime, dt.datetime]]:
    """Resolved file path -> (first, last) commit time for files under ``folder``; {} outside git."""
    try:
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        log = subprocess.run(["git", "-C", str(folder), "log", "--format=%x00%cI", "--name-only",
                              "--no-renames", "--", "."],
                             capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[Path, tuple[dt.datetime, dt.datetime]] = {}
    when = None
    for line in log.splitlines():  # newest commit first
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            path = (Path(top) / line.strip()).resolve()
            first, last = dates.get(path, (when, when))
            dates[path] = (min(first, when), max(last, when))
    return dates


def entry_dates(last_reviewed: dt.date, commits: tuple[dt.datetime, dt.datetime] | None
                ) -> tuple[dt.datetime, dt.datetime]:
    """(published, updated) from the review date and the (first, last) commit times."""
    reviewed = dt.datetime.combine(last_reviewed, dt.time(), tzinfo=dt.timezone.utc)
    if commits is None:
        return reviewed, reviewed
    first, last = commits
    updated = max(reviewed, last)
    return min(first, updated), updated


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def atom_feed(entries: Iterable[FeedEntry], *, title: str, feed_id: str, self_link: str,
              site_link: str, size: int = FEED_SIZE) -> bytes:
    """An Atom 1.0 document of the ``size`` most recently updated entries (UTF-8 bytes)."""
    chosen = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:size]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_link, type="text/html")
    newest = chosen[0].updated if chosen else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Practice Exchange contributors"
    for e in chosen:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {XML_LANG: e.language})
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=e.link, type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(e.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(e.updated)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e.summary
        for term in e.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=term)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def sitemap(urls: Iterable[tuple[str, dt.date | None]]) -> bytes:
    """A sitemap of absolute ``(url, last modified)`` pairs (UTF-8 bytes)."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for loc, modified in urls:
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        if modified:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = modified.isoformat()
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

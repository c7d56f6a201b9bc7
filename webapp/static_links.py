"""Turn the app's root-absolute links into relative links between static files.

A page at ``/cities/hamburg`` is written to ``cities/hamburg.html``; a link from it to
``/practices/x`` becomes ``../practices/x.html``. Explicit file names (never a bare folder)
make the site work from ``file://`` as well as from any static host. ``?lang=xx`` selects
the language tree (``xx/…``; the first language lives at the root).

A rewritten link never has a scheme: ``/practices/javascript:alert(1)`` would otherwise become
``javascript:alert(1).html``, a script link. Colons, spaces, control characters and
backslashes in the file path are percent-encoded (no file of the export has them in its name).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import parse_qs, quote, urlencode, urlsplit

#: Attributes whose value is a URL (src/href/action cover the site's templates and the SVG).
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|action))="([^"]*)"')
SHARED_PREFIXES = ("/static/", "/api/", "/pagefind/")
#: Files at the root of the export, shared by every language tree.
SHARED_FILES = ("/feed.xml", "/sitemap.xml")
#: Characters kept as they are in a rewritten path: the unreserved ones, "/", "%" (the path is
#: already percent-encoded by the renderer) and the sub-delimiters. Not ":" (a scheme), not "\\".
_PATH_SAFE = "/%!$&'()*+,;=@-._~"


def no_scheme(path: str) -> str:
    """A relative file path that no browser can read as ``scheme:``: unsafe characters encoded."""
    return quote(path, safe=_PATH_SAFE)


def page_file(path: str) -> str:
    """The output file of a page path: ``/`` -> ``index.html``, ``/a/`` -> ``a/index.html``,
    ``/a/b`` -> ``a/b.html``."""
    path = path.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path + ".html"


def language_prefix(lang: str, languages: list[str]) -> str:
    """The folder of a language tree: "" for the first language, else ``lang/``."""
    return "" if lang == languages[0] else f"{lang}/"


@dataclass
class LinkRewriter:
    """Rewrites links of pages rendered by the app into links between exported files.

    Args:
        languages: the exported interface languages, the first one at the root.
        search_endpoint: absolute URL where search forms and links go; ``None`` sends them
            to the static ``search.html`` notice page of the language tree.
    """

    languages: list[str]
    search_endpoint: str | None = None
    #: output file -> links in it that point to no exported file (filled by :meth:`rewrite_html`)
    unresolved: dict[str, set[str]] = field(default_factory=dict)

    def target(self, url: str, lang: str) -> str | None:
        """The output file a root-absolute URL points to, or None for a URL left as is."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        query = parse_qs(parts.query)
        asked = query.get("lang", [lang])[0]
        tree = language_prefix(asked if asked in self.languages else lang, self.languages)
        if parts.path.startswith(SHARED_PREFIXES) or parts.path in SHARED_FILES:
            return parts.path.lstrip("/")
        return tree + page_file(parts.path)

    def rewrite_url(self, url: str, current_file: str, lang: str) -> str:
        """``url`` as seen from ``current_file`` (a path inside the output folder)."""
        parts = urlsplit(url)
        if parts.path == "/search" and self.search_endpoint and not parts.scheme and not parts.netloc:
            query = {k: v for k, v in parse_qs(parts.query).items() if k != "lang"}
            return self.search_endpoint + (f"?{urlencode(query, doseq=True)}" if query else "")
        target = self.target(url, lang)
        if target is None:
            return url
        relative = no_scheme(posixpath.relpath(target, posixpath.dirname(current_file) or "."))
        if parts.path == "/search":  # the static search page reads its query from ?q=
            query = {k: v for k, v in parse_qs(parts.query).items() if k == "q"}
            relative += f"?{urlencode(query, doseq=True)}" if query else ""
        return relative + (f"#{parts.fragment}" if parts.fragment else "")

    def rewrite_html(self, html: str, current_file: str, lang: str, known_files: set[str]) -> str:
        """Every href/src/action of ``html`` made relative; links to files not in
        ``known_files`` are recorded in :attr:`unresolved`."""
        here = posixpath.dirname(current_file)

        def replace(match: re.Match) -> str:
            url = unescape(match.group(2))
            new = self.rewrite_url(url, current_file, lang)
            if new != url and not urlsplit(new).scheme:
                path = posixpath.normpath(posixpath.join(here, urlsplit(new).path))
                if path not in known_files:
                    self.unresolved.setdefault(current_file, set()).add(url)
            return f'{match.group(1)}="{escape(new, quote=True)}"'

        return URL_ATTRIBUTE.sub(replace, html)

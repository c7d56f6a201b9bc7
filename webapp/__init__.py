"""Practice Exchange web site: a Flask app built by :func:`create_app`.

Configuration comes, in order (later wins), from the defaults below, an instance config
``instance/config.py`` (optional), the environment (``KB_INDEX_DIR``, ``KB_CONTENT_DIR``,
``KB_PUBLIC_URL``) and finally ``test_config``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

#: Interface languages (the languages of the corpus); content stays in the language it was
#: written in. Each but English has a catalogue in webapp/translations/.
LANGUAGES = ["en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs"]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app.

    Args:
        test_config: settings applied last (tests pass ``INDEX_DIR`` and ``CONTENT_DIR``).

    Returns:
        A configured Flask app with the ``pages``, ``browse`` and ``api`` blueprints.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        CONTENT_DIR="practices",
        INDEX_DIR=".kb-index",
        # where the search form of statically exported pages sends its queries
        SEARCH_ENDPOINT="/search",
        LANGUAGES=list(LANGUAGES),
        BABEL_DEFAULT_LOCALE="en",
        # a query longer than this is refused with 400 (site and API alike)
        MAX_QUERY_CHARS=500,
        PAGE_SIZE=10,
        # practices per page of a topic (browse pages)
        BROWSE_PAGE_SIZE=50,
        # last_reviewed older than this many days shows a "needs review" badge
        REVIEW_STALE_DAYS=730,
        # how often (seconds) the content folder is checked for edited files
        CONTENT_CHECK_SECONDS=2.0,
        LANG_COOKIE="lang",
        # the site's public address (https://host[/prefix]); the only source of absolute URLs,
        # never the request's Host header. None: redirects are relative.
        PUBLIC_URL=None,
        JSON_SORT_KEYS=False,
        # (requests, seconds) per client and worker process: /api/validate and the form's
        # live checks and previews. A check waits for a 0.8 s pause in typing (at most 75 a
        # minute) and sends two requests (/contribute/file, /api/validate), a preview one more:
        # up to 225 a minute for one person writing …
        VALIDATE_RATE_LIMIT=(300, 60.0),
        # … and "Send for review" (see webapp/contribute.py)
        PROPOSALS_RATE_LIMIT=(5, 600.0),
    )
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("KB_INDEX_DIR"):
        app.config["INDEX_DIR"] = os.environ["KB_INDEX_DIR"]
    if os.environ.get("KB_CONTENT_DIR"):
        app.config["CONTENT_DIR"] = os.environ["KB_CONTENT_DIR"]
    if os.environ.get("KB_PUBLIC_URL"):
        app.config["PUBLIC_URL"] = os.environ["KB_PUBLIC_URL"]
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["INDEX_DIR"] = Path(app.config["INDEX_DIR"])
    app.config["CONTENT_DIR"] = Path(app.config["CONTENT_DIR"])

    from webapp import content, exchange_content, i18n, index, ratelimit, render, security, warmup

    app.config["PUBLIC_URL"] = security.checked_public_url(app.config["PUBLIC_URL"])

    i18n.init_app(app)
    index.init_app(app)
    content.init_app(app)
    exchange_content.init_app(app)
    render.init_app(app)
    warmup.init_app(app)
    security.init_app(app)
    ratelimit.init_app(app)

    from webapp import api, browse, contribute, exchanges, feed_pages, pages, shortlist

    app.register_blueprint(pages.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(exchanges.bp)
    app.register_blueprint(shortlist.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feed_pages.bp)
    contribute.init_app(app)
    return app

"""Interface language: locale selection (Flask-Babel) and the message catalogue.

The locale comes from ``?lang=`` (remembered in a cookie), then the cookie, then the
browser's Accept-Language, then English. Messages are English msgids translated in YAML
files under ``webapp/messages/`` (one per blueprint, merged at load)::

    "Search practices": {fr: Rechercher des pratiques, de: Praktiken suchen, es: Buscar prácticas}

``_("…", name=value)`` formats with ``%(name)s`` placeholders after translating. Practice
content is never translated; vocabulary labels come from :func:`kb.vocab.label`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml
from flask import Flask, current_app, has_request_context, request
from flask.wrappers import Response
from flask_babel import Babel, get_locale

from kb import vocab

MESSAGES_DIR = Path(__file__).parent / "messages"
COOKIE_MAX_AGE = 365 * 24 * 3600


@lru_cache(maxsize=None)
def catalogue(messages_dir: Path = MESSAGES_DIR) -> dict[str, dict[str, str]]:
    """msgid -> {language: translation}, merged from every ``*.yaml`` in ``messages_dir``.

    Raises:
        ValueError: a file is not a mapping of msgid to a mapping of translations.
    """
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(messages_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of msgid to translations")
        for msgid, translations in data.items():
            if not isinstance(translations, dict):
                raise ValueError(f"{path}: {msgid!r} must map to {{fr: …, de: …, es: …}}")
            merged.setdefault(str(msgid), {}).update({str(k): str(v) for k, v in translations.items()})
    return merged


def current_language() -> str:
    """The interface language of this request ("en" outside a request)."""
    if not has_request_context():
        return "en"
    return str(get_locale() or "en")


def gettext(msgid: str, **values: object) -> str:
    """``msgid`` in the interface language (English when untranslated), formatted with ``values``."""
    lang = current_language()
    text = msgid if lang == "en" else catalogue().get(msgid, {}).get(lang) or msgid
    return text % values if values else text


_ = gettext


def label(kind: str, slug: str) -> str:
    """A vocabulary label (topic, population, evidence_level, …) in the interface language."""
    return vocab.label(kind, slug, current_language())


def select_locale() -> str:
    """The request's interface language: ?lang=, cookie, Accept-Language, default."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    remembered = request.cookies.get(current_app.config["LANG_COOKIE"])
    if remembered in languages:
        return remembered
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response: Response) -> Response:
    """Store an explicit ``?lang=`` choice in a cookie so the next pages keep it."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        response.set_cookie(current_app.config["LANG_COOKIE"], asked, max_age=COOKIE_MAX_AGE,
                            samesite="Lax", httponly=True, secure=request.is_secure)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def switch_language_url(lang: str) -> str:
    """The current URL with ``lang`` set (the language switcher's links)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    # quoted: /%5Chost arrives decoded as /\host, which a browser reads as //host (another site)
    return f"{quote(request.path, safe='/')}?{urlencode(args, doseq=True)}"


def language_name(code: str) -> str:
    """A language's name in that language ("Français"), for badges and the switcher."""
    return vocab.label("language", code)


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_language)
    # after Babel, which installs its own (.mo based) gettext into Jinja
    app.jinja_env.globals.update(
        _=gettext, gettext=gettext, label=label, current_language=current_language,
        switch_language_url=switch_language_url, language_name=language_name,
    )
    for kind in ("city", "topic", "population"):
        app.jinja_env.filters[f"{kind}_label"] = lambda slug, kind=kind: label(kind, slug)

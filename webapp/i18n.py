"""Interface language: locale selection and gettext catalogues (Flask-Babel).

The locale comes from ``?lang=`` (remembered in a cookie), then the cookie, then the
browser's Accept-Language, then English. Messages are English msgids translated in gettext
catalogues, ``webapp/translations/<lang>/LC_MESSAGES/messages.po``, compiled to ``.mo`` by
``make`` (see ``webapp/translations/README.md``)::

    _("Search practices")                        # gettext
    _("Error %(status)s", status=404)            # %(name)s placeholders, filled after translating
    ngettext("%(num)s practice", "%(num)s practices", n)   # plural forms of the locale

Practice content is never translated; vocabulary labels come from :func:`kb.vocab.label`.
In templates these functions are plain globals, so their output is HTML-escaped like any
other value (a translation cannot inject markup).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

from babel import Locale, UnknownLocaleError
from babel.lists import format_list as _babel_format_list
from flask import Flask, current_app, has_request_context, request
from flask.wrappers import Response
from flask_babel import Babel, format_decimal, get_locale, get_translations
from flask_babel import gettext as _babel_gettext

from kb import vocab

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
COOKIE_MAX_AGE = 365 * 24 * 3600

log = logging.getLogger(__name__)


def current_language() -> str:
    """The interface language of this request ("en" outside a request)."""
    if not has_request_context():
        return "en"
    return str(get_locale() or "en")


def gettext(msgid: str, **values: object) -> str:
    """``msgid`` in the interface language (English when untranslated), formatted with ``values``."""
    return _babel_gettext(msgid, **values)


_ = gettext


def ngettext(singular: str, plural: str, num: int, **values: object) -> str:
    """The plural form of the interface language for ``num``.

    ``%(num)s`` is ``num`` in the locale's format (1,234 · 1 234 · 1.234).
    """
    values.setdefault("num", format_number(num))
    return get_translations().ungettext(singular, plural, num) % values


def format_number(value: int | float) -> str:
    """A count or other number in the interface locale's format (Babel, CLDR)."""
    return format_decimal(value)


def isolate(text: str) -> str:
    """``text`` between Unicode directional isolates (FSI … PDI), for a value of unknown
    direction inside a sentence of the interface (a user's query): an English query keeps its
    order in an Arabic sentence, an Arabic one in an English sentence, and the sentence
    around it is not reordered. Works in plain text too (``<title>``, attributes)."""
    return f"\u2068{text}\u2069" if text else text


def format_list(items: list[str]) -> str:
    """``items`` joined as the interface language writes a list ("A, B and C", "A、B和C")."""
    return _babel_format_list(list(items), locale=current_language()) if items else ""


def format_score(value: float) -> str:
    """A score with two decimals in the interface locale's format (0.83 · 0,83)."""
    return format_decimal(value, format="0.00")


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


@lru_cache(maxsize=256)
def text_direction(lang: str | None) -> str:
    """The ``dir`` of text in ``lang``: "rtl" (Arabic, Hebrew, Urdu …) or "ltr", from Babel's
    CLDR data for the language's script; "auto" when the language is unknown or not given,
    so that the browser decides from the text itself.
    """
    if not lang:
        return "auto"
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return "auto"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_name(code: str) -> str:
    """A language's name in that language ("Français"), where a reader picks a language for
    themselves (the switcher, links to translations); elsewhere ``label("language", code)``
    names it in the interface language."""
    return vocab.native_name(code)


def stale_catalogues(languages: list[str], translations_dir: Path = TRANSLATIONS_DIR) -> list[str]:
    """Problems with the compiled catalogues: a ``.mo`` missing or older than its ``.po``.

    Flask-Babel reads only ``.mo`` files, so an uncompiled catalogue silently shows English.
    """
    problems = []
    for lang in languages:
        po = translations_dir / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not po.exists():
            continue
        if not mo.exists():
            problems.append(f"{mo}: missing; run `make messages-compile` (the {lang} interface shows English)")
        elif mo.stat().st_mtime < po.stat().st_mtime:
            problems.append(f"{mo}: older than {po.name}; run `make messages-compile`")
    return problems


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_language)
    for problem in stale_catalogues(app.config["LANGUAGES"]):
        log.warning(problem)
    # after Babel, which installs Jinja's "newstyle" gettext: that one marks every translation
    # as safe markup; plain functions keep translations escaped like any other text.
    app.jinja_env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, label=label,
        current_language=current_language, switch_language_url=switch_language_url,
        language_name=language_name, format_number=format_number, format_score=format_score,
        text_direction=text_direction, isolate=isolate, format_list=format_list,
    )
    for kind in ("city", "topic", "population"):
        app.jinja_env.filters[f"{kind}_label"] = lambda slug, kind=kind: label(kind, slug)

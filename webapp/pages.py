"""The site's own pages: home, search, practice, about, and /healthz."""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.routing import BuildError

from indexer.facets import disjunctive_counts
from kb import vocab
from webapp import display, practice_view
from webapp.content import abstracts_of, get_corpus, get_document, get_documents, illustrative_of
from webapp.i18n import current_language, format_list, gettext as _, ngettext
from webapp.index import get_index
from webapp.search_view import (FACET_KEYS, facet_label, highlight, paginate, parse_filters, passage_markup,
                                 removal_suggestions, strip_markdown)

log = logging.getLogger(__name__)

bp = Blueprint("pages", __name__)

RECENT_COUNT = 6
#: the most frequent topics on the home page; the topics page lists them all
HOME_TOPICS = 14
SIMILAR_COUNT = 5


@bp.app_template_global()
def endpoint_url(endpoint: str, **values) -> str | None:
    """``url_for`` that answers None for an endpoint the app does not have (optional pages)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.app_template_global()
def search_action() -> str:
    """Where search forms send queries: this app, or SEARCH_ENDPOINT on exported pages."""
    if current_app.config.get("STATIC_EXPORT"):
        return current_app.config["SEARCH_ENDPOINT"]
    return url_for("pages.search")


@bp.app_template_global()
def practice_url(practice_id: str) -> str:
    return url_for("pages.practice", practice_id=practice_id)


@bp.app_template_global()
def shown(item) -> display.Display:
    """The title and summary of a practice or result for the interface language (webapp.display)."""
    return display.choose(item, current_language())


@bp.app_template_global()
def shown_id(practice_id: str, title: str) -> display.Display:
    """:func:`shown` for a practice known by id (transfer lists); its ``title`` when it is not served."""
    doc = get_document(practice_id)
    return shown(doc.practice) if doc else display.Display(title=title, summary="", language="", translated=False)


@bp.app_template_global()
def language_in_interface(code: str) -> str:
    """A language's name in the interface language ("allemand" for de in French)."""
    return display.language_name_in(code, current_language())


@bp.app_template_filter("source_date")
def source_date(value: str) -> str:
    """A source's ``date`` (year, month or day) in the interface language (webapp.practice_view)."""
    return practice_view.source_date_text(str(value), current_language())


@bp.app_template_global("facet_label")
def facet_label_here(key: str, value: str) -> str:
    return facet_label(key, value, current_language())


@bp.route("/")
def home():
    practices = get_corpus().practices()
    city_counts = Counter(p.city for p in practices)
    topic_counts = Counter(t for p in practices for t in p.topics)
    lang = current_language()
    cities = sorted(city_counts.items(), key=lambda kv: vocab.label("city", kv[0], lang))
    topics = sorted(topic_counts.items(), key=lambda kv: (-kv[1], vocab.label("topic", kv[0], lang)))[:HOME_TOPICS]
    recent = sorted(practices, key=lambda p: (p.last_reviewed, p.id), reverse=True)[:RECENT_COUNT]
    return render_template(
        "home.html", cities=cities, topics=topics, topic_count=len(topic_counts), recent=recent,
        practice_count=len(practices), language_count=len({p.language for p in practices}),
        examples=[_("housing first for people sleeping rough"), "aide aux femmes victimes de violence",
                  "Spritzentausch", _("loneliness of older people")],
    )


@bp.route("/search")
def search():
    query = request.args.get("q", "").strip()
    limit = current_app.config["MAX_QUERY_CHARS"]
    if len(query) > limit:
        # two messages, each with its own count: the plural form of each follows its number
        abort(400, " ".join((
            ngettext("Your search is too long (%(num)s character).",
                     "Your search is too long (%(num)s characters).", len(query)),
            ngettext("Please shorten it to %(num)s character or fewer.",
                     "Please shorten it to %(num)s characters or fewer.", limit))))
    filters = parse_filters(request.args.to_dict(flat=False))
    exclude_city = excluded_cities(request.args.getlist("exclude_city"))
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() else 1  # isdigit() also takes "²", which int() refuses
    size = current_app.config["PAGE_SIZE"]
    more = request.args.get("more", "") in ("1", "true")
    index = get_index()  # an empty query lists every practice that passes the filters
    try:
        response = index.search(query, limit=size, offset=(max(1, page) - 1) * size, filters=filters or None,
                                exclude_city=exclude_city, language=current_language(), more=more)
    except ValueError as exc:  # an unknown filter value or a query the index refuses
        abort(400, str(exc))
    listed = response.more if more else response.total
    pagination = paginate(page, listed, size)
    # The last page of relevant results goes on with the first loosely related ones, under
    # their own heading (an off-topic query shows only those); all of them with more=1.
    related = []
    if query and not more and response.more and not pagination.has_next and len(response.results) < size:
        related = index.search(query, limit=size - len(response.results), filters=filters or None,
                               exclude_city=exclude_city, language=current_language(), more=True).results
    facets, removals = combined_facets(index, query, response, filters, exclude_city, more)
    response = response.to_dict()
    response["facets"] = facets
    related = [r.to_dict() for r in related]
    for result in response["results"] + related:
        decorate_result(result, current_language())
        result["abstracts"] = abstracts_of(result["id"])
        result["illustrative"] = illustrative_of(result["id"])
    return render_template(
        "search.html", query=query, response=response, filters=filters,
        pagination=pagination, requested_page=page, facet_keys=FACET_KEYS,
        filter_url=filter_url, facet_title=facet_title, facet_items=facet_items, facet_visible=6,
        exclude_city=exclude_city, city_choices=city_choices(), removals=removals, filters_labels=filters_labels,
        chosen_count=sum(len(v) for v in filters.values()) + len(exclude_city), listing_more=more, related=related,
    )


def filters_labels(filters: dict[str, list[str]]) -> list[str]:
    """The chosen filter values as the interface names them, in the order chosen."""
    lang = current_language()
    return [facet_label(key, value, lang) for key, values in filters.items() for value in values]


def combined_facets(index, query: str, response, filters: dict[str, list[str]], exclude_city: list[str],
                    more: bool = False) -> tuple[dict, list[tuple[str, str, int]]]:
    """The page's facet counts, each chosen key counted without its own filter (so a second value
    of it adds to the first: indexer.facets.disjunctive_counts), and, when nothing passes every
    filter, which one to remove and how many results that gives. One more search per chosen key
    (and per chosen value when nothing matched); the query is scored once, the index keeps it.
    Counts are of the list shown: the relevant results, or the loosely related ones (``more``)."""
    if not filters:
        return response.facets, []

    def run(chosen: dict[str, list[str]]):
        return index.search(query, limit=0, filters=chosen or None, exclude_city=exclude_city,
                            language=current_language(), more=more)

    def listed(found) -> int:
        return found.more if more else found.total

    facets = disjunctive_counts(response.facets, filters, lambda chosen: run(chosen).facets)
    removals = [] if listed(response) else removal_suggestions(filters, lambda chosen: listed(run(chosen)))
    return facets, removals


def excluded_cities(values: list[str]) -> list[str]:
    """The cities a search leaves out ("other cities only"), empty values dropped; like an
    unknown filter value on this page, an unknown city leaves nothing out (the API says 400)."""
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def city_choices() -> list[tuple[str, str]]:
    """(slug, name in the interface language) of the cities with practices, by name."""
    lang = current_language()
    cities = {p.city for p in get_corpus().practices()}
    return sorted(((c, vocab.label("city", c, lang)) for c in cities), key=lambda kv: kv[1].casefold())


def facet_title(key: str) -> str:
    return {
        "city": _("City"), "country": _("Country"), "language": _("Language"), "topic": _("Topic"),
        "target_population": _("Population"), "evidence_level": _("Evidence level"), "status": _("Status"),
    }.get(key, key)


def facet_items(key: str, counts: dict[str, int], chosen: list[str]) -> list[tuple[str, int]]:
    """A facet's values, most frequent first (ties by label), chosen ones kept even at 0."""
    lang = current_language()
    items = dict(counts)
    for value in chosen:
        items.setdefault(value, 0)
    if key == "evidence_level":  # a scale: keep its order
        from kb.model import EVIDENCE_LEVELS
        return sorted(items.items(), key=lambda kv: EVIDENCE_LEVELS.index(kv[0]) if kv[0] in EVIDENCE_LEVELS else 99)
    return sorted(items.items(), key=lambda kv: (kv[0] not in chosen, -kv[1], facet_label(key, kv[0], lang).casefold()))


def decorate_result(result: dict, interface_language: str | None = None) -> None:
    """Add ``summary_html`` and ``passage_html`` (with <mark>s) to a search result dict.

    When the best passage is the summary itself, the summary carries the highlights and
    no separate passage is shown; so when it is the abstract (a translated summary) in the
    interface language, which the card shows already.
    """
    passage = result.get("passage") or {}
    spans = passage.get("highlights") or []
    if passage.get("field") == "summary":
        result["summary_html"] = highlight(passage.get("text") or result["summary"], spans)
        result["passage_html"] = None
        return
    if passage.get("field") == "abstract" and passage.get("language") == interface_language:
        result["summary_html"] = None
        result["passage_html"] = None
        return
    result["summary_html"] = None
    text, spans = strip_markdown(passage.get("text") or "", spans)
    result["passage_html"] = passage_markup(text, spans) if text.strip() else None


def filter_url(key: str | None = None, value: str | None = None, *, page: int | None = None,
               more: bool | None = None) -> str:
    """The current search URL with one filter value toggled (or only the page changed, or the
    relevant / loosely related list switched with ``more``)."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    if more is not None or key is not None:
        args.pop("more", None)  # a new filter starts again from the relevant results
    if more:
        args["more"] = ["1"]
    if key is not None:
        values = args.get(key, [])
        args[key] = [v for v in values if v != value] if value in values else [*values, value]
    if page and page > 1:
        args["page"] = [str(page)]
    return url_for("pages.search", **{k: v for k, v in args.items() if v})


@bp.route("/practices/<practice_id>")
def practice(practice_id: str):
    if not practice_view.valid_practice_id(practice_id):
        abort(404)
    doc = get_document(practice_id)
    if doc is None:
        abort(404)
    by_id = get_documents()
    p = doc.practice
    similar, similar_error = [], None
    try:
        similar = [dict(s.to_dict(), why=similar_reasons(s.to_dict()), abstracts=abstracts_of(s.id),
                        **card_facts(by_id.get(s.id)))
                   for s in get_index().similar(practice_id, limit=SIMILAR_COUNT,
                                                  language=current_language())]
    except KeyError:
        similar_error = _("This practice is not in the search index yet; similar programmes appear after the next `kb index`.")
    except Exception as exc:  # the page must still show without the index
        log.warning("similar practices unavailable for %s: %s", practice_id, exc)
        similar_error = _("Similar programmes are unavailable right now.")
    return render_template(
        "practice.html", practice=p, body=doc.body,
        stale=practice_view.needs_review(p.last_reviewed, dt.date.today(), current_app.config["REVIEW_STALE_DAYS"]),
        adapted_from=practice_view.adapted_from(p, by_id), adopted_by=practice_view.adopted_by(p, by_id),
        translations=practice_view.translations(p, by_id), similar=similar, similar_error=similar_error,
        city=vocab.cities().get(p.city),
    )


def card_facts(doc) -> dict:
    """What a similar programme's card shows besides the index's result: its evidence level and
    whether it is illustrative, from its file (None: a practice no longer served)."""
    if doc is None:
        return {"evidence_level": None, "illustrative": False}
    return {"evidence_level": doc.practice.evidence_level, "illustrative": doc.practice.illustrative}


def similar_reasons(similar: dict) -> str:
    """Why a similar practice was suggested, in the interface language."""
    lang = current_language()
    reasons = []
    if similar.get("shared_topics"):
        reasons.append(_("shared topics: %(topics)s", topics=format_list(
            [vocab.label("topic", t, lang) for t in similar["shared_topics"]])))
    if similar.get("shared_populations"):
        reasons.append(_("same people served: %(populations)s", populations=format_list(
            [vocab.label("population", t, lang) for t in similar["shared_populations"]])))
    if similar.get("sections"):
        reasons.append(_("close in meaning in: %(sections)s", sections=format_list(similar["sections"])))
    return "; ".join(reasons) or _("close in meaning overall")


@bp.route("/about")
def about():
    from webapp.definitions import cost_meanings, evidence_meanings

    practices = get_corpus().practices()
    return render_template(
        "about.html", practice_count=len(practices), city_count=len({p.city for p in practices}),
        language_count=len({p.language for p in practices}), evidence_meanings=evidence_meanings,
        cost_meanings=cost_meanings,
    )


@bp.route("/healthz")
def healthz():
    """Liveness plus what is being served: the manifest of the live index; 503 until the process
    is warm (webapp.warmup: model and index loaded, one search run)."""
    from webapp.warmup import ready_or_reason

    not_ready = ready_or_reason(current_app._get_current_object())
    if not_ready:
        return jsonify(status="starting", message=not_ready), 503
    try:
        index = get_index()
    except Exception as exc:
        # the reason names server paths: it goes to the log, the caller gets what to do
        log.error("healthz: index unavailable: %s", exc)
        return jsonify(status="unavailable",
                       message="the search index is not available; an administrator needs to run `kb index`"), 503
    body = {"status": "ok", "index": manifest_summary(index.manifest, index.version),
            "content": {"practices": len(get_corpus().good)}}
    holder = current_app.extensions["kb_index"]
    if holder.failed_version:
        body["warning"] = (f"index version {holder.failed_version} could not be opened (see the "
                           f"server log); still serving version {index.version}")
    return jsonify(body)


def manifest_summary(manifest: dict, version: str) -> dict:
    """The manifest without its per-file tables (hashes and checksums), plus the version."""
    summary = {k: v for k, v in manifest.items() if k not in ("files", "checksums")}
    summary["version"] = version
    summary["file_count"] = len(manifest.get("files") or {})
    return summary

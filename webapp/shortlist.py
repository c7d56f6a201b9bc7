"""The shortlist: practices chosen for a visit or a proposal, compared side by side.

The list itself lives in the reader's browser (static/shortlist.js: localStorage, no
account). What the server sees is a shared URL, ``/shortlist?ids=a,b,c``, which it renders
on its own (works without JavaScript, prints as a visit plan) and exports as CSV
(``/shortlist.csv?ids=…``, the catalogue's safe CSV). "Plan a visit" (``/shortlist/plan``)
starts one from a city and topics.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from kb import vocab
from webapp import display, shortlist_view
from webapp.catalogue import to_csv
from webapp.content import get_corpus, get_documents
from webapp.i18n import _, current_language, label

bp = Blueprint("shortlist", __name__)


@bp.app_template_global()
def shortlist_enabled() -> bool:
    """Shortlists need the live site (the comparison is rendered by the server): not in the static export."""
    return not current_app.config.get("STATIC_EXPORT")


@bp.app_template_global()
def shortlist_max() -> int:
    return shortlist_view.MAX_SHORTLIST


def _chosen():
    """(parsed ids, the practices found, ids of no practice) of the request's ``ids``."""
    parsed = shortlist_view.parse_ids(request.args.get("ids"))
    documents = get_documents()
    found = [documents[i].practice for i in parsed.ids if i in documents]
    missing = [i for i in parsed.ids if i not in documents]
    return parsed, found, missing


@bp.route("/shortlist")
def compare():
    parsed, found, missing = _chosen()
    return render_template(
        "shortlist/compare.html", practices=found, missing=missing, invalid=parsed.invalid, dropped=parsed.dropped,
        ids=[p.id for p in found], max_shortlist=shortlist_view.MAX_SHORTLIST, plan_cities=_plan_cities(),
        topics=_topics(), city=request.args.get("plan") if request.args.get("plan") in vocab.cities() else None,
    )


@bp.route("/shortlist.csv")
def csv():
    parsed, found, _missing = _chosen()
    if not parsed.ids:
        abort(400, _("Give the practices to export as ids=first-id,second-id (the address of a shortlist)."))
    lang = current_language()
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    rows = [shortlist_view.csv_record(p, lambda kind, slug: vocab.label(kind, slug, lang), display.choose(p, lang),
                                      base + url_for("pages.practice", practice_id=p.id)) for p in found]
    return Response(to_csv(rows, shortlist_view.CSV_COLUMNS), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="practice-exchange-shortlist.csv"'})


def _plan_cities() -> list[str]:
    """Cities with practices, by name in the interface language."""
    cities = {p.city for p in get_corpus().practices()}
    return sorted(cities, key=lambda slug: label("city", slug).casefold())


def _topics() -> list[str]:
    return sorted(vocab.topics(), key=lambda slug: label("topic", slug).casefold())


@bp.route("/shortlist/plan")
def plan():
    city = (request.args.get("city") or "").strip()
    topics = [t for t in request.args.getlist("topic") if t.strip()]
    error = None
    if city and city not in vocab.cities():
        abort(400, _("There is no city “%(city)s”; choose one from the list.", city=city[:80]))
    unknown = [t for t in topics if t not in vocab.topics()]
    if unknown:
        abort(400, _("There is no topic “%(topic)s”; choose topics from the list.", topic=unknown[0][:80]))
    if request.args.get("go") and city:
        ids = shortlist_view.plan(get_corpus().practices(), city, topics)
        if ids:
            return redirect(url_for("shortlist.compare", ids=",".join(ids), plan=city), code=303)
        error = _("No practice from %(city)s is on these topics yet. Choose other topics, or none to see all of them.",
                  city=label("city", city))
    elif request.args.get("go"):
        error = _("Choose the city you will visit.")
    return render_template("shortlist/plan.html", plan_cities=_plan_cities(), topics=_topics(), city=city,
                           chosen_topics=topics, error=error)

"""The contribution form, built from the practice model: its fields, the form's values from a
file, and a file's front-matter values from a submitted form.

Every field of :class:`kb.model.Practice` becomes a form field whose kind follows its type:
a ``Literal`` is a choice, a date a date, a nested model a group (``contact.role``), a list
of models a repeatable group (``outcomes.0.direction``), a list of vocabulary slugs a list of
inputs with suggestions (topics, populations, cities), ``abstracts`` a repeatable group keyed
by language. A new front-matter field therefore appears in the form without an edit here
(with its name as label until it gets one in :func:`labels`).

Submitted names are the dotted front-matter locations that ``kb validate`` reports problems
at, except for the index of repeatable rows: the form may have empty rows in between, so
:func:`values_from_form` also answers which form row each item of the file came from.
"""
from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass, field
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from kb import vocab
from kb.model import REQUIRED_FIELDS, Practice
from kb.scaffold import default_id, id_title
from webapp.i18n import gettext as _

#: Which vocabulary a slug field takes its values from (by dotted name, list indices left out).
VOCABULARY = {"city": "city", "language": "language", "topics": "topic", "target_population": "population",
              "exchange.cities": "city", "translations.language": "language", "abstracts.language": "language",
              "adapted_from.practice": "practice", "adopted_by.practice": "practice",
              "translations.practice": "practice"}
#: The label set of each choice field (kb/data/enums.yaml).
ENUM_KIND = {"evidence_level": "evidence_level", "status": "status", "cost.band": "cost_band",
             "outcomes.direction": "direction"}
#: Texts up to this long are one-line inputs; longer ones are text areas.
ONE_LINE_MAX = 300
#: Fields shown with the required ones at the top of the form, though the model has a default.
FIRST = ("illustrative",)
#: Empty rows a repeatable group shows after its filled ones, so that it can grow without script.
SPARE_ROWS = 1


@dataclass
class Field:
    """One field of the form."""

    name: str  # dotted, relative to its group ("role" in contact)
    path: str  # dotted from the top, without row indices ("contact.role", "outcomes.direction")
    kind: str  # text, textarea, choice, radio, date, number, checkbox, vocab, list, group, rows, abstracts
    required: bool = False
    choices: tuple[str, ...] = ()
    vocabulary: str | None = None
    children: list["Field"] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _words("labels", labels).get(self.path, self.name.replace("_", " "))

    @property
    def help(self) -> str:
        return _words("helps", helps).get(self.path, "")


def _words(kind: str, make) -> dict[str, str]:
    """``make()`` once per request (a form page asks for hundreds of labels)."""
    from flask import g, has_request_context

    if not has_request_context():
        return make()
    cache = g.setdefault("practice_form_words", {})
    if kind not in cache:
        cache[kind] = make()
    return cache[kind]


def _unwrap(annotation):
    """The type inside ``X | None`` and ``Annotated[X, …]``."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif origin is Annotated:
            annotation = get_args(annotation)[0]
        else:
            return annotation


def _max_length(info, annotation) -> int | None:
    constraints = list(info.metadata)
    for arg in get_args(annotation):
        if get_origin(arg) is Annotated:
            constraints += get_args(arg)[1:]
        constraints.append(arg)
    return next((c.max_length for c in constraints if getattr(c, "max_length", None)), None)


def _field(name: str, info, prefix: str = "") -> Field:
    path = f"{prefix}{name}"
    kind_of = _unwrap(info.annotation)
    origin = get_origin(kind_of)
    required = info.is_required()
    if kind_of is bool:
        return Field(name, path, "checkbox")
    if kind_of is dt.date:
        return Field(name, path, "date", required)
    if origin is Literal:
        return Field(name, path, "radio" if path == "evidence_level" else "choice", required, get_args(kind_of))
    if kind_of is int:
        return Field(name, path, "number", required)
    if isinstance(kind_of, type) and issubclass(kind_of, BaseModel):
        return Field(name, path, "group", required,
                     children=[_field(n, i, f"{path}.") for n, i in kind_of.model_fields.items()])
    if origin is list:
        item = _unwrap(get_args(kind_of)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return Field(name, path, "rows", required,
                         children=[_field(n, i, f"{path}.") for n, i in item.model_fields.items()])
        return Field(name, path, "list", required, vocabulary=VOCABULARY.get(path))
    if origin is dict:
        model = _unwrap(get_args(kind_of)[1])
        language = Field("language", f"{path}.language", "choice", True, vocabulary="language")
        return Field(name, path, "abstracts", required,
                     children=[language] + [_field(n, i, f"{path}.") for n, i in model.model_fields.items()])
    if path in ("city", "language") or VOCABULARY.get(path) == "language":
        return Field(name, path, "choice", required, vocabulary=VOCABULARY.get(path))
    if VOCABULARY.get(path):
        return Field(name, path, "vocab", required, vocabulary=VOCABULARY[path])
    long = (_max_length(info, info.annotation) or 0) > ONE_LINE_MAX
    return Field(name, path, "textarea" if long else "text", required)


def form_fields() -> list[Field]:
    """Every front-matter field: the required ones first (city and language leading, as a
    committee thinks of them), then the others in the model's order."""
    every = [_field(name, info) for name, info in Practice.model_fields.items()]
    lead = ("city", "language", "title", "id")
    first = sorted((f for f in every if f.name in REQUIRED_FIELDS or f.name in FIRST),
                   key=lambda f: (lead.index(f.name) if f.name in lead else len(lead)))
    return first + [f for f in every if f not in first]


def choices(field: Field, lang: str, practice_ids: list[str] = ()) -> list[tuple[str, str]]:
    """(value, label in ``lang``) of a choice or vocabulary field."""
    if field.choices:
        kind = ENUM_KIND.get(field.path, field.path)
        return [(value, vocab.label(kind, value, lang)) for value in field.choices]
    kind = field.vocabulary
    if kind == "city":
        return sorted(((slug, city.name_in(lang)) for slug, city in vocab.cities().items()), key=lambda c: c[1])
    if kind == "language":
        from webapp.display import language_name_in

        return sorted(((code, language_name_in(code, lang)) for code in vocab.languages()), key=lambda c: c[1])
    if kind == "topic":
        return sorted(((slug, vocab.label("topic", slug, lang)) for slug in vocab.topics()), key=lambda c: c[1])
    if kind == "population":
        return sorted(((slug, vocab.label("population", slug, lang)) for slug in vocab.populations()),
                      key=lambda c: c[1])
    if kind == "practice":
        return [(pid, pid) for pid in practice_ids]
    return []


# --- a file's values as the form shows them ---------------------------------------------------

def form_state(metadata: dict) -> dict:
    """What each form field holds for a front matter: texts as typed, rows as lists, abstracts
    as (language, abstract) rows."""
    state: dict = {}
    for key, value in metadata.items():
        if key == "abstracts" and isinstance(value, (dict, list)):
            pairs = value.items() if isinstance(value, dict) else value
            state[key] = [(str(code), _texts(abstract)) for code, abstract in pairs]
        else:
            state[key] = _texts(value)
    return state


def _texts(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    if isinstance(value, list):
        return [_texts(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _texts(v) for k, v in value.items()}
    return "" if value is None else str(value)


# --- a submitted form's values as front matter ------------------------------------------------

@dataclass
class Submitted:
    """A form read back: the front-matter values, and where each file item came from.

    ``rows`` maps a repeatable group to the form row of each of its items in the file
    (``{"outcomes": [0, 2]}``: the file's outcome 1 is the form's row 2); for ``abstracts``
    it maps each language code to its form row.
    """

    values: dict
    body: str
    rows: dict[str, list[int] | dict[str, int]] = field(default_factory=dict)


def values_from_form(form: MultiDict, fields: list[Field] | None = None, *, new: bool = True) -> Submitted:
    """Front-matter values from a submitted form.

    Text is stripped and line ends normalised; a vocabulary value typed as its label in any
    interface language ("Logement") becomes its slug; numbers and dates that do not read as
    such stay text, so that validation says what is wrong with them. For a new practice an
    empty id is made from the city and the title (from an abstract's title when the title has no
    Latin letters: see :func:`kb.scaffold.id_title`), and an empty country comes from the city.
    """
    submitted = Submitted(values={}, body=_text(form.get("body", ""), strip=False))
    for f in fields or form_fields():
        value = _read(form, f, f.name, submitted.rows)
        if value is not None:
            submitted.values[f.name] = value
    values = submitted.values
    city = values.get("city")
    if new and not values.get("id") and values.get("title") and isinstance(city, str):
        language = values.get("language") if isinstance(values.get("language"), str) else None
        abstracts = {code: item for code, item in values.get("abstracts") or [] if isinstance(item, dict)}
        named = id_title(values["title"], language, abstracts)
        if named:  # else (no title in Latin letters at all) the id is left to the writer
            values["id"] = default_id(named[0], city, named[1])
    if new and not values.get("country") and city in vocab.cities():
        values["country"] = vocab.cities()[city].country
    return submitted


def _text(value: str, strip: bool = True) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip() if strip else value


def _read(form: MultiDict, f: Field, name: str, rows: dict):
    if f.kind == "checkbox":
        return name in form
    if f.kind == "group":
        group = {c.name: v for c in f.children if (v := _read(form, c, f"{name}.{c.name}", rows)) not in (None, [], "")}
        return group or None
    if f.kind in ("rows", "abstracts"):
        return _read_rows(form, f, name, rows)
    if f.kind == "list":
        items = [(i, _text(v)) for i, v in enumerate(form.getlist(name))]
        kept = [(i, _slug(f.vocabulary, v)) for i, v in items if v]
        rows[name] = [i for i, _ in kept]
        return [v for _, v in kept] or None
    text = _text(form.get(name, ""))
    if not text:
        return None
    if f.kind == "number":
        return int(text) if re.fullmatch(r"[0-9]{1,4}", text) else text
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
        except ValueError:
            return text
    return _slug(f.vocabulary, text) if f.vocabulary else text


def _read_rows(form: MultiDict, f: Field, name: str, rows: dict):
    prefix = re.compile(rf"^{re.escape(name)}\.(\d+)\.")
    indices = sorted({int(m.group(1)) for key in form.keys() if (m := prefix.match(key))})
    items, origin = [], []
    for i in indices:
        item = {c.name: v for c in f.children if (v := _read(form, c, f"{name}.{i}.{c.name}", rows)) not in (None, [], "")}
        if item:
            items.append(item)
            origin.append(i)
    if f.kind == "abstracts":
        pairs = [(item.pop("language", ""), item) for item in items]
        rows[name] = {code: i for (code, _), i in zip(pairs, origin)}
        return pairs or None
    rows[name] = origin
    return items or None


def _slug(kind: str | None, text: str) -> str:
    """A vocabulary value from what was typed: its slug, also when typed as a label."""
    if kind not in ("topic", "population", "city", "language"):
        return text
    table = {"topic": vocab.topics, "population": vocab.populations, "city": vocab.cities,
             "language": vocab.languages}[kind]()
    if text in table:
        return text
    folded = text.casefold()
    for slug in table:
        names = {slug.casefold()}
        if kind == "city":
            city = vocab.cities()[slug]
            names |= {city.name.casefold(), city.local_name.casefold()} | {n.casefold() for _, n in city.names}
        elif kind == "language":
            names |= {str(table[slug].get("name", "")).casefold(), str(table[slug].get("native", "")).casefold()}
        else:
            names |= {str(label).casefold() for label in table[slug].values()}
        if folded in names:
            return slug
    return text


def row_count(state: dict, f: Field) -> int:
    """How many rows a repeatable group shows: its filled ones and :data:`SPARE_ROWS` empty ones."""
    return len(state.get(f.name) or []) + SPARE_ROWS


# --- words -----------------------------------------------------------------------------------

def labels() -> dict[str, str]:
    """The label of each field, in the interface language (by dotted path)."""
    return {
        "id": _("Identifier (file name)"),
        "title": _("Title"),
        "city": _("City"),
        "language": _("Language of the write-up"),
        "topics": _("Topics"),
        "summary": _("Summary"),
        "evidence_level": _("Evidence level"),
        "status": _("Status"),
        "last_reviewed": _("Last reviewed"),
        "country": _("Country code"),
        "target_population": _("People served"),
        "start_year": _("Start year"),
        "end_year": _("End year"),
        "organisation": _("Organisation"),
        "contact": _("Contact"),
        "contact.role": _("Role"),
        "contact.email": _("Email"),
        "contact.url": _("Web address"),
        "outcomes": _("Outcomes"),
        "outcomes.outcome": _("Outcome"),
        "outcomes.direction": _("Direction"),
        "outcomes.source": _("Source"),
        "evaluations": _("Evaluations"),
        "evaluations.type": _("Type of evaluation"),
        "evaluations.year": _("Year"),
        "evaluations.url": _("Web address"),
        "external_ratings": _("Ratings in registries"),
        "external_ratings.registry": _("Registry"),
        "external_ratings.rating": _("Rating"),
        "external_ratings.url": _("Web address"),
        "cost": _("Cost"),
        "cost.band": _("Cost band"),
        "cost.note": _("Note"),
        "implementation": _("Implementation"),
        "implementation.staffing": _("Staffing"),
        "implementation.training": _("Training"),
        "implementation.manual": _("Manual"),
        "implementation.partners": _("Partners"),
        "transferability": _("Transferability"),
        "adapted_from": _("Adapted from"),
        "adopted_by": _("Adopted by"),
        "adapted_from.practice": _("Practice identifier"),
        "adopted_by.practice": _("Practice identifier"),
        "adapted_from.year": _("Year"),
        "adopted_by.year": _("Year"),
        "adapted_from.note": _("Note"),
        "adopted_by.note": _("Note"),
        "translations": _("Translations"),
        "translations.language": _("Language"),
        "translations.practice": _("Practice identifier"),
        "exchange": _("Exchange visit"),
        "exchange.year": _("Year"),
        "exchange.cities": _("Cities"),
        "exchange.name": _("Name"),
        "local_terms": _("Local terms"),
        "sources": _("Sources"),
        "sources.title": _("Title"),
        "sources.url": _("Web address"),
        "illustrative": _("Illustrative write-up"),
        "license": _("Licence"),
        "abstracts": _("Abstracts in other languages"),
        "abstracts.language": _("Language"),
        "abstracts.title": _("Title"),
        "abstracts.summary": _("Summary"),
        "abstracts.translated_by": _("Translated by"),
    }


def helps() -> dict[str, str]:
    """A line of help under the fields that need one, in the interface language."""
    return {
        "id": _("Lowercase letters, digits and hyphens, starting with the city. Leave it empty to make it from the title."),
        "title": _("In the language of the write-up."),
        "topics": _("One topic per line; start typing to see the list."),
        "summary": _("Two or three sentences: what the practice does, for whom, and to what end."),
        "last_reviewed": _("The date on which someone last checked that the write-up is still true."),
        "target_population": _("One group per line; start typing to see the list."),
        "contact": _("A role, never a private person, and an email or a web address."),
        "local_terms": _("Names and local words for the practice, so that search finds it."),
        "illustrative": _("Tick it when the write-up describes a typical practice, not a real programme."),
        "abstracts": _("The title and summary translated by a person, for readers of other languages."),
        "adapted_from": _("Write the link in the other practice too."),
        "adopted_by": _("Write the link in the other practice too."),
        "translations": _("Write the link in the other practice too."),
    }

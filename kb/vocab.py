"""Controlled vocabularies: cities, topics, target populations, languages and enum labels.

The data lives in YAML files in ``kb/data``; this module loads them once and answers
questions about them (is this a known topic? what is its French label?).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

#: Interface languages every vocabulary label must exist in (webapp.LANGUAGES, which a test
#: keeps equal: kb does not import webapp).
LABEL_LANGUAGES = ("en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs")


@dataclass(frozen=True)
class City:
    """One city of the registry."""

    slug: str
    name: str
    local_name: str
    country: str
    languages: tuple[str, ...]
    lat: float
    lon: float
    twinned_with: tuple[str, ...] = field(default=())
    names: tuple[tuple[str, str], ...] = field(default=())  # (language, name) where not English

    def name_in(self, lang: str) -> str:
        """The city's name in ``lang`` (its English name where none is recorded)."""
        return dict(self.names).get(lang, self.name)

    @property
    def default_language(self) -> str:
        return self.languages[0]


def _read(name: str):
    text = resources.files("kb").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=None)
def cities() -> dict[str, City]:
    """All cities of the registry by slug, with symmetric twinnings."""
    twins: dict[str, set[str]] = {}
    for a, b in _read("twinnings.yaml"):
        twins.setdefault(a, set()).add(b)
        twins.setdefault(b, set()).add(a)
    registry = {}
    for row in _read("cities.yaml"):
        slug = row["slug"]
        registry[slug] = City(
            slug=slug,
            name=row["name"],
            local_name=row["local_name"],
            country=row["country"],
            languages=tuple(row["languages"]),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            twinned_with=tuple(sorted(twins.get(slug, ()))),
            names=tuple(sorted((row.get("names") or {}).items())),
        )
    return registry


@lru_cache(maxsize=None)
def topics() -> dict[str, dict[str, str]]:
    """Topic slug -> labels by language."""
    return _read("topics.yaml")


@lru_cache(maxsize=None)
def populations() -> dict[str, dict[str, str]]:
    """Target-population slug -> labels by language."""
    return _read("populations.yaml")


@lru_cache(maxsize=None)
def enum_labels() -> dict[str, dict[str, dict[str, str]]]:
    """Labels of fixed value sets: kind (evidence_level, status, …) -> value -> labels."""
    return _read("enums.yaml")


@lru_cache(maxsize=None)
def languages() -> dict[str, dict]:
    """ISO 639-1 code -> {name, native, sections}."""
    return _read("languages.yaml")


def countries() -> set[str]:
    """ISO 3166-1 alpha-2 codes of the registry's cities."""
    return {c.country for c in cities().values()}


def label(kind: str, slug: str, lang: str = "en") -> str:
    """The label of a vocabulary value in ``lang``, falling back to English, then the slug.

    ``kind`` is ``topic``, ``population``, ``language``, ``city`` or an enum kind
    (``evidence_level``, ``status``, ``cost_band``, ``direction``). A language's label is its
    name in ``lang`` ("de" in French: "Allemand"); :func:`native_name` gives "Deutsch".
    """
    if kind == "city":
        city = cities().get(slug)
        return city.name_in(lang) if city else slug
    if kind == "language":
        entry = languages().get(slug)
        if not entry:
            return slug
        return (entry.get("names") or {}).get(lang) or entry["name"]
    table = {"topic": topics(), "population": populations()}.get(kind)
    if table is None:
        table = enum_labels().get(kind, {})
    labels = table.get(slug) or {}
    return labels.get(lang) or labels.get("en") or slug


def native_name(code: str) -> str:
    """A language's name in that language ("Deutsch"), the code when unknown."""
    entry = languages().get(code)
    return entry["native"] if entry else code


def section_headings(lang: str) -> list[str]:
    """The recommended section headings in ``lang`` (English where the language has none)."""
    entry = languages().get(lang) or languages()["en"]
    return list(entry["sections"])

"""Facet values of every practice as integer codes: filter masks and facet counts in NumPy.

Why: a search counts facets over every matching practice and applies filters to all of
them; a Python loop over thousands of records cost more than the vector scan (benchmarks).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter

import numpy as np

#: Filter and facet keys, and the practice record field holding each one's value(s).
FILTER_FIELDS: dict[str, str] = {
    "city": "city", "country": "country", "language": "language", "topic": "topics",
    "target_population": "target_population", "evidence_level": "evidence_level", "status": "status",
}


def record_values(record: Mapping, key: str) -> list[str]:
    """The values of facet ``key`` for one practice record (none, one, or several)."""
    value = record.get(FILTER_FIELDS[key])
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def matches(record: Mapping, filters: Mapping[str, list[str]]) -> bool:
    """True when the record has one of the wanted values of every filter (OR within a key,
    AND across keys); a key with no values filters nothing."""
    return all(set(record_values(record, key)) & set(wanted) for key, wanted in filters.items() if wanted)


def facet_counts(records: Iterable[Mapping]) -> dict[str, dict[str, int]]:
    """For every facet key, value -> number of records, by count (descending) then value."""
    counts: dict[str, dict[str, int]] = {key: {} for key in FILTER_FIELDS}
    for record in records:
        for key in FILTER_FIELDS:
            for value in set(record_values(record, key)):
                counts[key][value] = counts[key].get(value, 0) + 1
    return {key: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for key, c in counts.items()}


class FacetCodes:
    """For each facet key, the practices' values as codes (several per practice for list fields)."""

    def __init__(self, records: list[dict], fields: dict[str, str]) -> None:
        self.n = len(records)
        self.names: dict[str, list] = {}
        self.code_of: dict[str, dict] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.owner: dict[str, np.ndarray] = {}
        for key, field_name in fields.items():
            code_of: dict = {}
            codes: list[int] = []
            owner: list[int] = []
            for p, rec in enumerate(records):
                value = rec.get(field_name)
                for v in value if isinstance(value, list) else [value]:
                    codes.append(code_of.setdefault(v, len(code_of)))
                    owner.append(p)
            self.code_of[key] = code_of
            self.names[key] = list(code_of)
            self.codes[key] = np.array(codes, dtype=np.int64)
            self.owner[key] = np.array(owner, dtype=np.int64)
        # all keys' codes in one array (each key's codes shifted past the previous keys'), so
        # counting every facet is one gather and one bincount
        shift = np.cumsum([0] + [len(self.names[k]) for k in self.names])
        self._bounds = dict(zip(self.names, zip(shift[:-1].tolist(), shift[1:].tolist())))
        self._n_codes = int(shift[-1])
        self._all_codes = np.concatenate([self.codes[k] + shift[i] for i, k in enumerate(self.names)]
                                         or [np.zeros(0, np.int64)])
        self._all_owner = np.concatenate([self.owner[k] for k in self.names] or [np.zeros(0, np.int64)])
        # the owners grouped by code (every code has at least one owner): counting the chosen
        # owners of each code is then one gather and one add.reduceat
        by_code = np.argsort(self._all_codes, kind="stable")
        self._owner_by_code = self._all_owner[by_code]
        self._code_start = np.searchsorted(self._all_codes[by_code], np.arange(self._n_codes))
        # per key, its values as (code, name) in name order (None, never counted, left out): a
        # stable sort by count then leaves ties in name order, without a key of two per value
        self._by_name = {key: sorted(((self._bounds[key][0] + i, name) for i, name in enumerate(names)
                                      if name is not None), key=itemgetter(1))
                         for key, names in self.names.items()}

    def allowed(self, filters: dict[str, list]) -> np.ndarray:
        """Mask of practices having one of the wanted values for every filter key (keys AND, values OR)."""
        mask = np.ones(self.n, dtype=bool)
        for key, wanted in filters.items():
            if not wanted:
                continue
            wanted_code = np.zeros(len(self.names[key]), dtype=bool)
            wanted_code[[self.code_of[key][v] for v in wanted if v in self.code_of[key]]] = True
            hit = np.zeros(self.n, dtype=bool)
            hit[self.owner[key][wanted_code[self.codes[key]]]] = True
            mask &= hit
        return mask

    def counts(self, practices: np.ndarray) -> dict[str, dict[str, int]]:
        """For every key, how many of ``practices`` (distinct numbers, or a mask over all
        practices) have each value, most frequent first, then by value; ``None`` is not counted."""
        return self._as_dict(self._found(self._chosen(practices)))

    def programme_counts(self, practices: np.ndarray, groups: np.ndarray, shared: np.ndarray
                         ) -> dict[str, dict[str, int]]:
        """Like :meth:`counts`, but practices of one group (a programme and its translations:
        ``groups`` numbers them, ``shared`` marks those whose group has several) count once per
        value: a count is then how many results choosing that value gives, as search shows a
        programme once."""
        # the (practice, value) entries of the chosen practices, found in one pass over all
        # entries: a search chooses a few dozen of ~800 practices
        rows = np.flatnonzero(self._chosen(practices).astype(bool)[self._all_owner])
        codes, owners = self._all_codes[rows], self._all_owner[rows]
        several = shared[owners]
        found = np.bincount(codes[~several], minlength=self._n_codes)
        if several.any():
            span = int(groups.max()) + 1
            pairs = np.unique(codes[several] * span + groups[owners[several]])
            found = found + np.bincount(pairs // span, minlength=self._n_codes)
        return self._as_dict(found)

    def _chosen(self, practices: np.ndarray) -> np.ndarray:
        practices = np.asarray(practices)
        if practices.dtype == bool:
            return practices.astype(np.int32)
        chosen = np.zeros(self.n, dtype=np.int32)
        chosen[practices.astype(np.int64)] = 1
        return chosen

    def _found(self, chosen: np.ndarray) -> np.ndarray:
        """Per code, how many chosen practices have it."""
        if not self._n_codes:
            return np.zeros(0, dtype=np.int64)
        return np.add.reduceat(chosen[self._owner_by_code], self._code_start)

    def _as_dict(self, found: np.ndarray) -> dict[str, dict[str, int]]:
        found = found.tolist()
        facets: dict[str, dict[str, int]] = {}
        for key, values in self._by_name.items():
            counted = [(name, found[code]) for code, name in values if found[code]]
            counted.sort(key=itemgetter(1), reverse=True)  # stable: equal counts stay in name order
            facets[key] = dict(counted)
        return facets


def filters_without(filters: Mapping[str, list[str]], key: str, value: str | None = None) -> dict[str, list[str]]:
    """``filters`` without ``key`` (or, with ``value``, without that one value of it); keys left
    with no value are dropped."""
    out = {k: list(v) for k, v in filters.items() if k != key}
    if value is not None:
        rest = [v for v in filters.get(key, []) if v != value]
        if rest:
            out[key] = rest
    return {k: v for k, v in out.items() if v}


def disjunctive_counts(facets: Mapping[str, dict[str, int]], filters: Mapping[str, list[str]],
                       facets_without: Callable[[dict[str, list[str]]], Mapping[str, dict[str, int]]]
                       ) -> dict[str, dict[str, int]]:
    """Facet counts for a page whose filters combine as the search does (values of one key OR,
    keys AND): each key that has chosen values is counted with the filters of the *other* keys
    only, so the other values of that key keep their counts (a second city adds its practices
    to the first); keys without a chosen value keep ``facets``, the counts of the search itself.

    Args:
        facets: the search's facet counts, with every filter applied.
        filters: the chosen values by key.
        facets_without: the facet counts of the same search under other filters
            (called once per chosen key, with :func:`filters_without` of that key).
    """
    out = {key: dict(counts) for key, counts in facets.items()}
    for key, values in filters.items():
        if values:
            out[key] = dict(facets_without(filters_without(filters, key)).get(key, {}))
    return out

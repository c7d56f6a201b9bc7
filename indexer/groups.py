"""One result per programme: practices linked by ``translations`` form a group.

A programme written up in German and in English is one programme; search and similar
programmes show it once, in the reader's language when there is a version in it, and list the
other versions (``also_in``).
"""
from __future__ import annotations

import weakref

import numpy as np


def translation_groups(records: list[dict]) -> list[str]:
    """For each practice, a key shared with all its translations: the smallest id of its group.

    Links count in both directions and chain (A lists B, C lists B: one group of three); ids
    not in ``records`` are ignored."""
    number = {rec["id"]: i for i, rec in enumerate(records)}
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, rec in enumerate(records):
        for link in rec.get("translations") or []:
            j = number.get(link["practice"])
            if j is not None:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    smallest: dict[int, str] = {}
    for i, rec in enumerate(records):
        r = root(i)
        smallest[r] = min(smallest.get(r, rec["id"]), rec["id"])
    return [smallest[root(i)] for i in range(len(records))]


_GROUPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def group_numbers(index) -> np.ndarray:
    """Per practice of ``index``, the number of its translation group (computed once per index)."""
    numbers = _GROUPS.get(index)
    if numbers is None:
        keys = translation_groups(index.records)
        code = {key: n for n, key in enumerate(dict.fromkeys(keys))}
        numbers = np.array([code[key] for key in keys], dtype=np.int64)
        _GROUPS[index] = numbers
    return numbers


def group_total(index) -> int:
    """How many translation groups ``index`` has (computed once per index: a search needs it
    three times)."""
    total = _TOTALS.get(index)
    if total is None:
        groups = group_numbers(index)
        total = _TOTALS[index] = int(groups.max()) + 1 if groups.size else 0
    return total


def one_per_group(index, candidates: np.ndarray, scores: np.ndarray, preferred: list[str]) -> np.ndarray:
    """Mask of one practice per translation group among ``candidates`` (a mask): the
    best-scoring version written in the first ``preferred`` language some candidate of the group
    is written in, else the best-scoring one (ties: the smallest id)."""
    groups = group_numbers(index)
    if group_total(index) == len(groups):  # no translations in this index (or no practices)
        return candidates.copy()
    rows = np.flatnonzero(candidates)
    if rows.size == 0:
        return candidates.copy()
    codes, names = language_codes(index)
    rank = np.full(len(names) + 1, len(preferred), dtype=np.int64)
    for i, lang in reversed(list(enumerate(preferred))):
        if lang in names:
            rank[names.index(lang)] = i
    preference = rank[codes[rows]]
    order = np.lexsort((index.id_rank[rows], -np.asarray(scores)[rows].astype(np.float64), preference, groups[rows]))
    ordered = rows[order]
    # ordered by group first: each group's first row is where the group number changes
    ordered_groups = groups[ordered]
    first = np.flatnonzero(np.concatenate(([True], ordered_groups[1:] != ordered_groups[:-1])))
    shown = np.zeros_like(candidates)
    shown[ordered[first]] = True
    return shown


def group_count(index, candidates: np.ndarray) -> int:
    """How many translation groups have a practice among ``candidates`` (a mask): the number of
    practices :func:`one_per_group` shows, without choosing which."""
    groups = group_numbers(index)
    found = groups[candidates]
    if found.size == 0:
        return 0
    marked = np.zeros(group_total(index), dtype=bool)
    marked[found] = True
    return int(np.count_nonzero(marked))


def shared_groups(index) -> np.ndarray:
    """Mask of the practices whose translation group has other members (computed once per index)."""
    shared = _SHARED.get(index)
    if shared is None:
        groups = group_numbers(index)
        shared = _SHARED[index] = np.bincount(groups)[groups] > 1 if groups.size else np.zeros(0, dtype=bool)
    return shared


def members_of(index, practice: int) -> list[int]:
    """Every practice of the translation group of ``practice`` (itself included), in index order."""
    return _members(index)[int(group_numbers(index)[practice])]


def members_of_each(index, practices: list[int]) -> list[list[int]]:
    """:func:`members_of` for each of ``practices`` (the tables looked up once, for a page)."""
    members, groups = _members(index), group_numbers(index)
    return [members[g] for g in groups[practices].tolist()]


_MEMBERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SHARED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LANGUAGE_CODES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_TOTALS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _members(index) -> list[list[int]]:
    """Per group number, its practices in index order (computed once per index)."""
    members = _MEMBERS.get(index)
    if members is None:
        groups = group_numbers(index)
        members = [[] for _ in range(int(groups.max()) + 1 if groups.size else 0)]
        for p, g in enumerate(groups.tolist()):
            members[g].append(p)
        _MEMBERS[index] = members
    return members


def language_codes(index) -> tuple[np.ndarray, list[str]]:
    """(per practice, the number of its language in ``names``; names), once per index."""
    found = _LANGUAGE_CODES.get(index)
    if found is None:
        names = sorted(set(index.languages))
        number = {lang: i for i, lang in enumerate(names)}
        found = _LANGUAGE_CODES[index] = (np.array([number[lang] for lang in index.languages], dtype=np.int64), names)
    return found


def representative(members: list[int], scores, languages: list[str], preferred: list[str]) -> int:
    """The member to show: the best-scoring one written in the first of the ``preferred``
    languages that some member is written in, else the best-scoring one (ties: the first)."""
    best = max(members, key=lambda p: (float(scores[p]), -members.index(p)))
    for lang in preferred:
        in_lang = [p for p in members if languages[p] == lang]
        if in_lang:
            return max(in_lang, key=lambda p: (float(scores[p]), -members.index(p)))
    return best


def also_in(index, shown: int, members: list[int]) -> list[dict]:
    """The other versions of the programme shown as ``shown``: id, language and title, by language."""
    if len(members) == 1:  # most programmes have one version
        return []
    others = [index.records[p] for p in members if p != shown]
    return [{"id": rec["id"], "language": rec["language"], "title": rec["title"]}
            for rec in sorted(others, key=lambda rec: (rec["language"], rec["id"]))]

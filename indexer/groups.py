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
    others = [index.records[p] for p in members if p != shown]
    return [{"id": rec["id"], "language": rec["language"], "title": rec["title"]}
            for rec in sorted(others, key=lambda rec: (rec["language"], rec["id"]))]

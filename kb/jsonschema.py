"""The JSON Schema of the front matter, generated from the model and committed."""
from __future__ import annotations

import json

from kb import vocab
from kb.model import Practice

SCHEMA_PATH = "kb/schema/practice.schema.json"


def practice_schema() -> dict:
    """JSON Schema of :class:`~kb.model.Practice`, with vocabulary values as enums."""
    schema = Practice.model_json_schema()
    props = schema["properties"]
    props["city"]["enum"] = sorted(vocab.cities())
    props["language"]["enum"] = sorted(vocab.languages())
    props["topics"]["items"]["enum"] = sorted(vocab.topics())
    props["target_population"]["items"]["enum"] = sorted(vocab.populations())
    # Any known language but the practice's own (that one is checked by `kb validate` only).
    props["abstracts"]["propertyNames"] = {"enum": sorted(vocab.languages())}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Practice Exchange practice front matter"
    return schema


def practice_schema_text() -> str:
    return json.dumps(practice_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

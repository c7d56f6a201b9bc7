"""Helpers of the exchange and shortlist tests."""
from __future__ import annotations

import html as html_module
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def text_of(html: str) -> str:
    """The visible text of a page: tags dropped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).strip()

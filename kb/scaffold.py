"""`kb new`: write a valid practice skeleton that a committee fills in."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import frontmatter

from kb import vocab


def slugify(text: str) -> str:
    """An id from a title: ASCII, lowercase, hyphen-separated, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-")


def scaffold(title: str, city: str, language: str, topics: list[str], practice_id: str | None = None,
             today: dt.date | None = None) -> tuple[str, str]:
    """The id and the file text of a new practice; the text passes ``kb validate`` once filled in."""
    practice_id = practice_id or slugify(title) or f"{city}-practice"
    registry = vocab.cities()[city]
    metadata = {
        "id": practice_id,
        "title": title,
        "city": city,
        "country": registry.country,
        "language": language,
        "topics": topics,
        "target_population": [],
        "summary": "TODO: two or three sentences on what the practice does, for whom, and to what end.",
        "evidence_level": "not-evaluated",
        "status": "active",
        "last_reviewed": (today or dt.date.today()).isoformat(),
        "illustrative": False,
    }
    headings = vocab.section_headings(language)
    body = "\n\n".join(f"## {heading}\n\nTODO" for heading in headings)
    post = frontmatter.Post(body, **metadata)
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True)
    # Dates must stay YAML dates, not quoted strings.
    text = re.sub(r"last_reviewed: '(\d{4}-\d{2}-\d{2})'", r"last_reviewed: \1", text)
    return practice_id, text + "\n"


def write_new(content_dir: Path, title: str, city: str, language: str, topics: list[str],
              practice_id: str | None = None) -> Path:
    """Create ``content_dir/<city>/<id>.md``; never overwrite an existing file."""
    practice_id, text = scaffold(title, city, language, topics, practice_id)
    path = content_dir / city / f"{practice_id}.md"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path

"""`kb new`: write a valid practice skeleton that a committee fills in."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import frontmatter

from kb import vocab
from kb.abstracts import PLACEHOLDER, REQUIRED_LANGUAGES, is_placeholder


#: The form of a practice id (kb/model.py's Slug), checked before it becomes a file name.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 80


def check_id(practice_id: str) -> str:
    """``practice_id`` if it is a slug a file may be named after; ValueError saying what to type otherwise."""
    if not (2 <= len(practice_id) <= ID_MAX and ID_PATTERN.fullmatch(practice_id)):
        raise ValueError(f'"{practice_id}" is not an id: use 2 to {ID_MAX} lowercase letters, digits and single '
                         "hyphens, e.g. paris-accueil-de-jour (it names the file, inside the city's folder)")
    return practice_id


def default_id(title: str, city: str, language: str | None = None) -> str:
    """The id of a new practice: the city then the title, as in the corpus (``paris-accueil-de-jour``)."""
    slug = slugify(title, language)
    if not slug:
        return f"{city}-practice"
    if slug != city and not slug.startswith(f"{city}-"):
        slug = f"{city}-{slug}"
    return slug[:ID_MAX].rstrip("-")


def id_title(title: str, language: str | None, abstracts: dict[str, dict] | None = None
             ) -> tuple[str, str | None] | None:
    """(title, its language) a new practice's id is made from: its own title, or, when that has
    no Latin letters (Arabic, Chinese, Japanese), the first of its ``abstracts``' titles (by
    language code) in :data:`~kb.abstracts.REQUIRED_LANGUAGES` order that is written (not the
    placeholder) and has some; ``None`` when none has."""
    if slugify(title, language):
        return title, language
    for code in REQUIRED_LANGUAGES:
        written = ((abstracts or {}).get(code) or {}).get("title")
        if isinstance(written, str) and not is_placeholder(written) and slugify(written, code):
            return written, code
    return None


#: Letters that Unicode does not take apart into a base letter and a mark, which folding to
#: ASCII would drop ("Straße" → "strae", "społeczna" → "spoeczna"): written as their writers
#: write them where only ASCII goes.
_UNDECOMPOSED = str.maketrans({"ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                               "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th",
                               "ı": "i"})
#: Languages that spell some accented letters out where they cannot be written (a German
#: "für Ältere" is "fuer-aeltere" in a URL, not "fur-altere"); other languages drop the mark.
_SPELLED_OUT = {"de": str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"})}


def slugify(text: str, language: str | None = None) -> str:
    """An id from a title written in ``language``: ASCII, lowercase, hyphen-separated, at most 60 characters."""
    text = unicodedata.normalize("NFC", text).translate(_SPELLED_OUT.get(language, {})).translate(_UNDECOMPOSED)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-")


#: The summary placeholder; `kb validate` warns while it is there and ignores it for the
#: language check, so a fresh skeleton in any language gets placeholder warnings only.
SUMMARY_PLACEHOLDER = "TODO: two or three sentences on what the practice does, for whom, and to what end."


def abstracts_block(language: str) -> str:
    """The ``abstracts`` front matter of a new practice: a placeholder title and summary in each
    of :data:`~kb.abstracts.REQUIRED_LANGUAGES` but its own, which `kb validate` flags until
    they are written. In block style, as people write it (double quotes: the text has ``: ``)."""
    lines = ["abstracts:"]
    for code in REQUIRED_LANGUAGES:
        if code == language:
            continue
        name = vocab.languages()[code]["name"]
        title = f"{PLACEHOLDER}: the title in {name}"
        summary = f"{PLACEHOLDER}: the summary in {name}, translated faithfully, adding nothing"
        lines += [f"  {code}:", f"    title: {json.dumps(title)}", f"    summary: {json.dumps(summary)}"]
    return "\n".join(lines)


def scaffold(title: str, city: str, language: str, topics: list[str], practice_id: str | None = None,
             today: dt.date | None = None) -> tuple[str, str]:
    """The id and the file text of a new practice; the text passes ``kb validate`` with
    placeholder warnings only, until the TODOs are written."""
    practice_id = check_id(practice_id) if practice_id else default_id(title, city, language)
    metadata = {
        "id": practice_id,
        "title": title,
        "city": city,
        "country": vocab.cities()[city].country,
        "language": language,
        "topics": list(topics),
        "target_population": [],
        "summary": SUMMARY_PLACEHOLDER,
        "evidence_level": "not-evaluated",
        "status": "active",
        "last_reviewed": today or dt.date.today(),
        "illustrative": False,
    }
    body = "\n\n".join(f"## {heading}\n\nTODO" for heading in vocab.section_headings(language))
    # Flow style for lists of plain values (`topics: [a, b]`) reads best for people editing by hand.
    text = frontmatter.dumps(frontmatter.Post(body, **metadata), sort_keys=False,
                             default_flow_style=None, allow_unicode=True, width=1000)
    # Abstracts go last, in block style (see abstracts_block), before the closing fence.
    fence = text.index("\n---\n", len("---\n"))
    text = text[:fence] + "\n" + abstracts_block(language) + text[fence:]
    return practice_id, text + "\n"


def write_new(content_dir: Path, title: str, city: str, language: str, topics: list[str],
              practice_id: str | None = None) -> Path:
    """Create ``content_dir/<city>/<id>.md``; never overwrite an existing file, never write
    outside ``content_dir`` (ValueError)."""
    practice_id, text = scaffold(title, city, language, topics, practice_id)
    path = content_dir / city / f"{practice_id}.md"
    if not path.resolve().is_relative_to(Path(content_dir).resolve()) or path.parent.name != city:
        raise ValueError(f"{path} is outside the content folder {content_dir}; choose another --id")
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path

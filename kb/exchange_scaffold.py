"""`kb new --exchange`: write a valid exchange-record skeleton that a committee fills in."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import frontmatter

from kb.exchange import EXCHANGE_ID_PATTERN
from kb.scaffold import slugify

SUMMARY_PLACEHOLDER = "TODO: two or three sentences on who visited whom, when, and what the visit was about."
#: The body sections of an exchange record (English: the record's own language may differ,
#: and headings are free text; these keep what the record states apart from what it does not).
SECTIONS = ("What the record states", "Programmes visited", "What was taken home", "What the record does not state")


def exchange_id(year: int, name: str, given: str | None = None) -> str:
    """``<year>-<slug>``: from ``given`` (a full id, or a slug the year is put before), else from the name.

    Raises:
        ValueError: when the result is not an exchange id.
    """
    candidate = (given or slugify(name) or "exchange").strip()
    if not re.match(r"^[0-9]{4}-", candidate):
        candidate = f"{year}-{candidate}"
    candidate = candidate[:80].rstrip("-")
    if not re.match(EXCHANGE_ID_PATTERN, candidate):
        raise ValueError(f'"{candidate}" is not an exchange id: the year, a hyphen, then lowercase letters, '
                         "digits and single hyphens (e.g. 2014-chicago-paris)")
    if candidate[:4] != str(year):
        raise ValueError(f'"{candidate}" starts with {candidate[:4]}, not with the year {year}')
    return candidate


def scaffold_exchange(name: str, year: int, host_city: str, visiting_cities: list[str],
                      themes: list[str], given_id: str | None = None,
                      today: dt.date | None = None) -> tuple[str, str]:
    """The id and the file text of a new exchange record; the text passes ``kb validate`` with
    placeholder warnings only, until the TODOs are written."""
    record_id = exchange_id(year, name, given_id)
    metadata = {
        "id": record_id,
        "name": name,
        "year": year,
        "host_city": host_city,
        "visiting_cities": list(visiting_cities),
        "summary": SUMMARY_PLACEHOLDER,
        "language": "en",
        "themes": list(themes),
        "visited": [],
        "outcomes": [],
        "organisers": [],
        "sources": [],
        "illustrative": False,
        "last_reviewed": today or dt.date.today(),
    }
    body = "\n\n".join(f"## {heading}\n\nTODO" for heading in SECTIONS)
    text = frontmatter.dumps(frontmatter.Post(body, **metadata), sort_keys=False,
                             default_flow_style=None, allow_unicode=True, width=1000)
    return record_id, text + "\n"


def write_new_exchange(exchanges_dir: Path, name: str, year: int, host_city: str, visiting_cities: list[str],
                       themes: list[str], given_id: str | None = None) -> Path:
    """Create ``exchanges_dir/<id>.md``; never overwrite an existing file."""
    record_id, text = scaffold_exchange(name, year, host_city, visiting_cities, themes, given_id)
    path = Path(exchanges_dir) / f"{record_id}.md"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _city_list(text: str) -> list[str]:
    """Comma-separated city slugs from a prompt, each checked against the registry."""
    import click

    from kb import vocab
    from kb.suggest import did_you_mean

    cities = [c.strip().lower() for c in text.split(",") if c.strip()]
    if not cities:
        raise click.BadParameter("give at least one visiting city")
    for city in cities:
        if city not in vocab.cities():
            raise click.BadParameter(f'unknown city "{city}"{did_you_mean(city, vocab.cities())}')
    return cities


def new_exchange_command(host_city: str | None, name: str | None, themes: tuple[str, ...], given_id: str | None,
                         year: int | None, visiting: tuple[str, ...], folder: Path) -> None:
    """`kb new --exchange`: ask for what the options did not give, write the file, say what next."""
    import click

    from kb import vocab

    cities = click.Choice(sorted(vocab.cities()), case_sensitive=False)
    host_city = host_city or click.prompt("Host city", type=cities)
    name = name or click.prompt("Name of the exchange")
    year = year or click.prompt("Year it took place", type=click.IntRange(1900, 2100), default=dt.date.today().year)
    visiting_cities = list(visiting) or click.prompt("Visiting cities, separated by commas", value_proc=_city_list)
    try:
        path = write_new_exchange(folder, name, year, host_city, visiting_cities, list(themes), given_id)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--id") from None
    except FileExistsError as exc:
        raise click.ClickException(f"{exc.args[0]} already exists; choose another --id") from None
    click.echo(f"created {path}\nnext: fill in the TODOs, link the practices visited and taken home, "
               f"then run `kb validate {path}`")

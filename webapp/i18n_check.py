"""Check the interface catalogues against the source: every message translated everywhere.

``python -m webapp.i18n_check`` (``make messages-check``) prints one located problem per
line, ``path:line:col: error: message``, and exits 1 when there is any. The test suite runs
the same check, so a message added without its translations fails the tests:

- a message of the source is missing from a catalogue (run ``make messages``);
- a translation is empty, or marked fuzzy (``make messages`` guessed it from a similar
  message; a translator must confirm it);
- a translation's ``%(name)s`` placeholders differ from the msgid's; a plural form that
  covers a single number (Arabic's "two", Polish's "one") may leave out ``%(num)s``,
  as GNU msgfmt allows;
- a plural message lacks some of the language's plural forms (Babel reads them as empty),
  or the catalogue's Plural-Forms header differs from Babel's rule for the language;
- a catalogue holds a message no source uses any more (run ``make messages``).
"""
from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from kb.problems import Problem

REPO = Path(__file__).resolve().parents[1]
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
#: %(name)s, %(name)d, %(name).2f … (Python's named conversions)
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass(frozen=True)
class SourceMessage:
    """A message found in the source: its msgid (a pair for ngettext) and first location."""

    id: str | tuple[str, str]
    where: str


def source_messages(repo: Path = REPO, mapping: Path | None = None) -> dict[str, SourceMessage]:
    """The messages ``make messages`` extracts (same ``babel.cfg``), by singular msgid."""
    with open(mapping or repo / "babel.cfg", encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj)

    def only_webapp(dirpath: str) -> bool:
        relative = Path(dirpath).resolve().relative_to(repo.resolve()).parts
        return not relative or (relative[0] == "webapp" and not any(
            part.startswith((".", "_")) for part in relative))

    found: dict[str, SourceMessage] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            repo, method_map, options_map, directory_filter=only_webapp):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, SourceMessage(message, f"{filename}:{lineno}"))
    return found


def placeholders(text: str) -> list[str]:
    """The placeholder names of ``text``, sorted (a repeated one counts twice)."""
    return sorted(PLACEHOLDER.findall(text))


def single_number_forms(plural_expr: str, upto: int = 1000) -> set[int]:
    """Indexes of the plural forms that cover exactly one number in 0..``upto``."""
    choose = gettext.c2py(plural_expr)
    numbers: dict[int, list[int]] = {}
    for n in range(upto + 1):
        numbers.setdefault(choose(n), []).append(n)
    return {form for form, ns in numbers.items() if len(ns) == 1}


def _problem(path: Path, message: Message | None, text: str) -> Problem:
    line = message.lineno if message is not None and message.lineno else 0
    return Problem(str(path), line, 1 if line else 0, "error", text, rule="catalogue")


def _check_message(path: Path, message: Message, single: set[int]) -> Iterable[Problem]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.fuzzy:
        yield _problem(path, message, f"{ids[0]!r} is marked fuzzy: check the translation, "
                                      "then remove the '#, fuzzy' line")
    wanted = placeholders(ids[-1])
    for index, text in enumerate(strings):
        form = f" (plural form {index})" if len(strings) > 1 or isinstance(message.id, tuple) else ""
        if not text.strip():
            yield _problem(path, message, f"{ids[0]!r} has no translation{form}")
            continue
        got = placeholders(text)
        if got != wanted and not (index in single and isinstance(message.id, tuple)
                                  and got == [name for name in wanted if name != "num"]):
            yield _problem(path, message, f"{ids[0]!r}{form}: the translation has placeholders "
                                          f"{got or 'none'}, the msgid {wanted or 'none'}; keep them as they are")


def check_catalogue(path: Path, lang: str, expected: dict[str, SourceMessage]) -> list[Problem]:
    """Problems of one ``messages.po`` for ``lang`` against the source messages."""
    if not path.exists():
        return [_problem(path, None, f"missing catalogue for the {lang} interface; create it with "
                                     f"`.venv/bin/pybabel init -i webapp/translations/messages.pot "
                                     f"-d webapp/translations -l {lang}` after `make messages`")]
    with open(path, "rb") as fileobj:
        catalogue: Catalog = read_po(fileobj, locale=lang)
    problems = []
    rule = get_plural(lang)
    if catalogue.plural_forms != rule.plural_forms:
        problems.append(_problem(path, None, f"Plural-Forms header is {catalogue.plural_forms!r}; "
                                             f"Babel's rule for {lang} is {rule.plural_forms!r}"))
    single = single_number_forms(rule.plural_expr)
    for key, source in expected.items():
        message = catalogue.get(key)
        if message is None:
            problems.append(_problem(path, None, f"{key!r} ({source.where}) is not in the catalogue; "
                                                 "run `make messages`, then translate it"))
        elif isinstance(source.id, tuple) != isinstance(message.id, tuple):
            problems.append(_problem(path, message, f"{key!r} is plural in the source but not in the "
                                                    "catalogue (or the reverse); run `make messages`"))
        else:
            problems.extend(_check_message(path, message, single))
    for message in catalogue:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key not in expected:
            problems.append(_problem(path, message, f"{key!r} is used nowhere in the source; "
                                                    "run `make messages` to drop it"))
    return sorted(problems)


def check_catalogues(languages: Iterable[str], translations_dir: Path = TRANSLATIONS_DIR,
                     expected: dict[str, SourceMessage] | None = None) -> list[Problem]:
    """Problems of every catalogue but English (the msgids are English)."""
    expected = source_messages() if expected is None else expected
    return [problem for lang in languages if lang != "en"
            for problem in check_catalogue(translations_dir / lang / "LC_MESSAGES" / "messages.po",
                                           lang, expected)]


def main() -> int:
    from webapp import LANGUAGES

    problems = check_catalogues(LANGUAGES)
    for problem in problems:
        print(problem)
    total = len(source_messages())
    print(f"{total} messages, {len(LANGUAGES) - 1} catalogues: "
          f"{len(problems) or 'no'} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

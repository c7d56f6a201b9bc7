"""The `kb` command line: validate, scaffold and inspect practices.

Commands of later layers (`kb index`, `kb search`, `kb serve`, …) are registered through
the ``kb.commands`` entry-point group, so this package never imports them.
"""
from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

from kb import thesaurus, vocab
from kb.corpus import DEFAULT_CONTENT_DIR, load_corpus
from kb.model import Practice
from kb.problems import count
from kb.problems import strict as strictly
from kb.terminal import json_text, printable


class _Commands(click.Group):
    """A group that adds the commands other packages register under ``kb.commands``."""

    @staticmethod
    def _plugins() -> dict:
        return {ep.name: ep for ep in entry_points(group="kb.commands")}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._plugins()))

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        ep = self._plugins().get(name)
        if ep is None:
            return None
        try:
            return ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not take `kb --help` down
            return _unavailable(name, f"{type(exc).__name__}: {exc}")


def _unavailable(name: str, reason: str) -> click.Command:
    """A stand-in for a registered command that failed to load: listed, and failing clearly when run."""

    def fail() -> None:
        raise click.ClickException(f"command '{name}' could not be loaded ({reason}); "
                                   "reinstall with `make install`")

    command = click.Command(name, callback=fail, help=f"(unavailable: could not be loaded: {reason})",
                            context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    command.load_error = reason  # type: ignore[attr-defined]
    return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="practice-exchange")
def main() -> None:
    """Practice Exchange: a multilingual knowledge base of social-service practices."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--strict", is_flag=True,
              help="Report every warning as an error, placeholders of `kb new` included (for CI and reviews).")
@click.option("--no-language-check", is_flag=True, help="Skip the langdetect comparison (faster).")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, no_language_check: bool) -> None:
    """Check practice files and exchange records and report every problem as path:line:col
    (default: practices/ and exchanges/; a file inside the exchange folder, $KB_EXCHANGES_DIR
    or exchanges/ beside the practices, is an exchange record).

    The thesaurus (kb/data/thesaurus.yaml) is checked first, on every run. Exit status 1
    when any error is found, else 0. With --strict every warning is an error: a TODO left
    by `kb new`, a stale review date, a one-sided link; the pull-request check uses it.
    """
    from kb.exchange_validate import default_targets, validate_targets

    content = Path(os.environ.get("KB_CONTENT_DIR") or DEFAULT_CONTENT_DIR)
    targets = list(paths) or default_targets(content)
    for target in targets:
        if not os.path.lexists(target):  # a dangling link is reported by the check, not refused here
            raise click.UsageError(f"{target}: no such file or folder")
    # Links and ids are resolved against the whole content folder, even for one file.
    # The vocabularies first: a bad thesaurus is one report, and the practices are still checked.
    vocabulary = thesaurus.check()
    corpus = validate_targets(targets, content, check_language=not no_language_check)
    problems = vocabulary + corpus.problems
    if strict:
        problems = strictly(problems)
    errors, warnings = count(problems, "error"), count(problems, "warning")
    if fmt == "json":
        click.echo(json_text({
            "files": len(corpus.documents), "valid": len(corpus.good),
            "errors": errors, "warnings": warnings,
            "problems": [p.to_dict() for p in problems],
        }, indent=2))
    else:
        for problem in problems:  # values and file names may hold terminal escape sequences
            click.echo(printable(str(problem)))
        if vocabulary:
            click.echo(f"{vocabulary[0].path} checked: {_plural(count(vocabulary, 'error'), 'error')}, "
                       f"{_plural(count(vocabulary, 'warning'), 'warning')}", err=True)
        click.echo(f"{_plural(len(corpus.documents), 'file')} checked: {len(corpus.good)} valid, "
                   f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}", err=bool(problems))
    if errors:
        sys.exit(1)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _no_practice(corpus, content: Path) -> str:
    """Why no practice of ``content`` could be read, and what to do."""
    files = len(corpus.documents)
    if not files:
        return f"no practice file in {content}; give the practices folder with --content"
    has = "has" if files == 1 else "all have"
    return f"the {_plural(files, 'practice file')} in {content} {has} errors; run `kb validate {content}`"


def _topic_list(text: str) -> list[str]:
    """Comma-separated topics from a prompt, each checked against the vocabulary."""
    from kb.suggest import did_you_mean

    topics = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not topics:
        raise click.BadParameter("give at least one topic")
    for topic in topics:
        if topic not in vocab.topics():
            raise click.BadParameter(f'unknown topic "{topic}"{did_you_mean(topic, vocab.topics())}')
    return topics


def _choice_list(kind: dict) -> click.Choice:
    return click.Choice(sorted(kind), case_sensitive=False)


@main.command()
@click.option("--city", type=_choice_list(vocab.cities()), help="City slug (the folder).")
@click.option("--title", help="Title of the practice, in its language.")
@click.option("--language", type=_choice_list(vocab.languages()), help="Language of the text (default: the city's).")
@click.option("--topic", "topics", multiple=True, type=_choice_list(vocab.topics()), help="Topic (repeatable).")
@click.option("--id", "practice_id", help="Id (default: made from the title).")
@click.option("--content", type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR, show_default=True,
              envvar="KB_CONTENT_DIR", help="Folder of practices (env KB_CONTENT_DIR).")
@click.option("--exchange", "an_exchange", is_flag=True,
              help="Scaffold an exchange record instead (--city is the host city, --title its name, --topic its themes).")
@click.option("--year", type=click.IntRange(1900, 2100), help="With --exchange: the year it took place.")
@click.option("--visiting", multiple=True, type=_choice_list(vocab.cities()),
              help="With --exchange: a city the delegation came from (repeatable).")
@click.option("--exchanges", "exchanges_folder", type=click.Path(path_type=Path), envvar="KB_EXCHANGES_DIR",
              help="With --exchange: folder of exchange records (env KB_EXCHANGES_DIR; default: exchanges/ "
                   "beside the practices).")
def new(city, title, language, topics, practice_id, content, an_exchange, year, visiting, exchanges_folder) -> None:
    """Scaffold a new practice file with section headings in its language (or, with --exchange, an exchange record)."""
    from kb.scaffold import write_new

    if an_exchange:
        from kb.exchange_load import exchanges_dir
        from kb.exchange_scaffold import new_exchange_command

        new_exchange_command(city, title, topics, practice_id, year, visiting,
                             exchanges_folder or exchanges_dir(content))
        return
    title_given = bool(title)
    city = city or click.prompt("City", type=_choice_list(vocab.cities()))
    title = title or click.prompt("Title")
    prompting = not (title_given and topics)
    if not language:
        default = vocab.cities()[city].default_language
        language = click.prompt("Language", default=default, type=_choice_list(vocab.languages())) if prompting else default
    topics = list(topics) or click.prompt("Topics, separated by commas (see kb/data/topics.yaml)",
                                          value_proc=_topic_list)
    try:
        path = write_new(content, title, city, language, topics, practice_id)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc.args[0]} already exists; choose another --id") from None
    except ValueError as exc:  # an id that is no slug, or a path outside the content folder
        raise click.BadParameter(str(exc), param_hint="--id") from None
    click.echo(f"created {path}\nnext: fill in the TODOs, then run `kb validate {path}`")


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
@click.option("--exchange", "of_exchange", is_flag=True, help="The schema of exchange records instead of practices.")
def schema(output: Path | None, of_exchange: bool) -> None:
    """Print the JSON Schema of the front matter (for editor autocompletion)."""
    from kb.exchange_schema import exchange_schema_text
    from kb.jsonschema import practice_schema_text

    text = exchange_schema_text() if of_exchange else practice_schema_text()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _load_good(content: Path):
    """The practices under ``content``, the files with errors left out and said so.

    Raises:
        click.UsageError: ``content`` does not exist (a mistyped --content, most often).
    """
    if not content.exists():
        raise click.UsageError(f"{content}: no such folder; give the practices folder with --content")
    corpus = load_corpus([content], check_language=False)
    bad = len(corpus.documents) - len(corpus.good)
    if bad:
        click.echo(f"warning: {bad} file(s) with errors left out; run `kb validate {content}`", err=True)
    return corpus


@main.command("list")
@click.option("--content", type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR, show_default=True,
              envvar="KB_CONTENT_DIR", help="Folder of practices (env KB_CONTENT_DIR).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def list_(content: Path, as_json: bool) -> None:
    """List the valid practices: id, city, language, topics and title."""
    practices = _load_good(content).practices()
    if as_json:
        click.echo(json_text([p.model_dump(mode="json", include={"id", "city", "language", "topics", "title"})
                              for p in practices], indent=2))
        return
    for p in practices:
        click.echo(printable(f"{p.id:45} {p.city:12} {p.language:3} {','.join(p.topics):40} {p.title}"))


@main.command()
@click.argument("practice_id")
@click.option("--content", type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR, show_default=True,
              envvar="KB_CONTENT_DIR", help="Folder of practices (env KB_CONTENT_DIR).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def show(practice_id: str, content: Path, as_json: bool) -> None:
    """Show one practice: its front matter and body."""
    from kb.suggest import did_you_mean

    docs = _load_good(content).by_id()
    doc = docs.get(practice_id)
    if doc is None:
        raise click.ClickException(f'no practice "{practice_id}"{did_you_mean(practice_id, docs)}; see `kb list`')
    if as_json:
        click.echo(json_text({**doc.practice.model_dump(mode="json", exclude_defaults=True), "body": doc.body},
                             indent=2))
        return
    p: Practice = doc.practice
    click.echo(printable(f"{p.title}\n{vocab.label('city', p.city)} · {p.language} · {', '.join(p.topics)} · "
                         f"{p.evidence_level} · {p.status}\n\n{p.summary}\n\n{doc.body.strip()}", keep_newlines=True))


@main.command()
@click.option("--missing", "list_missing", is_flag=True,
              help="List the practices that lack an abstract; exit 1 when any does, or when no practice "
                   "could be read (for CI).")
@click.option("--language", "languages", multiple=True, type=_choice_list(vocab.languages()),
              help="Language to check (repeatable; default: en, fr, de and es).")
@click.option("--content", type=click.Path(path_type=Path), default=DEFAULT_CONTENT_DIR, show_default=True,
              envvar="KB_CONTENT_DIR", help="Folder of practices (env KB_CONTENT_DIR).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def abstracts(list_missing: bool, languages: tuple[str, ...], content: Path, as_json: bool) -> None:
    """How many practices have a translated title and summary in each language.

    A practice counts as covered in its own language; an abstract still holding the
    TODO placeholder of `kb new` counts as missing.
    """
    from kb.abstracts import REQUIRED_LANGUAGES, coverage

    languages = tuple(dict.fromkeys(code.lower() for code in languages)) or REQUIRED_LANGUAGES
    corpus = _load_good(content)
    report = coverage(corpus.good, languages)
    if as_json:
        click.echo(json_text(report, indent=2))
    elif list_missing:
        for row in report["missing"]:
            click.echo(printable(f"{row['path']}: no abstract in {', '.join(row['missing'])}"))
    else:
        for code, covered in report["coverage"].items():
            click.echo(f"{code}  {covered}/{report['practices']}  {vocab.languages()[code]['name']}")
    wanted = ", ".join(languages)
    if not corpus.good:  # "all 0 practices have …" would pass a wrong folder in CI
        click.echo(f"{'error' if list_missing else 'warning'}: nothing to check: {_no_practice(corpus, content)}",
                   err=True)
        if list_missing:
            sys.exit(1)
    elif report["missing"]:
        click.echo(f"{len(report['missing'])} of {report['practices']} practices lack an abstract in {wanted}; "
                   "see CONTRIBUTING.md, 'Abstracts in other languages'", err=True)
    else:
        click.echo(f"all {report['practices']} practices have a title and summary in {wanted}", err=True)
    if list_missing and report["missing"]:
        sys.exit(1)

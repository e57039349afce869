"""What several commands share: the context object, pipeline loading, output formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import click
from spacy.language import Language

from tracker.errors import TrackerError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Context:
    """Settings from the group's options, handed to every command."""

    db: str
    model: str | None
    _nlp: dict[bool, Language] = field(default_factory=dict)

    def nlp(self, *, stance: bool = True) -> Language:
        """The spaCy pipeline, loaded once per process."""
        from tracker.nlp import load_nlp

        if stance not in self._nlp:
            try:
                self._nlp[stance] = load_nlp(self.model, stance=stance)
            except TrackerError as exc:
                raise click.ClickException(str(exc)) from exc
        return self._nlp[stance]


def output_option(
    *, default: str = "table", choices: Sequence[str] = ("table", "json", "jsonl", "csv")
) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=None,
        help=f"Output format; a table on a terminal, {default if default != 'table' else 'json'} otherwise.",
    )


def resolve_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "json"


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


#: Columns holding running text: in a table they wrap and take the width left over.
PROSE_COLUMNS = frozenset({"text", "evidence", "evidence_text", "aliases", "quote"})


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str, *, columns: Sequence[str], title: str | None = None) -> None:
    """Print rows as a rich table, a JSON array, JSON lines or CSV on stdout."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=_jsonable))
    elif fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=_jsonable))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flatten(row.get(k)) for k in columns})
        click.echo(buffer.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        materialised = list(rows)  # a table is for a person: it is short enough to hold
        # Columns empty in every row only steal width from the text a reader came for.
        shown = [c for c in columns if any(row.get(c) not in (None, "") for row in materialised)] or list(columns)
        table = Table(title=title, show_lines=False, expand=any(c in PROSE_COLUMNS for c in shown))
        for column in shown:
            if column in PROSE_COLUMNS:
                table.add_column(column, overflow="fold", ratio=1, min_width=16)
            else:
                table.add_column(column, overflow="fold")
        for row in materialised:
            table.add_row(*(_flatten(row.get(c)) for c in shown))
        Console(soft_wrap=False).print(table)


def _flatten(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(_jsonable(value))


def open_db(ctx: Context, *, migrate: bool = True):  # type: ignore[no-untyped-def]
    """The migrated database engine, with library errors turned into one-line CLI errors."""
    from tracker.store.engine import open_database

    try:
        return open_database(ctx.db, migrate=migrate)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from exc


class DateParam(click.ParamType):
    """An ISO-8601 date (YYYY-MM-DD) option."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD", param, ctx)


DATE = DateParam()

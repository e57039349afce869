"""What several commands share: the context object, pipeline loading, output formats."""

from __future__ import annotations

import csv
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker.errors import TrackerError

if TYPE_CHECKING:  # importing spaCy costs every command a second or more; only some need it
    from spacy.language import Language

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised wherever the command is, so that it unwinds as from Ctrl-C (a cluster is stopped)."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated`; a signal handler can only be set on the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_status(stop: KeyboardInterrupt) -> int:
    """The exit status a shell gives a command its signal stopped: 128 + SIGTERM (143) or + SIGINT (130)."""
    return 128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT)


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
    """A value JSON and CSV can hold: dates as ISO-8601, PostgreSQL numerics as numbers, bytes as hex."""
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _json_default(value: Any) -> Any:
    converted = _jsonable(value)
    return str(value) if converted is value else converted  # e.g. a UUID or an interval


#: Rows a report prints on a terminal when no --limit is given; piped or redirected output gets every row.
TERMINAL_ROWS = 50


def terminal_page(limit: int | None) -> int | None:
    """How many rows a report shows: a page on a terminal when no --limit was given, else None (all)."""
    return TERMINAL_ROWS if limit is None and sys.stdout.isatty() else None


def emit_page(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    page: int | None,
    noun: str,
    total: Callable[[], int] | None = None,
    columns: Sequence[str],
    title: str | None = None,
) -> None:
    """`emit_rows` for the first `page` rows (all when None); when some were left out, say how many on stderr.

    `total` counts the rows when the query can do it cheaply; otherwise the rows left are counted here.
    """
    if page is None:
        emit_rows(rows, fmt, columns=columns, title=title)
        return
    rows = iter(rows)
    emit_rows(islice(rows, page), fmt, columns=columns, title=title)
    if next(rows, None) is not None:
        count = total() if total is not None else page + 1 + sum(1 for _ in rows)
        click.echo(f"showing {page} of {count} {noun}; use --limit N for more, or pipe the output", err=True)


#: Columns holding running text: in a table they wrap and take the width left over.
PROSE_COLUMNS = frozenset({"text", "evidence", "evidence_text", "aliases", "quote"})
#: Rows per printed table: a longer result comes page by page, so memory stays bounded.
TABLE_PAGE_ROWS = 500


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str, *, columns: Sequence[str], title: str | None = None) -> None:
    """Print rows as a rich table, a JSON array, JSON lines or CSV on stdout, a row at a time.

    Nothing holds the whole result, so millions of rows take no more memory than a few.
    """
    rows = iter(rows)
    first = next(rows, None)  # a query that fails at once leaves stdout empty, not a stray "["
    rows = chain([first], rows) if first is not None else iter(())
    out = _Output()
    try:
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        elif fmt == "json":
            # Byte for byte what json.dumps(list(rows), indent=2) writes; JSON escapes newlines
            # inside strings, so every newline in a dumped row is indentation.
            separator = "[\n  "
            for row in rows:
                text = json.dumps(row, ensure_ascii=False, indent=2, default=_json_default)
                out.write(separator + text.replace("\n", "\n  "))
                separator = ",\n  "
            out.write("[]\n" if first is None else "\n]\n")
        elif fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_flatten(row.get(c)) for c in columns])
        else:
            _emit_table(iter(rows), columns, title)
    finally:
        out.flush()


class _Output:
    """stdout through click.echo, a few hundred writes at a time: a flush per row is slow."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        self._parts.append(text)
        if len(self._parts) >= 512:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            click.echo("".join(self._parts), nl=False)
            self._parts.clear()


def _pages(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while page := list(islice(rows, TABLE_PAGE_ROWS)):
        yield page


def _emit_table(rows: Iterator[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 here; let the root group end quietly with 0, as for the other formats.
            self.quiet = True
            raise BrokenPipeError

    console = _Console(soft_wrap=False)
    pages = _pages(rows)
    first, second = next(pages, []), next(pages, None)
    shown = list(columns)
    if second is None:
        # Columns empty in every row only steal width from the text a reader came for. Known only
        # for a one-page result; longer ones keep every column so all pages line up.
        shown = [c for c in columns if any(row.get(c) not in (None, "") for row in first)] or shown
    console.print(_table(first, shown, title))
    for page in chain([second] if second else [], pages):
        console.print(_table(page, shown, None))


def _table(rows: list[dict[str, Any]], shown: Sequence[str], title: str | None) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=any(c in PROSE_COLUMNS for c in shown))
    for column in shown:
        if column in PROSE_COLUMNS:
            table.add_column(column, overflow="fold", ratio=1, min_width=16)
        else:
            table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_flatten(row.get(c)) for c in shown))
    return table


def _flatten(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(_jsonable(value))


def announce(match: Any) -> Any:
    """Say on stderr which other entities an ambiguous name also fits; hand the match back."""
    note = match.note()
    if note:
        click.echo(note, err=True)
    return match


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

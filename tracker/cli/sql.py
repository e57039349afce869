"""`tracker sql`: one read-only query, printed like every other report."""

from __future__ import annotations

import click

from tracker.cli.common import Context, emit_rows, output_option, resolve_format
from tracker.errors import TrackerError


@click.command("sql")
@click.argument("query")
@output_option()
@click.pass_obj
def sql_command(ctx: Context, query: str, fmt: str | None) -> None:
    """Run one read-only SQL QUERY and print its rows.

    Writes, schema changes, PRAGMA, ATTACH, VACUUM INTO and several statements in one string are
    refused and change nothing. The views quote_facts and stance_facts are the stable interface.

    \b
    Examples:
        tracker sql "SELECT speaker, COUNT(*) AS quotes FROM quote_facts GROUP BY speaker"
        tracker sql "SELECT * FROM stance_facts WHERE target = 'Japan'" --format csv
    """
    from tracker.reports.sql import run_readonly

    try:
        columns, rows = run_readonly(ctx.db, query)
        emit_rows((dict(zip(columns, row, strict=True)) for row in rows), resolve_format(fmt), columns=columns)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from exc

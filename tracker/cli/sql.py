"""`tracker sql`: one read-only query, printed like every other report."""

from __future__ import annotations

import click

from tracker.cli.common import Context, emit_rows, output_option, resolve_format
from tracker.errors import TrackerError


@click.command("sql")
@click.argument("query")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query once the database has spent this long on it (writing rows out does not count); 0 for no limit.",
)
@output_option()
@click.pass_obj
def sql_command(ctx: Context, query: str, timeout: float, fmt: str | None) -> None:
    """Run one read-only SQL QUERY and print its rows.

    The database enforces it: one statement, read-only (writes, schema changes, ATTACH, VACUUM
    INTO, writing PRAGMAs are refused and change nothing), a time limit. Rows are streamed, so any
    number of them fits in memory. The views quote_facts and stance_facts are the stable interface.
    On PostgreSQL connect as a read-only role; superusers are refused.

    \b
    Examples:
        tracker sql "SELECT speaker, COUNT(*) AS quotes FROM quote_facts GROUP BY speaker"
        tracker sql "SELECT * FROM stance_facts WHERE target = 'Japan'" --format csv
        tracker sql "SELECT name, type FROM pragma_table_info('quotes')"
    """
    from tracker.reports.sql import QueryTimeout, readonly_query

    try:
        with readonly_query(ctx.db, query, timeout=timeout or None) as result:
            rows = (dict(zip(result.columns, row, strict=True)) for row in result.rows)
            emit_rows(rows, resolve_format(fmt), columns=result.columns)
    except QueryTimeout as exc:
        raise click.ClickException(f"{exc} (--timeout)") from None
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        # One line, and 130 (128 + SIGINT) as a shell reports a command stopped by Ctrl-C.
        click.echo("Error: interrupted", err=True)
        raise click.exceptions.Exit(130) from None

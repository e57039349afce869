"""`tracker quotes` and `tracker speakers`: who said what, as tables for people or JSON/CSV for programs."""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Any

import click
from sqlalchemy.orm import Session

from tracker.cli.common import (
    DATE,
    Context,
    announce,
    emit_page,
    emit_rows,
    open_db,
    output_option,
    resolve_format,
    terminal_page,
)

QUOTE_COLUMNS = ("id", "published", "outlet", "speaker", "kind", "text", "credited_source")
QUOTE_CSV_COLUMNS = (
    "id",
    "article",
    "outlet",
    "published",
    "event_date",
    "kind",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_mention",
    "cue",
    "credited_source",
)


@click.command("quotes")
@click.option("--speaker", help="Speaker name or any alias, any case (Hegseth, Pete Hegseth).")
@click.option("--article", help="External id of the article.")
@click.option("--outlet", help="Publisher or credited source (Reuters).")
@click.option("--since", type=DATE, help="Articles published on or after this date.")
@click.option("--until", type=DATE, help="Articles published on or before this date.")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option(
    "--contains",
    help='Full-text search, with stemming: words (all of them), "a phrase", prefix*, OR, NOT, ( ).',
)
@click.option("--limit", type=click.IntRange(1), help="At most this many quotes (on a terminal 50 by default).")
@click.option("--distinct", is_flag=True, help="One row per statement: a line many articles report counts once.")
@click.option("--altered", is_flag=True, help="Only statements whose reports disagree beyond punctuation.")
@click.option(
    "--same-as",
    "same_as",
    type=int,
    metavar="QUOTE_ID",
    help="Every report of that quote's statement, first first, with the words each one changes.",
)
@output_option()
@click.pass_obj
def quotes_command(
    ctx: Context,
    speaker: str | None,
    article: str | None,
    outlet: str | None,
    since: date | None,
    until: date | None,
    kind: str | None,
    contains: str | None,
    limit: int | None,
    distinct: bool,
    altered: bool,
    same_as: int | None,
    fmt: str | None,
) -> None:
    """List stored quotes and claims, newest articles first, direct quotes first within an article.

    \b
    Examples:
        tracker quotes --speaker Hegseth
        tracker quotes --outlet Reuters --kind direct --format csv
        tracker quotes --contains "indispensable partner" --format jsonl
        tracker quotes --speaker Trump --distinct
        tracker quotes --same-as 42
    """
    from tracker.reports.entities import match_entity
    from tracker.reports.quotes import QuoteFilter, count_quotes, iter_quotes

    if same_as is not None or distinct or altered:
        _statements(
            ctx,
            QuoteFilter(speaker, article, outlet, since, until, kind, contains, limit),
            same_as,
            altered,
            resolve_format(fmt),
        )
        return
    engine = open_db(ctx)
    page = terminal_page(limit)
    # One row past the page tells whether there are more; only then are they counted.
    flt = QuoteFilter(speaker, article, outlet, since, until, kind, contains, page + 1 if page else limit)
    fmt = resolve_format(fmt)
    with Session(engine) as session:
        if speaker:
            flt.speaker_id = announce(match_entity(session, speaker, "speaker")).entity_id
        columns = QUOTE_CSV_COLUMNS if fmt == "csv" else QUOTE_COLUMNS
        emit_page(
            iter_quotes(session, flt),
            fmt,
            page=page,
            noun="quotes",
            total=lambda: count_quotes(session, flt),
            columns=columns,
            title="Quotes",
        )


def _statements(ctx: Context, flt: Any, same_as: int | None, altered: bool, fmt: str) -> None:
    """`--distinct`, `--altered` and `--same-as`: statements rather than reports."""
    from tracker.reports.entities import match_entity
    from tracker.reports.statements import DISTINCT_COLUMNS, REPORT_COLUMNS, iter_distinct, iter_same_as

    with Session(open_db(ctx)) as session:
        if same_as is not None:
            emit_rows(iter_same_as(session, same_as), fmt, columns=REPORT_COLUMNS, title=f"Reports of quote {same_as}")
            return
        if flt.speaker:
            flt.speaker_id = announce(match_entity(session, flt.speaker, "speaker")).entity_id
        emit_rows(iter_distinct(session, flt, altered=altered), fmt, columns=DISTINCT_COLUMNS, title="Statements")


@click.group("speakers", invoke_without_command=True)
@click.option("--name", help="Only the speaker known by this name or alias.")
@click.option("--all", "every_kind", is_flag=True, help='Also groups and descriptions ("officials", "a source").')
@click.option("--limit", type=click.IntRange(1), help="At most this many speakers (on a terminal 50 by default).")
@output_option()
@click.pass_context
def speakers_command(
    click_ctx: click.Context, name: str | None, every_kind: bool, limit: int | None, fmt: str | None
) -> None:
    """List speakers (people, organisations, places) with aliases, roles, quote counts and dates,
    or correct how names are linked to them with the commands below.

    \b
    Examples:
        tracker speakers
        tracker speakers --name Hegseth --format json
        tracker speakers merge "Donand Trump" "Donald Trump"
    """
    if click_ctx.invoked_subcommand is not None:
        return
    from tracker.reports.entities import match_entity
    from tracker.reports.quotes import iter_speakers

    ctx: Context = click_ctx.obj
    engine = open_db(ctx)
    fmt = resolve_format(fmt)
    with Session(engine) as session:
        if name:
            announce(match_entity(session, name, "speaker"))
        rows = iter_speakers(session, name, every_kind=every_kind)
        if limit:
            rows = islice(rows, limit)
        if fmt in ("table", "csv"):
            rows = ({**r, "aliases": "; ".join(r["aliases"]), "roles": "; ".join(r["roles"])} for r in rows)
        emit_page(
            rows,
            fmt,
            page=terminal_page(limit),
            noun="speakers",
            columns=("id", "name", "kind", "aliases", "roles", "quotes", "first", "last"),
            title="Speakers",
        )

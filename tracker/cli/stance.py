"""`tracker stance` and `tracker targets`: a speaker's stance toward what they talk about, over time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from sqlalchemy.orm import Session

from tracker.cli.common import DATE, Context, emit_rows, open_db, output_option, resolve_format
from tracker.reports.stance import PERIODS


@click.command("stance")
@click.option("--speaker", help="Speaker name or alias.")
@click.option("--target", "targets", multiple=True, help="Target name or alias (repeatable): Japan, Europe, China ...")
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Period to group by.")
@click.option("--since", type=DATE, help="Statements made on or after this date (event date, else publication).")
@click.option("--until", type=DATE, help="Statements made on or before this date.")
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), help="Also draw the timeline to this .png or .svg file."
)
@output_option(choices=("table", "json", "jsonl", "csv"))
@click.pass_obj
def stance_command(
    ctx: Context,
    speaker: str | None,
    targets: tuple[str, ...],
    by: str,
    since: date | None,
    until: date | None,
    plot: Path | None,
    fmt: str | None,
) -> None:
    """Stance toward each target per period: quotes, mean stance (-1..1) and the strongest quote.

    \b
    Examples:
        tracker stance --speaker Hegseth --target Japan --target Europe
        tracker stance --speaker Hegseth --target China --by week --format json
        tracker stance --speaker Hegseth --target Japan --target Europe --plot stance.png
    """
    from tracker.reports.stance import StanceFilter, stance_timeline

    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    if plot is not None and not plot.parent.exists():
        raise click.BadParameter(f"directory {plot.parent} does not exist", param_hint="--plot")
    engine = open_db(ctx)
    with Session(engine) as session:
        rows = stance_timeline(session, StanceFilter(speaker, targets, since, until), by)
    fmt = resolve_format(fmt)
    columns = ("target", "period", "quotes", "mean_stance", "stance", "evidence_quote_id", "evidence")
    emit_rows(rows, fmt, columns=columns, title=f"Stance of {speaker or 'all speakers'} by {by}")
    if plot is not None:
        from tracker.reports.plot import plot_timeline

        lines = plot_timeline(rows, plot, title=f"Stance of {speaker or 'all speakers'} over time", by=by)
        click.echo(f"wrote {plot} ({lines} target line{'s' if lines != 1 else ''})", err=True)


@click.command("targets")
@click.option("--speaker", help="Speaker name or alias; all speakers when left out.")
@click.option("--limit", type=click.IntRange(1), help="At most this many targets.")
@output_option()
@click.pass_obj
def targets_command(ctx: Context, speaker: str | None, limit: int | None, fmt: str | None) -> None:
    """List what a speaker talks about: targets with quote counts and mean stance.

    \b
    Examples:
        tracker targets --speaker Hegseth
    """
    from tracker.reports.stance import speaker_targets

    engine = open_db(ctx)
    with Session(engine) as session:
        rows = speaker_targets(session, speaker, limit)
    emit_rows(
        rows,
        resolve_format(fmt),
        columns=("target", "quotes", "mean_stance", "positive", "neutral", "negative"),
        title="Targets",
    )

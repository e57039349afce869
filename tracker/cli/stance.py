"""`tracker stance` and `tracker targets`: a speaker's stance toward what they talk about, over time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from tracker.reports.stance import DEFAULT_MIN_CONFIDENCE, PERIODS

# The stance and targets commands filter the same rows the same way.
count_option = click.option(
    "--count",
    type=click.Choice(["statements", "reports"]),
    default="statements",
    show_default=True,
    help="Count a line many articles report once (statements) or once per article (reports).",
)
min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=DEFAULT_MIN_CONFIDENCE,
    show_default=True,
    help="Leave out stances the model is less sure of (calibrated: 0.8 means 8 in 10 such labels are right).",
)


@click.command("stance")
@click.option("--speaker", help="Speaker name or alias.")
@click.option("--target", "targets", multiple=True, help="Target name or alias (repeatable): Japan, Europe, China ...")
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Period to group by.")
@click.option("--since", type=DATE, help="Statements made on or after this date (event date, else publication).")
@click.option("--until", type=DATE, help="Statements made on or before this date.")
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), help="Also draw the timeline to this .png or .svg file."
)
@count_option
@min_confidence_option
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
    count: str,
    min_confidence: float,
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
    from tracker.reports.entities import match_entity

    engine = open_db(ctx)
    with Session(engine) as session:
        speaker_match = announce(match_entity(session, speaker, "speaker")) if speaker else None
        target_matches = [announce(match_entity(session, t, "target")) for t in targets]
        speaker_name = speaker_match.name if speaker_match else None
        flt = StanceFilter(
            speaker_name,
            [m.name for m in target_matches],
            since,
            until,
            speaker_id=speaker_match.entity_id if speaker_match else None,
            target_ids=[m.entity_id for m in target_matches],
            count=count,
            min_confidence=min_confidence or None,
        )
        rows = stance_timeline(session, flt, by)
    if plot is not None:
        from tracker.reports.plot import plot_timeline, timeline_title

        # Drawn first: with nothing to plot the command fails before printing a table that suggests success.
        lines = plot_timeline(rows, plot, title=timeline_title(speaker_name, [m.name for m in target_matches]), by=by)
    fmt = resolve_format(fmt)
    columns = ("target", "period", "quotes", "mean_stance", "stance", "evidence_quote_id", "evidence")
    emit_rows(rows, fmt, columns=columns, title=f"Stance of {speaker_name or 'all speakers'} by {by}")
    if plot is not None:
        click.echo(f"wrote {plot} ({lines} target line{'s' if lines != 1 else ''})", err=True)


@click.group("targets", invoke_without_command=True)
@click.option("--speaker", help="Speaker name or alias; all speakers when left out.")
@click.option("--limit", type=click.IntRange(1), help="At most this many targets (on a terminal 50 by default).")
@count_option
@min_confidence_option
@output_option()
@click.pass_context
def targets_command(
    click_ctx: click.Context, speaker: str | None, limit: int | None, count: str, min_confidence: float, fmt: str | None
) -> None:
    """List what a speaker talks about: targets with quote counts and mean stance, or correct how
    names are linked to targets with the commands below.

    \b
    Examples:
        tracker targets --speaker Hegseth
        tracker targets merge "Crooked Hillary" "Hillary Clinton"
    """
    if click_ctx.invoked_subcommand is not None:
        return
    from tracker.reports.entities import match_entity
    from tracker.reports.stance import speaker_targets

    engine = open_db(click_ctx.obj)
    with Session(engine) as session:
        speaker_id = announce(match_entity(session, speaker, "speaker")).entity_id if speaker else None
        rows = speaker_targets(
            session, speaker, limit, speaker_id=speaker_id, count=count, min_confidence=min_confidence or None
        )
    emit_page(
        rows,
        resolve_format(fmt),
        page=terminal_page(limit),
        noun="targets",
        columns=("target", "quotes", "mean_stance", "positive", "neutral", "negative"),
        title="Targets",
    )

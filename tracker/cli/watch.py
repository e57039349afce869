"""`tracker watch`: follow feeds, ingesting their new entries round after round."""

from __future__ import annotations

import re
from typing import Any

import click

from tracker.cli.common import Context, open_db, sigterm_as_interrupt, stop_status
from tracker.errors import InputError
from tracker.sources import Note

_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", re.IGNORECASE)


class DurationParam(click.ParamType):
    """A time span: a number of seconds, or a number with s, m, h or d (90s, 15m, 2h, 1d)."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            return float(value)
        match = _DURATION.fullmatch(str(value))
        if not match:
            self.fail(f"{value!r} is not a duration; use e.g. 90s, 15m, 2h or 1d", param, ctx)
        return float(match.group(1)) * _UNITS[match.group(2).lower()]


DURATION = DurationParam()


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True, metavar="FEED...")
@click.option(
    "--every",
    type=DURATION,
    default="15m",
    show_default=True,
    help="Time between the starts of two rounds (90s, 15m, 2h, 1d); failing feeds back off in units of it.",
)
@click.option("--once", is_flag=True, help="Run one round and exit: 0 if nothing failed, 1 if a feed or an entry did.")
@click.option(
    "--delay", type=DURATION, default="1s", show_default=True, help="Least time between two requests to one host."
)
@click.option(
    "--timeout",
    type=DURATION,
    default="20s",
    show_default=True,
    help="Longest wait for a connection, and between two reads of a response.",
)
@click.option("--no-stance", is_flag=True, help="Skip target and stance detection (faster).")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes of the local Dask cluster (default: one per core)."
)
@click.option("--cluster", metavar="ADDRESS", help="Send the work to the running Dask scheduler at ADDRESS.")
@click.option(
    "--batch-size", type=click.IntRange(1, 1000), default=32, show_default=True, help="Articles per batch of work."
)
@click.pass_obj
def watch_command(
    ctx: Context,
    feeds: tuple[str, ...],
    every: float,
    once: bool,
    delay: float,
    timeout: float,
    no_stance: bool,
    workers: int | None,
    cluster: str | None,
    batch_size: int,
) -> None:
    """Poll RSS/Atom feeds and ingest their new entries, until stopped (Ctrl-C: exit 130; SIGTERM: exit 143).

    FEED is a feed URL, or a file of them (one a line; # starts a comment), read again at every round.
    Each round sends conditional requests (ETag, Last-Modified), fetches the page of an entry whose
    feed holds only a summary unless it is stored already, and prints one summary line on stderr.
    A feed that fails is left alone for longer after each failure, and as long as a 429 or 503 asks.
    What each feed's last poll learned is kept in the `feeds` table, so a restart carries on.

    \b
    Examples:
        tracker watch https://example.com/rss.xml --every 15m
        tracker watch feeds.txt --once        # from cron; exit 1 if anything failed
    """
    from tracker.sources.http import Fetcher
    from tracker.watch import Watch, read_feed_list

    if workers is not None and cluster is not None:
        raise click.UsageError("--workers sizes the local cluster; a --cluster has the workers started for it")
    if every <= 0:
        raise click.BadParameter("must be more than 0", param_hint="--every")
    try:
        first = read_feed_list(feeds)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    current = first

    def feed_list() -> list[str]:
        # Read again each round, so a list can be edited under a running watch; a broken edit keeps the old one.
        nonlocal current
        try:
            current = read_feed_list(feeds)
        except InputError as exc:
            click.echo(f"error: {exc}; polling the previous list", err=True)
        return current

    def on_note(note: Note) -> None:
        click.echo(f"warning: {note.message}", err=True)

    engine = open_db(ctx)
    try:
        with sigterm_as_interrupt(), Fetcher(timeout=timeout, deadline=max(60.0, 3 * timeout), delay=delay) as fetcher:
            watch = Watch(
                engine,
                feed_list,
                fetcher,
                every,
                on_round=lambda r: click.echo(r.render(), err=True),
                on_failure=lambda message: click.echo(f"error: {message}", err=True),
                on_note=on_note,
                ingest_options={
                    "model": ctx.model,
                    "stance": not no_stance,
                    "workers": workers,
                    "cluster": cluster,
                    "batch_size": batch_size,
                },
            )
            last = watch.run(rounds=1 if once else None)
    except KeyboardInterrupt as stop:
        # Feeds whose round was cut short keep their old state: the next run fetches their entries again,
        # and what was stored is kept.
        click.echo("stopped", err=True)
        raise click.exceptions.Exit(stop_status(stop)) from None
    if last.failed:
        raise SystemExit(1)

"""The `tracker` command line: a thin click layer over the library."""

from __future__ import annotations

import click

from tracker import __version__
from tracker.cli.common import Context
from tracker.store.engine import DEFAULT_DB


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
@click.option(
    "--db",
    envvar="TRACKER_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file path or SQLAlchemy URL (env TRACKER_DB).",
)
@click.option("--model", envvar="TRACKER_MODEL", default=None, help="spaCy pipeline to load (env TRACKER_MODEL).")
@click.pass_context
def cli(ctx: click.Context, db: str, model: str | None) -> None:
    """Track who said what in the news, where it was reported, and how stances move.

    \b
    Quick start:
        tracker ingest seeds/
        tracker quotes --speaker Hegseth
        tracker stance --speaker Hegseth --target Japan --target Europe
    """
    ctx.obj = Context(db=db, model=model)


def _register() -> None:
    from tracker.cli.db import db_group
    from tracker.cli.eval_attribution import eval_command
    from tracker.cli.eval_stance import eval_stance_command
    from tracker.cli.ingest import ingest_command
    from tracker.cli.query import quotes_command, speakers_command
    from tracker.cli.sql import sql_command
    from tracker.cli.stance import stance_command, targets_command

    for command in (
        ingest_command,
        quotes_command,
        speakers_command,
        stance_command,
        targets_command,
        sql_command,
        eval_command,
        eval_stance_command,
        db_group,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="tracker")

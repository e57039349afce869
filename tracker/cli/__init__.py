"""The `tracker` command line: a thin click layer over the library."""

from __future__ import annotations

import functools
import os
import select
import sys
from typing import Any, TextIO

import click
from sqlalchemy.exc import DBAPIError

from tracker import __version__
from tracker.cli.common import Context
from tracker.errors import TrackerError
from tracker.store.engine import DEFAULT_DB, classify_write_error, require_database

# Commands that read, or correct what was read: they must never create a database where none was.
EXISTING_DATABASE_COMMANDS = ("quotes", "speakers", "stance", "targets", "sql", "show", "serve")


class TrackerGroup(click.Group):
    """The root group: an expected failure any command lets through still ends as one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Whoever read our output has gone (`tracker quotes | head -1` once head has its line): end
            # quietly with status 0 as Unix tools do; click would say status 1. Only for our own
            # output: a broken pipe to a helper process is a failure to report.
            if _reader_gone(sys.stdout) or _reader_gone(sys.stderr):
                _discard_output()
                raise click.exceptions.Exit(0) from None
            raise
        except TrackerError as exc:
            raise click.ClickException(str(exc)) from exc
        except DBAPIError as exc:
            # A read-only database or a full disk can surface in any write; anything else is a bug to report.
            known = classify_write_error(exc)
            if known is None:
                raise
            raise click.ClickException(str(known)) from exc


def requires_database(command: click.Command) -> click.Command:
    """Make `command` (and every subcommand of a group) refuse, before doing anything, a --db that is no database."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            requires_database(subcommand)
    callback = command.callback
    if callback is None:
        return command

    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        # A group's subcommand checks for itself, after its own options: `speakers merge --help` needs no database.
        if not (isinstance(command, click.Group) and ctx.invoked_subcommand):
            require_database(ctx.find_object(Context).db)  # type: ignore[union-attr]
        return callback(*args, **kwargs)

    command.callback = checked
    return command


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    from tracker.cli.entities import add_correction_commands, entities_group
    from tracker.cli.eval_attribution import eval_command
    from tracker.cli.eval_stance import eval_stance_command
    from tracker.cli.ingest import ingest_command
    from tracker.cli.query import quotes_command, speakers_command
    from tracker.cli.serve import serve_command
    from tracker.cli.show import show_command
    from tracker.cli.sql import sql_command
    from tracker.cli.stance import stance_command, targets_command
    from tracker.cli.watch import watch_command

    add_correction_commands(speakers_command, "speaker")
    add_correction_commands(targets_command, "target")
    for command in (
        ingest_command,
        watch_command,
        quotes_command,
        speakers_command,
        stance_command,
        targets_command,
        sql_command,
        show_command,
        serve_command,
        eval_command,
        eval_stance_command,
        entities_group,
        db_group,
    ):
        cli.add_command(requires_database(command) if command.name in EXISTING_DATABASE_COMMANDS else command)


_register()


def _reader_gone(stream: TextIO) -> bool:
    """True when `stream` is a pipe whose reading end is closed (poll reports an error on the writing end)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # CliRunner's buffers, a closed stream
        return False
    if not hasattr(select, "poll"):  # Windows
        return True
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _discard_output() -> None:
    """Point stdout and stderr at /dev/null, so the interpreter's last flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (AttributeError, OSError, ValueError):
            pass


def main() -> None:
    """The `tracker` console script.

    A reader that stops early (`tracker quotes | head -1`) closes the pipe: the command then ends quietly
    with status 0. The root group handles a broken pipe while a command writes (click's own handler,
    around it, would exit 1); here what is still buffered is flushed while that can still be caught,
    rather than in the interpreter's last flush, which prints a traceback and exits 120.
    """
    try:
        try:
            cli(prog_name="tracker")
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
        sys.exit(0)

"""`tracker db`: the schema's migrations, wrapped from Alembic."""

from __future__ import annotations

from collections.abc import Callable

import click

from tracker.cli.common import Context, open_db
from tracker.errors import TrackerError
from tracker.store.engine import require_database


@click.group("db")
def db_group() -> None:
    """Migrate the database schema (Alembic under the hood).

    \b
    Examples:
        tracker db current
        tracker db upgrade
        tracker db downgrade 0001
    """


@db_group.command("upgrade")
@click.argument("revision", default="head")
@click.pass_obj
def upgrade_command(ctx: Context, revision: str) -> None:
    """Migrate up to REVISION (default: the newest)."""
    from tracker.store.migrate import current_revision, upgrade

    engine = open_db(ctx, migrate=False)
    _library(lambda: upgrade(engine, revision))
    click.echo(f"database at revision {current_revision(engine)}", err=True)


@db_group.command("downgrade")
@click.argument("revision")
@click.pass_obj
def downgrade_command(ctx: Context, revision: str) -> None:
    """Migrate down to REVISION ("base" removes every table)."""
    from tracker.store.migrate import current_revision, downgrade

    _library(lambda: require_database(ctx.db))
    engine = open_db(ctx, migrate=False)
    _library(lambda: downgrade(engine, revision))
    click.echo(f"database at revision {current_revision(engine) or 'base'}", err=True)


@db_group.command("current")
@click.pass_obj
def current_command(ctx: Context) -> None:
    """Print the database's revision and the newest one."""
    from tracker.store.migrate import check_known, current_revision, head_revision

    _library(lambda: require_database(ctx.db))
    engine = open_db(ctx, migrate=False)
    current = current_revision(engine)
    head = head_revision()
    try:
        check_known(current)
    except TrackerError:
        click.echo(f"{current} (newer than this tracker, whose head is {head}: upgrade tracker)")
        return
    click.echo(f"{current or 'base'}{' (head)' if current == head else f' (head is {head})'}")


def _library(action: Callable[[], object]) -> None:
    try:
        action()
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from exc

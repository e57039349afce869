"""Corrections to entity linking: `tracker speakers|targets merge/rename/alias/not-entity` and
`tracker entities import/log/undo`. Each is stored, applied by every later relink, and can be undone."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from tracker.cli.common import Context, emit_rows, open_db, output_option, resolve_format
from tracker.entities.linking import RelinkSummary
from tracker.reports.entities import Role


def _report(what: str, summary: RelinkSummary) -> None:
    click.echo(
        f"{what}; relinked: {summary.quotes_changed} quotes and {summary.stances_changed} stances changed entity",
        err=True,
    )


def _correct(ctx: Context, role: Role, action: str, subject: str, value: str | None, done: str) -> None:
    from tracker.entities.corrections import correct

    with Session(open_db(ctx)) as session:
        _report(done, correct(session, role, action, subject, value))


def add_correction_commands(group: click.Group, role: Role) -> None:
    """The same five corrections under `tracker speakers` and `tracker targets`."""

    @group.command("merge")
    @click.argument("name")
    @click.argument("into")
    @click.pass_obj
    def merge(ctx: Context, name: str, into: str) -> None:
        """Make the entity NAME part of the entity INTO (each: any name or alias)."""
        _correct(ctx, role, "merge", name, into, f"merged {name!r} into {into!r}")

    @group.command("rename")
    @click.argument("name")
    @click.argument("new_name")
    @click.pass_obj
    def rename(ctx: Context, name: str, new_name: str) -> None:
        """Give the entity NAME the canonical name NEW_NAME."""
        _correct(ctx, role, "rename", name, new_name, f"renamed {name!r} to {new_name!r}")

    @group.group("alias")
    def alias() -> None:
        """Add or remove a name form of an entity."""

    @alias.command("add")
    @click.argument("name")
    @click.argument("alias_name", metavar="ALIAS")
    @click.pass_obj
    def alias_add(ctx: Context, name: str, alias_name: str) -> None:
        """Make ALIAS a name of the entity NAME: every quote or stance with that name links to it."""
        _correct(ctx, role, "alias-add", name, alias_name, f"{alias_name!r} is now a name of {name!r}")

    @alias.command("remove")
    @click.argument("name")
    @click.argument("alias_name", metavar="ALIAS")
    @click.pass_obj
    def alias_remove(ctx: Context, name: str, alias_name: str) -> None:
        """Stop linking ALIAS to the entity NAME; it becomes an entity of its own."""
        _correct(ctx, role, "alias-remove", name, alias_name, f"{alias_name!r} is no longer a name of {name!r}")

    @group.command("not-entity")
    @click.argument("name")
    @click.pass_obj
    def not_entity(ctx: Context, name: str) -> None:
        """Say NAME is no person or organisation ("truck story"): quotes keep the mention, unlinked."""
        _correct(ctx, role, "not-entity", name, None, f"{name!r} is not an entity")


@click.group("entities")
def entities_group() -> None:
    """The entity layer behind speakers and targets: import a list, see and undo corrections.

    \b
    Examples:
        tracker entities import people.csv
        tracker entities log
        tracker entities undo 3
    """


@entities_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_command(ctx: Context, path: Path) -> None:
    """Load entities from a CSV file with columns name, kind, aliases (separated by |), wikidata_id.

    kind is person, organisation, group, country or region. Imported names and aliases outrank
    automatic linking in every later ingest.
    """
    from tracker.entities.corrections import import_entities

    with Session(open_db(ctx)) as session:
        count, summary = import_entities(session, path)
    _report(f"imported {count} entities from {path}", summary)


@entities_group.command("log")
@output_option()
@click.pass_obj
def log_command(ctx: Context, fmt: str | None) -> None:
    """List every correction and import, oldest first, with its id for `tracker entities undo`."""
    from tracker.entities.corrections import correction_log

    columns = ("id", "made_at", "scope", "action", "subject", "value", "kind", "wikidata_id", "undone")
    with Session(open_db(ctx)) as session:
        emit_rows(correction_log(session), resolve_format(fmt), columns=columns, title="Corrections")


@entities_group.command("undo")
@click.argument("correction_id", type=int)
@click.pass_obj
def undo_command(ctx: Context, correction_id: int) -> None:
    """Take back correction CORRECTION_ID; it stays in the log, marked undone."""
    from tracker.entities.corrections import undo

    with Session(open_db(ctx)) as session:
        _report(f"undid correction {correction_id}", undo(session, correction_id))

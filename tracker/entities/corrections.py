"""Corrections to linking, stored as data: recorded, applied by every relink, listed, undone.

A correction names entities by name, not id, so it still applies after `--reprocess` or a later
ingest has rebuilt the rows it was made on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.entities.linking import RelinkSummary, relink
from tracker.entities.names import MAX_NAME_LENGTH, clean_name, name_key
from tracker.errors import InputError, TrackerError, UnknownName
from tracker.reports.entities import Role, match_entity
from tracker.statements.store import regroup
from tracker.store import models

ACTIONS = ("merge", "rename", "alias-add", "alias-remove", "not-entity", "import")
IMPORT_KINDS = ("person", "organisation", "group", "country", "region")


def correct(session: Session, role: Role, action: str, subject: str, value: str | None = None) -> RelinkSummary:
    """Record one correction on the entity `subject` names in `role`, relink, and commit."""
    if action not in ACTIONS or action == "import":
        raise TrackerError(f"unknown correction {action!r}")
    try:
        entity_name = _unambiguous(session, subject, role)
    except UnknownName:
        if action != "not-entity" or not _is_description(session, subject):
            raise
        entity_name = subject  # not linked now, and to stay so
    if action == "merge":
        value = _unambiguous(session, value or "", role)
        if value == entity_name:
            raise TrackerError(f"{subject!r} and {value!r} are already one entity")
    if action in ("rename", "alias-add", "alias-remove") and not clean_name(value or ""):
        raise TrackerError(f"{action} needs a name")
    if value is not None and len(value) > MAX_NAME_LENGTH:
        raise TrackerError(f"a name has at most {MAX_NAME_LENGTH} characters, not {len(value)}")
    if action == "alias-remove":
        aliases = {a.casefold() for a in _aliases(session, entity_name)}
        if (value or "").casefold() not in aliases:
            raise TrackerError(f"{entity_name} has no alias {value!r}")
    session.add(models.EntityCorrection(scope=role, action=action, subject=entity_name, value=value, undone=False))
    session.flush()
    summary = relink(session)
    regroup(session)  # statements are per speaker: a relinked quote may belong to another now
    session.commit()
    return summary


def _unambiguous(session: Session, name: str, role: Role) -> str:
    """The entity `name` stands for; a lookup may settle on the most quoted of several, a correction may not."""
    match = match_entity(session, name, role)
    if match.others and name_key(clean_name(name)) != name_key(match.name):
        listed = ", ".join(n for n, _ in [(match.name, match.count), *match.others])
        raise TrackerError(f"{name!r} is more than one {role} ({listed}): give the full name")
    return match.name


def _is_description(session: Session, name: str) -> bool:
    return (
        session.execute(select(models.Quote.id).where(models.Quote.speaker_name == name).limit(1)).first() is not None
    )


def _aliases(session: Session, entity_name: str) -> list[str]:
    query = (
        select(models.EntityAlias.alias)
        .join(models.Entity, models.Entity.id == models.EntityAlias.entity_id)
        .where(models.Entity.name == entity_name)
    )
    return [entity_name, *session.scalars(query)]


def import_entities(session: Session, path: Path) -> tuple[int, RelinkSummary]:
    """Load a newsroom's list of entities: CSV with `name`, `kind`, `aliases` (separated by `|`), optional
    `wikidata_id`. Each row is stored as an import correction, so it outranks linking from then on."""
    rows = list(_read_entity_csv(path))
    for row in rows:
        session.add(models.EntityCorrection(scope="entity", action="import", undone=False, **row))
    session.flush()
    summary = relink(session)
    regroup(session)  # statements are per speaker: a relinked quote may belong to another now
    session.commit()
    return len(rows), summary


def _read_entity_csv(path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = {f.strip().lower() for f in reader.fieldnames or ()}
        if not {"name", "kind"} <= fields:
            raise InputError(f"{path}: needs the columns name and kind (and optionally aliases, wikidata_id)")
        for raw in reader:
            line = reader.line_num  # the file's line, counting blank lines and lines inside quoted fields
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            name, kind = clean_name(row.get("name", "")), row.get("kind", "").lower()
            if not name:
                raise InputError(f"{path}:{line}: empty name")
            if kind not in IMPORT_KINDS:
                raise InputError(f"{path}:{line}: kind must be one of {', '.join(IMPORT_KINDS)}, not {kind!r}")
            wikidata = row.get("wikidata_id") or None
            if wikidata and not (wikidata[:1] == "Q" and wikidata[1:].isdigit()):
                raise InputError(f"{path}:{line}: wikidata_id must look like Q42, not {wikidata!r}")
            aliases = "|".join(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
            yield {"subject": name, "kind": kind, "value": aliases or None, "wikidata_id": wikidata}
    except csv.Error as exc:  # line_num counts the lines of the records read whole: the bad one starts after
        raise InputError(f"{path}:{reader.line_num + 1}: {exc}") from None


def correction_log(session: Session) -> Iterator[dict[str, Any]]:
    for c in session.scalars(select(models.EntityCorrection).order_by(models.EntityCorrection.id)):
        yield {
            "id": c.id,
            "made_at": c.made_at.isoformat(sep=" ", timespec="seconds") if c.made_at else None,
            "scope": c.scope,
            "action": c.action,
            "subject": c.subject,
            "value": c.value,
            "kind": c.kind,
            "wikidata_id": c.wikidata_id,
            "undone": c.undone,
        }


def undo(session: Session, correction_id: int) -> RelinkSummary:
    """Take a correction back (it stays in the log, marked undone) and relink."""
    found = session.get(models.EntityCorrection, correction_id)
    if found is None:
        raise TrackerError(f"no correction {correction_id}; `tracker entities log` lists them")
    if found.undone:
        raise TrackerError(f"correction {correction_id} is already undone")
    session.execute(
        update(models.EntityCorrection).where(models.EntityCorrection.id == correction_id).values(undone=True)
    )
    summary = relink(session)
    regroup(session)  # statements are per speaker: a relinked quote may belong to another now
    session.commit()
    return summary

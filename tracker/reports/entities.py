"""Find the entity a user means by a name, as a speaker or as a target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.entities.names import clean_name, name_key
from tracker.errors import UnknownName
from tracker.store import models

Role = Literal["speaker", "target"]


@dataclass
class EntityMatch:
    """The entity chosen for a name, and the others the name also fits (with their counts)."""

    query: str
    role: Role
    entity_id: int
    name: str
    count: int
    others: list[tuple[str, int]] = field(default_factory=list)

    def note(self) -> str | None:
        """A line for stderr when the name was ambiguous, saying how to name the others."""
        if not self.others:
            return None
        unit = "quote" if self.role == "speaker" else "statement"

        def counted(n: int) -> str:
            return f"{n} {unit}" if n == 1 else f"{n} {unit}s"

        listed = ", ".join(f"{name} ({counted(count)})" for name, count in self.others[:5])
        more = f" and {len(self.others) - 5} more" if len(self.others) > 5 else ""
        return (
            f"note: {self.query!r} also matches {listed}{more}; using {self.name} ({counted(self.count)}). "
            f"Give the full name to choose another."
        )


def _uses(role: Role) -> tuple[InstrumentedAttribute[int | None], type[models.Base]]:
    if role == "speaker":
        return models.Quote.speaker_id, models.Quote
    return models.Stance.target_id, models.Stance


def match_entity(session: Session, query: str, role: Role) -> EntityMatch:
    """The entity in `role` named `query` (any case), else the most used one with `query` as an alias;
    failing that, whose alias contains it. Raises UnknownName when none does."""
    key = name_key(clean_name(query))
    column, _ = _uses(role)
    counts = (
        select(column.label("entity_id"), func.count().label("n"))
        .where(column.is_not(None))
        .group_by(column)
        .subquery()
    )
    base = (
        select(models.Entity.id, models.Entity.name, counts.c.n)
        .join(counts, counts.c.entity_id == models.Entity.id)
        # An entity of that very name first: "Clinton", left apart from Hillary and Bill, must stay reachable.
        .order_by(case((models.Entity.key == key, 0), else_=1), counts.c.n.desc(), models.Entity.name)
    )
    alias_keys = select(models.EntityAlias.entity_id)
    exact = or_(
        models.Entity.key == key,
        models.Entity.id.in_(alias_keys.where(models.EntityAlias.key == key)),
    )
    if role == "target":
        exact = or_(
            exact, models.Entity.id.in_(select(models.TargetAlias.target_id).where(models.TargetAlias.key == key))
        )
    rows = session.execute(base.where(exact)).all()
    if not rows:
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = session.execute(
            base.where(models.Entity.id.in_(alias_keys.where(models.EntityAlias.key.like(pattern, escape="\\"))))
        ).all()
    if not rows:
        raise UnknownName(f"no {role} is known as {query!r}; `tracker {role}s` lists them")
    (entity_id, name, count), *others = rows
    return EntityMatch(query, role, entity_id, name, count, [(n, c) for _, n, c in others])

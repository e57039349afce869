"""Write articles and their attributions: one savepoint per article, one commit per batch.

Every shared row (outlet, speaker, alias, target) is written with INSERT ... ON CONFLICT DO NOTHING
on its unique key and then read back, so concurrent ingest processes never duplicate them and
never fail on each other's rows. The same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tracker.entities.names import MAX_NAME_LENGTH, NOT_ENTITY_KINDS, clean_name, name_key
from tracker.store import models
from tracker.types import Article, Attribution

RETRIES = 6
# PostgreSQL deadlock_detected and serialization_failure; SQLite reports a busy database in words.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def _is_lock_conflict(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES or "database is locked" in str(exc.orig)


def _insert(session: Session, table: Table) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert_named(session: Session, model: type[models.Base], rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert rows keyed on `key` unless present; the ids of all of them by key."""
    if not rows:
        return {}
    unique = sorted({row["key"]: row for row in rows}.values(), key=lambda row: row["key"])
    table: Table = model.__table__  # type: ignore[assignment]
    session.execute(_insert(session, table).on_conflict_do_nothing(index_elements=["key"]), unique)
    keys = [row["key"] for row in unique]
    return dict(session.execute(select(table.c.key, table.c.id).where(table.c.key.in_(keys))).all())


def insert_ignoring_duplicates(
    session: Session, model: type[models.Base], rows: Sequence[dict[str, Any]], unique_on: Sequence[str]
) -> None:
    if rows:
        table: Table = model.__table__  # type: ignore[assignment]
        session.execute(_insert(session, table).on_conflict_do_nothing(index_elements=list(unique_on)), rows)


def existing_hashes(session: Session, external_ids: Iterable[str]) -> dict[str, str]:
    """Content hashes of the stored articles among `external_ids`."""
    ids = list(external_ids)
    if not ids:
        return {}
    query = select(models.Article.external_id, models.Article.content_hash).where(models.Article.external_id.in_(ids))
    return dict(session.execute(query).all())


@dataclass
class WriteResult:
    status: str  # "new", "updated" or "unchanged" (another process stored it first)
    quotes: int


class ArticleWriter:
    """Stores articles through one session, committing every `batch_size` articles."""

    def __init__(self, session: Session, *, extractor_version: str, batch_size: int = 32) -> None:
        self.session = session
        self.extractor_version = extractor_version
        self.batch_size = batch_size
        self._pending = 0

    def seed_target_aliases(self, aliases: Iterable[tuple[str, str, str]]) -> None:
        """Make sure the alias table holds these (alias, canonical target, kind) rows."""
        rows = list(aliases)
        with self.session.begin_nested():
            target_ids = upsert_named(
                self.session,
                models.Entity,
                [{"name": canonical, "key": name_key(canonical), "kind": kind} for _, canonical, kind in rows],
            )
            insert_ignoring_duplicates(
                self.session,
                models.TargetAlias,
                [
                    {"alias": alias, "key": name_key(alias), "target_id": target_ids[name_key(canonical)]}
                    for alias, canonical, _ in rows
                ],
                ["alias"],
            )
        self.session.commit()

    def write(self, article: Article, attributions: Sequence[Attribution]) -> WriteResult:
        """Store one article and its attributions, replacing what an earlier run stored for it."""
        for attempt in range(RETRIES):
            try:
                with self.session.begin_nested():
                    result = self._write(article, attributions)
                break
            except OperationalError as exc:
                if attempt == RETRIES - 1 or not _is_lock_conflict(exc):
                    raise
                # Another writer waits on rows this batch holds: commit what is done to release
                # them, then try this article again.
                self.commit()
                time.sleep(0.05 * 2**attempt)
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()
        return result

    def commit(self) -> None:
        self.session.commit()
        self._pending = 0

    def _write(self, article: Article, attributions: Sequence[Attribution]) -> WriteResult:
        session = self.session
        credits = Counter(a.credited_source for a in attributions if a.credited_source)
        article_credit = credits.most_common(1)[0][0] if credits else None
        outlet_names = {n for n in [article.outlet, article_credit, *credits] if n}
        outlet_ids = upsert_named(
            session, models.Outlet, [{"name": n, "key": name_key(n)} for n in sorted(outlet_names)]
        )

        def outlet_id(name: str | None) -> int | None:
            return outlet_ids[name_key(name)] if name else None

        values = {
            "url": article.url,
            "title": article.title,
            "outlet_id": outlet_id(article.outlet),
            "credited_outlet_id": outlet_id(article_credit),
            "published": article.published,
            "text": article.text,
            "content_hash": article.content_hash,
            "extractor_version": self.extractor_version,
        }
        articles: Table = models.Article.__table__  # type: ignore[assignment]
        article_id = session.execute(
            select(articles.c.id).where(articles.c.external_id == article.external_id)
        ).scalar_one_or_none()
        if article_id is None:
            article_id = session.execute(
                _insert(session, articles)
                .values(external_id=article.external_id, **values)
                .on_conflict_do_nothing(index_elements=["external_id"])
                .returning(articles.c.id)
            ).scalar_one_or_none()
            if article_id is None:  # another process stored it between our read and our insert
                return WriteResult("unchanged", 0)
            status = "new"
        else:
            session.execute(update(articles).where(articles.c.id == article_id).values(**values))
            session.execute(delete(models.Quote).where(models.Quote.article_id == article_id))
            status = "updated"
        return WriteResult(status, self._write_quotes(article_id, attributions, outlet_id))

    def _write_quotes(self, article_id: int, attributions: Sequence[Attribution], outlet_id: Any) -> int:
        session = self.session
        speaker_ids = self._provisional_entities([(a.speaker.name, a.speaker.kind) for a in attributions if a.speaker])
        # Two extractors may propose the same span; the first one wins, as the unique key demands.
        unique = list({(a.content.start, a.content.end): a for a in reversed(attributions)}.values())[::-1]
        if not unique:
            return 0
        rows = [
            {
                "article_id": article_id,
                "speaker_id": speaker_ids.get(name_key(clean_name(a.speaker.name, a.speaker.kind)))
                if a.speaker
                else None,
                "speaker_name": a.speaker.name[:MAX_NAME_LENGTH] if a.speaker else None,
                "speaker_kind": a.speaker.kind if a.speaker else None,
                "speaker_roles": "\n".join(dict.fromkeys(a.speaker.roles)) or None if a.speaker else None,
                "kind": a.kind,
                "text": a.text,
                "content_start": a.content.start,
                "content_end": a.content.end,
                "speaker_mention": a.speaker_mention.text if a.speaker_mention else None,
                "speaker_mention_start": a.speaker_mention.start if a.speaker_mention else None,
                "speaker_mention_end": a.speaker_mention.end if a.speaker_mention else None,
                "cue": a.cue.text if a.cue else None,
                "cue_start": a.cue.start if a.cue else None,
                "cue_end": a.cue.end if a.cue else None,
                "credited_outlet_id": outlet_id(a.credited_source),
                "event_date": a.event_date,
                "extractor_version": self.extractor_version,
            }
            for a in unique
        ]
        if any(a.pieces for a in unique):  # else every row leaves `pieces` at its default (null)
            for row, a in zip(rows, unique, strict=True):
                row["pieces"] = [[p.start, p.end] for p in a.pieces] or None
        quotes: Table = models.Quote.__table__  # type: ignore[assignment]
        quote_ids = (
            session.execute(quotes.insert().returning(quotes.c.id, sort_by_parameter_order=True), rows).scalars().all()
        )
        self._write_stances(list(zip(quote_ids, unique, strict=True)))
        return len(unique)

    def _provisional_entities(self, names: Sequence[tuple[str, str]]) -> dict[str, int]:
        """Entities by the exact key of each name, so rows are linked at once; the relink at the end of
        an ingest (tracker.entities.linking) then joins surnames, slips and corrections."""
        rows: dict[str, dict[str, str]] = {}
        for name, kind in names:
            cleaned = clean_name(name, kind)
            if cleaned and kind not in NOT_ENTITY_KINDS:
                rows.setdefault(name_key(cleaned), {"name": cleaned, "key": name_key(cleaned), "kind": kind})
        # Sorted keys: concurrent writers lock shared rows in the same order, which avoids most deadlocks.
        return upsert_named(self.session, models.Entity, sorted(rows.values(), key=lambda r: r["key"]))

    def _write_stances(self, quotes: list[tuple[int, Attribution]]) -> None:
        stances = [(quote_id, stance) for quote_id, a in quotes for stance in a.targets]
        if not stances:
            return
        target_ids = self._provisional_entities([(s.target, s.target_kind) for _, s in stances])
        rows = {
            (quote_id, s.target[:MAX_NAME_LENGTH]): {
                "quote_id": quote_id,
                "target_id": target_ids[name_key(clean_name(s.target, s.target_kind))],
                "target_name": s.target[:MAX_NAME_LENGTH],
                "target_kind": s.target_kind,
                "mention": s.mention.text,
                "mention_start": s.mention.start,
                "mention_end": s.mention.end,
                "label": s.label,
                "score": s.score,
                "confidence": s.confidence,
            }
            for quote_id, s in reversed(stances)
            if clean_name(s.target, s.target_kind)
        }
        stances_table: Table = models.Stance.__table__  # type: ignore[assignment]
        if rows:
            self.session.execute(stances_table.insert(), list(rows.values()))

"""Ingest: read articles, extract attributions, store them. Extraction never touches the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tracker.nlp.pipeline import extractor_version, process
from tracker.sources import ReadFailure
from tracker.store import models
from tracker.store.engine import classify_write_error
from tracker.store.writer import ArticleWriter, existing_hashes
from tracker.types import Article

LOOKUP_CHUNK = 64


@dataclass
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    quotes: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.updated + self.unchanged + self.failed

    def render(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed; {self.quotes} quotes stored"
        )


def stored_articles(engine: Engine) -> Iterator[Article]:
    """Every stored article, for --reprocess with no files given."""
    with Session(engine) as session:
        query = (
            select(models.Article, models.Outlet.name)
            .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
            .order_by(models.Article.id)
            .execution_options(yield_per=200)
        )
        for row, outlet in session.execute(query):
            yield Article(
                external_id=row.external_id,
                text=row.text,
                title=row.title,
                outlet=outlet,
                published=row.published,
                url=row.url,
                origin=f"article {row.external_id}",
            )


def ingest(
    items: Iterable[Article | ReadFailure],
    engine: Engine,
    nlp: Language,
    *,
    reprocess: bool = False,
    workers: int = 1,
    batch_size: int = 32,
    on_article: Callable[[IngestSummary], None] = lambda summary: None,
    on_failure: Callable[[str], None] = lambda message: None,
) -> IngestSummary:
    """Store every article of `items` with its attributions.

    Each article is written in its own savepoint (all of it or nothing), and the session commits
    every `batch_size` articles, so a run killed at any point and then repeated ends in the same
    state as one clean run. Articles already stored with the same text are skipped unless
    `reprocess` is set.
    """
    summary = IngestSummary()

    def fail(message: str) -> None:
        summary.failed += 1
        summary.failures.append(message)
        on_failure(message)
        on_article(summary)

    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version=extractor_version(nlp), batch_size=batch_size)
        seed_aliases(nlp, writer)

        def to_process() -> Iterator[Article]:
            seen: set[str] = set()
            chunk: list[Article] = []

            def flush() -> Iterator[Article]:
                stored = existing_hashes(session, (a.external_id for a in chunk))
                for article in chunk:
                    known = stored.get(article.external_id)
                    repeated = article.external_id in seen
                    seen.add(article.external_id)
                    if not reprocess and (repeated or known == article.content_hash):
                        summary.unchanged += 1
                        on_article(summary)
                    else:
                        yield article
                chunk.clear()

            for item in items:
                if isinstance(item, ReadFailure):
                    fail(item.message)
                    continue
                chunk.append(item)
                if len(chunk) >= LOOKUP_CHUNK:
                    yield from flush()
            yield from flush()

        for article, outcome in process(nlp, to_process(), batch_size=16, n_process=workers):
            if isinstance(outcome, Exception):
                fail(f"{article.origin}: extraction failed: {type(outcome).__name__}: {outcome}")
                continue
            try:
                result = writer.write(article, outcome)
            except SQLAlchemyError as exc:
                if (unavailable := classify_write_error(exc)) is not None:
                    raise unavailable from exc  # read-only or full: every later article would fail the same way
                fail(f"{article.origin}: not stored: {type(exc).__name__}: {exc.orig if hasattr(exc, 'orig') else exc}")
                continue
            if result.status == "unchanged":
                summary.unchanged += 1
            else:
                setattr(summary, result.status, getattr(summary, result.status) + 1)
                summary.quotes += result.quotes
            on_article(summary)
        writer.commit()
        if summary.new or summary.updated:
            link(session)
    return summary


def link(session: Session) -> None:
    """Relink every stored name to its entity (see tracker.entities.linking) and commit."""
    from tracker.entities.linking import relink

    relink(session)
    session.commit()


def seed_aliases(nlp: Language, writer: ArticleWriter) -> None:
    """Store the built-in target alias table, and have the stance component use the stored one,
    which includes the rows users added."""
    if "tracker_stance" not in nlp.pipe_names:
        return
    from tracker.stance.targets import TargetAlias, TargetMatcher, default_aliases

    writer.seed_target_aliases((a.alias, a.canonical, a.kind) for a in default_aliases())
    stored = writer.session.execute(
        select(models.TargetAlias.alias, models.Entity.name, models.Entity.kind)
        .join(models.Entity, models.Entity.id == models.TargetAlias.target_id)
        .order_by(models.TargetAlias.id)
    )
    component = nlp.get_pipe("tracker_stance")
    component.matcher = TargetMatcher(TargetAlias(*row) for row in stored)  # type: ignore[attr-defined]

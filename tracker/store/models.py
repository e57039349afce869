"""SQLAlchemy models: the tables SQL users query (see README, "Schema")."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Alembic's recommended convention, so constraint names are stable across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Outlet(Base):
    """A publisher or wire service: who published an article, or who an article credits."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)  # lower-cased name, the upsert key


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(500), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    credited_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(100))
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    outlet: Mapped[Outlet | None] = relationship(foreign_keys=[outlet_id])
    quotes: Mapped[list[Quote]] = relationship(back_populates="article", passive_deletes=True)


class Entity(Base):
    """One real person, organisation, place or group, shared by speakers and targets.

    Quotes and stances point here through `speaker_id` and `target_id`; the `speakers` and `targets`
    views show the entities in each role. Rows are made by the linking step (tracker/entities/linking.py)
    from the names articles give, and by corrections and imports.
    """

    __tablename__ = "entities"
    # The table began as `speakers` (migration 0003 renamed it), and SQLite keeps inline constraint names.
    __table_args__ = (UniqueConstraint("key", name="uq_speakers_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))
    # person / organisation / group / description / country / region
    kind: Mapped[str] = mapped_column(String(20))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))

    aliases: Mapped[list[EntityAlias]] = relationship(back_populates="entity", passive_deletes=True)


class EntityAlias(Base):
    """A name form an entity goes by ("Hegseth", "Pete Hegseth"); `key` is the folded form for lookup."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class EntityRole(Base):
    """A title or description seen with the entity's name ("U.S. Secretary of Defense", "doctor")."""

    __tablename__ = "entity_roles"
    __table_args__ = (UniqueConstraint("entity_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(300))


class EntityCorrection(Base):
    """A user's correction to linking, kept as data so that every relink applies it again.

    `action` is merge / rename / alias-add / alias-remove / not-entity / import; `subject` the name it
    acts on, `value` the other name (merge target, new name, alias) and `kind` the entity kind for
    imports; `scope` is speaker, target or entity. Undone corrections stay in the log.
    """

    __tablename__ = "entity_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    scope: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    value: Mapped[str | None] = mapped_column(Text)  # an import's aliases can be many
    kind: Mapped[str | None] = mapped_column(String(20))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    undone: Mapped[bool] = mapped_column(default=False)


class Statement(Base):
    """One utterance of one speaker, however many articles and outlets report it."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "ARTICLE:START-END" of its first report: the same reports give the same key in any ingest order.
    key: Mapped[str] = mapped_column(String(520), unique=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    reports: Mapped[int] = mapped_column(Integer)
    articles: Mapped[int] = mapped_column(Integer)
    outlets: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[date | None] = mapped_column(Date)
    altered: Mapped[bool] = mapped_column(default=False)  # some report's words are not the others'


class Quote(Base):
    """One attributed statement, with character offsets into its article's text."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("article_id", "content_start", "content_end"),
        Index("ix_quotes_speaker_id_event_date", "speaker_id", "event_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    # The speaker as the article names it after resolving mentions in that article: the input of
    # linking, which sets speaker_id. Kept so that relinking never needs the article parsed again.
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_kind: Mapped[str | None] = mapped_column(String(20))
    speaker_roles: Mapped[str | None] = mapped_column(Text)  # newline-separated
    kind: Mapped[str] = mapped_column(String(10), index=True)  # direct / indirect / mixed
    text: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    # A statement its attribution splits ("“A,” she said. “B.”", "The test, officials said, was a success"):
    # [[start, end], ...] of each piece, `text` being their words joined. Null for a quote in one piece.
    pieces: Mapped[list[list[int]] | None] = mapped_column(JSON)
    speaker_mention: Mapped[str | None] = mapped_column(Text)
    speaker_mention_start: Mapped[int | None] = mapped_column(Integer)
    speaker_mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    credited_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    extractor_version: Mapped[str] = mapped_column(String(100))
    # The utterance this quote reports (statements.id), set by grouping (tracker/statements) at the end of
    # each ingest. No foreign key: the grouping owns these ids, and SQLite could not drop the column again.
    statement_id: Mapped[int | None] = mapped_column(Integer, index=True)

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Entity | None] = relationship()
    credited_outlet: Mapped[Outlet | None] = relationship()


class TargetAlias(Base):
    """The gazetteer behind target detection ("Beijing" -> China): exact spellings mapped to an entity."""

    __tablename__ = "target_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    # Exact spelling is the identity: "US" must match as written, while "us" must not.
    alias: Mapped[str] = mapped_column(String(300), unique=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # lower-cased, for lookups by name


class Stance(Base):
    """A quote's stance toward one of its targets."""

    __tablename__ = "stances"
    __table_args__ = (
        # Two names in one statement may link to one entity; each keeps its row, so a relink can split them.
        UniqueConstraint("quote_id", "target_name"),
        Index("ix_stances_target_id_quote_id", "target_id", "quote_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    # Null while a correction says the name is no entity: the row waits, hidden from reports and views,
    # so that undoing the correction brings it back.
    target_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    # The target as the article names it: the input of linking, which sets target_id.
    target_name: Mapped[str] = mapped_column(String(300), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    mention: Mapped[str] = mapped_column(Text)
    mention_start: Mapped[int] = mapped_column(Integer)
    mention_end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(10))  # negative / neutral / positive
    # How likely the label is right, calibrated on held-out labelled quotes; reports filter on it.
    confidence: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)


class Feed(Base):
    """A feed `tracker watch` follows, and what its last poll learned (see tracker/watch.py).

    The validators are the server's own strings, sent back as If-None-Match / If-Modified-Since. Times are
    UTC. `backoff_until` is set only after a failure (and by a 429's Retry-After): the feed is not polled
    before it, and a poll that succeeds clears it along with `failures` (consecutive ones) and `last_error`.
    """

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    last_polled: Mapped[datetime | None] = mapped_column(DateTime)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    backoff_until: Mapped[datetime | None] = mapped_column(DateTime)

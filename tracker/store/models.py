"""SQLAlchemy models: the tables SQL users query (see README, "Schema")."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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


class Speaker(Base):
    """One person, organisation or group, across all their mentions and articles."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # person / organisation / group

    aliases: Mapped[list[SpeakerAlias]] = relationship(back_populates="speaker", passive_deletes=True)


class SpeakerAlias(Base):
    """A name form a speaker goes by ("Hegseth", "Pete Hegseth"); `key` is lower-cased for lookup."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """A title or description seen with the speaker's name ("U.S. Secretary of Defense", "doctor")."""

    __tablename__ = "speaker_roles"
    __table_args__ = (UniqueConstraint("speaker_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(300))


class Quote(Base):
    """One attributed statement, with character offsets into its article's text."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("article_id", "content_start", "content_end"),
        Index("ix_quotes_speaker_id_event_date", "speaker_id", "event_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    kind: Mapped[str] = mapped_column(String(10), index=True)  # direct / indirect / mixed
    text: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    speaker_mention: Mapped[str | None] = mapped_column(Text)
    speaker_mention_start: Mapped[int | None] = mapped_column(Integer)
    speaker_mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    credited_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    extractor_version: Mapped[str] = mapped_column(String(100))

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship()
    credited_outlet: Mapped[Outlet | None] = relationship()


class Target(Base):
    """What a quote is about: a country, region, organisation or person, one row per canonical name."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))


class TargetAlias(Base):
    """The alias table behind target normalisation ("Beijing" -> China); users may add rows."""

    __tablename__ = "target_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    # Exact spelling is the identity: "US" must match as written, while "us" must not.
    alias: Mapped[str] = mapped_column(String(300), unique=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # lower-cased, for lookups by name


class Stance(Base):
    """A quote's stance toward one of its targets."""

    __tablename__ = "stances"
    __table_args__ = (
        UniqueConstraint("quote_id", "target_id"),
        Index("ix_stances_target_id_quote_id", "target_id", "quote_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    mention: Mapped[str] = mapped_column(Text)
    mention_start: Mapped[int] = mapped_column(Integer)
    mention_end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(10))  # negative / neutral / positive
    score: Mapped[float] = mapped_column(Float)

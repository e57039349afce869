"""Migration 0004: the SQLite full-text index stems what was stored before it, stays in sync, and goes back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from tracker.store.engine import open_database
from tracker.store.migrate import downgrade, upgrade
from tracker.store.writer import ArticleWriter
from tracker.types import Article, Attribution, TextSpan


def _write(engine: Engine, external_id: str, quotes: list[str]) -> None:
    body, attributions = "", []
    for quote in quotes:
        attributions.append(Attribution("direct", TextSpan(len(body) + 1, len(body) + 1 + len(quote), quote)))
        body += f"“{quote},” she said. "
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        writer.write(Article(external_id, body, published=date(2024, 1, 1)), attributions)
        writer.commit()


def _match(engine: Engine, query: str) -> list[str]:
    with engine.connect() as connection:
        return sorted(
            connection.execute(
                text(
                    "SELECT q.text FROM quotes q WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :q)"
                ),
                {"q": query},
            ).scalars()
        )


def test_0004_stems_the_stored_quotes_keeps_in_sync_and_goes_back(tmp_path: Path) -> None:
    engine = open_database(str(tmp_path / "tracker.db"), migrate=False)
    upgrade(engine, "0003")
    _write(engine, "a1", ["a basket of deplorables", "my emails were fine"])
    assert _match(engine, "deplorable") == []  # whole tokens only before 0004

    upgrade(engine, "0004")
    assert _match(engine, "deplorable") == ["a basket of deplorables"]  # rebuilt from the quotes table
    assert _match(engine, "email") == ["my emails were fine"]
    _write(engine, "a2", ["deplorable remarks"])  # the insert trigger feeds the new table
    assert _match(engine, "deplorable") == ["a basket of deplorables", "deplorable remarks"]
    _write(engine, "a1", ["nothing to see"])  # rewriting an article deletes its old quotes, and their entries
    assert _match(engine, "deplorable") == ["deplorable remarks"]
    assert _match(engine, "nothing") == ["nothing to see"]
    with engine.begin() as connection:
        connection.execute(text("UPDATE quotes SET kind = 'indirect'"))  # not the text: the index is left as it is
        connection.execute(text("UPDATE quotes SET text = 'something to see' WHERE text = 'nothing to see'"))
    assert _match(engine, "nothing") == [] and _match(engine, "something") == ["something to see"]
    assert _match(engine, "remark") == ["deplorable remarks"]
    with engine.connect() as connection:
        trigger = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'quotes_au'")).scalar_one()
    assert "AFTER UPDATE OF id, text ON quotes" in trigger  # a new statement or speaker does not re-index

    downgrade(engine, "0003")
    _write(engine, "a3", ["more deplorables"])
    assert _match(engine, "deplorable") == ["deplorable remarks"]  # whole tokens again, still in sync
    assert _match(engine, "deplorables") == ["more deplorables"]

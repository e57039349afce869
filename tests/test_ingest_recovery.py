"""An ingest killed partway and run again, or two ingests at once, end as one clean run does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import create_engine, func, select, text

from tests.conftest import POSTGRES_URL, SHARED_EVAL, _postgres_database
from tracker.store import models

pytestmark = [
    pytest.mark.skipif(not (SHARED_EVAL / "polnear-dev.jsonl").exists(), reason="needs ../shared/eval"),
    pytest.mark.slow,  # ingests of the PolNeAR dev file, killed and run again
]


def _articles(tmp_path: Path, name: str, first: int, last: int) -> Path:
    lines = (SHARED_EVAL / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()[first:last]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest(db: str, *paths: Path, batch: int = 2, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "tracker.cli",
        "--db",
        db,
        "ingest",
        "-q",
        "--no-stance",
        "--batch-size",
        str(batch),
        "--workers",
        str(workers),
    ]
    return subprocess.Popen([*command, *map(str, paths)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def snapshot(db: str) -> dict[str, object]:
    """Everything an ingest stores, without the database's own ids."""
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as connection:
        quotes = connection.execute(
            text(
                "SELECT article, kind, content_start, content_end, text, speaker, speaker_mention, cue, credited_source "
                "FROM quote_facts ORDER BY article, content_start, content_end"
            )
        ).all()
        stances = connection.execute(
            text(
                "SELECT sf.article, q.content_start, sf.target, sf.mention, sf.label, ROUND(CAST(sf.score AS NUMERIC), 3) "
                "FROM stance_facts sf JOIN quotes q ON q.id = sf.quote_id "
                "ORDER BY sf.article, q.content_start, sf.target, sf.mention"
            )
        ).all()
        articles = connection.execute(
            select(models.Article.external_id, models.Article.content_hash).order_by(models.Article.external_id)
        ).all()
        counts = {
            m.__tablename__: connection.execute(select(func.count()).select_from(m)).scalar()
            for m in (models.Entity, models.EntityAlias, models.Outlet)
        }
        integrity = (
            connection.execute(text("PRAGMA integrity_check")).scalar() if engine.dialect.name == "sqlite" else "ok"
        )
    engine.dispose()
    return {
        "articles": articles,
        "quotes": [tuple(q) for q in quotes],
        "stances": [(*s[:-1], float(s[-1])) for s in stances],
        "counts": counts,
        "integrity": integrity,
    }


def worker_processes(pid: int) -> list[psutil.Process]:
    """The Dask worker processes under the ingest process `pid` (multiprocessing's spawned children)."""
    return [
        child
        for child in psutil.Process(pid).children(recursive=True)
        if any("spawn_main" in part for part in child.cmdline())
    ]


def test_killed_ingest_run_again_equals_one_clean_run(tmp_path: Path) -> None:
    """The client killed mid-run takes its local cluster with it; run again, it finishes without duplicates."""
    # Enough articles that the run is still going when the poll below first sees four of them stored.
    corpus = _articles(tmp_path, "corpus.jsonl", 0, 60)
    clean, killed = str(tmp_path / "clean.db"), str(tmp_path / "killed.db")
    assert _ingest(clean, corpus).wait(timeout=600) == 0

    process = _ingest(killed, corpus)
    engine = create_engine(f"sqlite:///{killed}")
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with engine.connect() as connection:
                stored = connection.execute(text("SELECT COUNT(*) FROM articles")).scalar() or 0
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            continue
        if stored >= 4:
            workers = worker_processes(process.pid)
            os.kill(process.pid, signal.SIGKILL)
            break
    engine.dispose()
    process.wait(timeout=60)
    assert 4 <= stored < 60, "the ingest should have been killed partway"
    assert workers, "the ingest ran on a local cluster"
    # Each worker process ends as soon as the process that started it is gone.
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert alive == []

    rerun = _ingest(killed, corpus)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert snapshot(killed) == snapshot(clean)


@pytest.mark.skipif(not POSTGRES_URL, reason="TRACKER_TEST_POSTGRES_URL not set")
def test_two_concurrent_ingests_on_postgresql_equal_one_run(tmp_path: Path) -> None:
    first = _articles(tmp_path, "first.jsonl", 0, 14)
    second = _articles(tmp_path, "second.jsonl", 6, 20)
    both = _articles(tmp_path, "both.jsonl", 0, 20)
    single_db = _postgres_database()
    shared_db = _postgres_database()
    single, shared = next(single_db), next(shared_db)
    try:
        assert _ingest(single, both).wait(timeout=600) == 0
        runs = [_ingest(shared, first), _ingest(shared, second)]
        for run in runs:
            assert run.wait(timeout=600) == 0, run.stderr.read() if run.stderr else ""
        assert snapshot(shared) == snapshot(single)
    finally:
        for generator in (single_db, shared_db):
            next(generator, None)

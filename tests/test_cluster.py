"""Ingest on a Dask cluster: local worker processes and a running scheduler give what one worker gives; a killed
worker, an article that kills every worker, Ctrl-C, SIGTERM and a client killed mid-run leave a store a rerun completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL, SEEDS, SHARED_EVAL, make_database
from tests.test_ingest_recovery import snapshot, worker_processes
from tracker.cli import cli

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

needs_eval = pytest.mark.skipif(not (SHARED_EVAL / "polnear-dev.jsonl").exists(), reason="needs ../shared/eval")

POISON = "POISON-PILL-7f3a"


def _articles(tmp_path: Path, first: int, last: int, *, poison_at: int | None = None) -> Path:
    """PolNeAR dev articles `first:last` as JSON Lines; with `poison_at`, that line (1-based) is a poison article."""
    lines = (SHARED_EVAL / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()[first:last]
    if poison_at is not None:
        pill = {"id": "poison", "text": f"The minister said the {POISON} was harmless. Nobody else spoke."}
        lines.insert(poison_at - 1, json.dumps(pill))
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tracker(db: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "--db", db, "ingest", "-q", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal would make it: see the Ctrl-C test
    )


def _stored(db: str) -> int:
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM articles")).scalar() or 0
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def _wait_for(condition, timeout: float = 300) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow  # worker processes that load the trained pipeline
@needs_eval
def test_two_local_workers_store_what_one_worker_stores(db: str, tmp_path: Path) -> None:
    corpus = _articles(tmp_path, 20, 30)
    one = str(tmp_path / "one.db")
    first = _tracker(one, "--workers", "1", "--batch-size", "3", str(corpus))
    assert first.wait(timeout=900) == 0, first.communicate()
    second = _tracker(db, "--workers", "2", "--batch-size", "3", str(corpus))
    out, err = second.communicate(timeout=900)
    assert second.returncode == 0, err
    assert err.endswith(f"10 new, 0 updated, 0 unchanged, 0 failed; {len(snapshot(one)['quotes'])} quotes stored\n")
    stored = snapshot(db)
    assert len(stored["articles"]) == 10 and stored["quotes"] and stored["stances"]  # type: ignore[arg-type]
    assert stored == snapshot(one)


@pytest.mark.slow  # worker processes that load the trained pipeline
@needs_eval
def test_a_worker_killed_mid_batch_changes_nothing(db: str, tmp_path: Path) -> None:
    corpus = _articles(tmp_path, 30, 42)
    clean = str(tmp_path / "clean.db")
    assert _tracker(clean, "--workers", "2", "--batch-size", "3", "--no-stance", str(corpus)).wait(timeout=900) == 0

    run = _tracker(db, "--workers", "2", "--batch-size", "3", "--no-stance", str(corpus))
    # Both workers are busy with a batch once the first batches are stored.
    _wait_for(lambda: _stored(db) >= 3 or run.poll() is not None)
    workers = worker_processes(run.pid)
    assert run.poll() is None and len(workers) == 2
    workers[0].send_signal(signal.SIGKILL)
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err
    new, _, unchanged, failed = (int(part.split()[0]) for part in err.split(";")[0].split(", "))
    if "://" in db:
        # A PostgreSQL worker stores each article as it is done: what the killed one stored is found unchanged
        # when its batch is run again.
        assert (new + unchanged, failed) == (12, 0), err
    else:
        assert err.startswith("12 new, 0 updated, 0 unchanged, 0 failed"), err
    assert snapshot(db) == snapshot(clean)


class Poison(WorkerPlugin):
    """Puts a component first in each worker's pipeline that kills its process on the poison article, the way
    a crash in compiled code or the kernel's OOM killer would."""

    def setup(self, worker: object) -> None:
        from tracker.nlp.pipeline import cached_nlp

        nlp = cached_nlp(None, stance=False)
        if "tracker_test_poison" not in nlp.pipe_names:
            nlp.add_pipe("tracker_test_poison", first=True)


@Language.component("tracker_test_poison")
def _die_on_poison(doc: Doc) -> Doc:
    if POISON in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


@pytest.fixture
def cluster() -> Iterator[distributed.Client]:
    """A local cluster of two workers, on which a task whose workers died twice fails with KilledWorker."""
    import dask

    from tracker.cluster import connect

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), connect(workers=2) as client:
        yield client


@pytest.mark.slow  # worker processes that load the trained pipeline
@needs_eval
def test_an_article_that_kills_every_worker_is_reported_and_the_others_stored(
    cluster: distributed.Client, tmp_path: Path
) -> None:
    from tracker.ingest import ingest
    from tracker.sources import read_paths
    from tracker.store.engine import open_database

    corpus = _articles(tmp_path, 0, 8, poison_at=5)
    db = str(tmp_path / "poisoned.db")
    cluster.register_plugin(Poison(), name="tracker-test-poison")
    failures: list[str] = []
    summary = ingest(
        read_paths([str(corpus)]),
        open_database(db),
        stance=False,
        cluster=cluster,
        batch_size=4,
        on_failure=failures.append,
    )
    assert failures == [f"{corpus}:5: extraction failed: every worker process that tried it died (KilledWorker)"]
    assert (summary.new, summary.failed) == (8, 1)
    assert _stored(db) == 8
    # The cluster goes on: every worker died on the poison, and each was restarted.
    assert len(cluster.nthreads()) == 2


@pytest.fixture(scope="module")
def corpus_and_clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """16 articles, and what one uninterrupted ingest of them on two workers stores."""
    tmp_path = tmp_path_factory.mktemp("clean")
    corpus, clean = _articles(tmp_path, 0, 16), str(tmp_path / "clean.db")
    assert _tracker(clean, "--workers", "2", "--batch-size", "2", "--no-stance", str(corpus)).wait(timeout=900) == 0
    return corpus, clean


@pytest.mark.slow  # worker processes that load the trained pipeline
@needs_eval
@pytest.mark.parametrize(
    ("signum", "to_group", "status", "message", "backend"),
    [
        pytest.param(signal.SIGINT, True, 130, "Error: interrupted", "sqlite", id="ctrl-c"),
        pytest.param(signal.SIGINT, False, 130, "Error: interrupted", "sqlite", id="sigint-to-the-client"),
        pytest.param(
            signal.SIGTERM,
            False,
            143,
            "Error: terminated",
            "postgresql",
            id="sigterm",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="TRACKER_TEST_POSTGRES_URL not set"),
        ),
    ],
)
def test_a_signal_stops_the_cluster_in_one_line_and_a_rerun_completes(
    corpus_and_clean_run: tuple[Path, str],
    tmp_path: Path,
    signum: signal.Signals,
    to_group: bool,
    status: int,
    message: str,
    backend: str,
) -> None:
    # Before, SIGTERM killed the client on the spot: the workers went with it, but not quietly (the
    # resource tracker's warning about leaked semaphores), and the exit status was -15.
    corpus, clean = corpus_and_clean_run
    with contextmanager(make_database)(backend, tmp_path) as db:
        args = ("--workers", "2", "--batch-size", "2", "--no-stance", str(corpus))
        run = _tracker(db, *args)
        _wait_for(lambda: _stored(db) >= 2 or run.poll() is not None)
        children = psutil.Process(run.pid).children(recursive=True)
        assert run.poll() is None and len(worker_processes(run.pid)) == 2
        if to_group:
            os.killpg(run.pid, signum)  # to the whole process group, as Ctrl-C in a terminal does
        else:
            run.send_signal(signum)  # as `kill` does, to the client alone
        out, err = run.communicate(timeout=120)
        assert (run.returncode, out, err) == (status, "", message + "\n")
        assert psutil.wait_procs(children, timeout=30)[1] == []  # the workers and the resource tracker

        rerun = _tracker(db, *args)
        out, err = rerun.communicate(timeout=900)
        assert rerun.returncode == 0, err
        new, updated, unchanged, failed = (int(part.split()[0]) for part in err.split(";")[0].split(", "))
        assert (new + unchanged, updated, failed) == (16, 0, 0), err
        assert snapshot(db) == snapshot(clean)


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.slow  # worker processes that load the trained pipeline
def test_ingest_on_a_running_scheduler_with_two_workers(runner: CliRunner, tmp_path: Path) -> None:
    """`dask scheduler` and two `dask worker` commands on 127.0.0.1, as a newsroom starts them on its machines."""
    scheduler_file = tmp_path / "scheduler.json"
    processes = [
        _dask(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--dashboard-address",
            ":0",
            "--scheduler-file",
            str(scheduler_file),
            log=tmp_path / "scheduler.log",
        )
    ]
    try:
        _wait_for(scheduler_file.exists, timeout=120)
        address = json.loads(scheduler_file.read_text())["address"]
        for n in range(2):
            processes.append(
                _dask(
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--dashboard-address",
                    ":0",
                    log=tmp_path / f"worker{n}.log",
                )
            )
        alone, on_cluster = str(tmp_path / "alone.db"), str(tmp_path / "cluster.db")
        assert runner.invoke(cli, ["--db", alone, "ingest", "-q", str(SEEDS)]).exit_code == 0  # one batch: here
        run = _tracker(on_cluster, "--cluster", address, "--batch-size", "2", str(SEEDS))
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err
        assert err.startswith("6 new, 0 updated, 0 unchanged, 0 failed")
        assert snapshot(on_cluster) == snapshot(alone)
    finally:
        for process in processes[::-1]:
            process.send_signal(signal.SIGINT)  # how the dask commands are stopped by hand
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.slow  # Dask tries for 10 s
def test_an_unreachable_scheduler_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "t.db"), "ingest", "--cluster", "tcp://127.0.0.1:9", str(SEEDS)]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (tried")


def test_workers_are_for_the_local_cluster_only(runner: CliRunner, tmp_path: Path) -> None:
    args = ["--db", str(tmp_path / "t.db"), "ingest", "--workers", "2", "--cluster", "tcp://127.0.0.1:8786", "x.txt"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "--workers sizes the local cluster" in result.output


def test_the_progress_total_is_counted_where_it_is_cheap(tmp_path: Path) -> None:
    from tracker.ingest import expected_articles

    (tmp_path / "a.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\nnot json\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("three", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>four</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("skipped", encoding="utf-8")
    assert expected_articles([str(tmp_path)]) == 5  # 2 articles and a bad line, a text, a page
    assert expected_articles([str(tmp_path), str(tmp_path / "missing.txt")]) == 6  # and a failure
    (tmp_path / "d.json").write_text('[{"text": "five"}, {"text": "six"}]', encoding="utf-8")
    assert expected_articles([str(tmp_path)]) is None  # JSON: not without parsing it
    assert expected_articles(["-"]) is None

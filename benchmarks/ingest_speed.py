"""Ingest speed against the bare spaCy parse, in 1 and 2 processes; and query speed on a store of a million quotes.

Prints figures, asserts nothing: targets (issue "Past one machine") are read off the output.

    python benchmarks/ingest_speed.py --limit 400 --quotes 0      # the issue's 400 PolNeAR train articles
    python benchmarks/ingest_speed.py --limit 100 --quotes 0 --stage-sample 50
    python benchmarks/ingest_speed.py --postgres postgresql+psycopg://u@host/db --writers 1,2,4 --skip-ingest --quotes 0
    python benchmarks/ingest_speed.py --skip-ingest --quotes 1000000   # query timings only

Each run is a child process of its own, so that its peak memory is its own: the bare parse of the full
`en_core_web_sm` pipeline (every component, whatever the tracker leaves out), in 1 process and in 2
(`nlp.pipe(n_process=2)`); then `tracker ingest` with everything it does by default on a local cluster of 1 and
of 2 workers, its start-up timed apart.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"
BATCH = 16


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def read_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def _articles(corpus: Path, limit: int | None) -> Iterator:  # type: ignore[type-arg]
    from tracker.sources import read_paths

    for count, item in enumerate(read_paths([str(corpus)])):
        if limit and count >= limit:
            return
        yield item


# --- the measurements, each run in a child process (see `measure`) -------------------------------------------------


def bare_parse(corpus: Path, limit: int | None, processes: int) -> dict[str, Any]:
    import spacy

    from tracker.nlp.pipeline import _pick_model

    texts = read_texts(corpus, limit)
    nlp = spacy.load(_pick_model(None))  # the whole pipeline: the reference does not move with what tracker skips
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH, n_process=processes))
    return {
        "seconds": time.perf_counter() - start,
        "tokens": tokens,
        "components": nlp.pipe_names,
        "memory": [peak_rss_mb()] + ([children_peak_rss_mb()] if processes > 1 else []),
    }


def timed_ingest(corpus: Path, limit: int | None, workers: int, stance: bool) -> dict[str, Any]:
    """`tracker ingest --workers N` into a fresh SQLite store: the cluster's start-up (processes up, pipelines
    loaded), then the ingest itself; the client's and each worker's peak memory."""
    import tracker.ingest
    from tracker.cluster import Preload, connect
    from tracker.ingest import ingest
    from tracker.nlp.pipeline import warm_up
    from tracker.store.engine import open_database

    # The relinking and regrouping after the last write, once, in the client: timed apart, and a failure of
    # its own is reported, not taken for the ingest's.
    relink = tracker.ingest.link
    after: dict[str, Any] = {"seconds": 0.0, "error": None}

    def timed_link(session):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            relink(session)
        except Exception as exc:  # noqa: BLE001
            after["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            session.rollback()
        after["seconds"] = time.perf_counter() - start

    tracker.ingest.link = timed_link  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(str(Path(tmp) / "bench.db"))
        start = time.perf_counter()
        with connect(workers=workers) as client:
            up = time.perf_counter()
            client.register_plugin(Preload(warm_up, None, stance), name=f"tracker-pipeline-None-{stance}")
            warm = time.perf_counter()
            summary = ingest(_articles(corpus, limit), engine, stance=stance, cluster=client)
            done = time.perf_counter()
            workers_memory = sorted(client.run(peak_rss_mb).values())
        return {
            "start": up - start,
            "warm": warm - up,
            "seconds": done - warm,
            "summary": summary.render(),
            "link": after,
            "memory": [peak_rss_mb(), *workers_memory],
        }


def stage_seconds(corpus: Path, limit: int, stance: bool) -> dict[str, Any]:
    """Each pipeline component's own seconds over the first `limit` articles, in one instrumented process (the
    wrappers cost time of their own, so the headline figures come from uninstrumented runs), the stance model's
    calls inside the stance component, and the time storing takes."""
    from sqlalchemy.orm import Session

    from tracker.nlp import load_nlp
    from tracker.nlp.pipeline import extract
    from tracker.stance.model import StanceModel
    from tracker.store.engine import open_database
    from tracker.store.writer import ArticleWriter

    nlp = load_nlp(stance=stance)
    cumulative: dict[str, float] = {name: 0.0 for name in nlp.pipe_names}
    for name, component in list(nlp.pipeline):
        _instrument(nlp, name, component, cumulative)
    model = {"seconds": 0.0, "calls": 0}
    run_each_logits = StanceModel.run_each_logits

    def timed_run(self, feeds):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return run_each_logits(self, feeds)
        finally:
            model["seconds"] += time.perf_counter() - start
            model["calls"] += len(feeds)

    StanceModel.run_each_logits = timed_run  # type: ignore[method-assign]
    storing = 0.0
    articles = list(_articles(corpus, limit))
    with tempfile.TemporaryDirectory() as tmp, Session(open_database(str(Path(tmp) / "s.db"))) as session:
        writer = ArticleWriter(session, extractor_version="bench", batch_size=32)
        for first in range(0, len(articles), BATCH):
            results = extract(nlp, articles[first : first + BATCH])
            start = time.perf_counter()
            for article, outcome in results:
                if isinstance(outcome, Exception):
                    raise outcome  # a broken measurement, not an article to skip
                writer.write(article, outcome)
            writer.commit()
            storing += time.perf_counter() - start
    StanceModel.run_each_logits = run_each_logits  # type: ignore[method-assign]
    # Components run as chained generators: each one's clock also runs while it pulls from the one before it,
    # so a stage's own time is its total minus its upstream neighbour's.
    own, upstream = {}, 0.0
    for name, total in cumulative.items():
        own[name], upstream = total - upstream, total
    return {"own": own, "model": model, "storing": storing, "articles": len(articles)}


def _instrument(nlp, name, component, totals) -> None:  # type: ignore[no-untyped-def]
    original_pipe = getattr(component, "pipe", None)
    original_call = component.__call__

    class Timed:
        def __getattr__(self, attribute):  # type: ignore[no-untyped-def]
            return getattr(component, attribute)  # components read each other's settings (the stance matcher)

        def __call__(self, doc):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            result = original_call(doc)
            totals[name] += time.perf_counter() - start
            return result

        def pipe(self, docs, **kwargs):  # type: ignore[no-untyped-def]
            iterator = original_pipe(docs, **kwargs) if original_pipe else (original_call(d) for d in docs)
            while True:
                start = time.perf_counter()
                try:
                    doc = next(iterator)
                except StopIteration:
                    return
                totals[name] += time.perf_counter() - start
                yield doc

    index = nlp.pipe_names.index(name)
    nlp._components[index] = (name, Timed())  # type: ignore[attr-defined]


def _extracted(corpus: Path, count: int) -> list[tuple[Any, Any]]:
    """The first `count` articles with their attributions, extracted once and kept in /tmp for the next run."""
    import pickle

    from tracker.nlp.pipeline import cached_nlp, extract

    cache = Path(tempfile.gettempdir()) / f"tracker-bench-extracted-{corpus.stem}-{count}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    pairs = [(a, o) for a, o in extract(cached_nlp(None), list(_articles(corpus, count))) if isinstance(o, list)]
    cache.write_bytes(pickle.dumps(pairs))
    return pairs


def _write_share(
    url: str,
    pairs: list[tuple[Any, Any]],
    copy: int,
    copies: int,
    commit_every: int,
    immediate: bool,
    go: Any,
    spans: Any,
) -> None:
    """Store `copies` renamed copies of `pairs` as one writer; report when it started and ended."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tracker.store.engine import create_db_engine
    from tracker.store.writer import ArticleWriter, existing_hashes
    from tracker.types import Article

    engine = create_db_engine(url)
    if immediate:
        # BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe): a transaction takes SQLite's write lock as it starts,
        # so writers wait on the busy timeout for each other instead of failing to turn a read into a write.
        @event.listens_for(engine, "connect")
        def _driver_begins_nothing(dbapi_connection, record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):  # type: ignore[no-untyped-def]
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    go.wait()
    start = time.time()
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="bench", batch_size=commit_every)
        for n in range(copies):
            for article, attributions in pairs:
                renamed = Article(f"{article.external_id}-{copy}-{n}", f"{article.text} {copy}-{n}")
                existing_hashes(session, [renamed.external_id])  # as a worker does before it stores a batch
                writer.write(renamed, attributions)
        writer.commit()
    spans.put((start, time.time()))
    engine.dispose()


def concurrent_writes(
    url: str, pairs: list[tuple[Any, Any]], writers: int, copies: int, commit_every: int, immediate: bool = False
) -> float:
    """Articles a second that `writers` processes store at once into `url`, each its share of the copies."""
    context = multiprocessing.get_context("spawn")
    go, spans = context.Event(), context.Queue()
    processes = [
        context.Process(target=_write_share, args=(url, pairs, w, copies, commit_every, immediate, go, spans))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    time.sleep(3)  # every writer imported and connected: the clock runs from the first write to the last
    go.set()
    times = [spans.get(timeout=1800) for _ in processes]
    for process in processes:
        process.join()
    return writers * copies * len(pairs) / (max(end for _, end in times) - min(start for start, _ in times))


def sqlite_write_paths(corpus: Path, articles: int, copies: int) -> None:
    """The two ways several local processes' work can reach one SQLite file: the client stores what the workers
    hand back (one writer, SQLite's default journal, a commit per batch), or two workers store their own
    (WAL, a busy timeout, BEGIN IMMEDIATE, a commit per article)."""
    from tracker.store.engine import open_database

    pairs = _extracted(corpus, articles)
    with tempfile.TemporaryDirectory() as tmp:
        for trial in range(2):
            for label, writers, wal in (("the client alone", 1, False), ("2 workers, WAL", 2, True)):
                path = Path(tmp) / f"w{trial}{writers}.db"
                engine = open_database(str(path))
                if wal:
                    with engine.connect() as connection:
                        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
                engine.dispose()
                rate = concurrent_writes(
                    f"sqlite:///{path}",
                    pairs,
                    writers,
                    copies if writers == 1 else copies // 2,
                    commit_every=1 if wal else 32,
                    immediate=wal,
                )
                print(f"  SQLite, {label}: {rate:.1f} articles/s ({1000 / rate:.1f} ms an article)", flush=True)


def postgres_write_rate(url: str, corpus: Path, articles: int, writer_counts: list[int], copies: int) -> None:
    """Articles a second one PostgreSQL server takes from N workers storing at once (a commit per article, as
    workers do), on real articles' attributions under new ids."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tracker.store.engine import open_database

    pairs = _extracted(corpus, articles)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    for writers in writer_counts:
        name = f"tracker_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        target = make_url(url).set(database=name).render_as_string(hide_password=False)
        try:
            open_database(target).dispose()
            rate = concurrent_writes(target, pairs, writers, copies, commit_every=1)
            print(
                f"  PostgreSQL, {writers} writer{'s' if writers > 1 else ''}: {rate:.1f} articles/s "
                f"({len(pairs) * copies * writers} articles of {len(pairs)}'s attributions)",
                flush=True,
            )
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def measure(kind: str, corpus: Path, limit: int | None, processes: int, stance: bool) -> dict[str, Any]:
    """One measurement in a child process of its own; its JSON on the child's last line of output."""
    command = [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--processes", str(processes)]
    if limit:
        command += ["--limit", str(limit)]
    if not stance:
        command.append("--no-stance")
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)  # its stderr is ours: a failure shows
    if done.returncode != 0:
        raise SystemExit(f"the {kind} measurement in {processes} process(es) failed (exit status {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def query_benchmark(quotes: int) -> None:
    """Fill a SQLite store with synthetic quotes and time the two queries users run most."""
    import random
    from datetime import date, timedelta

    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from tracker.reports.quotes import QuoteFilter, iter_quotes
    from tracker.reports.stance import StanceFilter, stance_timeline
    from tracker.store.engine import open_database

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(str(Path(tmp) / "big.db"))
        start = time.perf_counter()
        speakers, targets, per_article = 5000, 200, 20
        articles = quotes // per_article
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO outlets (name, key) VALUES ('Example Wire', 'example wire')"))
            connection.execute(
                text("INSERT INTO speakers (name, key, kind) VALUES (:n, :k, 'person')"),
                [{"n": f"Speaker {i}", "k": f"speaker {i}"} for i in range(speakers)],
            )
            connection.execute(
                text("INSERT INTO speaker_aliases (speaker_id, alias, key) VALUES (:i, :a, :k)"),
                [{"i": i + 1, "a": f"Surname{i}", "k": f"surname{i}"} for i in range(speakers)],
            )
            connection.execute(
                text("INSERT INTO targets (name, key, kind) VALUES (:n, :k, 'country')"),
                [{"n": f"Target {i}", "k": f"target {i}"} for i in range(targets)],
            )
            day0 = date(2015, 1, 1)
            connection.execute(
                text(
                    "INSERT INTO articles (external_id, outlet_id, published, text, content_hash, extractor_version) "
                    "VALUES (:e, 1, :p, 'x', 'h', 'bench')"
                ),
                [{"e": f"a{i}", "p": day0 + timedelta(days=i % 3650)} for i in range(articles)],
            )
            words = "we will not accept aggression and our partners know it very well".split()
            for chunk in range(0, quotes, 50_000):
                rows = []
                for q in range(chunk, min(quotes, chunk + 50_000)):
                    rows.append(
                        {
                            "a": q // per_article + 1,
                            "s": rng.randrange(speakers) + 1,
                            "t": " ".join(rng.choices(words, k=12)),
                            "st": (q % per_article) * 100,
                        }
                    )
                connection.execute(
                    text(
                        "INSERT INTO quotes (article_id, speaker_id, kind, text, content_start, content_end, extractor_version) "
                        "VALUES (:a, :s, 'direct', :t, :st, :st + 90, 'bench')"
                    ),
                    rows,
                )
            connection.execute(
                text(
                    "INSERT INTO stances (quote_id, target_id, mention, mention_start, mention_end, label, score) "
                    "SELECT id, 1 + (id % :targets), 'x', 0, 1, 'neutral', ((id % 21) - 10) / 10.0 FROM quotes"
                ),
                {"targets": targets},
            )
        print(
            f"filled {quotes:,} quotes, {articles:,} articles, {speakers:,} speakers in {time.perf_counter() - start:.1f} s"
        )
        with Session(engine) as session:
            for label, run in (
                ("quotes --speaker Surname42", lambda: list(iter_quotes(session, QuoteFilter(speaker="Surname42")))),
                (
                    "quotes --contains 'aggression and our'",
                    lambda: list(iter_quotes(session, QuoteFilter(contains="aggression and our", limit=100))),
                ),
                (
                    "stance --speaker Surname42 --target 'Target 7' --by month",
                    lambda: stance_timeline(session, StanceFilter(speaker="Surname42", targets=["Target 7"]), "month"),
                ),
            ):
                run()  # warm the page cache once, as a user's second query would be
                start = time.perf_counter()
                rows = run()
                print(f"{label}: {len(rows)} rows in {(time.perf_counter() - start) * 1000:.0f} ms")


def _memory(figures: list[float]) -> str:
    return " + ".join(f"{mb:.0f}" for mb in figures) + " MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=400, help="only the first N articles (0: all)")
    parser.add_argument("--no-stance", action="store_true")
    parser.add_argument("--stage-sample", type=int, default=200, help="articles for the per-stage breakdown (0: skip)")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--sqlite-writes", type=int, default=60, help="articles for the SQLite write paths (0: skip)")
    parser.add_argument("--postgres", help="a PostgreSQL server URL, to time N workers storing into it at once")
    parser.add_argument("--writers", default="1,2,4", help="worker counts for --postgres")
    parser.add_argument(
        "--quotes", type=int, default=1_000_000, help="synthetic quotes for the query benchmark (0: skip)"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a child's one measurement
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    limit = args.limit or None
    stance = not args.no_stance

    if args.measure:
        figures = (
            bare_parse(args.corpus, limit, args.processes)
            if args.measure == "bare"
            else timed_ingest(args.corpus, limit, args.processes, stance)
        )
        print(json.dumps(figures))
        return

    if not args.skip_ingest:
        texts = read_texts(args.corpus, limit)
        print(
            f"corpus: {len(texts)} articles, {sum(map(len, texts)):,} characters ({args.corpus.name}); "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        bare = {n: measure("bare", args.corpus, limit, n, stance) for n in (1, 2)}
        print(f"bare nlp.pipe of the full pipeline ({', '.join(bare[1]['components'])}):")
        for n, figures in bare.items():
            print(
                f"  {n} process{'es' if n > 1 else ''}: {figures['seconds']:.1f} s, "
                f"{len(texts) / figures['seconds']:.2f} articles/s, {figures['tokens'] / figures['seconds']:,.0f} "
                f"tokens/s; peak memory {_memory(figures['memory'])}",
                flush=True,
            )
        ingests = {n: measure("ingest", args.corpus, limit, n, stance) for n in (1, 2)}
        print(f"tracker ingest{'' if stance else ' --no-stance'}:")
        for n, figures in ingests.items():
            print(
                f"  {n} worker{'s' if n > 1 else ''}: {figures['seconds']:.1f} s after a start-up of "
                f"{figures['start']:.1f} s (processes) + {figures['warm']:.1f} s (pipelines loaded), "
                f"{len(texts) / figures['seconds']:.2f} articles/s; of the bare parse in as many processes: "
                f"{bare[n]['seconds'] / figures['seconds']:.2f}; peak memory, client + workers: "
                f"{_memory(figures['memory'])}; {figures['summary']}",
                flush=True,
            )
            link = figures["link"]
            print(
                f"    of which relinking and regrouping at the end: {link['seconds']:.1f} s"
                + (f" (FAILED: {link['error']})" if link["error"] else ""),
                flush=True,
            )
        bare_gain = bare[1]["seconds"] / bare[2]["seconds"]
        ingest_gain = ingests[1]["seconds"] / ingests[2]["seconds"]
        print(
            f"2 against 1: bare parse {bare_gain:.2f}x, ingest {ingest_gain:.2f}x "
            f"({ingest_gain / bare_gain:.2f} of the bare parse's gain)"
        )
        if args.stage_sample:
            stages = stage_seconds(args.corpus, min(args.stage_sample, len(texts)), stance)
            total = sum(stages["own"].values())
            print(
                f"stage shares (instrumented run over the first {stages['articles']} articles, one process, "
                f"{total:.1f} s in the pipeline, {stages['storing']:.1f} s storing):"
            )
            for name, value in stages["own"].items():
                print(f"  {name:<22} {value:7.1f} s  {100 * value / total:5.1f} %")
            model = stages["model"]
            if model["calls"]:
                print(
                    f"  of which the stance model: {model['seconds']:.1f} s ({100 * model['seconds'] / total:.1f} %, "
                    f"{model['calls']} targets, {1000 * model['seconds'] / model['calls']:.2f} ms a target)"
                )
            print(f"  storing: {100 * stages['storing'] / (total + stages['storing']):.1f} % of extracting and storing")
    if args.sqlite_writes:
        print(
            f"storing into SQLite from several local processes ({args.sqlite_writes} articles' attributions, "
            "stored 4 times over under new ids):",
            flush=True,
        )
        sqlite_write_paths(args.corpus, args.sqlite_writes, copies=4)
    if args.postgres:
        print("storing into one PostgreSQL server from workers at once:", flush=True)
        postgres_write_rate(
            args.postgres, args.corpus, args.sqlite_writes or 60, [int(n) for n in args.writers.split(",")], copies=4
        )
    if args.quotes:
        query_benchmark(args.quotes)


if __name__ == "__main__":
    main()

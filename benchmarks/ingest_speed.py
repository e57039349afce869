"""Ingest speed against the bare spaCy parse, and query speed on a store of a million quotes.

Prints figures, asserts nothing: targets (issue "Speed and scale") are read off the output.

    python benchmarks/ingest_speed.py                       # 840 PolNeAR train articles
    python benchmarks/ingest_speed.py --limit 200 --workers 2
    python benchmarks/ingest_speed.py --skip-ingest --quotes 1000000   # query timings only
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def bare_parse(texts: list[str], batch_size: int) -> tuple[float, int]:
    import spacy

    from tracker.nlp.pipeline import UNUSED_COMPONENTS, _pick_model

    nlp = spacy.load(_pick_model(None), exclude=list(UNUSED_COMPONENTS))
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - start, tokens


def _articles(corpus: Path, limit: int | None) -> Iterator:  # type: ignore[type-arg]
    from tracker.sources import read_paths

    for count, item in enumerate(read_paths([str(corpus)])):
        if limit and count >= limit:
            return
        yield item


def timed_ingest(corpus: Path, limit: int | None, workers: int, stance: bool) -> tuple[float, float, str]:
    """Ingest into a fresh database, as `tracker ingest` does; returns seconds, seconds spent storing, summary."""
    from tracker.ingest import ingest
    from tracker.nlp import load_nlp
    from tracker.store.engine import open_database
    from tracker.store.writer import ArticleWriter

    nlp = load_nlp(stance=stance)
    storing = 0.0
    write = ArticleWriter.write

    def timed_write(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal storing
        start = time.perf_counter()
        try:
            return write(self, *args, **kwargs)
        finally:
            storing += time.perf_counter() - start

    ArticleWriter.write = timed_write  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_database(str(Path(tmp) / "bench.db"))
            start = time.perf_counter()
            summary = ingest(_articles(corpus, limit), engine, nlp, workers=workers)
            seconds = time.perf_counter() - start
    finally:
        ArticleWriter.write = write  # type: ignore[method-assign]
    return seconds, storing, summary.render()


def stage_seconds(corpus: Path, limit: int, stance: bool) -> tuple[dict[str, float], dict[str, float]]:
    """Each pipeline component's own seconds over the first `limit` articles, in a separate, instrumented run
    (the wrappers cost time of their own, so the headline figures above come from an uninstrumented run);
    and the stance model's work beside the parse: seconds and calls (one per target) in its thread, and the
    CPU seconds of its helper process."""
    from tracker.nlp import load_nlp
    from tracker.nlp.pipeline import process
    from tracker.stance.model import StanceModel

    nlp = load_nlp(stance=stance)
    cumulative: dict[str, float] = {name: 0.0 for name in nlp.pipe_names}
    for name, component in list(nlp.pipeline):
        _instrument(nlp, name, component, cumulative)
    model_work = {"seconds": 0.0, "calls": 0.0, "helper": 0.0}
    run_each = StanceModel.run_each

    def timed_run_each(self, feeds):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return run_each(self, feeds)
        finally:
            model_work["seconds"] += time.perf_counter() - start
            model_work["calls"] += len(feeds)

    StanceModel.run_each = timed_run_each  # type: ignore[method-assign]
    children_before = _children_cpu_seconds()
    try:
        for _ in process(nlp, _articles(corpus, limit), batch_size=16):
            pass
    finally:
        StanceModel.run_each = run_each  # type: ignore[method-assign]
    # From the third group of docs on, the model runs in a helper process, which has ended by now.
    model_work["helper"] = _children_cpu_seconds() - children_before
    # Components run as chained generators: each one's clock also runs while it pulls from the one before
    # it, so a stage's own time is its total minus its upstream neighbour's.
    own, upstream = {}, 0.0
    for name, total in cumulative.items():
        own[name], upstream = total - upstream, total
    return own, model_work


def _instrument(nlp, name, component, totals) -> None:  # type: ignore[no-untyped-def]
    original_pipe = getattr(component, "pipe", None)
    original_call = component.__call__

    class Timed:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--no-stance", action="store_true")
    parser.add_argument(
        "--stage-sample", type=int, default=200, help="articles for the per-stage breakdown (0: skip it)"
    )
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument(
        "--quotes", type=int, default=1_000_000, help="synthetic quotes for the query benchmark (0: skip)"
    )
    args = parser.parse_args()

    if not args.skip_ingest:
        texts = read_texts(args.corpus, args.limit)
        chars = sum(len(t) for t in texts)
        print(f"corpus: {len(texts)} articles, {chars:,} characters ({args.corpus.name})")
        parse_seconds, tokens = bare_parse(texts, args.batch_size)
        print(
            f"bare nlp.pipe: {parse_seconds:.1f} s, {len(texts) / parse_seconds:.1f} articles/s, {tokens / parse_seconds:,.0f} tokens/s"
        )
        seconds, storing, summary = timed_ingest(args.corpus, args.limit, args.workers, not args.no_stance)
        print(
            f"tracker ingest (workers={args.workers}): {seconds:.1f} s, {len(texts) / seconds:.1f} articles/s, "
            f"{tokens / seconds:,.0f} tokens/s, storing {storing:.1f} s ({100 * storing / seconds:.1f} %); {summary}"
        )
        print(f"ratio ingest / bare parse throughput: {parse_seconds / seconds:.2f}")
        if args.stage_sample:
            sample = min(args.stage_sample, len(texts))
            own, model_work = stage_seconds(args.corpus, sample, not args.no_stance)
            total = sum(own.values())
            print(f"stage shares of the pipeline (instrumented run over the first {sample} articles, {total:.1f} s):")
            for name, value in own.items():
                print(f"  {name:<22} {value:7.1f} s  {100 * value / total:5.1f} %")
            if model_work["calls"] or model_work["helper"]:
                parse = sum(v for k, v in own.items() if not k.startswith("tracker_"))
                print(
                    f"  stance model beside the parse: {model_work['seconds']:.1f} s in its thread "
                    f"({model_work['calls']:.0f} targets, the first two groups of docs), then "
                    f"{model_work['helper']:.1f} CPU s in its helper process; together "
                    f"{100 * (model_work['seconds'] + model_work['helper']) / parse:.0f} % of the spaCy components' time"
                )
        print(f"peak memory: {peak_rss_mb():.0f} MB")
    if args.quotes:
        query_benchmark(args.quotes)


if __name__ == "__main__":
    main()

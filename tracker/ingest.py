"""Ingest: read articles, extract attributions, store them. Extraction never touches the database.

The client (the `tracker ingest` process) reads the inputs, leaves out what is stored already, and hands batches
of plain Article records to the workers of a Dask cluster (`tracker.cluster`); each worker extracts its batch
with its own copy of the pipeline and stores it, or, on SQLite, hands the attributions back for the client to
store. An input of one batch or less is done in the client itself, by the same `run_batch`, without a cluster.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.util import minibatch
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tracker.errors import ClusterError, WorkerDied
from tracker.nlp.pipeline import Outcome, cached_nlp, check_model, extract, extractor_version, warm_up
from tracker.sources import ReadFailure
from tracker.store import models
from tracker.store.engine import classify_write_error, create_db_engine
from tracker.store.writer import ArticleWriter, existing_hashes
from tracker.types import Article, Attribution

if TYPE_CHECKING:
    from distributed import Client

LOOKUP_CHUNK = 64
CLUSTER_HINT = 'install Dask for that: pip install -e ".[cluster]"'


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


@dataclass(frozen=True)
class Job:
    """What every batch of one ingest shares: plain data, sent to the workers with each batch."""

    db: str | None  # the URL workers store into; None: they hand the attributions back to the client
    model: str | None
    stance: bool
    reprocess: bool
    aliases: tuple[tuple[str, str, str], ...] = ()  # the stored target alias table: (alias, target, kind)


@dataclass
class Stored:
    """What became of one article of a batch."""

    status: str  # "new", "updated", "unchanged" (stored already with this text), "failed" or "extracted"
    quotes: int = 0
    error: str | None = None  # for "failed": what went wrong, after the article's origin
    attributions: list[Attribution] | None = None  # for "extracted": what the client is to store
    version: str = ""  # the extractor version of "extracted" attributions


class HeldBack:
    """Articles kept for the end of a run, the last one of each id, in a temporary file, so that memory stays
    flat however many there are (every article whose stored text changed is one)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._offsets: dict[str, int] = {}  # by id: where its last article starts in the file

    def __contains__(self, external_id: str) -> bool:
        return external_id in self._offsets

    def put(self, article: Article) -> None:
        """Keep `article`, in place of the one held for its id."""
        self._file.seek(0, os.SEEK_END)
        self._offsets[article.external_id] = self._file.tell()
        pickle.dump(article, self._file)

    def drop(self, external_id: str) -> None:
        del self._offsets[external_id]

    def __iter__(self) -> Iterator[Article]:
        for offset in list(self._offsets.values()):
            self._file.seek(offset)
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


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
    *,
    model: str | None = None,
    stance: bool = True,
    reprocess: bool = False,
    workers: int | None = None,
    cluster: str | Client | None = None,
    batch_size: int = 32,
    on_article: Callable[[IngestSummary], None] = lambda summary: None,
    on_failure: Callable[[str], None] = lambda message: None,
    on_warning: Callable[[str], None] = lambda message: None,
) -> IngestSummary:
    """Store every article of `items` with its attributions.

    Args:
        items: articles and read failures, as `tracker.sources.read_paths` gives them.
        engine: the migrated database.
        model: the spaCy pipeline the workers load (see `tracker.nlp.load_nlp`).
        stance: also detect targets and stance.
        reprocess: extract again articles stored with the same text.
        workers: processes of the local cluster; every core by default.
        cluster: a running Dask scheduler's address (tcp://HOST:8786), or a connected Dask client, to use
            instead of a local cluster.
        batch_size: articles per batch handed to a worker.
        on_article: called with the running summary after each article.
        on_failure: called with a one-line message, naming the article's file and line, for each failure.
        on_warning: called with a one-line message, naming the article's file and line, for an id that comes
            again with another text.

    Each article is stored in its own transaction, all of it or nothing, and a batch's work is redone when
    its worker dies, so a run killed at any point and then repeated ends in the same state as one clean run.
    Articles already stored with the same text are skipped unless `reprocess` is set. When one id comes
    several times, the last text wins, in one run as across runs: the articles whose stored text would change
    are held back until every other article is done, and only the last of each id is stored. A text that a
    later one of the run replaces before it is stored counts as unchanged.

    Raises:
        ClusterError: the cluster cannot be started or reached, or Dask is missing for a cluster asked for.
        ModelNotFoundError: the pipeline cannot be loaded.
        StorageUnavailable: the database takes no more writes.
    """
    summary = IngestSummary()

    def fail(message: str) -> None:
        summary.failed += 1
        summary.failures.append(message)
        on_failure(message)
        on_article(summary)

    with Session(engine) as session, closing(HeldBack()) as held:
        writer = ArticleWriter(session, extractor_version="", batch_size=batch_size)
        aliases = seed_aliases(writer) if stance else ()
        # SQLite takes one writer at a time: the workers hand their attributions back and the client stores
        # them (see README, Speed); PostgreSQL takes the writes of every worker at once.
        job = Job(_worker_url(engine), model, stance, reprocess, aliases)

        def to_process() -> Iterator[Article]:
            # The hash of the last text of each id seen in this run; and, for the ids held back, the hash of the
            # text the store holds once the articles handed out before are done. A repeated id is decided on
            # these, never on the store, which this run's own writes are changing meanwhile.
            latest: dict[str, str] = {}
            settled: dict[str, str] = {}
            chunk: list[Article] = []

            def unchanged() -> None:
                summary.unchanged += 1
                on_article(summary)

            def flush() -> Iterator[Article]:
                stored = existing_hashes(session, (a.external_id for a in chunk))
                session.commit()  # ends the read, which would otherwise hold SQLite's shared lock for the run
                for article in chunk:
                    key, digest = article.external_id, article.content_hash
                    previous = latest.get(key)
                    latest[key] = digest
                    if previous is None:
                        known = stored.get(key)
                        if known == digest and not reprocess:
                            unchanged()
                        elif known is None or reprocess:
                            yield article
                        else:
                            # An update: held back, in case a later article of the run brings this id back
                            # with the stored text, which is then left as it is.
                            held.put(article)
                            settled[key] = known
                        continue
                    if previous == digest:
                        unchanged()
                        continue
                    on_warning(
                        f"{article.origin}: id {key!r} came before in this run with another text; this one is stored"
                    )
                    if key in held:
                        unchanged()  # the text held for it is replaced before it was stored
                    base = settled.setdefault(key, previous)
                    if digest == base:
                        held.drop(key)
                        del settled[key]
                        unchanged()
                    else:
                        held.put(article)
                chunk.clear()

            for item in items:
                if isinstance(item, ReadFailure):
                    fail(item.message)
                    continue
                chunk.append(item)
                if len(chunk) >= LOOKUP_CHUNK:
                    yield from flush()
            yield from flush()

        batches: Iterator[list[Article]] = iter(minibatch(to_process(), batch_size))
        later: Iterator[list[Article]] = iter(minibatch(held, batch_size))  # read once `batches` is done
        first = list(islice(batches, 2))
        # Fewer than two batches: the input is read, and the held-back articles count as much as the others.
        first_later = list(islice(later, 2 - len(first)))
        with ExitStack() as stack:
            client: Client | None = None
            if cluster is not None or (len(first + first_later) > 1 and (workers is not None or _have_dask())):
                client = stack.enter_context(_client(cluster, workers, model))
                from tracker.cluster import Preload, map_batches

                client.register_plugin(Preload(warm_up, model, stance), name=f"tracker-pipeline-{model}-{stance}")
            # else one batch or less, not worth a cluster's start-up; or no Dask: every batch is done here.

            def run(work: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Stored] | BaseException]]:
                if client is None:
                    return ((batch, run_batch(batch, job)) for batch in work)
                return map_batches(client, run_batch, work, job)

            # The held-back articles go out once every other is stored, so that the later text of an id wins
            # whatever order the workers finish in.
            results = chain(run(chain(first, batches)), run(chain(first_later, later)))
            for batch, outcome in results:
                if isinstance(outcome, WorkerDied):
                    fail(f"{batch[0].origin}: extraction failed: {outcome}")
                    continue
                if isinstance(outcome, BaseException):
                    raise outcome  # the same for every batch (no pipeline, no database): stop, and stop the cluster
                for article, stored in zip(batch, outcome, strict=True):
                    if stored.status == "extracted":
                        writer.extractor_version = stored.version
                        stored = store(writer, article, stored.attributions or [])
                    if stored.status == "failed":
                        fail(f"{article.origin}: {stored.error}")
                        continue
                    setattr(summary, stored.status, getattr(summary, stored.status) + 1)
                    summary.quotes += stored.quotes
                    on_article(summary)
                writer.commit()
        if summary.new or summary.updated:
            link(session)
    return summary


def _have_dask() -> bool:
    return importlib.util.find_spec("distributed") is not None


def _client(cluster: str | Client | None, workers: int | None, model: str | None):  # type: ignore[no-untyped-def]
    """A context giving the Dask client to use: `cluster` itself when it is one, else one connected to the
    scheduler at `cluster`, else one of a local cluster of `workers` processes started for this ingest."""
    if not _have_dask():
        raise ClusterError(f"a cluster of worker processes needs Dask; {CLUSTER_HINT}")
    from contextlib import nullcontext

    from tracker.cluster import connect

    if cluster is not None and not isinstance(cluster, str):
        return nullcontext(cluster)
    if cluster is None:
        check_model(model)  # before starting processes that would each fail to load it
    return connect(workers=workers, address=cluster)


def _worker_url(engine: Engine) -> str | None:
    """The database URL workers store into (with its password), or None on SQLite, where the client stores."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return None
    return url.render_as_string(hide_password=False)


def run_batch(articles: list[Article], job: Job) -> list[Stored]:
    """Extract a batch of articles and store them, or hand their attributions back: a cluster worker's task,
    also run in the client itself for a small input. One entry per article, in order."""
    nlp = cached_nlp(job.model, stance=job.stance)
    _use_aliases(nlp, job.aliases)
    version = extractor_version(nlp)
    if job.db is None:
        return [
            Stored("failed", error=_extraction_error(outcome))
            if isinstance(outcome, Exception)
            else Stored("extracted", attributions=outcome, version=version)
            for _, outcome in extract(nlp, articles)
        ]
    with Session(_engine(job.db)) as session:
        # A batch is run again when its worker died partway: what that run stored is not extracted twice.
        known = {} if job.reprocess else existing_hashes(session, (a.external_id for a in articles))
        session.commit()
        results: dict[int, Stored] = {
            index: Stored("unchanged") for index, a in enumerate(articles) if known.get(a.external_id) == a.content_hash
        }
        todo = [(index, a) for index, a in enumerate(articles) if index not in results]
        writer = ArticleWriter(session, extractor_version=version, batch_size=1)
        for (index, article), (_, outcome) in zip(todo, extract(nlp, [a for _, a in todo]), strict=True):
            results[index] = store(writer, article, outcome)
        writer.commit()
    return [results[index] for index in range(len(articles))]


def store(writer: ArticleWriter, article: Article, outcome: Outcome) -> Stored:
    """Store one article's attributions (an exception: what stopped its extraction) and say what became of it.

    Raises:
        StorageUnavailable: the database takes no more writes (read-only, full), so every later article
            would fail the same way.
    """
    if isinstance(outcome, Exception):
        return Stored("failed", error=_extraction_error(outcome))
    try:
        result = writer.write(article, outcome)
    except SQLAlchemyError as exc:
        if (unavailable := classify_write_error(exc)) is not None:
            raise unavailable from exc
        return Stored("failed", error=f"not stored: {type(exc).__name__}: {exc.orig if hasattr(exc, 'orig') else exc}")
    return Stored(result.status, result.quotes if result.status != "unchanged" else 0)


def _extraction_error(exc: Exception) -> str:
    return f"extraction failed: {type(exc).__name__}: {exc}"


_engines: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    """One engine per database per worker process, kept from batch to batch (the client has migrated it)."""
    if url not in _engines:
        _engines[url] = create_db_engine(url)
    return _engines[url]


_aliases_in_use: dict[int, tuple[tuple[str, str, str], ...]] = {}


def _use_aliases(nlp: Language, aliases: Sequence[tuple[str, str, str]]) -> None:
    """Have the pipeline's stance component match the stored alias table, which includes the rows users added."""
    if "tracker_stance" not in nlp.pipe_names or _aliases_in_use.get(id(nlp)) == tuple(aliases):
        return
    from tracker.stance.targets import TargetAlias, TargetMatcher

    component = nlp.get_pipe("tracker_stance")
    component.matcher = TargetMatcher(TargetAlias(*row) for row in aliases)  # type: ignore[attr-defined, arg-type]
    _aliases_in_use[id(nlp)] = tuple(aliases)


def link(session: Session) -> None:
    """Relink every stored name to its entity (tracker.entities.linking), then regroup the statements of
    the speakers whose reports changed (tracker.statements), and commit."""
    from tracker.entities.linking import relink
    from tracker.statements.store import regroup

    relink(session)
    regroup(session)
    session.commit()


def seed_aliases(writer: ArticleWriter) -> tuple[tuple[str, str, str], ...]:
    """Store the built-in target alias table; return the stored one, which includes the rows users added."""
    from tracker.stance.targets import default_aliases

    writer.seed_target_aliases((a.alias, a.canonical, a.kind) for a in default_aliases())
    stored = writer.session.execute(
        select(models.TargetAlias.alias, models.Entity.name, models.Entity.kind)
        .join(models.Entity, models.Entity.id == models.TargetAlias.target_id)
        .order_by(models.TargetAlias.id)
    )
    rows = tuple((alias, name, kind) for alias, name, kind in stored)
    writer.session.commit()
    return rows


def expected_articles(paths: Sequence[str], fmt: str | None = None) -> int | None:
    """How many articles (or failures) reading `paths` gives, when that is cheap to know: one per text or HTML
    file, one per line that is not blank in a JSON Lines file. None when an input cannot be counted without
    reading it all (standard input, a FIFO, JSON, a feed), or a pattern or directory fails to expand."""
    from tracker.sources import EXTENSIONS, expand_paths

    total = 0
    for found in expand_paths(paths):
        if isinstance(found, ReadFailure):
            total += 1
            continue
        if not isinstance(found, str):
            continue  # skipped: a file of another type, a FIFO in a directory
        kind = fmt or EXTENSIONS.get(Path(found).suffix.lower())
        if found == "-" or not os.path.isfile(found):
            return None
        if kind in ("txt", "html") or kind is None:
            total += 1  # an article, or the one failure of an unknown format
        elif kind == "jsonl":
            try:
                with open(found, "rb") as stream:
                    total += sum(1 for line in stream if line.strip()) or 1
            except OSError:
                total += 1  # reported as one failure
        else:
            return None
    return total

"""Following feeds: poll each one politely, ingest its new entries, and keep what each poll learned in `feeds`.

A round polls every feed that is not backing off, with the validators of its last good poll, and hands the
entries of those that changed to `tracker.ingest.ingest`, the same function as `tracker ingest`. Entries whose
article is stored already (by id or URL) are not fetched again; those with full content in the feed are left
to ingest, which skips an article whose text hash is unchanged. A feed's state is written only after its
entries are stored, so a watch killed at any point and started again fetches those entries again rather
than losing them, and ingest stores each article once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.errors import InputError
from tracker.ingest import IngestSummary, ingest
from tracker.sources import Note, ReadFailure, ReadWarning, is_url
from tracker.sources.base import cleaned
from tracker.sources.http import AlreadyStored, Fetcher, FetchError, Response, feed_items, kind_of
from tracker.store import models
from tracker.types import Article

#: The longest a failing feed is left alone; a Retry-After asking for longer is still obeyed.
MAX_BACKOFF = timedelta(days=1)
MAX_URL_LENGTH = 2000  # feeds.url
_LOOKUP_CHUNK = 500  # ids per IN (...) when asking which entries are stored

Status = Literal["read", "not modified", "failed", "waiting"]


@dataclass
class FeedPoll:
    """What one round did with one feed."""

    url: str
    status: Status
    error: str | None = None  # for "failed": the one-line message
    retry_after: float | None = None  # for "failed": the wait the server asked for
    etag: str | None = None  # for "read" and "not modified": the validators the server sent
    last_modified: str | None = None
    entries: int = 0  # entries handed to ingest
    entry_failures: int = 0
    first_entry_error: str | None = None


@dataclass
class Round:
    """One poll of every feed, and what ingesting their new entries gave."""

    number: int
    started: datetime  # UTC
    feeds: list[FeedPoll]
    articles: IngestSummary
    stored_already: int = 0  # entries whose article was stored, so not fetched

    @property
    def failed(self) -> bool:
        """A feed could not be polled, or an entry of one could not be read or stored."""
        return any(f.status == "failed" for f in self.feeds) or self.articles.failed > 0

    def count(self, status: Status) -> int:
        return sum(1 for f in self.feeds if f.status == status)

    def render(self) -> str:
        when = self.started.strftime("%Y-%m-%dT%H:%M:%SZ")
        feeds = f"{len(self.feeds)} {'feed' if len(self.feeds) == 1 else 'feeds'}"
        states = ", ".join(f"{self.count(s)} {s}" for s in ("read", "not modified", "failed", "waiting"))
        known = f"; {self.stored_already} stored already, not fetched" if self.stored_already else ""
        return f"round {self.number} at {when}: {feeds} ({states}); {self.articles.render()}{known}"


def read_feed_list(inputs: Sequence[str]) -> list[str]:
    """The feed URLs among `inputs`, and in the files among them (one URL a line; blank lines and lines starting
    with # are ignored), in order, each once.

    Raises:
        InputError: a file cannot be read, a line of one is no http(s) URL, or a URL is too long to store.
    """
    urls: dict[str, None] = {}
    for value in inputs:
        if is_url(value):
            urls[_checked(value.strip(), value)] = None
            continue
        try:
            lines = Path(value).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise InputError(f"{value}: no such file, and not an http(s) URL") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{value}: cannot read the feed list: {getattr(exc, 'strerror', None) or exc}") from None
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not is_url(line):
                raise InputError(f"{value}:{number}: not an http(s) URL: {line!r}")
            urls[_checked(line, f"{value}:{number}")] = None
    if not urls:
        raise InputError(f"no feed URL in {', '.join(inputs)}")
    return list(urls)


def _checked(url: str, origin: str) -> str:
    if len(url) > MAX_URL_LENGTH:
        raise InputError(f"{origin}: URL is {len(url)} characters long; at most {MAX_URL_LENGTH} can be stored")
    return url


def utcnow() -> datetime:
    """Now in UTC, naive, as the `feeds` table keeps times."""
    return datetime.now(UTC).replace(tzinfo=None)


def backoff(failures: int, every: float, retry_after: float | None) -> timedelta:
    """How long a feed that failed `failures` times in a row is left alone.

    Half a round after the first failure, so the next round tries again; each failure after that doubles
    it, up to a day; never less than the server's Retry-After.
    """
    wait = min(timedelta(seconds=every / 2 * 2 ** (failures - 1)), MAX_BACKOFF)
    return max(wait, timedelta(seconds=retry_after or 0))


def _register(session: Session, urls: Sequence[str]) -> None:
    """A `feeds` row for every URL; two watchers registering one feed at once make one row."""
    if not urls:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(models.Feed.__table__).on_conflict_do_nothing(index_elements=["url"])
    session.execute(insert, [{"url": url, "failures": 0} for url in urls])


def stored_among(engine: Engine, candidates: Sequence[str]) -> set[str]:
    """The strings among `candidates` that a stored article has as its external id or its URL."""
    found: set[str] = set()
    values = iter(dict.fromkeys(candidates))
    with Session(engine) as session:
        while chunk := list(islice(values, _LOOKUP_CHUNK)):
            rows = session.execute(
                select(models.Article.external_id, models.Article.url).where(
                    or_(models.Article.external_id.in_(chunk), models.Article.url.in_(chunk))
                )
            )
            wanted = set(chunk)
            for external_id, url in rows:
                found.update(value for value in (external_id, url) if value in wanted)
    return found


def poll(
    engine: Engine,
    urls: Sequence[str],
    fetcher: Fetcher,
    *,
    every: float,
    number: int = 1,
    on_failure: Callable[[str], None] = lambda message: None,
    on_note: Callable[[Note], None] = lambda note: None,
    **ingest_options: Any,
) -> Round:
    """One round: poll every feed of `urls` that is not backing off, ingest the new entries, save each feed's state.

    Args:
        engine: the migrated database.
        urls: the feeds.
        fetcher: the HTTP client, kept from round to round so its per-host pacing holds across them.
        every: seconds between rounds, the unit of backoff (see `backoff`).
        number: the round's number, for its summary.
        on_failure: called with a one-line message for each feed or entry that fails.
        on_note: called with warnings about entries that were read.
        ingest_options: passed to `tracker.ingest.ingest` (model, stance, workers, cluster, batch_size).

    Raises:
        TrackerError: what stops ingest (no pipeline, a database that takes no writes, no cluster).
    """
    started = utcnow()
    with Session(engine) as session, session.begin():
        _register(session, urls)
    with Session(engine) as session:
        states = {f.url: f for f in session.scalars(select(models.Feed).where(models.Feed.url.in_(urls)))}
        session.expunge_all()
    polls: list[FeedPoll] = []
    feed_of: dict[str, FeedPoll] = {}  # an entry's origin -> its feed, to charge ingest's failures to it
    fetched: set[str] = set()  # entry links fetched this round: one in two feeds is fetched once
    round_ = Round(number, started, polls, IngestSummary())

    def known(candidates: list[str]) -> set[str]:
        return stored_among(engine, candidates) | (set(candidates) & fetched)

    def entries() -> Iterator[Article | ReadFailure]:
        for url in urls:
            state = states[url]
            if state.backoff_until is not None and state.backoff_until > started:
                polls.append(FeedPoll(url, "waiting"))
                continue
            try:
                response = fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
                result = FeedPoll(url, "read", etag=response.etag, last_modified=response.last_modified)
                if response.not_modified:
                    result.status = "not modified"
                    polls.append(result)
                    continue
                if _kind(response) != "feed":
                    raise FetchError(
                        url, f"not an RSS or Atom feed (Content-Type {response.content_type or 'missing'})"
                    )
                items = list(feed_items(response, url, fetcher, {}, known=known))
            except InputError as exc:
                retry_after = exc.retry_after if isinstance(exc, FetchError) else None
                polls.append(FeedPoll(url, "failed", error=str(exc), retry_after=retry_after))
                on_failure(str(exc))
                continue
            polls.append(result)
            for item in items:
                if isinstance(item, AlreadyStored):
                    round_.stored_already += 1
                elif isinstance(item, ReadWarning):
                    on_note(item)
                else:
                    if isinstance(item, Article):
                        item = _without_nul(item, on_note)
                    fetched.add(item.origin)  # a fetched entry's origin is its link
                    feed_of[item.origin] = result
                    result.entries += 1
                    yield item

    def failed(message: str) -> None:
        # ingest names the entry first ("ORIGIN: reason"); origins are URLs or URL#N, which hold no ": ".
        feed = feed_of.get(message.split(": ", 1)[0])
        if feed is not None:
            feed.entry_failures += 1
            feed.first_entry_error = feed.first_entry_error or message
        on_failure(message)

    round_.articles = ingest(entries(), engine, on_failure=failed, **ingest_options)
    _save(engine, polls, started, every)
    return round_


def _kind(response: Response) -> str | None:
    try:
        return kind_of(response)
    except FetchError:  # an image, a PDF: for a feed, the message says what was expected instead
        return None


def _without_nul(article: Article, on_note: Callable[[Note], None]) -> Article | ReadFailure:
    """The article without NUL characters, as every reader gives it (see tracker.sources.base.cleaned)."""
    try:
        clean, fields = cleaned(article)
    except InputError as exc:  # nothing but NULs
        return ReadFailure(article.origin, str(exc))
    if fields:
        on_note(ReadWarning(article.origin, f"{article.origin}: NUL characters removed from {', '.join(fields)}"))
    return clean


def _save(engine: Engine, polls: Sequence[FeedPoll], started: datetime, every: float) -> None:
    with Session(engine) as session, session.begin():
        feeds = {
            f.url: f for f in session.scalars(select(models.Feed).where(models.Feed.url.in_([p.url for p in polls])))
        }
        for result in polls:
            feed = feeds[result.url]
            if result.status == "waiting":
                continue
            feed.last_polled = started
            if result.status == "failed":
                feed.failures += 1
                feed.last_error = result.error
                feed.backoff_until = started + backoff(feed.failures, every, result.retry_after)
                continue
            feed.failures, feed.backoff_until = 0, None
            feed.last_error = (
                f"{result.entry_failures} of {result.entries} entries failed; the first: {result.first_entry_error}"
                if result.entry_failures
                else None
            )
            # After a failed entry the old validators stay, so the next round reads the feed again and retries
            # it; the entries stored meanwhile are not fetched again.
            if result.status == "read" and not result.entry_failures:
                feed.etag, feed.last_modified = result.etag, result.last_modified
            elif result.status == "not modified":
                feed.etag = result.etag or feed.etag
                feed.last_modified = result.last_modified or feed.last_modified


@dataclass
class Watch:
    """Rounds of `poll` every `every` seconds, over the feeds `feeds()` gives at the start of each."""

    engine: Engine
    feeds: Callable[[], list[str]]
    fetcher: Fetcher
    every: float
    on_round: Callable[[Round], None] = lambda round_: None
    on_failure: Callable[[str], None] = lambda message: None
    on_note: Callable[[Note], None] = lambda note: None
    ingest_options: dict[str, Any] = field(default_factory=dict)

    def run(self, rounds: int | None = None) -> Round:
        """Poll until `rounds` are done (forever when None); the last round. A KeyboardInterrupt stops it."""
        number = 0
        while True:
            number += 1
            start = time.monotonic()
            last = poll(
                self.engine,
                self.feeds(),
                self.fetcher,
                every=self.every,
                number=number,
                on_failure=self.on_failure,
                on_note=self.on_note,
                **self.ingest_options,
            )
            self.on_round(last)
            if rounds is not None and number >= rounds:
                return last
            time.sleep(max(0.0, start + self.every - time.monotonic()))

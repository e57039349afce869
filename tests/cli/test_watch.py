"""`tracker watch` (issue #18): rounds over real feeds served on 127.0.0.1, conditional requests, failures and
backoff, signals, and a watch killed mid-round that loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from tests.conftest import ROOT
from tests.sources.servers import Reply, Request, Site, article_page, document, rss, rss_item
from tracker.cli import cli
from tracker.store import models
from tracker.store.engine import open_database

SPEAKERS = ["Maria Santos", "Ann Lee", "Omar Haddad", "Grace Obi", "Luis Ortega", "Mei Chen"]


def _paragraphs(n: int) -> list[str]:
    """A story with quotes and reported speech, different for each n, for the pipeline to find."""
    a, b = SPEAKERS[n % len(SPEAKERS)], SPEAKERS[(n + 1) % len(SPEAKERS)]
    return [
        f"“We will not back down on item {n},” union leader {a} said on Tuesday, as the strike entered its {n}th day.",
        f"{b}, the city's budget director, said the council would vote on the contract next month.",
        f"“This is the best offer the city can make,” {b} told reporters outside City Hall.",
    ]


def _teaser_feed(site: Site, numbers: range, **validators: object) -> Callable[[Request], Reply]:
    for n in numbers:
        site.routes[f"/a/{n}"] = document(article_page(f"Story {n}", _paragraphs(n)))
    items = [rss_item(f"urn:story:{n}", f"Story {n}", f"/a/{n}", description="A teaser.") for n in numbers]
    return document(rss("Example News", items), "application/rss+xml", **validators)  # type: ignore[arg-type]


def _watch(runner: CliRunner, db: str, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["--db", db, "watch", "--once", "--delay", "0", "--no-stance", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stderr.splitlines()


def _feeds(db: str) -> dict[str, models.Feed]:
    with Session(open_database(db)) as session:
        feeds = {f.url: f for f in session.scalars(select(models.Feed))}
        session.expunge_all()
        return feeds


def _articles(db: str) -> list[tuple[str, str]]:
    with Session(open_database(db)) as session:
        return sorted(
            (i, h) for i, h in session.execute(select(models.Article.external_id, models.Article.content_hash))
        )


def _quotes(db: str) -> list[tuple[object, ...]]:
    with open_database(db).connect() as connection:
        return sorted(
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT a.external_id, q.kind, q.text, q.content_start, q.speaker_name FROM quotes q "
                    "JOIN articles a ON a.id = q.article_id"
                )
            )
        )


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.fixture
def limited() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.mark.slow
def test_a_second_round_sends_conditional_requests_and_fetches_nothing_new(
    runner: CliRunner, db: str, site: Site
) -> None:
    site.routes["/etag.xml"] = document(
        rss("Full Text News", [rss_item("urn:full:1", "Full 1", "https://news.example/full/1",
                                        content="".join(f"<p>{p}</p>" for p in _paragraphs(0)))]),
        "application/rss+xml", etag='"v1"',
    )  # fmt: skip
    site.routes["/modified.xml"] = _teaser_feed(site, range(1, 3), last_modified=1_720_000_000)
    site.routes["/plain.xml"] = _teaser_feed(site, range(3, 5))  # no validators: read in full every time
    feeds = [site.url(p) for p in ("/etag.xml", "/modified.xml", "/plain.xml")]

    status, lines = _watch(runner, db, *feeds)
    assert status == 0, lines
    [summary] = lines
    assert "round 1 at " in summary
    assert "3 feeds (3 read, 0 not modified, 0 failed, 0 waiting); 5 new, 0 updated, 0 unchanged, 0 failed" in summary
    stored = _articles(db)
    assert [external_id for external_id, _ in stored] == ["urn:full:1", *(f"urn:story:{n}" for n in range(1, 5))]
    state = _feeds(db)
    assert state[feeds[0]].etag == '"v1"' and state[feeds[0]].last_modified is None
    assert state[feeds[1]].last_modified == "Wed, 03 Jul 2024 09:46:40 GMT" and state[feeds[1]].etag is None
    assert all(f.failures == 0 and f.last_error is None and f.last_polled for f in state.values())

    first_round = len(site.requests)
    status, lines = _watch(runner, db, *feeds)
    assert status == 0, lines
    assert lines[0].endswith(
        "3 feeds (1 read, 2 not modified, 0 failed, 0 waiting); 0 new, 0 updated, 0 unchanged, 0 failed; "
        "0 quotes stored; 2 stored already, not fetched"
    )
    second = site.requests[first_round:]
    assert [r.path for r in second] == ["/etag.xml", "/modified.xml", "/plain.xml"]  # no article page
    assert second[0].headers["if-none-match"] == '"v1"'
    assert second[1].headers["if-modified-since"] == "Wed, 03 Jul 2024 09:46:40 GMT"
    assert "if-none-match" not in second[2].headers and "if-modified-since" not in second[2].headers
    assert _articles(db) == stored


@pytest.mark.slow
def test_an_entry_that_failed_is_fetched_again_next_round_and_only_it(runner: CliRunner, db: str, site: Site) -> None:
    site.routes["/feed.xml"] = _teaser_feed(site, range(1, 3), etag='"v1"')
    page = site.routes["/a/2"]
    site.routes["/a/2"] = lambda r: Reply(503, b"", {"Retry-After": "120"})
    status, lines = _watch(runner, db, site.url("/feed.xml"))
    assert status == 1
    assert lines[0] == f"error: {site.url('/a/2')}: HTTP 503 Service Unavailable; retry after 120 s"
    assert "1 new, 0 updated, 0 unchanged, 1 failed" in lines[1]
    feed = _feeds(db)[site.url("/feed.xml")]
    # The feed was read: no backoff, but its validators are not kept, so the next round reads it again.
    assert (feed.failures, feed.etag, feed.backoff_until) == (0, None, None)
    assert feed.last_error == f"1 of 2 entries failed; the first: {lines[0].removeprefix('error: ')}"

    site.routes["/a/2"] = page
    before = len(site.requests)
    status, lines = _watch(runner, db, site.url("/feed.xml"))
    assert status == 0, lines
    assert "1 new, 0 updated, 0 unchanged, 0 failed" in lines[0] and "1 stored already, not fetched" in lines[0]
    assert [r.path for r in site.requests[before:]] == ["/feed.xml", "/a/2"]
    assert "if-none-match" not in site.requests[before].headers
    assert _feeds(db)[site.url("/feed.xml")].etag == '"v1"'
    assert [i for i, _ in _articles(db)] == ["urn:story:1", "urn:story:2"]


def test_failing_feeds_are_reported_one_line_each_and_back_off(
    runner: CliRunner, db: str, site: Site, limited: Site
) -> None:
    # The 429 is on a host of its own (another port): after it, nothing more is sent to that host.
    limited.routes["/429.xml"] = lambda r: Reply(429, b"", {"Retry-After": "3600"})
    site.routes["/500.xml"] = lambda r: Reply(500, b"")
    site.routes["/slow.xml"] = lambda r: Reply(200, rss("Slow", []).encode(), {"Content-Type": "text/xml"}, wait=5)
    site.routes["/loop.xml"] = lambda r: Reply(301, b"", {"Location": "/loop.xml"})
    site.routes["/page.html"] = document(article_page("A page", _paragraphs(1)))
    site.routes["/huge.xml"] = lambda r: Reply(
        200, b"", {"Content-Type": "application/rss+xml", "Content-Length": "50000000"}, length=False
    )
    site.routes["/logo.png"] = lambda r: Reply(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"})
    site.routes["/ok.xml"] = document(rss("Quiet News", []), "application/rss+xml")
    names = ["/500.xml", "/429.xml", "/slow.xml", "/loop.xml", "/page.html", "/huge.xml", "/logo.png", "/ok.xml"]
    feeds = [limited.url(n) if n == "/429.xml" else site.url(n) for n in names]
    host = f"127.0.0.1:{site.port}"

    status, lines = _watch(runner, db, "--timeout", "2", *feeds)
    assert status == 1
    assert lines[:-1] == [
        f"error: {feeds[0]}: HTTP 500 Internal Server Error",
        f"error: {feeds[1]}: HTTP 429 Too Many Requests; retry after 3600 s",
        f"error: {feeds[2]}: no response from {host} within 2 s (timeout)",
        f"error: {feeds[3]}: redirect loop: {feeds[3]} -> {feeds[3]}",
        f"error: {feeds[4]}: not an RSS or Atom feed (Content-Type text/html)",
        f"error: {feeds[5]}: response too large: 50 MB, over the 10 MB limit",
        f"error: {feeds[6]}: not an RSS or Atom feed (Content-Type image/png)",
    ]
    assert "8 feeds (1 read, 0 not modified, 7 failed, 0 waiting); 0 new" in lines[-1]
    state = _feeds(db)
    for url, line in zip(feeds[:7], lines[:7], strict=True):
        feed = state[url]
        assert (feed.failures, feed.last_error) == (1, line.removeprefix("error: "))
        assert feed.last_polled is not None and feed.backoff_until is not None
        # Half a round (--every 15m) after a first failure; as long as the server asked for after a 429.
        wait = timedelta(hours=1) if url == feeds[1] else timedelta(minutes=7.5)
        assert feed.backoff_until - feed.last_polled == wait
    assert (state[feeds[7]].failures, state[feeds[7]].backoff_until) == (0, None)

    before = len(site.requests)
    status, lines = _watch(runner, db, "--timeout", "2", *feeds)
    assert status == 0, lines
    assert "8 feeds (1 read, 0 not modified, 0 failed, 7 waiting)" in lines[0]
    assert [r.path for r in site.requests[before:]] == ["/ok.xml"]
    assert [r.path for r in limited.requests] == ["/429.xml"]

    # Once its backoff is over, a feed that answers again is back to normal.
    engine = open_database(db)
    with Session(engine) as session, session.begin():
        session.execute(update(models.Feed).where(models.Feed.url == feeds[0]).values(backoff_until=None))
    site.routes["/500.xml"] = document(rss("Back Again", []), "application/rss+xml")
    status, lines = _watch(runner, db, *feeds)
    assert status == 0, lines
    assert "8 feeds (2 read, 0 not modified, 0 failed, 6 waiting)" in lines[0]
    feed = _feeds(db)[feeds[0]]
    assert (feed.failures, feed.last_error, feed.backoff_until) == (0, None, None)


def test_a_file_of_feeds_is_read_and_a_bad_line_named(runner: CliRunner, tmp_path: Path, site: Site) -> None:
    db = str(tmp_path / "t.db")
    site.routes["/a.xml"] = document(rss("A", []), "application/rss+xml")
    site.routes["/b.xml"] = document(rss("B", []), "application/rss+xml")
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# our feeds\n{site.url('/a.xml')}\n\n  {site.url('/b.xml')}  \n{site.url('/a.xml')}\n")
    status, lines = _watch(runner, db, str(listing), site.url("/b.xml"))
    assert status == 0, lines
    assert "2 feeds (2 read, 0 not modified, 0 failed, 0 waiting)" in lines[0]
    assert sorted(_feeds(db)) == [site.url("/a.xml"), site.url("/b.xml")]

    listing.write_text(f"{site.url('/a.xml')}\nnews.example/rss\n")
    result = runner.invoke(cli, ["--db", db, "watch", "--once", str(listing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {listing}:2: not an http(s) URL: 'news.example/rss'"
    result = runner.invoke(cli, ["--db", db, "watch", "--once", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {tmp_path}/missing.txt: no such file, and not an http(s) URL"
    listing.write_text("# nothing yet\n")
    result = runner.invoke(cli, ["--db", db, "watch", "--once", str(listing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: no feed URL in {listing}"
    result = runner.invoke(cli, ["--db", db, "watch", "--every", "soon", site.url("/a.xml")])
    assert result.exit_code == 2 and "'soon' is not a duration; use e.g. 90s, 15m, 2h or 1d" in result.stderr


def _start(db: str, *args: str, stderr: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "--db", db, "watch", "--delay", "0", "--no-stance", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr.open("wb"),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("signum", "when"),
    [(signal.SIGTERM, "between rounds"), (signal.SIGTERM, "mid-round"), (signal.SIGINT, "mid-round")],
    ids=["SIGTERM-between-rounds", "SIGTERM-mid-round", "Ctrl-C-mid-round"],
)
def test_a_signal_stops_watch_cleanly_with_128_plus_its_number(
    tmp_path: Path, site: Site, signum: int, when: str
) -> None:
    db = str(tmp_path / "t.db")
    release = threading.Event()
    feed = document(rss("Quiet News", []), "application/rss+xml", etag='"q1"')

    def held(request: Request) -> Reply:
        release.wait(60)
        return feed(request)

    site.routes["/feed.xml"] = held if when == "mid-round" else feed
    log = tmp_path / "stderr.txt"
    process = _start(db, "--every", "1h", site.url("/feed.xml"), stderr=log)
    try:
        if when == "mid-round":
            _wait_for(lambda: bool(site.seen("/feed.xml")), "the feed request")
        else:
            _wait_for(lambda: "round 1 at" in log.read_text(), "the first round")
        process.send_signal(signum)
        assert process.wait(timeout=20) == 128 + signum  # 143 for SIGTERM, 130 for Ctrl-C, as ingest
    finally:
        release.set()
        process.kill()
    lines = log.read_text().splitlines()
    assert lines[-1] == "stopped" and "Traceback" not in log.read_text()
    feed_state = _feeds(db)[site.url("/feed.xml")]
    # A round cut short leaves the feed as it was; a finished one has saved its validators.
    assert feed_state.etag == (None if when == "mid-round" else '"q1"')
    assert [line for line in lines if line.startswith("round ")] == ([] if when == "mid-round" else lines[:1])


@pytest.mark.slow
def test_a_watch_killed_mid_round_and_started_again_loses_and_duplicates_nothing(
    runner: CliRunner, db: str, site: Site, tmp_path: Path
) -> None:
    site.routes["/feed.xml"] = _teaser_feed(site, range(1, 7), etag='"six"')
    status, lines = _watch(runner, db, site.url("/feed.xml"))
    assert status == 0 and "6 new" in lines[0], lines
    assert len(_articles(db)) == 6

    # Six more stories; the watch is killed while it fetches the ninth page.
    site.routes["/feed.xml"] = _teaser_feed(site, range(1, 13), etag='"twelve"')
    release = threading.Event()
    ninth = site.routes["/a/9"]

    def held(request: Request) -> Reply:
        release.wait(60)
        return ninth(request)

    site.routes["/a/9"] = held
    log = tmp_path / "stderr.txt"
    process = _start(db, "--once", site.url("/feed.xml"), stderr=log)
    try:
        _wait_for(lambda: bool(site.seen("/a/9")), "the ninth page")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=20) == -signal.SIGKILL
    finally:
        release.set()
        process.kill()
    site.routes["/a/9"] = ninth
    assert len(_articles(db)) == 6 and _feeds(db)[site.url("/feed.xml")].etag == '"six"'

    # Started again, killed once every page is fetched, while the articles are being extracted.
    process = _start(db, "--once", site.url("/feed.xml"), stderr=log)
    try:
        _wait_for(lambda: bool(site.seen("/a/12")), "the twelfth page")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=20) == -signal.SIGKILL
    finally:
        process.kill()

    # Started again and left to finish.
    process = _start(db, "--once", site.url("/feed.xml"), stderr=log)
    assert process.wait(timeout=300) == 0, log.read_text()
    assert "6 new, 0 updated, 0 unchanged, 0 failed" in log.read_text()
    assert _feeds(db)[site.url("/feed.xml")].etag == '"twelve"'
    # The first six pages were fetched once, in the first round; stored entries are never fetched again.
    assert all(len(site.seen(f"/a/{n}")) == 1 for n in range(1, 7))

    # Exactly what one clean round over the same feed stores.
    clean = str(tmp_path / "clean.db")
    status, lines = _watch(runner, clean, site.url("/feed.xml"))
    assert status == 0 and "12 new" in lines[0], lines
    assert _articles(db) == _articles(clean)
    assert _quotes(db) == _quotes(clean) and len(_quotes(db)) >= 24

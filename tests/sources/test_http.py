"""Pages and feeds over HTTP (issue #18), against real servers the tests start on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator
from datetime import date

import pytest

from tests.sources.servers import Reply, Request, Site, article_page, document, rss, rss_item
from tracker.sources import Note, ReadFailure, expand_paths, read_paths
from tracker.sources.http import AlreadyStored, Fetcher, FetchError, feed_items
from tracker.types import Article

PARAGRAPHS = [
    "“We will not back down,” union leader Maria Santos said on Tuesday, as the strike entered its third week.",
    "The city council is expected to vote on the new contract next month, officials said.",
]
TEXT = "\n\n".join(PARAGRAPHS)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    # Short limits, so that the tests of them run quickly (yet long enough for a loaded machine to answer in
    # time); no pause between requests unless a test wants one.
    with Fetcher(timeout=2, deadline=3, max_bytes=20_000, delay=0, max_wait=5) as f:
        yield f


def _read(fetcher: Fetcher, *urls: str, fmt: str | None = None) -> tuple[list[Article | ReadFailure], list[Note]]:
    notes: list[Note] = []
    return list(read_paths(list(urls), fmt=fmt, fetcher=fetcher, on_note=notes.append)), notes


def _page(title: str, **meta: str) -> str:
    return article_page(title, PARAGRAPHS, **meta)


def test_a_page_is_extracted_like_an_html_file_with_its_canonical_url_and_date(site: Site, fetcher: Fetcher) -> None:
    page = _page("Strike enters third week", canonical="https://news.example/strike", date="2024-07-01")
    site.routes["/strike?utm_source=feed"] = document(page, gzipped=True)
    [article], notes = _read(fetcher, site.url("/strike?utm_source=feed"))
    assert notes == []
    assert isinstance(article, Article)
    assert article.text == "Strike enters third week\n\n" + TEXT
    assert (article.external_id, article.url) == ("https://news.example/strike", "https://news.example/strike")
    assert (article.title, article.published) == ("Strike enters third week", date(2024, 7, 1))
    assert article.origin == site.url("/strike?utm_source=feed")
    [request] = site.requests
    assert request.headers["user-agent"].startswith("tracker/0.1.0 (")
    assert "gzip" in request.headers["accept-encoding"]  # and the route answered gzip-compressed


def test_a_page_without_canonical_url_is_known_by_where_redirects_led(site: Site, fetcher: Fetcher) -> None:
    site.routes["/s/1"] = lambda r: Reply(301, b"", {"Location": "/2024/07/strike"})
    site.routes["/2024/07/strike"] = document(_page("Strike"))
    [article], _ = _read(fetcher, site.url("/s/1"))
    assert isinstance(article, Article)
    assert article.url == article.external_id == site.url("/2024/07/strike")


def test_a_feed_with_full_text_is_read_from_the_feed_alone(site: Site, fetcher: Fetcher) -> None:
    items = [
        rss_item(f"urn:story:{n}", f"Story {n}", f"https://news.example/{n}", description="Teaser.",
                 content=f"<p>{PARAGRAPHS[n]}</p>")
        for n in (0, 1)
    ]  # fmt: skip
    site.routes["/rss.xml"] = document(rss("Example News", items), "application/rss+xml")
    articles, _ = _read(fetcher, site.url("/rss.xml"))
    assert [(a.external_id, a.text, a.outlet, a.url) for a in articles if isinstance(a, Article)] == [
        (f"urn:story:{n}", PARAGRAPHS[n], "Example News", f"https://news.example/{n}") for n in (0, 1)
    ]
    assert [r.path for r in site.requests] == ["/rss.xml"]


def test_a_feed_of_summaries_has_each_entry_page_fetched_and_a_bad_one_reported(site: Site, fetcher: Fetcher) -> None:
    site.routes["/a/1"] = document(_page("Strike enters third week - Example News", date="2024-06-30"))
    site.routes["/a/2"] = lambda r: Reply(500, b"down")
    site.routes["/a/3"] = document(_page("Council vote", canonical="https://news.example/council"))
    items = [rss_item(f"urn:story:{n}", f"Story {n}", f"/a/{n}", description="Teaser.") for n in (1, 2, 3)]
    site.routes["/feed"] = document(rss("Example News", items), "application/rss+xml; charset=utf-8")
    found, _ = _read(fetcher, site.url("/feed"))
    assert [
        (a.external_id, a.title, a.published, a.outlet, a.url, a.origin) for a in found if isinstance(a, Article)
    ] == [
        # The feed's id, title and date, and the page's own URL (the feed's relative links resolved).
        ("urn:story:1", "Story 1", date(2024, 7, 2), "Example News", site.url("/a/1"), site.url("/a/1")),
        ("urn:story:3", "Story 3", date(2024, 7, 2), "Example News", "https://news.example/council", site.url("/a/3")),
    ]
    assert found[0].text == "Strike enters third week - Example News\n\n" + TEXT  # type: ignore[union-attr]
    assert [f.message for f in found if isinstance(f, ReadFailure)] == [
        f"{site.url('/a/2')}: HTTP 500 Internal Server Error"
    ]
    assert [r.path for r in site.requests] == ["/feed", "/a/1", "/a/2", "/a/3"]


def test_content_without_text_is_no_full_text_and_the_page_is_fetched(site: Site, fetcher: Fetcher) -> None:
    site.routes["/a/1"] = document(_page("Pictured"))
    item = rss_item("urn:story:1", "Pictured", "/a/1", description="A caption.", content='<img src="a.jpg">')
    site.routes["/feed"] = document(rss("Example News", [item]), "application/rss+xml")
    [article], _ = _read(fetcher, site.url("/feed"))
    assert isinstance(article, Article) and article.text == "Pictured\n\n" + TEXT
    assert [r.path for r in site.requests] == ["/feed", "/a/1"]


def test_entries_the_caller_has_are_not_fetched_again(site: Site, fetcher: Fetcher) -> None:
    site.routes["/a/1"] = document(_page("One"))
    site.routes["/a/2"] = document(_page("Two"))
    items = [rss_item(f"urn:story:{n}", f"Story {n}", f"/a/{n}", description="Teaser.") for n in (1, 2)]
    site.routes["/feed"] = document(rss("Example News", items), "application/rss+xml")
    asked: list[list[str]] = []

    def known(candidates: list[str]) -> set[str]:
        asked.append(candidates)
        return {"urn:story:1"}

    response = fetcher.get(site.url("/feed"))
    found = list(feed_items(response, site.url("/feed"), fetcher, {}, known=known))
    assert asked == [["urn:story:1", site.url("/a/1"), "urn:story:2", site.url("/a/2")]]
    assert found[0] == AlreadyStored(f"{site.url('/feed')}#1", site.url("/a/1"))
    assert isinstance(found[1], Article) and found[1].external_id == "urn:story:2"
    assert [r.path for r in site.requests] == ["/feed", "/a/2"]


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_conditional_requests_get_304_when_nothing_changed(site: Site, fetcher: Fetcher, validator: str) -> None:
    if validator == "etag":
        site.routes["/feed"] = document(rss("News", []), "application/rss+xml", etag='"v7"')
    else:
        site.routes["/feed"] = document(rss("News", []), "application/rss+xml", last_modified=1_720_000_000)
    first = fetcher.get(site.url("/feed"))
    assert first.status == 200 and first.body
    again = fetcher.get(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    sent = site.requests[1].headers
    if validator == "etag":
        assert (first.etag, sent["if-none-match"], first.last_modified) == ('"v7"', '"v7"', None)
    else:
        assert (first.etag, sent["if-modified-since"]) == (None, "Wed, 03 Jul 2024 09:46:40 GMT")


def _gzip_bomb(request: Request) -> Reply:
    # 10 KB of compressed zeros unpack to 10 MB: the limit counts what is unpacked.
    return Reply(200, gzip.compress(b"\0" * 10_000_000), {"Content-Type": "text/html", "Content-Encoding": "gzip"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


FAILURES = [
    ("slow", lambda r: Reply(200, b"<html></html>", {"Content-Type": "text/html"}, wait=5),
     "no response from {host} within 2 s (timeout)"),
    ("trickle", lambda r: Reply(200, b"<p>x</p>" * 500, {"Content-Type": "text/html"}, trickle=0.2),
     "response took longer than 3 s (timeout)"),
    ("500", lambda r: Reply(500, b"oops"), "HTTP 500 Internal Server Error"),
    ("404", None, "HTTP 404 Not Found"),
    ("403", lambda r: Reply(403, b"no"), "HTTP 403 Forbidden"),
    ("loop", lambda r: Reply(302, b"", {"Location": "/loop-b"}),
     "redirect loop: {url} -> http://{host}/loop-b -> {url}"),
    ("chain", lambda r: Reply(302, b"", {"Location": f"/chain/{int(r.path.rsplit('/', 1)[1]) + 1}"}),
     "more than 5 redirects (the last to http://{host}/chain/6)"),
    ("ftp", lambda r: Reply(302, b"", {"Location": "ftp://files.example/a"}),
     "redirected to ftp://files.example/a, which is not an http(s) URL"),
    ("big", lambda r: Reply(200, b"x" * 30_000, {"Content-Type": "text/html"}),
     "response too large: 30,000 bytes, over the 20,000 bytes limit"),
    ("big-unannounced", lambda r: Reply(200, b"x" * 30_000, {"Content-Type": "text/html"}, length=False),
     "response too large: over the 20,000 bytes limit"),
    ("gzip-bomb", _gzip_bomb, "response too large: over the 20,000 bytes limit"),
    ("png", lambda r: Reply(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"}),
     "not an HTML page or a feed (Content-Type image/png)"),
    ("json", lambda r: Reply(200, b'{"a": 1}', {"Content-Type": "application/json"}),
     "not an HTML page or a feed (Content-Type application/json)"),
    ("sitemap", lambda r: Reply(200, b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>',
                                {"Content-Type": "application/xml"}),
     "not an RSS or Atom feed"),
    ("broken-feed", lambda r: Reply(200, b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>A',
                                    {"Content-Type": "application/rss+xml"}),
     "broken feed: <unknown>:1:80: no element found"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "route", "message"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failing_url_is_one_line_naming_it_and_the_next_is_still_read(
    site: Site, fetcher: Fetcher, name: str, route: object, message: str
) -> None:
    path = "/chain/0" if name == "chain" else f"/{name}"
    if route is not None:
        site.routes[path] = route  # type: ignore[assignment]
        site.routes["/loop-b"] = lambda r: Reply(302, b"", {"Location": f"/{name}"})
        for n in range(1, 8):
            site.routes[f"/chain/{n}"] = route  # type: ignore[assignment]
    site.routes["/good"] = document(_page("Good"))
    started = time.monotonic()
    items, _ = _read(fetcher, site.url(path), site.url("/good"))
    assert time.monotonic() - started < 10
    host = f"127.0.0.1:{site.port}"
    assert items[0] == ReadFailure(site.url(path), f"{site.url(path)}: {message.format(host=host, url=site.url(path))}")
    assert isinstance(items[1], Article) and items[1].title == "Good"
    assert len(items) == 2


def test_nothing_listening_is_one_line(fetcher: Fetcher) -> None:
    url = f"http://127.0.0.1:{_free_port()}/a"
    [failure], _ = _read(fetcher, url)
    assert failure == ReadFailure(url, f"{url}: cannot connect to {url[7:-2]}: Connection refused")


def test_a_short_retry_after_is_waited_and_the_request_sent_again(site: Site, fetcher: Fetcher) -> None:
    answers = iter([Reply(429, b"", {"Retry-After": "1"})])
    page = document(_page("Patience"))
    site.routes["/a"] = lambda r: next(answers, None) or page(r)
    [article], _ = _read(fetcher, site.url("/a"))
    assert isinstance(article, Article) and article.title == "Patience"
    first, second = site.requests
    assert second.at - first.at >= 0.95


def test_a_long_retry_after_fails_the_url_and_holds_back_its_host_only(site: Site, fetcher: Fetcher) -> None:
    site.routes["/a"] = lambda r: Reply(429, b"", {"Retry-After": "3600"})
    site.routes["/b"] = document(_page("Held back"))
    with Site() as other:
        other.routes["/c"] = document(_page("Elsewhere"))
        items, _ = _read(fetcher, site.url("/a"), site.url("/b"), other.url("/c"))
    host = f"127.0.0.1:{site.port}"
    assert [i.message for i in items if isinstance(i, ReadFailure)] == [
        f"{site.url('/a')}: HTTP 429 Too Many Requests; retry after 3600 s",
        f"{site.url('/b')}: not sent: {host} answered HTTP 429; 3600 s still to wait",
    ]
    assert [i.title for i in items if isinstance(i, Article)] == ["Elsewhere"]
    assert [r.path for r in site.requests] == ["/a"]  # /b never reached the server
    with pytest.raises(FetchError) as raised:
        fetcher.get(site.url("/b"))
    assert raised.value.retry_after is not None and 3500 < raised.value.retry_after <= 3600


def test_requests_to_one_host_are_paced_and_other_hosts_are_not_held_up(site: Site) -> None:
    for n in range(3):
        site.routes[f"/{n}"] = document(_page(f"Page {n}"))
    with Site() as other, Fetcher(delay=0.6) as fetcher:
        other.routes["/x"] = document(_page("Other"))
        for url in (site.url("/0"), other.url("/x"), site.url("/1"), site.url("/2")):
            assert fetcher.get(url).status == 200
        gaps = [b.at - a.at for a, b in zip(site.requests, site.requests[1:], strict=False)]
        assert len(gaps) == 2 and min(gaps) >= 0.58
        assert other.requests[0].at - site.requests[0].at < 0.3


def test_the_declared_charset_is_used_and_bad_bytes_are_replaced_with_a_warning(site: Site, fetcher: Fetcher) -> None:
    latin = _page("Café").replace("union leader", "syndicaliste").encode("latin-1", errors="replace")
    site.routes["/latin"] = document(latin, "text/html; charset=ISO-8859-1")
    site.routes["/meta"] = document(latin.replace(b"<head>", b'<head><meta charset="windows-1252">'), "text/html")
    broken = _page("Broken").encode("utf-8").replace(b"strike entered", b"strike \xff entered")
    site.routes["/broken"] = document(broken, "text/html")
    items, notes = _read(fetcher, site.url("/latin"), site.url("/meta"), site.url("/broken"))
    assert [i.title for i in items if isinstance(i, Article)] == ["Café", "Café", "Broken"]
    assert "\ufffd" in items[2].text and "\ufffd" not in items[0].text  # type: ignore[union-attr]
    offset = broken.index(b"\xff")
    assert [n.message for n in notes] == [
        f"{site.url('/broken')}: bytes not valid in utf-8 (the first at offset {offset}) replaced by U+FFFD"
    ]


def test_format_reads_any_body_in_that_format(site: Site, fetcher: Fetcher) -> None:
    site.routes["/notes.txt"] = document("title: Notes\n\nOfficials said the road would reopen.", "text/plain")
    [article], _ = _read(fetcher, site.url("/notes.txt"), fmt="txt")
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Notes", "Officials said the road would reopen.")


def test_urls_pass_through_path_expansion_and_paths_that_merely_look_alike_do_not() -> None:
    assert list(expand_paths(["https://news.example/a", "HTTP://NEWS.EXAMPLE/b", "http:notes.txt"])) == [
        "https://news.example/a",
        "HTTP://NEWS.EXAMPLE/b",
        ReadFailure("http:notes.txt", "http:notes.txt: no such file or directory"),
    ]

"""Articles and feeds over HTTP: a bounded, polite client (httpx) and the readers behind URL inputs.

A page goes through the same extraction as an .html file; a feed gives one article per entry, from the
entry's own content when the feed carries it, else from the page its link points to. Every failure is an
InputError naming the URL, so one bad URL never stops the others.
"""

from __future__ import annotations

import codecs
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from io import BytesIO

import feedparser
import httpx

from tracker import __version__
from tracker.errors import InputError
from tracker.sources.base import ReadFailure, ReadWarning, Skipped, make_article
from tracker.sources.feeds import _entry_date, entry_text
from tracker.sources.html import html_to_text, read_html
from tracker.types import Article

USER_AGENT = f"tracker/{__version__} (news quote attribution tracker; python-httpx/{httpx.__version__})"
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
     "application/xml", "text/xml"}
)  # fmt: skip
# Types servers give anything they know nothing about: the body itself says what it is.
VAGUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# A 429 or 503 without Retry-After still says "slow down": the host gets this long before the next request.
DEFAULT_PAUSE = 60.0


class FetchError(InputError):
    """A URL that gave no usable response. `retry_after` is how long the server asked us to wait, if it did."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    """A successful (2xx) or not-modified (304) response, read whole."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type, lower-cased, without parameters; "" when the server sent none
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class AlreadyStored:
    """A feed entry left out because the caller has its article already: its page is not fetched again."""

    origin: str
    link: str


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date), None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of `kind` in the chain behind `exc` (httpx wraps httpcore, which wraps the OSError)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class Fetcher:
    """One HTTP client for a run: connections reused, a pause between two requests to one host, limits on
    every response.

    Args:
        timeout: seconds allowed to connect, and between two reads of a response.
        deadline: seconds allowed for a whole response, so a server that trickles bytes cannot hold a run.
        max_bytes: the largest body taken, after gzip is undone (a small compressed body can unpack huge).
        max_redirects: redirects followed for one request.
        delay: least seconds between two requests to the same host.
        max_wait: the longest a request waits for its host (after a 429's Retry-After): a longer wait fails
            the request instead, without sending it. A 429 or 503 is retried once when its wait is shorter.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        deadline: float = 60.0,
        max_bytes: int = 10_000_000,
        max_redirects: int = 5,
        delay: float = 1.0,
        max_wait: float = 30.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.delay = delay
        self.max_wait = max_wait
        # The environment's proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) and CA bundle (SSL_CERT_FILE) are used,
        # as curl uses them, but a loopback address is always asked directly, never through a proxy.
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept": ACCEPT},
            follow_redirects=False,  # followed here, one hop at a time, each paced and checked for loops
            mounts={"all://127.0.0.1": None, "all://localhost": None, "all://[::1]": None},
        )
        self._ready: dict[str, float] = {}  # host -> monotonic time of the next request allowed
        self._held: dict[str, str] = {}  # host -> why it was told to wait (a 429), for the message

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET `url`, conditionally when validators are given (a 304 then comes back as a Response).

        Raises:
            FetchError: DNS failure, no connection, timeout, a 4xx or 5xx, too many redirects or a loop,
                a response over `max_bytes`, or a host that asked for a longer wait than `max_wait`.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._get(url, headers)
        except FetchError as exc:
            if exc.retry_after is None or exc.retry_after > self.max_wait:
                raise
        return self._get(url, headers)  # once, after the wait the server asked for (see _wait)

    def _get(self, url: str, headers: Mapping[str, str]) -> Response:
        try:
            request = self._client.build_request("GET", url, headers=headers)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
            raise FetchError(url, f"invalid URL: {exc}") from None
        chain = [str(request.url)]
        end = time.monotonic() + self.deadline  # for the whole response, redirects included
        while True:
            response = self._send(url, request)
            try:
                if response.has_redirect_location:
                    request = response.next_request  # type: ignore[assignment]
                    target = str(request.url)
                    if target in chain:
                        raise FetchError(url, "redirect loop: " + " -> ".join([*chain, target]))
                    if len(chain) > self.max_redirects:
                        raise FetchError(url, f"more than {self.max_redirects} redirects (the last to {target})")
                    chain.append(target)
                    continue
                return self._finish(url, response, conditional=bool(headers), end=end)
            finally:
                response.close()

    def _send(self, url: str, request: httpx.Request) -> httpx.Response:
        host = request.url.netloc.decode("ascii")
        self._wait(url, host)
        try:
            return self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            what = "no connection" if isinstance(exc, httpx.ConnectTimeout) else "no response"
            raise FetchError(url, f"{what} from {host} within {self.timeout:g} s (timeout)") from None
        except httpx.ConnectError as exc:
            if _cause(exc, socket.gaierror) is not None:
                raise FetchError(url, f"cannot resolve host {request.url.host} (DNS lookup failed)") from None
            if (tls := _cause(exc, ssl.SSLError)) is not None:
                raise FetchError(url, f"TLS error with {host}: {getattr(tls, 'reason', None) or tls}") from None
            reason = _cause(exc, OSError)
            detail = (reason.strerror if isinstance(reason, OSError) else None) or str(exc)
            raise FetchError(url, f"cannot connect to {host}: {detail}") from None
        except httpx.UnsupportedProtocol:
            raise FetchError(url, f"redirected to {request.url}, which is not an http(s) URL") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"HTTP error from {host}: {exc or type(exc).__name__}") from None
        finally:
            self._ready[host] = max(self._ready.get(host, 0.0), time.monotonic() + self.delay)

    def _wait(self, url: str, host: str) -> None:
        """Sleep until `host` may be asked again; fail at once when that is more than `max_wait` away."""
        wait = self._ready.get(host, 0.0) - time.monotonic()
        if wait > self.max_wait:
            why = self._held.get(host, "asked us to wait")
            raise FetchError(url, f"not sent: {host} {why}; {wait:.0f} s still to wait", retry_after=wait)
        if wait > 0:
            time.sleep(wait)

    def _finish(self, url: str, response: httpx.Response, *, conditional: bool, end: float) -> Response:
        final = str(response.url)
        after = f" (after a redirect to {final})" if final != url else ""
        status = response.status_code
        if status in (429, 503):
            retry_after = _retry_after(response.headers.get("Retry-After"))
            host = response.url.netloc.decode("ascii")
            pause = DEFAULT_PAUSE if retry_after is None else retry_after
            self._ready[host] = max(self._ready.get(host, 0.0), time.monotonic() + pause)
            self._held[host] = f"answered HTTP {status}"
            wait = "" if retry_after is None else f"; retry after {retry_after:.0f} s"
            raise FetchError(
                url, f"HTTP {status} {response.reason_phrase}{after}{wait}", status=status, retry_after=pause
            )
        if status == 304 and conditional:
            body = b""
        elif not 200 <= status < 300:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}{after}", status=status)
        else:
            body = self._body(url, response, end)
        media_type, _, _ = response.headers.get("Content-Type", "").partition(";")
        return Response(
            url=url,
            final_url=final,
            status=status,
            content_type=media_type.strip().lower(),
            charset=response.charset_encoding,
            body=body,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    def _body(self, url: str, response: httpx.Response, end: float) -> bytes:
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(url, f"response too large: {_size(int(length))}, over the {_size(self.max_bytes)} limit")
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"response too large: over the {_size(self.max_bytes)} limit")
                if time.monotonic() > end:
                    raise FetchError(url, f"response took longer than {self.deadline:g} s (timeout)")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchError(url, f"response stalled for {self.timeout:g} s (timeout)") from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"cannot decode the response: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"response cut off: {exc or type(exc).__name__}") from None
        return b"".join(chunks)


def kind_of(response: Response) -> str:
    """The reader a response needs ("html" or "feed"): from its Content-Type, or from its body when the type
    says nothing useful.

    Raises:
        FetchError: anything else (an image, a PDF, JSON).
    """
    from tracker.sources import sniff_format

    if response.content_type in HTML_TYPES:
        return "html"
    if response.content_type in FEED_TYPES:
        return "feed"
    if response.content_type in VAGUE_TYPES and (sniffed := sniff_format(response.body)) in ("html", "feed"):
        return sniffed
    raise FetchError(response.url, f"not an HTML page or a feed (Content-Type {response.content_type or 'missing'})")


def decode(response: Response, origin: str) -> tuple[str, ReadWarning | None]:
    """The body as text, in the charset the header or the page declares (UTF-8 when neither does).

    Unlike a file, a page cannot be converted by the user first: bytes that are not valid in its charset
    are replaced (U+FFFD) with a warning, rather than losing the article.
    """
    declared = response.charset or (
        m.group(1).decode("ascii") if (m := _META_CHARSET.search(response.body[:4096])) else None
    )
    charset = "utf-8"
    if declared:
        try:
            charset = codecs.lookup(declared).name
        except LookupError:
            pass
    if charset == "utf-8":
        charset = "utf-8-sig"  # drops a byte-order mark
    warning = None
    try:
        text = response.body.decode(charset)
    except UnicodeDecodeError as exc:
        text = response.body.decode(charset, errors="replace")
        warning = ReadWarning(
            origin,
            f"{origin}: bytes not valid in {charset.removesuffix('-sig')} (the first at offset {exc.start}) "
            "replaced by U+FFFD",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


def page_items(response: Response, origin: str, defaults: Mapping[str, str | None]) -> Iterator[Article | ReadWarning]:
    """The article of an HTML page: its canonical URL (else the URL it was fetched from, after redirects) and its
    date kept."""
    text, warning = decode(response, origin)
    if warning:
        yield warning
    for item in read_html(text, origin, dict(defaults)):
        if isinstance(item, Article):
            item = make_article(
                text=item.text,
                origin=origin,
                external_id=defaults.get("id"),
                title=item.title,
                outlet=item.outlet,
                published=item.published,
                url=item.url or response.final_url,
            )
        yield item


def _content_text(entry: feedparser.FeedParserDict, origin: str) -> str | InputError:
    """The text of the entry's full content (RSS content:encoded, Atom content), "" when it has none, or what
    stopped its extraction (kept for the entry's turn, so that the entries before it are still read)."""
    try:
        for part in entry.get("content") or []:
            value = part.get("value") or ""
            text = value if part.get("type") == "text/plain" else html_to_text(value, origin)
            if text.strip():
                return text
    except InputError as exc:
        return exc
    return ""


def parse_feed(response: Response, origin: str) -> feedparser.FeedParserDict:
    """The feed in `response`; relative links in it are resolved against the URL it came from.

    Raises:
        InputError: the body is no RSS or Atom feed, or a broken one.
    """
    headers = {"content-location": response.final_url}
    if response.content_type:
        headers["content-type"] = response.content_type + (f"; charset={response.charset}" if response.charset else "")
    feed = feedparser.parse(BytesIO(response.body), response_headers=headers)
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise InputError(f"{origin}: broken feed: {feed.bozo_exception}")
    if not feed.version and not feed.entries:
        raise InputError(f"{origin}: not an RSS or Atom feed")
    return feed


def feed_items(
    response: Response,
    origin: str,
    fetcher: Fetcher,
    defaults: Mapping[str, str | None],
    *,
    known: Callable[[list[str]], set[str]] | None = None,
) -> Iterator[Article | ReadFailure | ReadWarning | AlreadyStored]:
    """One article per entry of the feed in `response`, in feed order; an empty feed gives none.

    An entry with full content is read from the feed, like a feed file. An entry with only a summary has its
    link fetched and extracted like a page (the entry's id, title and date are kept); when `known` says
    the caller has the entry already (it is handed every such entry's id and link, and gives back those it
    has), it comes through as AlreadyStored instead, and its page is not fetched. An entry without content
    or link is read from its summary. An entry's failure is a ReadFailure; the others are still read.

    Raises:
        InputError: the feed itself is broken.
    """
    feed = parse_feed(response, origin)
    outlet = defaults.get("outlet") or feed.feed.get("title")
    entries = list(enumerate(feed.entries, start=1))
    # Full text is content that has text: an entry whose content is an image or an empty div is a teaser too.
    contents = {index: _content_text(entry, f"{origin}#{index}") for index, entry in entries}
    teasers = {index for index, entry in entries if entry.get("link") and not contents[index]}
    candidates = [
        value for index, entry in entries if index in teasers for value in (entry.get("id"), entry["link"]) if value
    ]
    stored = known(candidates) if known and candidates else set()
    for index, entry in entries:
        entry_origin = f"{origin}#{index}"
        entry_id = entry.get("id") or entry.get("link")
        content = contents[index]
        try:
            if isinstance(content, InputError):
                raise content
            if index not in teasers:
                yield make_article(
                    text=content or entry_text(entry, entry_origin), origin=entry_origin, external_id=entry_id,
                    title=entry.get("title"), outlet=outlet, published=_entry_date(entry), url=entry.get("link"),
                )  # fmt: skip
                continue
            link = entry["link"]
            if entry_id in stored or link in stored:
                yield AlreadyStored(entry_origin, link)
                continue
            yield from _linked_page(fetcher, link, entry, entry_id, outlet)
        except InputError as exc:
            yield ReadFailure(entry_origin if index not in teasers else entry["link"], str(exc))


def _linked_page(
    fetcher: Fetcher, link: str, entry: feedparser.FeedParserDict, entry_id: str, outlet: str | None
) -> Iterator[Article | ReadWarning]:
    page = fetcher.get(link)
    if kind_of(page) != "html":
        raise FetchError(link, f"not an HTML page (Content-Type {page.content_type or 'missing'})")
    for item in page_items(page, link, {}):
        if isinstance(item, Article):
            # The feed's own fields win: its id is what the next poll looks the entry up by, and its date and
            # title are structured data, where the page's are guessed from the markup.
            item = make_article(
                text=item.text,
                origin=link,
                external_id=entry_id,
                title=entry.get("title") or item.title,
                outlet=outlet or item.outlet,
                published=_entry_date(entry) or item.published,
                url=item.url,
            )
        yield item


def read_url(
    url: str, fetcher: Fetcher, fmt: str | None, defaults: Mapping[str, str | None]
) -> Iterator[Article | ReadFailure | ReadWarning | Skipped]:
    """What `tracker ingest URL` reads: a page, a feed (its entries' pages fetched as needed), or with `fmt` the
    body read in that format.

    Raises:
        InputError: the URL gave no usable response (FetchError), or its body cannot be read.
    """
    from tracker.sources import READERS
    from tracker.sources.jsonl import read_jsonl_stream

    response = fetcher.get(url)
    kind = fmt or kind_of(response)
    if kind == "html":
        yield from page_items(response, url, defaults)
    elif kind == "feed":
        for item in feed_items(response, url, fetcher, defaults):
            assert not isinstance(item, AlreadyStored)  # only with `known`
            yield item
    elif kind == "jsonl":
        yield from read_jsonl_stream(BytesIO(response.body), url, dict(defaults))
    else:
        yield from READERS[kind](response.body, url, dict(defaults))

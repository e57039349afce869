"""A real HTTP server on 127.0.0.1, in a thread, answering from routes a test sets; it logs every request.

Tests may talk to no other address: every URL they fetch is one of `Site.url(...)`.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict[str, str]  # names lower-cased
    at: float  # time.monotonic() when it arrived


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    wait: float = 0.0  # seconds before the status line: a slow server
    length: bool = True  # send Content-Length; without it the body ends when the connection closes
    trickle: float = 0.0  # seconds between two 100-byte pieces of the body


Route = Callable[[Request], Reply]


class Site:
    """The server; `routes` maps a path (with its query) to what answers it, 404 for any other."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request a connection: the body may end at the close

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                site.requests.append(request)
                route = site.routes.get(self.path)
                reply = route(request) if route else Reply(404, b"not here", {"Content-Type": "text/plain"})
                try:
                    time.sleep(reply.wait)
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if not reply.trickle:
                        self.wfile.write(reply.body)
                    for start in range(0, len(reply.body) if reply.trickle else 0, 100):
                        self.wfile.write(reply.body[start : start + 100])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                except OSError:
                    pass  # the client gave up (a timeout test): nothing to answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a handler still sleeping for a timeout test must not hold the close
        self.port = self._server.server_address[1]
        # Polled often, so that shutting down takes milliseconds rather than the default half second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def seen(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def document(
    body: bytes | str,
    content_type: str = "text/html; charset=utf-8",
    *,
    etag: str | None = None,
    last_modified: float | None = None,
    gzipped: bool = False,
) -> Route:
    """A resource as a careful server gives it: 304 to a request whose validators match, gzip when asked."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    modified = formatdate(last_modified, usegmt=True) if last_modified is not None else None

    def route(request: Request) -> Reply:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = modified
        if (etag and request.headers.get("if-none-match") == etag) or (
            modified and not etag and request.headers.get("if-modified-since") == modified
        ):
            return Reply(304, b"", headers)
        if gzipped and "gzip" in request.headers.get("accept-encoding", ""):
            return Reply(200, gzip.compress(data), {**headers, "Content-Encoding": "gzip"})
        return Reply(200, data, headers)

    return route


def article_page(title: str, paragraphs: list[str], *, canonical: str | None = None, date: str | None = None) -> str:
    """A news page: navigation and footer around the article, as trafilatura meets them."""
    meta = ""
    if canonical:
        meta += f'<link rel="canonical" href="{canonical}">'
    if date:
        meta += f'<meta property="article:published_time" content="{date}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


def rss(title: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://news.example/</link><description>News</description>"
        f"{''.join(items)}</channel></rss>"
    )


def rss_item(guid: str, title: str, link: str, *, description: str = "", content: str = "") -> str:
    full = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
        f"<pubDate>Tue, 02 Jul 2024 06:00:00 GMT</pubDate><description>{description}</description>{full}</item>"
    )

"""Untrusted text stays text, the Content-Security-Policy is sent, and the app cannot write."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from tests.web.conftest import (
    HOSTILE_ID,
    HOSTILE_SPEAKER,
    HOSTILE_TARGET,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    HOSTILE_URL,
)
from tracker.store.engine import sqlite_path
from tracker.web.database import readonly_engine

MakeClient = Callable[[str], TestClient]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_text if self._in_script else self.text).append(data)


def parse(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    elements.close()
    return elements


def assert_inert(html: str) -> Elements:
    """No element or attribute that the stored text could have brought in: scripts only from /static, no
    event handlers, no script URLs, images only the app's own charts."""
    page = parse(html)
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "object", "embed", "svg", "base", "style"), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        if tag == "img":
            assert (attrs.get("src") or "").startswith("/charts/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            assert name != "style", (tag, attrs)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert not "".join(page.script_text).strip(), "inline script"
    return page


def _ids(client: TestClient) -> tuple[int, int, int]:
    [view] = [client.get("/api/articles/" + quote(HOSTILE_ID, safe="")).json()]
    first = view["attributions"][0]
    return first["id"], first["speaker_id"], first["targets"][0]["target_id"]


def test_hostile_text_title_speaker_and_url_are_shown_as_text(make_client: MakeClient, hostile_db: str) -> None:
    client = make_client(hostile_db)
    quote_id, speaker_id, target_id = _ids(client)
    article = "/articles/" + quote(HOSTILE_ID, safe="")
    pages = [
        "/",
        "/quotes",
        "/quotes?" + "speaker=" + quote(HOSTILE_SPEAKER),
        "/quotes?contains=" + quote("<script>"),
        "/articles",
        article,
        f"{article}?quote={quote_id}",
        "/speakers",
        "/speakers?all=1",
        f"/speakers/{speaker_id}",
        "/targets",
        f"/targets/{target_id}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert_inert(response.text)
    page = parse(client.get(article).text)
    shown = "".join(page.text)
    # What the article says is on the page, character for character, as text.
    for line in HOSTILE_TEXT.split("\n"):
        assert line in shown
    assert HOSTILE_TITLE in shown and HOSTILE_URL in shown and HOSTILE_ID in shown
    assert HOSTILE_TARGET in shown
    speaker_page = "".join(parse(client.get(f"/speakers/{speaker_id}").text).text)
    assert 'Eve"><img src=x onerror=alert(8)><script>alert(9)</script' in speaker_page
    # A javascript: address is shown, never linked.
    assert all(attrs.get("href") != HOSTILE_URL for _, attrs in page.tags)
    # The hover details of a mark are an attribute, escaped like the rest.
    titles = [attrs["title"] or "" for tag, attrs in page.tags if tag == "mark" and "title" in attrs]
    assert any(HOSTILE_TARGET in t for t in titles)


def test_hostile_input_in_error_pages_is_text(make_client: MakeClient, hostile_db: str) -> None:
    client = make_client(hostile_db)
    for url, status in [
        ("/articles/" + quote("<script>alert(1)</script>", safe=""), 404),
        ("/quotes?speaker=" + quote('"><img src=x onerror=alert(1)>'), 404),
        ("/quotes?since=" + quote("<script>alert(1)</script>"), 400),
        ("/nothing/<script>alert(1)</script>", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        page = assert_inert(response.text)
        assert "alert(1)" in "".join(page.text)


def test_content_security_policy_on_every_response(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    for url in ["/", "/quotes", "/articles/a1", "/nothing", "/api/quotes", "/static/style.css", "/quotes?size=0"]:
        response = client.get(url)
        policy = response.headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self'"  # no inline script, no other host
        assert directives["frame-ancestors"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
    chart = client.get("/charts/stance.svg")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "script-src" not in chart.headers["content-security-policy"]  # default-src 'none' covers scripts
    assert "<script" not in chart.text


def test_nothing_is_fetched_from_another_host(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    for url in ["/", "/quotes", "/articles/a1", "/speakers", "/targets"]:
        for tag, attrs in parse(client.get(url).text).tags:
            loads = {"script": "src", "link": "href", "img": "src"}.get(tag)
            if loads:
                value = attrs.get(loads) or ""
                assert value.startswith("/") and not value.startswith("//"), (tag, attrs)
    for asset in ("style.css", "article.js", "favicon.svg"):
        body = client.get(f"/static/{asset}").text
        assert "http://" not in body.replace("http://www.w3.org/2000/svg", "") and "https://" not in body


def _state(db: str) -> str:
    """A digest of everything stored: the SQLite file's bytes, or every PostgreSQL table's rows."""
    path = sqlite_path(db)
    if path is not None:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    engine = readonly_engine(db)
    digest = hashlib.sha256()
    with Session(engine) as session:
        tables = session.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        ).scalars()
        for table in list(tables):
            for row in session.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def test_app_refuses_writes_and_changes_nothing(make_client: MakeClient, hostile_db: str) -> None:
    before = _state(hostile_db)
    client = make_client(hostile_db)
    quote_id, speaker_id, target_id = _ids(client)
    urls = [
        "/", "/quotes", "/quotes.csv", f"/quotes/{quote_id}", "/articles", "/articles/a1", "/speakers",
        f"/speakers/{speaker_id}", "/targets", f"/targets/{target_id}", "/charts/stance.svg", "/api/quotes",
        f"/api/quotes/{quote_id}", "/api/articles/a1", "/api/speakers", "/api/stance", "/api/targets", "/api/facets",
    ]  # fmt: skip
    for url in urls:
        assert client.get(url, follow_redirects=False).status_code in (200, 303), url
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = client.request(method, url, content=b"speaker=x")
            assert response.status_code == 405, (method, url)
            assert response.headers["allow"] == "HEAD, GET" or "GET" in response.headers["allow"]
    assert "only reads" in client.post("/quotes").text
    # Below the app: the connection itself refuses to write.
    engine = readonly_engine(hostile_db)
    with Session(engine) as session, pytest.raises(DBAPIError, match="read-only|readonly"):
        session.execute(text("DELETE FROM quotes"))
        session.commit()
    engine.dispose()
    assert _state(hostile_db) == before

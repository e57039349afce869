"""The review app: Starlette routes over the report functions the CLI uses, rendered by Jinja2.

Every route only reads (GET and HEAD; any other method is a 405), through an engine that cannot write
(tracker.web.database). Pages and JSON endpoints share the same parameter parsing (tracker.web.params),
and the JSON endpoints return what the matching `tracker ... --format json` prints.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from itertools import chain, islice
from typing import Any

import jinja2
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.errors import TrackerError, UnknownName
from tracker.reports import articles
from tracker.reports.entities import EntityMatch, match_entity
from tracker.reports.quotes import QuoteFilter, count_quotes, iter_quotes, iter_speakers
from tracker.reports.stance import StanceFilter, speaker_targets, stance_timeline
from tracker.web import params as P
from tracker.web import views
from tracker.web.charts import stance_svg

log = logging.getLogger("tracker.web")

#: Scripts and styles only from this app's own /static; no inline script, no other host, no frames, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: A chart is its own document when opened alone: matplotlib's SVG carries a <style> element and nothing
#: that runs.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
QUOTE_CSV_COLUMNS = (
    "id", "article", "outlet", "published", "event_date", "kind", "text", "start", "end",
    "speaker", "speaker_mention", "cue", "credited_source",
)  # fmt: skip
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


class SecurityHeaders:
    """Adds the Content-Security-Policy and the other hardening headers to every response that has none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = {"content-security-policy": CONTENT_SECURITY_POLICY, **SECURITY_HEADERS}
                headers += [(k.encode(), v.encode()) for k, v in wanted.items() if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def json_default(value: Any) -> Any:
    """Dates as ISO-8601 and numerics as numbers, as the CLI's JSON writes them."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def json_array(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Rows as the JSON array `--format json` prints, byte for byte, a row at a time."""
    separator = "[\n  "
    empty = True
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=2, default=json_default)
        yield separator + text.replace("\n", "\n  ")
        separator, empty = ",\n  ", False
    yield "[]\n" if empty else "\n]\n"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    if isinstance(value, float):
        return f"{value:.3f}"
    return value.isoformat() if isinstance(value, date) else str(value)


def csv_lines(rows: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class ReviewApp:
    """The routes, bound to one read-only engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("tracker.web", "templates"),
            autoescape=True,  # every template, whatever its name: extracted text is never trusted
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(
            article_url=views.article_url,
            api_article_url=views.api_article_url,
            link=views.link_params,
            outside_href=views.outside_href,
            signed=views.signed,
            stance_class=views.stance_class,
        )
        self.templates = Jinja2Templates(env=env)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        return self.templates.TemplateResponse(request, name, {"request": request, **context}, status_code=status_code)

    # Pages

    def home(self, request: Request) -> Response:
        with self.session() as session:
            targets = speaker_targets(session, None, 10, min_confidence=P.min_confidence(request.query_params))
            return self.render(
                request,
                "home.html",
                counts=articles.store_counts(session),
                speakers=list(islice(iter_speakers(session), 10)),
                targets=targets,
                target_ids=articles.entity_ids(session, [t["target"] for t in targets]),
                recent=articles.recent_articles(session, limit=5),
            )

    def search(self, request: Request) -> Response:
        """A name goes to its speaker's or target's page; anything else is searched for in the quotes."""
        query = P.text(request.query_params, "q")
        if query is None:
            return RedirectResponse("/quotes", status_code=303)
        with self.session() as session:
            for role, prefix in (("speaker", "/speakers/"), ("target", "/targets/")):
                try:
                    match = match_entity(session, query, role)  # type: ignore[arg-type]
                except UnknownName:
                    continue
                return RedirectResponse(f"{prefix}{match.entity_id}", status_code=303)
        return RedirectResponse("/quotes?" + views.link_params({"contains": query}), status_code=303)

    def quotes(self, request: Request) -> Response:
        flt = P.quote_filter(request.query_params)
        page = P.page(request.query_params)
        with self.session() as session:
            match = self._speaker(session, flt)
            total = count_quotes(session, flt)
            rows = articles.quote_page(session, flt, page.offset, page.size)
            return self.render(
                request,
                "quotes.html",
                flt=flt,
                match=match,
                rows=rows,
                speaker_ids=articles.speaker_ids(session, [r["id"] for r in rows]),
                total=total,
                page=page,
                pages=max(1, -(-total // page.size)),
                facets=articles.quote_facets(session, flt),
                params=request.query_params,
                kinds=P.KINDS,
            )

    def quote(self, request: Request) -> Response:
        quote_id = request.path_params["quote_id"]
        with self.session() as session:
            view = articles.quote_view(session, quote_id)
        return RedirectResponse(views.article_url(view["article"], quote_id), status_code=303)

    def article_list(self, request: Request) -> Response:
        page = P.page(request.query_params)
        with self.session() as session:
            rows = articles.recent_articles(session, page.offset, page.size)
            total = articles.store_counts(session)["articles"]
        return self.render(
            request,
            "articles.html",
            rows=rows,
            page=page,
            pages=max(1, -(-total // page.size)),
            total=total,
            params=request.query_params,
        )

    def article(self, request: Request) -> Response:
        chosen = P.integer(request.query_params, "quote")
        with self.session() as session:
            view = articles.article_view(session, request.path_params["external_id"])
        if chosen is not None and chosen not in {a["id"] for a in view["attributions"]}:
            raise P.BadParameter(f"quote: quote {chosen} is not in this article")
        return self.render(request, "article.html", view=view, chosen=chosen, **views.article_page(view, chosen))

    def speaker_list(self, request: Request) -> Response:
        name = P.text(request.query_params, "name")
        every_kind = P.flag(request.query_params, "all")
        with self.session() as session:
            if name:
                match = match_entity(session, name, "speaker")
                return RedirectResponse(f"/speakers/{match.entity_id}", status_code=303)
            rows = list(islice(iter_speakers(session, every_kind=every_kind), 500))
        return self.render(request, "speakers.html", rows=rows, every_kind=every_kind)

    def speaker(self, request: Request) -> Response:
        entity_id = request.path_params["entity_id"]
        query = request.query_params
        by = P.choice(query, "by", P.PERIODS, "month") or "month"
        chosen = P.integers(query, "target", most=P.MAX_TARGETS)
        page = P.page(query)
        with self.session() as session:
            entity = articles.entity(session, entity_id)
            if not entity["quotes"]:
                if entity["statements_about"]:
                    return RedirectResponse(f"/targets/{entity_id}", status_code=303)
                raise articles.UnknownRecord(f"no speaker has the id {entity_id}")
            summary = next((s for s in iter_speakers(session, entity["name"]) if s["id"] == entity_id), None)
            confidence = P.min_confidence(request.query_params)
            targets = speaker_targets(session, None, speaker_id=entity_id, min_confidence=confidence)
            ids = articles.entity_ids(session, [t["target"] for t in targets])
            # The three most talked-about targets, unless the reader chose others.
            shown = chosen or [ids[t["target"]] for t in targets[:3] if t["target"] in ids]
            names_of = {i: n for n, i in ids.items()}
            names = [names_of.get(i) or articles.entity(session, i)["name"] for i in shown]
            timeline = stance_timeline(
                session,
                StanceFilter(entity["name"], names, speaker_id=entity_id, target_ids=shown, min_confidence=confidence),
                by,
            )
            flt = QuoteFilter(speaker_id=entity_id)
            rows = articles.quote_page(session, flt, page.offset, page.size)
            return self.render(
                request,
                "speaker.html",
                entity=entity,
                summary=summary,
                targets=targets,
                target_ids=ids,
                shown=shown,
                by=by,
                periods=P.PERIODS,
                timeline=timeline,
                chart="/charts/stance.svg?" + views.link_params({}, speaker=entity_id, target=shown, by=by),
                rows=rows,
                total=entity["quotes"],
                page=page,
                pages=max(1, -(-entity["quotes"] // page.size)),
                params=query,
            )

    def target_list(self, request: Request) -> Response:
        with self.session() as session:
            rows = speaker_targets(session, None, 500, min_confidence=P.min_confidence(request.query_params))
            ids = articles.entity_ids(session, [row["target"] for row in rows])
        return self.render(request, "targets.html", rows=rows, ids=ids)

    def target(self, request: Request) -> Response:
        entity_id = request.path_params["entity_id"]
        by = P.choice(request.query_params, "by", P.PERIODS, "month") or "month"
        with self.session() as session:
            entity = articles.entity(session, entity_id)
            if not entity["statements_about"]:
                if entity["quotes"]:
                    return RedirectResponse(f"/speakers/{entity_id}", status_code=303)
                raise articles.UnknownRecord(f"no target has the id {entity_id}")
            timeline = stance_timeline(
                session,
                StanceFilter(
                    None,
                    [entity["name"]],
                    target_ids=[entity_id],
                    min_confidence=P.min_confidence(request.query_params),
                ),
                by,
            )
            return self.render(
                request,
                "target.html",
                entity=entity,
                speakers=articles.target_speakers(session, entity_id),
                statements=articles.target_statements(session, entity_id, 100),
                timeline=timeline,
                by=by,
                periods=P.PERIODS,
                chart="/charts/stance.svg?" + views.link_params({}, target=entity_id, by=by),
            )

    def chart(self, request: Request) -> Response:
        query = request.query_params
        by = P.choice(query, "by", P.PERIODS, "month") or "month"
        speaker_id = P.integer(query, "speaker")
        target_ids = P.integers(query, "target", most=P.MAX_TARGETS)
        with self.session() as session:
            speaker = articles.entity(session, speaker_id)["name"] if speaker_id is not None else None
            names = [articles.entity(session, i)["name"] for i in target_ids]
            rows = stance_timeline(
                session,
                StanceFilter(
                    speaker,
                    names,
                    speaker_id=speaker_id,
                    target_ids=target_ids,
                    min_confidence=P.min_confidence(query),
                ),
                by,
            )
        if speaker is None and len(names) == 1:
            title = f"Stance of all speakers toward {names[0]} over time"
        else:
            title = f"Stance of {speaker or 'all speakers'} over time"
        svg = stance_svg(rows, title=title, by=by)
        return Response(svg, media_type="image/svg+xml", headers={"content-security-policy": SVG_POLICY})

    # Exports and JSON endpoints: what `tracker quotes --format csv|json` and the others print

    def quotes_csv(self, request: Request) -> Response:
        flt = P.quote_filter(request.query_params, with_limit=True)
        return self._stream(
            lambda s: iter_quotes(s, flt),
            lambda rows: csv_lines(rows, QUOTE_CSV_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="quotes.csv"'},
        )

    def api_quotes(self, request: Request) -> Response:
        flt = P.quote_filter(request.query_params, with_limit=True)
        return self._stream(lambda s: iter_quotes(s, flt), json_array, media_type="application/json; charset=utf-8")

    def api_quote(self, request: Request) -> Response:
        with self.session() as session:
            return self._json(articles.quote_view(session, request.path_params["quote_id"]))

    def api_article(self, request: Request) -> Response:
        with self.session() as session:
            return self._json(articles.article_view(session, request.path_params["external_id"]))

    def api_facets(self, request: Request) -> Response:
        flt = P.quote_filter(request.query_params)
        with self.session() as session:
            self._speaker(session, flt)
            return self._json(articles.quote_facets(session, flt))

    def api_speakers(self, request: Request) -> Response:
        name = P.text(request.query_params, "name")
        every_kind = P.flag(request.query_params, "all")
        with self.session() as session:
            if name:
                match_entity(session, name, "speaker")  # an unknown name is a 404, before the first row
            return self._json_rows(list(iter_speakers(session, name, every_kind=every_kind)))

    def api_stance(self, request: Request) -> Response:
        query = request.query_params
        speaker = P.text(query, "speaker")
        targets = P.texts(query, "target", most=P.MAX_TARGETS)
        by = P.choice(query, "by", P.PERIODS, "month") or "month"
        since, until = P.day(query, "since"), P.day(query, "until")
        with self.session() as session:
            # As `tracker stance` does: names to entities first, then the timeline of those entities.
            speaker_match = match_entity(session, speaker, "speaker") if speaker else None
            target_matches = [match_entity(session, t, "target") for t in targets]
            flt = StanceFilter(
                speaker_match.name if speaker_match else None,
                [m.name for m in target_matches],
                since,
                until,
                speaker_id=speaker_match.entity_id if speaker_match else None,
                target_ids=[m.entity_id for m in target_matches],
                count=P.choice(query, "count", P.COUNTS, "statements") or "statements",
                min_confidence=P.min_confidence(query),
            )
            return self._json_rows(stance_timeline(session, flt, by))

    def api_targets(self, request: Request) -> Response:
        query = request.query_params
        speaker = P.text(query, "speaker")
        limit = P.integer(query, "limit")
        count = P.choice(query, "count", P.COUNTS, "statements") or "statements"
        with self.session() as session:
            speaker_id = match_entity(session, speaker, "speaker").entity_id if speaker else None
            rows = speaker_targets(
                session, speaker, limit, speaker_id=speaker_id, count=count, min_confidence=P.min_confidence(query)
            )
            return self._json_rows(rows)

    # Helpers

    def _speaker(self, session: Session, flt: QuoteFilter) -> EntityMatch | None:
        if not flt.speaker:
            return None
        match = match_entity(session, flt.speaker, "speaker")
        flt.speaker_id = match.entity_id
        return match

    def _stream(
        self,
        rows_of: Callable[[Session], Iterator[dict[str, Any]]],
        write: Callable[[Iterator[dict[str, Any]]], Iterator[str]],
        **response: Any,
    ) -> Response:
        """Rows written as they are read, so an export of any size takes the memory of a few rows.

        The first row is read before the response starts: an unknown name or a bad search is then still
        an error page, not a cut-off stream.
        """
        session = Session(self.engine)
        try:
            rows = rows_of(session)
            first = next(rows, None)
        except BaseException:
            session.close()
            raise

        def chunks() -> Iterator[str]:
            try:
                yield from write(chain([first], rows) if first is not None else iter(()))
            finally:
                session.close()

        return StreamingResponse(chunks(), **response)

    def _json_rows(self, rows: list[dict[str, Any]]) -> Response:
        return Response("".join(json_array(iter(rows))), media_type="application/json; charset=utf-8")

    def _json(self, value: Any) -> Response:
        body = json.dumps(value, ensure_ascii=False, indent=2, default=json_default) + "\n"
        return Response(body, media_type="application/json; charset=utf-8")

    # Errors: a page (or JSON under /api/) with one line, never a traceback

    def error(self, request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Something went wrong"}
        return self.render(
            request, "error.html", status, status=status, title=titles.get(status, "Error"), message=message
        )

    def on_http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        messages = {
            404: f"nothing is at {request.url.path}",
            405: "this app only reads: use GET",
        }
        response = self.error(request, exc.status_code, messages.get(exc.status_code, exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    def on_bad_parameter(self, request: Request, exc: Exception) -> Response:
        return self.error(request, 400, str(exc))

    def on_unknown(self, request: Request, exc: Exception) -> Response:
        return self.error(request, 404, str(exc))

    def on_tracker_error(self, request: Request, exc: Exception) -> Response:
        return self.error(request, 400, str(exc))

    def on_crash(self, request: Request, exc: Exception) -> Response:
        log.error("error serving %s", request.url.path, exc_info=exc)
        return self.error(request, 500, "the server failed on this page; its log says why")


def create_app(engine: Engine, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The ASGI app over `engine` (from tracker.web.database.readonly_engine).

    Args:
        allowed_hosts: Host header values to answer to; None for any. `tracker serve` on a loopback
            address allows only loopback names, so a web page elsewhere cannot reach the app by
            pointing a domain of its own at 127.0.0.1 (DNS rebinding).
    """
    app = ReviewApp(engine)
    routes = [
        Route("/", app.home, name="home"),
        Route("/search", app.search, name="search"),
        Route("/quotes", app.quotes, name="quotes"),
        Route("/quotes.csv", app.quotes_csv, name="quotes_csv"),
        Route("/quotes/{quote_id:int}", app.quote, name="quote"),
        Route("/articles", app.article_list, name="articles"),
        Route("/articles/{external_id:path}", app.article, name="article"),
        Route("/speakers", app.speaker_list, name="speakers"),
        Route("/speakers/{entity_id:int}", app.speaker, name="speaker"),
        Route("/targets", app.target_list, name="targets"),
        Route("/targets/{entity_id:int}", app.target, name="target"),
        Route("/charts/stance.svg", app.chart, name="chart"),
        Route("/api/quotes", app.api_quotes, name="api_quotes"),
        Route("/api/quotes/{quote_id:int}", app.api_quote, name="api_quote"),
        Route("/api/articles/{external_id:path}", app.api_article, name="api_article"),
        Route("/api/facets", app.api_facets, name="api_facets"),
        Route("/api/speakers", app.api_speakers, name="api_speakers"),
        Route("/api/stance", app.api_stance, name="api_stance"),
        Route("/api/targets", app.api_targets, name="api_targets"),
        Mount("/static", StaticFiles(packages=[("tracker.web", "static")]), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPException: app.on_http_error,
            P.BadParameter: app.on_bad_parameter,
            articles.UnknownRecord: app.on_unknown,
            UnknownName: app.on_unknown,
            TrackerError: app.on_tracker_error,
            Exception: app.on_crash,
        },
    )

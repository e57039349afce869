"""One article with its attributions marked in place, and the counts and lists behind the review pages.

`tracker show` and `tracker serve` both read articles, facets and targets through this module, and quotes
through `tracker.reports.quotes`, so the terminal and the browser never disagree about what was stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import Any, Literal

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session, aliased

from tracker.errors import TrackerError
from tracker.reports.quotes import QuoteFilter, iter_quotes, quotes_query
from tracker.store import models

Part = Literal["content", "speaker", "cue"]
#: The order parts are drawn in when they share characters: the narrower part is the more telling one.
PART_ORDER: dict[Part, int] = {"cue": 0, "speaker": 1, "content": 2}


class UnknownRecord(TrackerError):
    """No stored article or quote has the id asked for."""


@dataclass(frozen=True)
class Mark:
    """One marked stretch of an article's text: the content, speaker mention or cue of attribution `number`."""

    number: int  # the attribution's place in the article, in text order, from 1
    quote_id: int
    part: Part
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A stretch of text in which the same marks are open: what a renderer draws in one style."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...]  # every mark covering the stretch, narrowest first
    opens: tuple[Mark, ...]  # the marks that begin at `start`, widest first (so brackets nest)
    closes: tuple[Mark, ...]  # the marks that end at `end`, narrowest first


def article_marks(attributions: Iterable[dict[str, Any]]) -> list[Mark]:
    """The marks of attributions shaped as `article_view` gives them (content, speaker mention, cue)."""
    marks = []
    for row in attributions:
        # A split quote is marked piece by piece: the attribution between its pieces is no part of what was said.
        for piece in row.get("pieces") or [{"start": row["start"], "end": row["end"]}]:
            marks.append(Mark(row["number"], row["id"], "content", piece["start"], piece["end"]))
        for part, key in (("speaker", "speaker_mention"), ("cue", "cue")):
            span = row.get(key)
            if span and span.get("start") is not None and span["end"] > span["start"]:
                marks.append(Mark(row["number"], row["id"], part, span["start"], span["end"]))  # type: ignore[arg-type]
    return marks


def _width_order(mark: Mark) -> tuple[int, int, int]:
    return (mark.end - mark.start, PART_ORDER[mark.part], mark.number)


def segments(
    text: str, marks: Sequence[Mark], start: int = 0, end: int | None = None, *, breaks: str = ""
) -> list[Segment]:
    """Cut `text[start:end]` at every mark boundary (and after each character in `breaks`).

    Marks may overlap in any way (a cue inside another quote's content, two crossing quotes): each
    segment lists all the marks over it, so no renderer has to nest elements that do not nest.
    """
    end = len(text) if end is None else end
    inside = [m for m in marks if m.start < end and m.end > start and 0 <= m.start < m.end <= len(text)]
    cuts = {start, end}
    for mark in inside:
        cuts.update(p for p in (mark.start, mark.end) if start < p < end)
    if breaks:
        cuts.update(i + 1 for i in range(start, end) if text[i] in breaks)
    points = sorted(cuts)
    result = []
    for left, right in zip(points, points[1:], strict=False):
        covering = sorted((m for m in inside if m.start < right and m.end > left), key=_width_order)
        result.append(
            Segment(
                left,
                right,
                text[left:right],
                tuple(covering),
                tuple(
                    sorted((m for m in covering if m.start == left or left == start), key=_width_order, reverse=True)
                ),
                tuple(m for m in covering if m.end == right or right == end),
            )
        )
    return result


def paragraphs(text: str, marks: Sequence[Mark], start: int = 0, end: int | None = None) -> list[list[Segment]]:
    """The segments of `text[start:end]` grouped by line, without the newlines; blank lines are dropped.

    A mark that runs over a line break is cut in two, one piece in each paragraph.
    """
    result: list[list[Segment]] = [[]]
    for segment in segments(text, marks, start, end, breaks="\n"):
        body = segment.text.rstrip("\n")
        if body:
            result[-1].append(
                Segment(segment.start, segment.start + len(body), body, segment.marks, segment.opens, segment.closes)
            )
        if segment.text.endswith("\n") and result[-1]:
            result.append([])
    return [p for p in result if p]


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines of `text` that hold `text[start:end]`: from the line break before to the one after."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def _article_row(session: Session, external_id: str) -> Any:
    credited = aliased(models.Outlet)
    query = (
        select(
            models.Article.id,
            models.Article.external_id,
            models.Article.title,
            models.Article.url,
            models.Article.published,
            models.Article.text,
            models.Outlet.name.label("outlet"),
            credited.name.label("credited"),
        )
        .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
        .outerjoin(credited, credited.id == models.Article.credited_outlet_id)
        .where(models.Article.external_id == external_id)
    )
    row = session.execute(query).one_or_none()
    if row is None:
        raise UnknownRecord(
            f"no article has the id {external_id!r}; `tracker quotes` shows the ids in its `article` column"
        )
    return row


def quote_targets(session: Session, quote_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The targets of each quote, in text order: canonical target, its id, the mention, label and score."""
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = sorted(set(quote_ids))
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        query = (
            select(models.Stance, models.Entity.name)
            .join(models.Entity, models.Entity.id == models.Stance.target_id)
            .where(models.Stance.quote_id.in_(chunk))
            .order_by(models.Stance.quote_id, models.Stance.mention_start, models.Stance.id)
        )
        for stance, target in session.execute(query):
            result[stance.quote_id].append(
                {
                    "target": target,
                    "target_id": stance.target_id,
                    "mention": {"text": stance.mention, "start": stance.mention_start, "end": stance.mention_end},
                    "label": stance.label,
                    "score": round(stance.score, 3),
                }
            )
    return result


def speaker_ids(session: Session, quote_ids: Sequence[int]) -> dict[int, int | None]:
    """The linked speaker entity of each quote (None for a description such as "officials")."""
    result: dict[int, int | None] = {}
    ids = sorted(set(quote_ids))
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        query = select(models.Quote.id, models.Quote.speaker_id).where(models.Quote.id.in_(chunk))
        result.update(dict(session.execute(query).all()))  # type: ignore[arg-type]
    return result


def entity_ids(session: Session, names: Sequence[str]) -> dict[str, int]:
    """The ids of the entities with these canonical names (as reports give them)."""
    result: dict[str, int] = {}
    unique = sorted(set(names))
    for chunk in (unique[i : i + 500] for i in range(0, len(unique), 500)):
        query = select(models.Entity.name, models.Entity.id).where(models.Entity.name.in_(chunk))
        result.update(dict(session.execute(query).all()))  # type: ignore[arg-type]
    return result


def article_view(session: Session, external_id: str) -> dict[str, Any]:
    """An article and every attribution in it, numbered in text order: what `tracker show --format json` prints.

    Each attribution is a row of `tracker quotes --format json` plus `number`, `speaker_id` and `targets`.

    Raises:
        UnknownRecord: no article has that external id.
    """
    row = _article_row(session, external_id)
    quotes = sorted(
        iter_quotes(session, QuoteFilter(article=external_id)), key=lambda q: (q["start"], q["end"], q["id"])
    )
    ids = [q["id"] for q in quotes]
    targets, speakers = quote_targets(session, ids), speaker_ids(session, ids)
    return {
        "article": row.external_id,
        "title": row.title,
        "url": row.url,
        "outlet": row.outlet,
        "credited_source": row.credited,
        "published": row.published,
        "text": row.text,
        "attributions": [
            {"number": n, **q, "speaker_id": speakers.get(q["id"]), "targets": targets.get(q["id"], [])}
            for n, q in enumerate(quotes, 1)
        ],
    }


def quote_view(session: Session, quote_id: int) -> dict[str, Any]:
    """One quote's article, as `article_view` gives it, with only that attribution and the excerpt to show:
    the paragraph (lines) holding its content, speaker mention and cue. What `tracker show --quote` prints.

    Raises:
        UnknownRecord: no quote has that id.
    """
    external_id = session.execute(
        select(models.Article.external_id)
        .join(models.Quote, models.Quote.article_id == models.Article.id)
        .where(models.Quote.id == quote_id)
    ).scalar_one_or_none()
    if external_id is None:
        raise UnknownRecord(f"no quote has the id {quote_id}; `tracker quotes` shows the ids in its `id` column")
    view = article_view(session, external_id)
    [attribution] = [a for a in view["attributions"] if a["id"] == quote_id]
    marks = article_marks([attribution])
    start, end = paragraph_bounds(view["text"], min(m.start for m in marks), max(m.end for m in marks))
    return {
        **view,
        "attributions": [attribution],
        "excerpt": {"start": start, "end": end, "text": view["text"][start:end]},
    }


def quote_page(session: Session, flt: QuoteFilter, offset: int, size: int) -> list[dict[str, Any]]:
    """Quotes `offset` to `offset + size` of `flt`, as `iter_quotes` gives them (reading the ones before and
    dropping them, so this costs `offset` rows; the review pages cap how deep they go)."""
    return list(islice(iter_quotes(session, replace(flt, limit=offset + size)), offset, None))


def quote_facets(session: Session, flt: QuoteFilter, *, top: int = 15) -> dict[str, list[dict[str, Any]]]:
    """Counts of the quotes `flt` selects by speaker, outlet (publisher or credited source), kind and month
    of publication, each most frequent first (months newest first). Choosing a value as a filter of the same
    name gives exactly that many quotes."""
    base = quotes_query(session, replace(flt, limit=None)).order_by(None).subquery()
    speakers = session.execute(
        select(base.c.speaker_id, base.c.speaker, func.count())
        .where(base.c.speaker_id.is_not(None))
        .group_by(base.c.speaker_id, base.c.speaker)
        .order_by(func.count().desc(), base.c.speaker)
        .limit(top)
    ).all()
    # `--outlet` matches the publisher or the credited source, so a quote counts under both when they differ.
    names = union_all(
        select(base.c.id, base.c.outlet.label("name")).where(base.c.outlet.is_not(None)),
        select(base.c.id, base.c.credited.label("name")).where(base.c.credited.is_not(None)),
    ).subquery()
    outlets = session.execute(
        select(names.c.name, func.count(func.distinct(names.c.id)))
        .group_by(names.c.name)
        .order_by(func.count(func.distinct(names.c.id)).desc(), names.c.name)
        .limit(top)
    ).all()
    kinds = session.execute(
        select(base.c.kind, func.count()).group_by(base.c.kind).order_by(func.count().desc(), base.c.kind)
    ).all()
    # Months are folded here, not in SQL: SQLite and PostgreSQL format dates differently.
    months: dict[date, int] = defaultdict(int)
    undated = 0
    for published, count in session.execute(select(base.c.published, func.count()).group_by(base.c.published)):
        if published is None:
            undated += count
        else:
            months[published.replace(day=1)] += count
    return {
        "speaker": [{"value": name, "id": entity_id, "count": n} for entity_id, name, n in speakers],
        "outlet": [{"value": name, "count": n} for name, n in outlets],
        "kind": [{"value": kind, "count": n} for kind, n in kinds],
        "month": [
            {"value": month.strftime("%Y-%m"), "since": month, "until": _month_end(month), "count": n}
            for month, n in sorted(months.items(), reverse=True)
        ]
        + ([{"value": "undated", "since": None, "until": None, "count": undated}] if undated else []),
    }


def _month_end(month: date) -> date:
    following = (
        month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
    )
    return date.fromordinal(following.toordinal() - 1)


def store_counts(session: Session) -> dict[str, int]:
    """How much the store holds: articles, quotes, linked speakers, targets and outlets."""

    def count(query: Any) -> int:
        return session.execute(query).scalar_one()

    return {
        "articles": count(select(func.count()).select_from(models.Article)),
        "quotes": count(select(func.count()).select_from(models.Quote)),
        "speakers": count(select(func.count(func.distinct(models.Quote.speaker_id)))),
        "targets": count(select(func.count(func.distinct(models.Stance.target_id)))),
        "outlets": count(select(func.count()).select_from(models.Outlet)),
    }


def recent_articles(session: Session, offset: int = 0, limit: int = 20) -> list[dict[str, Any]]:
    """Articles newest first with their outlet and number of quotes."""
    quotes = select(models.Quote.article_id, func.count().label("n")).group_by(models.Quote.article_id).subquery()
    query = (
        select(
            models.Article.external_id,
            models.Article.title,
            models.Article.published,
            models.Outlet.name,
            func.coalesce(quotes.c.n, 0),
        )
        .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
        .outerjoin(quotes, quotes.c.article_id == models.Article.id)
        .order_by(models.Article.published.desc().nulls_last(), models.Article.id)
        .offset(offset)
        .limit(limit)
    )
    return [
        {"article": external_id, "title": title, "published": published, "outlet": outlet, "quotes": n}
        for external_id, title, published, outlet, n in session.execute(query)
    ]


def entity(session: Session, entity_id: int) -> dict[str, Any]:
    """An entity's name, kind, aliases (entity and target aliases) and roles.

    Raises:
        UnknownRecord: no entity has that id.
    """
    found = session.get(models.Entity, entity_id)
    if found is None:
        raise UnknownRecord(f"no speaker or target has the id {entity_id}")
    aliases = session.scalars(
        select(models.EntityAlias.alias)
        .where(models.EntityAlias.entity_id == entity_id)
        .order_by(models.EntityAlias.key)
    ).all()
    target_aliases = session.scalars(
        select(models.TargetAlias.alias)
        .where(models.TargetAlias.target_id == entity_id)
        .order_by(models.TargetAlias.key)
    ).all()
    roles = session.scalars(
        select(models.EntityRole.role).where(models.EntityRole.entity_id == entity_id).order_by(models.EntityRole.id)
    ).all()
    return {
        "id": found.id,
        "name": found.name,
        "kind": found.kind,
        "aliases": [a for a in dict.fromkeys([*aliases, *target_aliases]) if a != found.name],
        "roles": list(roles),
        "quotes": session.execute(select(func.count()).where(models.Quote.speaker_id == entity_id)).scalar_one(),
        "statements_about": session.execute(
            select(func.count(func.distinct(models.Stance.quote_id))).where(models.Stance.target_id == entity_id)
        ).scalar_one(),
    }


def _statement_rows(session: Session, target_id: int) -> list[Any]:
    said_on = func.coalesce(models.Quote.event_date, models.Article.published)
    query = (
        select(
            models.Quote.id,
            models.Quote.speaker_id,
            func.coalesce(models.Entity.name, models.Quote.speaker_name).label("speaker"),
            models.Quote.kind,
            models.Quote.text,
            models.Article.external_id,
            said_on.label("said_on"),
            models.Stance.label,
            models.Stance.score,
        )
        .join(models.Quote, models.Quote.id == models.Stance.quote_id)
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .outerjoin(models.Entity, models.Entity.id == models.Quote.speaker_id)
        .where(models.Stance.target_id == target_id)
        .order_by(said_on.desc().nulls_last(), models.Quote.id, models.Stance.id)
    )
    # Two names in one statement can be one entity ("Hillary", "Hillary Clinton"): the statement counts once,
    # with its first stance, as in `tracker stance`.
    return list({row.id: row for row in reversed(session.execute(query).all())}.values())[::-1]


def target_speakers(session: Session, target_id: int) -> list[dict[str, Any]]:
    """Who speaks about a target: per speaker, statements, mean stance, label counts, first and last date."""
    by_speaker: dict[tuple[int | None, str | None], list[Any]] = defaultdict(list)
    for row in _statement_rows(session, target_id):
        by_speaker[(row.speaker_id, row.speaker)].append(row)
    result = []
    for (speaker_id, speaker), rows in by_speaker.items():
        labels = [r.label for r in rows]
        dates = [r.said_on for r in rows if r.said_on is not None]
        result.append(
            {
                "speaker": speaker,
                "speaker_id": speaker_id,
                "quotes": len(rows),
                "mean_stance": round(sum(r.score for r in rows) / len(rows), 3),
                "positive": labels.count("positive"),
                "neutral": labels.count("neutral"),
                "negative": labels.count("negative"),
                "first": min(dates, default=None),
                "last": max(dates, default=None),
            }
        )
    result.sort(key=lambda r: (-r["quotes"], r["speaker"] or ""))
    return result


def target_statements(session: Session, target_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The latest statements about a target, with speaker, date, label and score."""
    return [
        {
            "id": row.id,
            "speaker": row.speaker,
            "speaker_id": row.speaker_id,
            "kind": row.kind,
            "text": row.text,
            "article": row.external_id,
            "said_on": row.said_on,
            "label": row.label,
            "score": round(row.score, 3),
        }
        for row in islice(_statement_rows(session, target_id), limit)
    ]

"""`tracker show`: an article, or one quote in its paragraph, with every attribution marked where it stands."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

import click
from sqlalchemy.orm import Session

from tracker.cli.common import Context, open_db
from tracker.reports.articles import Mark, Segment, article_marks, segments

#: Brackets around each part when there is no colour: [1:content]1, {1:speaker mention}1, <1:cue>1.
BRACKETS = {"content": ("[", "]"), "speaker": ("{", "}"), "cue": ("<", ">")}
STYLES = {"content": "yellow", "speaker": "bold cyan", "cue": "bold magenta"}
LEGEND_PLAIN = "marks: [n:content]n  {n:speaker}n  <n:cue>n"
# Article text is untrusted: an escape sequence in it must not drive the reader's terminal. Each control
# character becomes one replacement character, so what is printed lines up with the stored offsets.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def plain_marked(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> str:
    """`text[start:end]` with each mark in its numbered brackets; the closing bracket repeats the number so
    that crossing marks stay readable."""
    out: list[str] = []
    for segment in segments(text, marks, start, end):
        out.extend(f"{BRACKETS[m.part][0]}{m.number}:" for m in segment.opens)
        out.append(_printable(segment.text))
        out.extend(f"{BRACKETS[m.part][1]}{m.number}" for m in segment.closes)
    return "".join(out)


def _coloured(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> Any:
    from rich.style import Style
    from rich.text import Text

    out = Text()
    for segment in segments(text, marks, start, end):
        for mark in segment.opens:
            out.append(f"{mark.number}", style="dim")
        out.append(_printable(segment.text), style=_segment_style(segment, Style))
    return out


def _segment_style(segment: Segment, style_class: Any) -> Any:
    style = style_class()
    # Widest first, so the narrowest part (a cue inside a quote) has the last word on the colour.
    for mark in reversed(segment.marks):
        style += style_class.parse(STYLES[mark.part])
    return style


def _stance(target: dict[str, Any]) -> str:
    return f"{target['target']} {target['label']} ({target['score']:+.2f})"


def attribution_lines(attribution: dict[str, Any]) -> list[str]:
    """The entry for one attribution in the list under the text."""
    who = attribution["speaker"] or "no speaker linked"
    said = []
    if attribution["speaker_mention"] and attribution["speaker_mention"]["text"] != attribution["speaker"]:
        said.append(f"as “{attribution['speaker_mention']['text']}”")
    if attribution["cue"]:
        said.append(f"cue “{attribution['cue']['text']}”")
    details = [f"{attribution['kind']}: {who}" + (f" ({', '.join(said)})" if said else "")]
    if attribution["credited_source"]:
        details.append(f"credited to {attribution['credited_source']}")
    if attribution["event_date"]:
        details.append(f"said on {attribution['event_date'].isoformat()}")
    details.append(f"quote {attribution['id']}")
    lines = [_printable(f"{attribution['number']:>3}. " + "; ".join(details))]
    if attribution["targets"]:
        lines.append(_printable("     about: " + ", ".join(_stance(t) for t in attribution["targets"])))
    return lines


def header_lines(view: dict[str, Any]) -> list[str]:
    lines = [view["title"] or view["article"]]
    about = [view["article"]]
    if view["outlet"]:
        about.append(view["outlet"])
    if view["credited_source"] and view["credited_source"] != view["outlet"]:
        about.append(f"credits {view['credited_source']}")
    if view["published"]:
        about.append(view["published"].isoformat())
    lines.append(" · ".join(about))
    if view["url"]:
        lines.append(view["url"])
    return [_printable(line) for line in lines]


def _use_colour(colour: bool | None) -> bool:
    if colour is not None:
        return colour
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.command("show")
@click.argument("article_id", required=False)
@click.option(
    "--quote", "quote_id", type=click.IntRange(1), help="Show this quote (its id in `tracker quotes`) in its paragraph."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--color/--no-color", "colour", default=None, help="Colours instead of brackets; by default on a terminal."
)
@click.pass_obj
def show_command(ctx: Context, article_id: str | None, quote_id: int | None, fmt: str, colour: bool | None) -> None:
    """Print an article with every attribution marked in place, then the list of attributions.

    Content, speaker mention and cue are coloured on a terminal; otherwise they are bracketed and
    numbered: [1:content]1, {1:speaker}1, <1:cue>1. Each entry of the list gives the kind, the
    canonical speaker, the credited source and the targets with their stance.

    \b
    Examples:
        tracker show hegseth-tokyo-2025-03-30
        tracker show --quote 4
        tracker show hegseth-tokyo-2025-03-30 --format json
    """
    from tracker.reports.articles import article_view, quote_view

    if (article_id is None) == (quote_id is None):
        raise click.UsageError("give an ARTICLE_ID or --quote ID (one of them)")
    engine = open_db(ctx)
    with Session(engine) as session:
        view = quote_view(session, quote_id) if quote_id is not None else article_view(session, article_id or "")
    if fmt == "json":
        click.echo(json.dumps(view, ensure_ascii=False, indent=2, default=_json_default))
        return
    marks = article_marks(view["attributions"])
    start, end = (view["excerpt"]["start"], view["excerpt"]["end"]) if "excerpt" in view else (0, len(view["text"]))
    header = header_lines(view)
    entries = [line for a in view["attributions"] for line in attribution_lines(a)] or ["no attributions"]
    if _use_colour(colour):
        from rich.console import Console

        console = Console(force_terminal=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
        console.print(header[0], style="bold")
        for line in header[1:]:
            console.print(line, style="dim")
        console.print()
        console.print(_coloured(view["text"], marks, start, end))
        console.print()
        for line in entries:
            console.print(line)
        return
    body = plain_marked(view["text"], marks, start, end)
    click.echo("\n".join([*header, LEGEND_PLAIN, "", body, "", *entries]))

"""`tracker ingest`: read articles, extract who said what, store it."""

from __future__ import annotations

from collections import Counter

import click

from tracker.cli.common import DATE, Context, Terminated, open_db, sigterm_as_interrupt, stop_status
from tracker.sources import FORMATS, NOT_REGULAR, Note, Skipped, read_paths


@click.command("ingest")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Read every input in this format instead of guessing from the extension.",
)
@click.option("--outlet", help="Publisher of articles whose file does not say.")
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD) of articles whose file does not say.")
@click.option("--title", help="Title of a text article whose file does not say.")
@click.option("--url", help="URL of a text article whose file does not say.")
@click.option(
    "--reprocess", is_flag=True, help="Extract again articles already stored (all of them when no PATH is given)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes of the local Dask cluster (default: one per core).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Send the work to the running Dask scheduler at ADDRESS (tcp://HOST:8786) instead of a local cluster.",
)
@click.option(
    "--batch-size", type=click.IntRange(1, 1000), default=32, show_default=True, help="Articles per batch of work."
)
@click.option("--no-stance", is_flag=True, help="Skip target and stance detection (faster).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("-v", "--verbose", is_flag=True, help="List the files skipped in directories, and why.")
@click.pass_obj
def ingest_command(
    ctx: Context,
    paths: tuple[str, ...],
    fmt: str | None,
    outlet: str | None,
    published: object,
    title: str | None,
    url: str | None,
    reprocess: bool,
    workers: int | None,
    cluster: str | None,
    batch_size: int,
    no_stance: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read articles from PATHS and store their quotes, speakers and sources.

    PATHS are files, directories (searched recursively), glob patterns, - for standard input, or
    http(s) URLs of pages and feeds (a feed entry without its full text has its page fetched).
    Formats: .txt (optional "key: value" header: id, title, outlet, published, url), .json,
    .jsonl (fields id, title, text, outlet, published, url), .html, and RSS/Atom (.xml, .rss, .atom).
    Articles already stored with the same text are skipped. In directories, files of other types
    are skipped (counted in the summary, listed with --verbose), and so are FIFOs, sockets and devices.

    \b
    Examples:
        tracker ingest seeds/
        tracker ingest 'news/**/*.html' --outlet "Example Times"
        tracker ingest https://example.com/2025/03/story.html https://example.com/rss.xml
        cat articles.jsonl | tracker ingest -
        tracker ingest --reprocess
        tracker ingest archive/ --cluster tcp://10.0.0.5:8786
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tracker.ingest import expected_articles, ingest, stored_articles

    if not paths and not reprocess:
        raise click.UsageError("give at least one PATH (or --reprocess to extract stored articles again)")
    if workers is not None and cluster is not None:
        raise click.UsageError("--workers sizes the local cluster; a --cluster has the workers started for it")
    engine = open_db(ctx)
    defaults = {
        "outlet": outlet,
        "published": published.isoformat() if published else None,  # type: ignore[attr-defined]
        "title": title,
        "url": url,
    }
    stderr = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[quotes]} quotes"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=quiet or not stderr.is_terminal,  # a bar in a log or a pipe is noise (and a stray blank line)
    )
    skipped: Counter[str] = Counter()

    def say(label: str, message: str) -> None:
        progress.console.print(f"{label}: {message}", markup=False, highlight=False, soft_wrap=True)

    def on_note(note: Note) -> None:
        if isinstance(note, Skipped):
            skipped[note.reason] += 1
            # A FIFO or socket in a news directory is a surprise worth a line; files of other types are expected.
            if not (verbose or note.reason == NOT_REGULAR):
                return
        say("skipped" if isinstance(note, Skipped) else "warning", note.message)

    items = read_paths(paths, fmt=fmt, defaults=defaults, on_note=on_note) if paths else stored_articles(engine)
    try:
        with sigterm_as_interrupt(), progress:
            task = progress.add_task("ingest", total=expected_articles(paths, fmt) if paths else None, quotes=0)
            summary = ingest(
                items,
                engine,
                model=ctx.model,
                stance=not no_stance,
                reprocess=reprocess,
                workers=workers,
                cluster=cluster,
                batch_size=batch_size,
                on_article=lambda s: progress.update(task, completed=s.seen, quotes=s.quotes),
                on_failure=lambda message: say("error", message),
                on_warning=lambda message: say("warning", message),
            )
    except KeyboardInterrupt as stop:
        # The cluster is stopped by now; what was stored is kept, and a rerun does the rest.
        click.echo(f"Error: {'terminated' if isinstance(stop, Terminated) else 'interrupted'}", err=True)
        raise click.exceptions.Exit(stop_status(stop)) from None
    skips = "".join(
        f"; {count} {'file' if count == 1 else 'files'} skipped ({reason})" for reason, count in sorted(skipped.items())
    )
    click.echo(summary.render() + skips, err=True)
    if summary.failed:
        raise SystemExit(1)

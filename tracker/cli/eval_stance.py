"""`tracker eval-stance`: score the shipped stance model on a NewsMTSC-format file."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.common import Context
from tracker.errors import TrackerError


@click.command("eval-stance")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--predictions",
    "predictions_out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write one JSON line per target: primary_gid, from, to, polarity (2.0/4.0/6.0).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Targets per model call; ingest uses 1, which keeps each prediction independent of the others.",
)
@click.option(
    "--statements",
    "statements_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PolNeAR dev articles for the statement-level report (default: polnear-dev.jsonl beside FILE, if there).",
)
@click.pass_obj
def eval_stance_command(
    ctx: Context, file: Path, predictions_out: Path | None, batch_size: int, statements_path: Path | None
) -> None:
    """Score target-dependent stance on NewsMTSC JSON Lines (macro F1 over negative/neutral/positive),
    then, on hand-labelled PolNeAR dev statements, the targets and labels the pipeline stores.

    \b
    Example:
        tracker eval-stance newsmtsc-devtest-mt.jsonl --predictions preds.jsonl
        tracker eval-stance newsmtsc-devtest-mt.jsonl --statements polnear-dev.jsonl
    """
    from tracker.evaluation.newsmtsc import evaluate_stance
    from tracker.stance.model import StanceModel

    if not file.is_file():
        raise click.ClickException(f"{file}: no such file")
    try:
        model = StanceModel.load()
        click.echo(f"scoring {file} ...", err=True)
        report = evaluate_stance(file, model, predictions_out, batch_size=batch_size)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or file}: {exc.strerror or exc}") from exc
    click.echo(f"{report.n_targets} targets in {report.seconds:.1f}s", err=True)
    click.echo(report.render())
    articles = statements_path or file.with_name("polnear-dev.jsonl")
    if statements_path is not None and not articles.is_file():
        raise click.ClickException(f"{articles}: no such file")
    if articles.is_file():
        from tracker.evaluation.statement_stance import evaluate_statement_stance

        click.echo(f"scoring statements in {articles} ...", err=True)
        try:
            statements = evaluate_statement_stance(articles, ctx.nlp(stance=True))
        except TrackerError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo("")
        click.echo(statements.render())

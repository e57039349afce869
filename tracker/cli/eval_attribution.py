"""`tracker eval`: score attribution extraction against a PolNeAR-format gold file."""

from __future__ import annotations

import sys

import click

from tracker.cli.common import Context
from tracker.errors import InputError


@click.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=str))
@click.option("--errors", "errors", type=click.IntRange(min=0), default=0, show_default=True,
              help="Show a sample of N misses, false hits and speaker errors before the summary.")
@click.pass_obj
def eval_command(ctx: Context, gold: str, errors: int) -> None:
    """Score attribution extraction on a PolNeAR JSON Lines gold file.

    Runs the same extraction as `tracker ingest` and prints content, quoted-segment, speaker and
    end-to-end figures, overall and by kind (direct, mixed, indirect).

    \b
    Example:
        tracker eval /work/shared/eval/polnear-dev.jsonl
        tracker eval polnear-dev.jsonl --errors 20
    """
    from tracker.evaluation.polnear import evaluate_file, read_gold

    try:
        for _ in read_gold(gold):  # validate the whole file before loading the pipeline
            pass
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    import tracker.nlp.attribution  # noqa: F401  registers the factory when the package is not installed

    nlp = ctx.nlp(stance=False)
    click.echo(f"scoring {gold} ...", err=True)
    try:
        report = evaluate_file(gold, nlp, errors=errors, progress=sys.stderr.isatty())
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.render(errors))

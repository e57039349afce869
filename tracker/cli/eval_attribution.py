"""`tracker eval`: score attribution extraction against a PolNeAR-format gold file."""

from __future__ import annotations

import sys

import click

from tracker.cli.common import Context
from tracker.errors import InputError


@click.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=str), required=False)
@click.option(
    "--errors",
    "errors",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Show a sample of N misses, false hits and speaker errors before the summary.",
)
@click.option(
    "--without",
    "without",
    multiple=True,
    metavar="PASS",
    help="Leave out an attribution pass (repeatable), e.g. trim_tails or trim_tails.v1, to measure "
    "what it is worth. --list-passes names them.",
)
@click.option("--list-passes", is_flag=True, help="List the attribution passes in the order they run, and exit.")
@click.pass_obj
def eval_command(ctx: Context, gold: str | None, errors: int, without: tuple[str, ...], list_passes: bool) -> None:
    """Score attribution extraction on a PolNeAR JSON Lines gold file.

    Runs the same extraction as `tracker ingest` and prints content, quoted-segment, speaker and
    end-to-end figures, overall and by kind (direct, mixed, indirect), then, where hand-made gold covers
    the file's articles, speaker identity and statement grouping (pairwise P, R, F1 on same-utterance pairs).

    \b
    Example:
        tracker eval /work/shared/eval/polnear-dev.jsonl
        tracker eval polnear-dev.jsonl --errors 20
        tracker eval polnear-dev.jsonl --without trim_tails --without merge_quotes
    """
    from tracker.evaluation.polnear import evaluate_file, read_gold
    from tracker.nlp.attribution import UnknownPassError, resolve_pass_names
    from tracker.nlp.attribution.passes import DEFAULT_PASSES

    if list_passes:
        for name in DEFAULT_PASSES:
            click.echo(name)
        return
    if gold is None:
        raise click.UsageError("Missing argument 'GOLD'.")
    try:
        resolve_pass_names(without)
    except UnknownPassError as exc:
        raise click.BadParameter(str(exc), param_hint="--without") from exc
    try:
        articles = {article.id for article in read_gold(gold)}  # validate the whole file before loading the pipeline
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc

    nlp = ctx.nlp(stance=False)
    click.echo(f"scoring {gold} ...", err=True)
    try:
        report = evaluate_file(gold, nlp, errors=errors, progress=sys.stderr.isatty(), without=without)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    except UnknownPassError as exc:
        raise click.BadParameter(str(exc), param_hint="--without") from exc
    click.echo(report.render(errors))
    from tracker.evaluation.statements import covers, score_statement_pairs

    if covers(articles):  # statement grouping, on the hand-labelled pairs of these articles' files
        click.echo("")
        click.echo(score_statement_pairs().render())

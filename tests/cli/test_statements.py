"""Statements through the CLI: one line reported by several outlets is one statement, in any ingest order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import BACKENDS, make_database
from tracker.cli import cli

LINE = "We will not balance this budget on the backs of our children"
ARTICLES = [
    {
        "id": "ledger-budget",
        "outlet": "Riverside Ledger",
        "published": "2024-03-04",
        "text": f"Senator Maria Alvarez spoke at a rally on Monday.\n“{LINE},” Senator Maria Alvarez said.",
    },
    {
        "id": "courier-budget",
        "outlet": "Valley Courier",
        "published": "2024-03-05",
        "text": f"Senator Maria Alvarez defended the schools.\n“{LINE}!” Maria Alvarez told the crowd.",
    },
    {
        "id": "post-budget",
        "outlet": "Metro Post",
        "published": "2024-03-06",
        "text": "Senator Maria Alvarez spoke again.\n“We will never balance this budget on the backs of our own "
        "children,” Maria Alvarez said.",
    },
    {
        "id": "ledger-steel",
        "outlet": "Riverside Ledger",
        "published": "2024-03-07",
        "text": "Senator Maria Alvarez toured the mill.\n“The steel mill will stay open as long as I am in office,” "
        "Maria Alvarez said.",
    },
]


def _run(runner: CliRunner, db: str, *args: str) -> Any:
    result = runner.invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result


def _json(runner: CliRunner, db: str, *args: str) -> Any:
    return json.loads(_run(runner, db, *args, "--format", "json").stdout)


def _statements(runner: CliRunner, db: str) -> set[frozenset[tuple[str, int]]]:
    """The statements as sets of (article, offset): comparable between databases."""
    groups = []
    for row in _json(runner, db, "quotes", "--speaker", "Maria Alvarez", "--distinct"):
        reports = _json(runner, db, "quotes", "--same-as", str(_quote_id(runner, db, row["text"])))
        groups.append(frozenset((r["article"], r["id"] and _offset(runner, db, r["id"])) for r in reports))
    return set(groups)


def _quote_id(runner: CliRunner, db: str, text: str) -> int:
    return next(q["id"] for q in _json(runner, db, "quotes", "--speaker", "Maria Alvarez") if q["text"] == text)


def _offset(runner: CliRunner, db: str, quote_id: int) -> int:
    return next(q["start"] for q in _json(runner, db, "quotes", "--speaker", "Maria Alvarez") if q["id"] == quote_id)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_statements_do_not_depend_on_ingest_order(runner: CliRunner, backend: str, tmp_path: Path) -> None:
    results = []
    for order in (ARTICLES, ARTICLES[::-1]):
        path = tmp_path / f"articles-{len(results)}.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in order), encoding="utf-8")
        (tmp_path / str(len(results))).mkdir()
        for db in make_database(backend, tmp_path / str(len(results))):
            _run(runner, db, "ingest", "-q", "--no-stance", str(path))
            results.append(_statements(runner, db))
    assert results[0] == results[1]
    copies = [g for g in results[0] if len(g) > 1]
    # the two outlets' copies of the line are one statement; the reworded one and the steel line are not
    assert [sorted(a for a, _ in g) for g in copies] == [["courier-budget", "ledger-budget"]]


@pytest.mark.slow
def test_distinct_same_as_and_altered(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = str(tmp_path / "t.db")
    _run(runner, db, "ingest", "-q", "--no-stance", str(path))
    distinct = _json(runner, db, "quotes", "--speaker", "Maria Alvarez", "--distinct")
    line = next(r for r in distinct if r["text"] == LINE)
    assert (line["reports"], line["articles"], line["outlets"], line["first_published"]) == (2, 2, 2, "2024-03-04")
    texts = [r["text"] for r in distinct]
    # the line once, its reworded form and the steel line apart
    assert (
        texts.count(LINE) == 1
        and sum("never balance" in t for t in texts) == 1
        and sum("steel" in t for t in texts) == 1
    )
    reports = _json(runner, db, "quotes", "--same-as", str(_quote_id(runner, db, LINE)))
    assert [(r["article"], r["outlet"]) for r in reports] == [
        ("ledger-budget", "Riverside Ledger"),
        ("courier-budget", "Valley Courier"),
    ]
    unknown = runner.invoke(cli, ["--db", db, "quotes", "--same-as", "999999"])
    assert unknown.exit_code == 1 and "no quote 999999" in unknown.output


@pytest.mark.parametrize(
    ("article", "shown"),
    [("huff-post_2016-09-20_hillary-clinton-speaks-directly-", True), ("not-in-the-pair-gold", False)],
)
def test_eval_prints_statement_grouping_figures_for_articles_of_the_pair_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article: str, shown: bool
) -> None:
    import re
    from types import SimpleNamespace

    import tracker.evaluation.polnear as polnear
    from tracker.cli.common import Context
    from tracker.evaluation.statements import score_statement_pairs

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": article, "text": "Nothing here.", "attributions": []}) + "\n", encoding="utf-8")
    # The extraction is not under test: no pipeline, a fixed attribution report.
    monkeypatch.setattr(Context, "nlp", lambda self, stance=False: None)
    monkeypatch.setattr(polnear, "evaluate_file", lambda *a, **k: SimpleNamespace(render=lambda errors: "content"))
    result = CliRunner().invoke(cli, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    row = re.search(r"^same utterance\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.output, re.MULTILINE)
    assert (row is not None) == shown
    if shown:
        expected = score_statement_pairs()
        assert row is not None
        assert [float(x) for x in row.groups()] == [
            round(v, 3) for v in (expected.precision, expected.recall, expected.f1)
        ]
        assert f"{expected.true_positive} right, {expected.false_positive} wrong" in result.output

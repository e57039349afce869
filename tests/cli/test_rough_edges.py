"""What a new user hits first (issue 14): a closed pipe, an empty plot, outlet aliases, search syntax, paging.

The database is filled through the real writer and linking, from attributions written here, so these
tests need no trained pipeline: every row is known, and so is every expected answer.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from tests.conftest import BACKENDS, make_database
from tracker.cli import cli
from tracker.entities.linking import relink
from tracker.store.engine import open_database
from tracker.store.writer import ArticleWriter
from tracker.types import Article, Attribution, Speaker, StanceLabel, TargetStance, TextSpan

BULK_ARTICLES = 30
QUOTES_PER_ARTICLE = 40  # 1,200 quotes: far more than a pipe buffer holds as JSON lines
SURNAMES = (
    "Abbott Barros Castillo Dimitrov Eze Farouk Gallo Horvat Ilunga Jansen Kowalski Lindqvist Moreau Novak Okafor"
)
PEOPLE = [
    f"{first} {last}" for first in ("Ada", "Ben", "Cleo", "Dev") for last in SURNAMES.split()
]  # 60: a page leaves some out
PLACES = [
    f"Port {name}"
    for name in (
        "Alder Birch Cedar Dune Elm Fern Glen Heath Iris Juniper Kestrel Larch Maple Nettle Oak Pine Quartz Rowan Sage "
        "Thorn Umber Vale Willow Yarrow Zephyr Aster Bramble Clover Dahlia Ember Flint Garnet Hazel Ivy Jasper Kelp "
        "Laurel Myrtle Nutmeg Olive Poppy Reed Sorrel Tansy Ursa Violet Wren Yew Zinnia Acorn Basil Cobalt Dove Egret"
    ).split()
]  # 54 targets, with Japan 55
JANE = Speaker("Jane Roe", "person", aliases=("Jane Roe", "Roe"))
# What --contains is asked about: stems, prefixes, OR, NOT and phrases.
SEARCH_QUOTES = [
    "half of them are in a basket of deplorables",
    "that remark was deplorable and wrong",
    "I never sent those emails to anyone",
    "the email server was kept at home",
    "we will not deploy troops there",
]
PUBLISHERS = ["Associated Press", "www.politico.com", "The Daily Planet"]


def _quote(
    text: str,
    at: int,
    speaker: Speaker,
    credited: str | None,
    targets: list[TargetStance] | None = None,
    said: date | None = None,
) -> Attribution:
    return Attribution("direct", TextSpan(at, at + len(text), text), None, None, speaker, credited, targets or [], said)


def _bulk_article(number: int) -> tuple[Article, list[Attribution]]:
    """An article of many short quotes, each by one of PEOPLE about one of PLACES."""
    parts: list[str] = []
    attributions = []
    offset = 0
    for i in range(QUOTES_PER_ARTICLE):
        n = number * QUOTES_PER_ARTICLE + i
        place = PLACES[n % len(PLACES)]
        said = f"{place} will get bridge number {n} next spring"
        sentence = f"“{said},” {PEOPLE[n % len(PEOPLE)]} said. "
        at = offset + 1
        mention = TextSpan(at, at + len(place), place)
        speaker = Speaker(PEOPLE[n % len(PEOPLE)], "person", aliases=(PEOPLE[n % len(PEOPLE)],))
        stance = TargetStance(place, "region", mention, "positive", 0.5)
        attributions.append(_quote(said, at, speaker, "Associated Press" if number % 3 == 2 else None, [stance]))
        parts.append(sentence)
        offset += len(sentence)
    publisher = PUBLISHERS[number % len(PUBLISHERS)]
    return Article(
        f"bulk-{number}", "".join(parts), outlet=publisher, published=date(2023, 1, 1 + number)
    ), attributions


def _sentences(
    external_id: str,
    published: date,
    quotes: list[tuple[str, list[tuple[str, StanceLabel, float]]]],
    outlet: str = "The Daily Planet",
) -> tuple[Article, list[Attribution]]:
    """An article of Jane Roe's quotes; each quote names targets (name, label, score) it is about."""
    text, attributions = "", []
    for said, about in quotes:
        at = len(text) + 1
        stances = [
            TargetStance(
                name, "country", TextSpan(at + said.index(name), at + said.index(name) + len(name), name), label, score
            )
            for name, label, score in about
        ]
        attributions.append(_quote(said, at, JANE, None, stances, published))
        text += f"“{said},” Jane Roe said. "
    return Article(external_id, text, outlet=outlet, published=published), attributions


def _fill(url: str) -> None:
    articles = [_bulk_article(n) for n in range(BULK_ARTICLES)]
    articles.append(_sentences("search", date(2024, 6, 1), [(q, []) for q in SEARCH_QUOTES]))
    # Jane Roe on Japan in January (two quotes), February and April 2024: nothing in March.
    articles.append(
        _sentences(
            "japan-jan",
            date(2024, 1, 15),
            [
                ("Japan is a fine partner", [("Japan", "positive", 0.8)]),
                ("Japan keeps its word", [("Japan", "positive", 0.6)]),
            ],
        )
    )
    articles.append(_sentences("japan-feb", date(2024, 2, 10), [("Japan let us down", [("Japan", "negative", -0.5)])]))
    articles.append(
        _sentences("japan-apr", date(2024, 4, 3), [("Japan is back on track", [("Japan", "positive", 0.4)])])
    )
    engine = open_database(url)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test", batch_size=100)
        for article, attributions in articles:
            writer.write(article, attributions)
        writer.commit()
        relink(session)
        session.commit()
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url in make_database(request.param, tmp_path_factory.mktemp("rough")):
        _fill(url)
        yield url


def _json(store: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["--db", store, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr.strip()


def _tracker() -> list[str]:
    """The installed `tracker` script, which runs main() as users do."""
    script = Path(sys.executable).with_name("tracker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker.cli"]


# --- 1. A closed pipe ends the command quietly, with status 0.


@pytest.mark.parametrize("fmt", ["jsonl", pytest.param("table", marks=pytest.mark.slow)])  # a process each
def test_output_into_head_ends_quietly_with_status_0(store: str, fmt: str) -> None:
    if "://" in store:
        pytest.skip("the pipe is the same whatever the database; SQLite is enough")
    command = " ".join([*_tracker(), "--db", store, "quotes", "--format", fmt]) + " | head -1"
    # pipefail: the pipeline's status is tracker's own, not only head's.
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1
    if fmt == "jsonl":
        assert json.loads(done.stdout)["article"]


# --- 2. The stance plot: nothing to plot is an error; names, counts, and gaps are shown.


def test_a_plot_of_nothing_is_an_error_and_writes_no_file(store: str, tmp_path: Path) -> None:
    chart = tmp_path / "out.png"
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            store,
            "stance",
            "--speaker",
            "Roe",
            "--target",
            "Japan",
            "--since",
            "2030-01-01",
            "--plot",
            str(chart),
        ],
    )
    assert _one_line_error(result).startswith("Error: nothing to plot")
    assert not chart.exists()


def test_the_plot_names_the_canonical_speaker_and_target(store: str, tmp_path: Path) -> None:
    chart = tmp_path / "out.svg"
    result = CliRunner().invoke(
        cli, ["--db", store, "stance", "--speaker", "roe", "--target", "japan", "--plot", str(chart), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "(1 target line)" in result.stderr
    svg = chart.read_text(encoding="utf-8")
    assert "Stance of Jane Roe toward Japan" in svg  # matplotlib keeps each text as a comment in the SVG


def test_points_are_labelled_with_quote_counts_and_lines_break_at_missing_months(store: str) -> None:
    from tracker.reports.plot import draw_timeline
    from tracker.reports.stance import StanceFilter, stance_timeline

    with Session(open_database(store)) as session:
        rows = stance_timeline(session, StanceFilter("Jane Roe", ["Japan"]), "month")
    assert [(r["period"], r["quotes"]) for r in rows] == [("2024-01", 2), ("2024-02", 1), ("2024-04", 1)]
    figure = draw_timeline(rows, title="t", by="month")
    axes = figure.axes[0]
    [line] = [line for line in axes.get_lines() if line.get_label() == "Japan"]
    gaps = np.isnan(np.asarray(line.get_ydata(), dtype=float)).tolist()
    # Jan and Feb joined; no segment from Feb to Apr: a NaN (a gap) for March.
    assert gaps == [False, False, True, False]
    assert [t.get_text() for t in axes.texts] == ["2", "1", "1"]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["2024-01", "2024-02", "2024-04"]


# --- 3. Outlets by any alias; credits only to other news organisations.


@pytest.mark.parametrize("name", ["AP", "the AP", "The Associated Press", "apnews.com"])
def test_outlet_filter_matches_any_alias(store: str, name: str) -> None:
    rows = _json(store, "quotes", "--outlet", name)
    # Published by the AP (bulk articles 0, 3, 6 ...) or crediting it (2, 5, 8 ...).
    assert len(rows) == 2 * (BULK_ARTICLES // 3) * QUOTES_PER_ARTICLE
    assert all("Associated Press" in (r["outlet"], r["credited_source"]) for r in rows)


def test_outlet_filter_matches_a_publisher_stored_as_a_web_address(store: str) -> None:
    rows = _json(store, "quotes", "--outlet", "Politico")
    assert rows and {r["outlet"] for r in rows} == {"www.politico.com"}
    assert _json(store, "quotes", "--outlet", "Reuters") == []


# --- 4. --contains: stemmed full-text search with a query syntax.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("deplorable", [0, 1]),  # a stem: also "deplorables"
        ("deplorables", [0, 1]),
        ("deplor*", [0, 1]),  # a prefix; "deploy" does not start with it
        ("email OR emails", [2, 3]),
        ("emails", [2, 3]),
        ("email NOT server", [2]),
        ('"basket of deplorables"', [0]),  # a phrase
        ('"deplorables basket"', []),
        ("remark wrong", [1]),  # words side by side: all of them
        ("(server OR troops) AND home", [3]),
        ("or", []),  # lower case: a word, not an operator
    ],
)
def test_contains_stems_and_understands_the_query_syntax(store: str, query: str, expected: list[int]) -> None:
    rows = _json(store, "quotes", "--article", "search", "--contains", query)
    assert sorted(r["text"] for r in rows) == sorted(SEARCH_QUOTES[i] for i in expected)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("email OR", "OR needs a term after it"),
        ('"basket of', "a quote mark is not closed"),
        ("(email OR server", "a ( is not closed"),
        ("NOT email", "NOT needs a term before it"),
        ("email)", "a ) has no ( before it"),
        ("de_plor*", "a prefix is letters or digits followed by one *"),
        ("  ", "nothing to search for"),
    ],
)
def test_a_malformed_query_is_one_line(store: str, query: str, problem: str) -> None:
    result = CliRunner().invoke(cli, ["--db", store, "quotes", "--contains", query])
    message = _one_line_error(result)
    assert message.startswith("Error: ") and problem in message


# --- 5. On a terminal a report shows a page; piped, all of it.


def _on_a_terminal(*args: str, columns: int = 80) -> tuple[str, str]:
    """stdout and stderr of `tracker ARGS` with stdout on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*_tracker(), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": str(columns)},  # rich's table width; a new terminal reports none
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the command has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    return b"".join(chunks).decode(), stderr


@pytest.mark.slow  # a process each; the quick loop has the table of quotes below
@pytest.mark.parametrize(("command", "noun"), [("speakers", "speakers"), ("targets", "targets")])
def test_a_terminal_gets_a_page_and_the_total(store: str, command: str, noun: str) -> None:
    if "://" in store:
        pytest.skip("paging does not depend on the database; SQLite is enough")
    total = len(_json(store, command))  # not a terminal: every row
    assert total > 50
    shown, note = _on_a_terminal("--db", store, command, "--format", "jsonl")
    assert len(shown.splitlines()) == 50
    assert note == f"showing 50 of {total} {noun}; use --limit N for more, or pipe the output\n"


def test_a_table_on_a_terminal_is_a_page_too(store: str) -> None:
    if "://" in store:
        pytest.skip("paging does not depend on the database; SQLite is enough")
    total = len(_json(store, "quotes"))
    shown, note = _on_a_terminal("--db", store, "quotes", columns=200)
    assert note == f"showing 50 of {total} quotes; use --limit N for more, or pipe the output\n"
    # Newest first: the 9 quotes of 2024, the 40 of bulk-29, then bulk-28's first (number 1120) is the 50th.
    assert re.search(r"number 1120\b", shown) and not re.search(r"number 1121\b", shown)


@pytest.mark.parametrize("command", ["quotes", "speakers", "targets"])
def test_limit_is_obeyed_and_needs_no_note(store: str, command: str) -> None:
    result = CliRunner().invoke(cli, ["--db", store, command, "--limit", "51", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 51 and result.stderr == ""

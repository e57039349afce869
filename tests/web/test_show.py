"""`tracker show`: an article or one quote with its attributions marked in place, as text or JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.web.conftest import SAMPLE_TEXT, write_store
from tracker.cli import cli
from tracker.cli.show import plain_marked
from tracker.reports.articles import Mark


def _json(runner: CliRunner, db: str, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["--db", db, "show", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_article_is_printed_with_numbered_brackets_and_the_list(runner: CliRunner, sample_db: str) -> None:
    ids = [a["id"] for a in _json(runner, sample_db, "a1")["attributions"]]
    result = runner.invoke(cli, ["--db", sample_db, "show", "a1"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Roe on winning\n"
        "a1 · Example News · credits Reuters · 2024-01-02\n"
        "https://news.example/a1\n"
        "marks: [n:content]n  {n:speaker}n  <n:cue>n\n"
        "\n"
        "“[1:We will win]1,” {1:Jane Roe}1 <1:said>1.\n"
        "{2:Roe}2 <2:said>2 [2:China was a partner]2.\n"
        "\n"
        f"  1. direct: Jane Roe (cue “said”); credited to Reuters; quote {ids[0]}\n"
        f"  2. indirect: Jane Roe (as “Roe”, cue “said”); credited to Reuters; said on 2024-01-01; quote {ids[1]}\n"
        "     about: China positive (+0.80)\n"
    )


def test_quote_is_printed_in_its_paragraph(runner: CliRunner, sample_db: str) -> None:
    second = _json(runner, sample_db, "a1")["attributions"][1]
    result = runner.invoke(cli, ["--db", sample_db, "show", "--quote", str(second["id"])])
    assert result.exit_code == 0, result.output
    body = result.output.split("\n\n")[1]
    assert body == "{2:Roe}2 <2:said>2 [2:China was a partner]2."  # only its own line, only its own marks


def test_json_is_the_article_with_its_spans(runner: CliRunner, sample_db: str) -> None:
    view = _json(runner, sample_db, "a1")
    assert view["article"] == "a1" and view["text"] == SAMPLE_TEXT
    assert {k: view[k] for k in ("title", "url", "outlet", "credited_source", "published")} == {
        "title": "Roe on winning",
        "url": "https://news.example/a1",
        "outlet": "Example News",
        "credited_source": "Reuters",
        "published": "2024-01-02",
    }
    first, second = view["attributions"]
    assert [first["number"], second["number"]] == [1, 2]
    [china] = second["targets"]
    # Each attribution is a row of `tracker quotes --format json`, plus its number, speaker id and targets.
    quotes = json.loads(
        CliRunner().invoke(cli, ["--db", sample_db, "quotes", "--article", "a1", "--format", "json"]).output
    )
    by_id = {q["id"]: q for q in quotes}
    for attribution in view["attributions"]:
        row = {k: v for k, v in attribution.items() if k not in ("number", "speaker_id", "targets")}
        assert row == by_id[attribution["id"]]
        assert isinstance(attribution["speaker_id"], int)
        for part in ("speaker_mention", "cue"):
            assert SAMPLE_TEXT[attribution[part]["start"] : attribution[part]["end"]] == attribution[part]["text"]
    assert china == {
        "target": "China",
        "target_id": china["target_id"],
        "mention": {"text": "China", "start": SAMPLE_TEXT.index("China"), "end": SAMPLE_TEXT.index("China") + 5},
        "label": "positive",
        "score": 0.8,
    }
    one = _json(runner, sample_db, "--quote", str(first["id"]))
    assert [a["id"] for a in one["attributions"]] == [first["id"]]
    assert one["excerpt"] == {"start": 0, "end": SAMPLE_TEXT.index("\n"), "text": SAMPLE_TEXT.split("\n")[0]}


def test_colour_marks_parts_without_brackets(runner: CliRunner, sample_db: str) -> None:
    result = runner.invoke(cli, ["--db", sample_db, "show", "a1", "--color"])
    assert result.exit_code == 0, result.output
    assert "\x1b[33mWe will win" in result.output  # content in yellow
    assert "\x1b[1;36mJane Roe" in result.output  # speaker mention in bold cyan
    assert "[1:" not in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope"], 1, "Error: no article has the id 'nope'; `tracker quotes` shows the ids in its `article` column"),
        (
            ["--quote", "99999"],
            1,
            "Error: no quote has the id 99999; `tracker quotes` shows the ids in its `id` column",
        ),
        ([], 2, "Error: give an ARTICLE_ID or --quote ID (one of them)"),
        (["a1", "--quote", "1"], 2, "Error: give an ARTICLE_ID or --quote ID (one of them)"),
    ],
)
def test_bad_requests_are_one_line(runner: CliRunner, sample_db: str, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(cli, ["--db", sample_db, "show", *args])
    assert result.exit_code == code
    assert result.output.strip().splitlines()[-1] == message


def test_no_database_is_not_created(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "none.db"
    result = runner.invoke(cli, ["--db", str(missing), "show", "a1"])
    assert result.exit_code == 1 and "no database at" in result.output
    assert not missing.exists()


def test_crossing_marks_keep_their_numbers() -> None:
    text = "abcdefgh"
    marks = [Mark(1, 10, "content", 1, 5), Mark(2, 20, "content", 3, 7), Mark(2, 20, "cue", 3, 4)]
    assert plain_marked(text, marks) == "a[1:bc[2:<2:d>2e]1fg]2h"


def test_control_characters_do_not_reach_the_terminal(runner: CliRunner, db: str) -> None:
    from tracker.types import Article

    write_store(db, [(Article("esc", "Plain \x1b[2Jtext\x07 here.", title="\x1b]0;owned\x07"), [])])
    result = runner.invoke(cli, ["--db", db, "show", "esc"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Plain \ufffd[2Jtext\ufffd here." in result.output


@pytest.mark.slow
def test_seed_quote_in_its_paragraph(runner: CliRunner, seeded_db: str) -> None:
    [quote] = json.loads(
        runner.invoke(
            cli, ["--db", seeded_db, "quotes", "--contains", "indispensable partner in deterring", "--format", "json"]
        ).output
    )
    result = runner.invoke(cli, ["--db", seeded_db, "show", "--quote", str(quote["id"])])
    assert result.exit_code == 0, result.output
    n = result.output.split("[", 2)[2].split(":", 1)[0]  # the quote's number in its article
    assert (
        f"“[{n}:Japan is our indispensable partner in deterring Communist China’s military aggression, including "
        f"through the Taiwan Strait]{n},” {{{n}:the U.S. defense chief}}{n} <{n}:said>{n}."
    ) in result.output
    assert (
        f"{n:>3}. direct: Pete Hegseth (as “the U.S. defense chief”, cue “said”); credited to Reuters" in result.output
    )

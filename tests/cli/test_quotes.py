"""`tracker quotes` and `tracker speakers` over the ingested seeds."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tracker.cli import cli


def _json(runner: CliRunner, db: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["--db", db, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("name", ["Hegseth", "pete hegseth", "PETE HEGSETH"])
def test_speaker_found_by_any_alias_first_quote_is_the_direct_one(runner: CliRunner, seeded_db: str, name: str) -> None:
    rows = _json(runner, seeded_db, "quotes", "--speaker", name)
    assert len(rows) >= 5
    first = rows[0]
    assert first["text"].startswith("Japan is our indispensable partner")
    assert first["kind"] == "direct"
    assert first["speaker"] == "Pete Hegseth"
    assert first["speaker_mention"]["text"] == "the U.S. defense chief"
    assert first["credited_source"] == "Reuters"
    assert first["published"] == "2025-03-30"


def test_jsonl_fields_and_offsets(runner: CliRunner, seeded_db: str) -> None:
    from tests.conftest import SEED_ARTICLE
    from tracker.sources import read_paths

    [article] = list(read_paths([str(SEED_ARTICLE)]))
    result = runner.invoke(
        cli, ["--db", seeded_db, "quotes", "--article", "hegseth-tokyo-2025-03-30", "--format", "jsonl"]
    )
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines
    for row in lines:
        assert {
            "id",
            "article",
            "outlet",
            "published",
            "kind",
            "text",
            "start",
            "end",
            "speaker",
            "speaker_mention",
            "cue",
            "credited_source",
        } <= set(row)
        assert article.text[row["start"] : row["end"]] == row["text"]  # type: ignore[union-attr]
        for part in ("speaker_mention", "cue"):
            if row[part]:
                assert article.text[row[part]["start"] : row[part]["end"]] == row[part]["text"]  # type: ignore[union-attr]


def test_filters(runner: CliRunner, seeded_db: str) -> None:
    direct = _json(runner, seeded_db, "quotes", "--speaker", "Hegseth", "--kind", "direct")
    assert direct and {r["kind"] for r in direct} == {"direct"}
    assert _json(runner, seeded_db, "quotes", "--speaker", "Hegseth", "--since", "2025-04-01") == []
    assert _json(runner, seeded_db, "quotes", "--speaker", "Hegseth", "--until", "2025-03-30")
    reuters = _json(runner, seeded_db, "quotes", "--outlet", "reuters")
    assert reuters and {r["credited_source"] for r in reuters} == {"Reuters"}
    found = _json(runner, seeded_db, "quotes", "--contains", "indispensable partner")
    assert found and all("indispensable partner" in r["text"] for r in found)
    unknown = runner.invoke(cli, ["--db", seeded_db, "quotes", "--speaker", "Nobody Atall"])
    assert unknown.exit_code == 1
    assert unknown.output.strip().splitlines() == [
        "Error: no speaker is known as 'Nobody Atall'; `tracker speakers` lists them"
    ]
    assert len(_json(runner, seeded_db, "quotes", "--limit", "2")) == 2


def test_csv_and_table(runner: CliRunner, seeded_db: str) -> None:
    result = runner.invoke(cli, ["--db", seeded_db, "quotes", "--speaker", "Hegseth", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["speaker"] == "Pete Hegseth" and rows[0]["speaker_mention"] == "the U.S. defense chief"
    table = runner.invoke(cli, ["--db", seeded_db, "quotes", "--speaker", "Hegseth", "--format", "table"])
    assert table.exit_code == 0 and "Pete Hegseth" in table.output and "Reuters" in table.output


def test_speakers_lists_aliases_counts_and_dates(runner: CliRunner, seeded_db: str) -> None:
    rows = _json(runner, seeded_db, "speakers")
    hegseth = next(r for r in rows if r["name"] == "Pete Hegseth")
    assert "Hegseth" in hegseth["aliases"]  # the canonical name is not repeated among them
    assert hegseth["kind"] == "person"
    assert hegseth["quotes"] >= 5
    assert hegseth["first"] == hegseth["last"] == "2025-03-30"
    assert _json(runner, seeded_db, "speakers", "--name", "hegseth")[0]["name"] == "Pete Hegseth"

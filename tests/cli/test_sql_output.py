"""emit_rows writes a row at a time, and what it writes is what the buffered version wrote."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tracker.cli.common import TABLE_PAGE_ROWS, emit_rows

ROWS: list[dict[str, Any]] = [
    {"id": 1, "text": 'Japan is our "indispensable" partner,\nhe said', "score": 0.5, "said_on": date(2025, 3, 30)},
    {"id": 2, "text": "Ελλάδα — 日本 \u2028 ✓", "score": None, "said_on": datetime(2025, 4, 1, 12, 30)},
    {"id": 3, "text": "", "score": Decimal("0.25"), "said_on": None, "cue": {"text": "said", "start": 4, "end": 8}},
]
COLUMNS = ["id", "text", "score", "said_on", "cue"]


def _emit(capsys: pytest.CaptureFixture[str], rows: Any, fmt: str) -> str:
    emit_rows(rows, fmt, columns=COLUMNS)
    return capsys.readouterr().out


def _buffered_json(rows: list[dict[str, Any]]) -> str:
    """What emit_rows printed before it streamed: one json.dumps of the whole list."""

    def default(value: Any) -> Any:
        return float(value) if isinstance(value, Decimal) else value.isoformat()

    return json.dumps(rows, ensure_ascii=False, indent=2, default=default) + "\n"


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["three", "one", "none"])
def test_streamed_json_is_the_buffered_json(capsys: pytest.CaptureFixture[str], rows: list[dict[str, Any]]) -> None:
    out = _emit(capsys, iter(rows), "json")
    assert out == _buffered_json(rows)
    assert len(json.loads(out)) == len(rows)


def test_jsonl_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _emit(capsys, iter(ROWS), "jsonl").split("\n")[:-1]  # not splitlines: U+2028 is inside a string
    assert [json.loads(line)["text"] for line in lines] == [r["text"] for r in ROWS]
    assert json.loads(lines[1])["said_on"] == "2025-04-01T12:30:00"
    table = list(csv.reader(io.StringIO(_emit(capsys, iter(ROWS), "csv"))))
    assert table[0] == COLUMNS
    assert table[1] == ["1", ROWS[0]["text"], "0.500", "2025-03-30", ""]
    assert table[3][2:] == ["0.25", "", "said"]
    assert _emit(capsys, iter([]), "csv") == "id,text,score,said_on,cue\n"


def _then_fail(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"id": i, "text": "x"}
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_rows_are_written_before_the_last_is_read(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    # Rows that arrive before a failure are already out: nothing waits for the whole result.
    with pytest.raises(RuntimeError):
        emit_rows(_then_fail(3 * TABLE_PAGE_ROWS), fmt, columns=["id", "text"])
    out = capsys.readouterr().out
    assert out.count("x") >= TABLE_PAGE_ROWS


def test_a_failure_before_the_first_row_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RuntimeError):
        emit_rows(_then_fail(0), "json", columns=["id", "text"])
    assert capsys.readouterr().out == ""


def test_a_long_table_keeps_every_row_and_column(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": i, "note": None} for i in range(TABLE_PAGE_ROWS + 10)]
    emit_rows(iter(rows), "table", columns=["id", "note"])
    out = capsys.readouterr().out
    assert str(TABLE_PAGE_ROWS + 9) in out and out.count("note") == 2  # a header per page

"""The PolNeAR scorer computes the documented figures on a tiny hand-made gold file."""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from tracker.errors import InputError
from tracker.evaluation.polnear import evaluate_file, match_units, read_gold
from tracker.types import Attribution, Speaker, TextSpan

GOLD = Path(__file__).parents[1] / "data" / "polnear_tiny.jsonl"


def _span(text: str, needle: str, occurrence: int = 0) -> TextSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return TextSpan(start, start + len(needle), needle)


def _predictions(text: str) -> list[Attribution]:
    if text.startswith("Hegseth"):
        return [
            # matched, mention overlaps the gold source
            Attribution(
                "indirect",
                _span(text, "he would stay"),
                speaker_mention=_span(text, "Hegseth"),
                speaker=Speaker("Pete Hegseth"),
            ),
            # matched without the quote marks; right through the last word of the gold source
            Attribution("direct", _span(text, "We are ready"), speaker=Speaker("Gen Nakatani")),
            # matched (22 of 31 characters), wrong speaker
            Attribution(
                "mixed",
                _span(text, "the plan “is a mistake"),
                speaker_mention=_span(text, "Hegseth"),
                speaker=Speaker("Pete Hegseth"),
            ),
            # false hit
            Attribution("indirect", _span(text, "Critics")),
        ]
    # the gold has no source: a content match counts end to end; "costs" alone is too short to match
    return [Attribution("indirect", _span(text, "costs rose")), Attribution("indirect", _span(text, "Nobody"))]


class FakeNLP:
    """Stands in for the pipeline: `process` calls make_doc and pipe, then reads doc._.attributions."""

    max_length = 1_000_000  # spaCy's default: longer texts are parsed in pieces

    def make_doc(self, text: str):  # type: ignore[no-untyped-def]
        return SimpleNamespace(text=text, _=SimpleNamespace(), user_data={})

    def memory_zone(self):  # type: ignore[no-untyped-def]
        return contextlib.nullcontext()  # spaCy frees a batch's strings on leaving it; nothing to free here

    def pipe(self, docs, as_tuples=False, **kwargs):  # type: ignore[no-untyped-def]
        for item in docs:
            doc = item[0] if as_tuples else item
            doc._.attributions = _predictions(doc.text)
            yield item


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return evaluate_file(GOLD, FakeNLP(), errors=5)


def test_content_figures(report) -> None:  # type: ignore[no-untyped-def]
    assert (report.content.n_gold, report.content.n_pred, report.content.tp_gold) == (4, 6, 4)
    assert report.content.precision == pytest.approx(4 / 6)
    assert report.content.recall == pytest.approx(1.0)


def test_quoted_segments(report) -> None:  # type: ignore[no-untyped-def]
    assert (report.quoted.n_gold, report.quoted.n_pred, report.quoted.tp_gold) == (2, 2, 2)
    assert report.quoted.f1 == pytest.approx(1.0)


def test_speaker_and_end_to_end(report) -> None:  # type: ignore[no-untyped-def]
    assert (report.speaker_right, report.speaker_total) == (2, 3)
    assert report.speaker_accuracy == pytest.approx(2 / 3)
    # 2 right speakers + 1 sourceless gold matched = 3 of 4 gold, 3 of 6 predictions
    assert report.end_to_end.recall == pytest.approx(3 / 4)
    assert report.end_to_end.precision == pytest.approx(3 / 6)


def test_by_kind(report) -> None:  # type: ignore[no-untyped-def]
    assert {k: (v.n_gold, v.n_pred, v.tp_gold) for k, v in report.by_kind.items()} == {
        "direct": (1, 1, 1),
        "mixed": (1, 1, 1),
        "indirect": (2, 4, 2),
    }


def test_render_ends_with_summary(report) -> None:  # type: ignore[no-untyped-def]
    text = report.render(errors=5)
    tail = "\n".join(text.splitlines()[-12:])
    for label in ("content", "quoted segments", "speaker accuracy", "end-to-end"):
        assert label in tail
    assert "0.667" in tail and "1.000" in tail
    assert text.index("== false hits") < text.index("content ")


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([[(0, 10)]], [[(0, 5)]], {0: 0}),  # exactly half the longer: a match
        ([[(0, 10)]], [[(0, 4)]], {}),  # less than half
        ([[(0, 10)]], [[(0, 6)], [(0, 10)]], {0: 1}),  # one-to-one, largest overlap first
        ([[(0, 4), (8, 12)]], [[(0, 12)]], {0: 0}),  # discontinuous gold against one span: 8 of 12
        ([[(0, 10)], [(10, 20)]], [[(5, 15)]], {0: 0}),  # a tie: the first gold wins
    ],
)
def test_match_units(gold, pred, expected) -> None:  # type: ignore[no-untyped-def]
    assert match_units(gold, pred) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "bad.jsonl:1: invalid JSON"),
        ('{"text": "abc", "attributions": [{"content": [{"start": 0, "end": 9}]}]}\n', "bad.jsonl:1: span 0-9"),
    ],
)
def test_read_gold_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_gold(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        list(read_gold(tmp_path / "missing.jsonl"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "missing.jsonl: cannot open"), ('{"text": "ok"}\n{oops\n', "bad.jsonl:2: invalid JSON")],
)
def test_cli_reports_bad_input_without_traceback(tmp_path: Path, content: str | None, message: str) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    path = tmp_path / ("missing.jsonl" if content is None else "bad.jsonl")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow  # ingests with the trained pipeline
def test_cli_scores_the_real_extraction_on_the_tiny_gold() -> None:
    import re

    from click.testing import CliRunner

    from tracker.cli import cli

    result = CliRunner().invoke(cli, ["eval", str(GOLD), "--errors", "2"])
    assert result.exit_code == 0, result.output
    rows = {
        m.group(1): [float(x) for x in m.groups()[1:]]
        for m in re.finditer(
            r"^(content|quoted segments|end-to-end)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.output, re.MULTILINE
        )
    }
    assert set(rows) == {"content", "quoted segments", "end-to-end"}
    assert all(0.0 <= value <= 1.0 for values in rows.values() for value in values)
    assert rows["quoted segments"][2] > 0.5  # the tiny file's quotes are plain: the shipped extractor finds them
    assert "PolNeAR: 2 articles, 4 gold" in result.output

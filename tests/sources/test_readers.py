"""Every input format reads into Article records; every bad input becomes a one-line failure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.sources import ReadFailure, read_paths
from tracker.types import Article

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "seeds" / "formats"


def _read(*paths: str | Path, **kwargs: object) -> list[Article | ReadFailure]:
    return list(read_paths([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def test_text_with_header_block() -> None:
    [article] = _read(ROOT / "seeds" / "hegseth-tokyo-2025-03-30.txt")
    assert isinstance(article, Article)
    assert article.external_id == "hegseth-tokyo-2025-03-30"
    assert article.published == date(2025, 3, 30)
    assert article.text.startswith("U.S. Secretary of Defense Pete Hegseth on Sunday")


def test_text_without_header_takes_command_line_metadata(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Title: not a header because the next line is not blank\nBody.", encoding="utf-8")
    [article] = _read(path, defaults={"outlet": "Example", "published": "2024-02-03"})
    assert isinstance(article, Article)
    assert article.outlet == "Example" and article.published == date(2024, 2, 3)
    assert article.external_id.startswith("sha256-")


def test_jsonl() -> None:
    articles = _read(FORMATS / "briefs.jsonl")
    assert [a.external_id for a in articles if isinstance(a, Article)] == [
        "sample-library-hours",
        "sample-school-meals",
    ]
    assert articles[0].published == date(2024, 6, 1)  # type: ignore[union-attr]


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(
        json.dumps([{"id": "x", "text": "One."}, {"id": "y", "text": "Two.", "extra": 1}]), encoding="utf-8"
    )
    assert [a.external_id for a in _read(path)] == ["x", "y"]  # type: ignore[union-attr]


def test_html_main_text_and_metadata() -> None:
    [article] = _read(FORMATS / "council.html")
    assert isinstance(article, Article)
    assert article.title == "Riverton council approves bridge repairs"
    assert article.outlet == "Riverton Ledger"
    assert article.published == date(2024, 5, 14)
    assert "backbone of our downtown" in article.text
    assert "Sport" not in article.text  # navigation is not article text


def test_feed_entries() -> None:
    articles = _read(FORMATS / "wire.rss")
    assert [a.title for a in articles] == ["Port strike ends after overnight talks", "Ferry fares frozen for summer"]  # type: ignore[union-attr]
    first = articles[0]
    assert isinstance(first, Article)
    assert first.outlet == "Harbor Wire" and first.published == date(2024, 7, 2)
    assert first.url == "https://wire.example/port-strike-ends"
    assert "Nobody wins a long strike" in first.text and "<p>" not in first.text


def test_directories_are_read_recursively_and_globs_expand() -> None:
    by_dir = {a.external_id for a in _read(ROOT / "seeds") if isinstance(a, Article)}
    assert "hegseth-tokyo-2025-03-30" in by_dir and "sample-library-hours" in by_dir
    assert len(by_dir) == 6  # the seed, 2 briefs, 1 page, 2 feed entries, and not the README
    by_glob = _read(str(FORMATS / "*.jsonl"))
    assert len(by_glob) == 2


BAD_INPUTS = [
    ("bad.jsonl", b'{"id": "ok", "text": "Fine."}\n{not json}\n', "bad.jsonl:2: invalid JSON"),
    ("list.jsonl", b"[1, 2]\n", "list.jsonl:1: expected a JSON object, got list"),
    ("notext.jsonl", b'{"id": "x", "title": "no text"}\n', 'notext.jsonl:1: no "text" field'),
    ("empty.jsonl", b'{"id": "x", "text": "   "}\n', "empty.jsonl:1: empty text"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary.txt: binary data"),
    ("latin1.txt", "Café au lait, said Zoë.".encode("latin-1"), "latin1.txt: not UTF-8 text"),
    ("empty.txt", b"\n\n", "empty.txt: empty text"),
    ("cut.html", b"<html><body><article><p>Half a page", "cut.html: truncated HTML"),
    ("broken.rss", b"<rss><channel><title>X</title><item><title>a", "broken.rss: broken feed"),
    ("paper.pdf", b"%PDF-1.4", "paper.pdf: unknown format '.pdf'"),
    (
        "baddate.jsonl",
        b'{"id": "x", "text": "Hi.", "published": "last Tuesday"}\n',
        "baddate.jsonl:1: invalid published date",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_a_one_line_failure_naming_the_file(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    failures = [item for item in _read(path) if isinstance(item, ReadFailure)]
    assert len(failures) == 1
    message = failures[0].message
    assert message.startswith(str(tmp_path))
    assert expected in message and "\n" not in message


def test_missing_file_and_unmatched_glob(tmp_path: Path) -> None:
    messages = [
        item.message
        for item in _read(tmp_path / "nope.txt", str(tmp_path / "*.jsonl"))
        if isinstance(item, ReadFailure)
    ]
    assert messages == [
        f"{tmp_path}/nope.txt: no such file or directory",
        f"{tmp_path}/*.jsonl: no files match this pattern",
    ]


def test_good_lines_survive_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "A."}\nnot json\n{"id": "b", "text": "B."}\n', encoding="utf-8")
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]


NUL_INPUTS = [
    (
        "escaped.jsonl",
        b'{"id": "a\\u0000", "text": "Officials\\u0000 said so.", "title": "\\u0000Road", "outlet": "Post\\u0000"}\n',
        ":1: NUL characters removed from id, text, title, outlet",
    ),
    ("escaped.json", b'[{"id": "a", "text": "Officials\\u0000 said so."}]', "[0]: NUL characters removed from text"),
    # A raw NUL in the first 8 KiB means binary data; further on, it is removed like an escaped one.
    ("late.txt", b"id: a\n\n" + b" " * 9000 + b"Officials\x00 said so.", ": NUL characters removed from text"),
]


@pytest.mark.parametrize(("name", "content", "warning"), NUL_INPUTS, ids=[n[0] for n in NUL_INPUTS])
def test_nul_characters_are_removed_with_a_warning(tmp_path: Path, name: str, content: bytes, warning: str) -> None:
    # SQLite would store them (length(text) then disagrees with Python's offsets) and PostgreSQL refuse them.
    path = tmp_path / name
    path.write_bytes(content)
    notes: list[object] = []
    [article] = read_paths([str(path)], on_note=notes.append)
    assert isinstance(article, Article)
    assert article.text.strip() == "Officials said so."
    assert article.external_id == "a" and "\x00" not in repr(article)
    assert [n.message for n in notes] == [f"{path}{warning}"]  # type: ignore[attr-defined]


def test_an_id_made_from_text_with_nul_is_the_id_of_the_clean_text(tmp_path: Path) -> None:
    dirty, clean = tmp_path / "dirty.jsonl", tmp_path / "clean.jsonl"
    dirty.write_text('{"text": "Officials\\u0000 said so."}\n', encoding="utf-8")
    clean.write_text('{"text": "Officials said so."}\n', encoding="utf-8")
    ids = {a.external_id for a in read_paths([str(dirty), str(clean)]) if isinstance(a, Article)}
    assert len(ids) == 1 and ids.pop().startswith("sha256-")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id": "x", "text": "\\u0000\\u0000 "}', "empty text"),
        ('{"id": "x", "text": "Bad \\ud800 escape."}', "text holds a lone surrogate \\ud800 at character 4"),
        ('{"text": "Fine.", "title": "\\udfff"}', "title holds a lone surrogate \\udfff at character 0"),
    ],
)
def test_text_no_database_can_store_is_a_one_line_failure(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n" + '{"id": "ok", "text": "Fine."}\n', encoding="utf-8")
    failure, article = _read(path)
    assert isinstance(failure, ReadFailure) and failure.message.startswith(f"{path}:1: {expected}")
    assert isinstance(article, Article) and article.external_id == "ok"

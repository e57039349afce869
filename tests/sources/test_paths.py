"""What is read from directories, FIFOs and standard input, and what is skipped and why (issues #10, #14)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sources.fifos import fifo_written
from tracker.sources import (
    DIRECTORY_LINK,
    NOT_REGULAR,
    UNKNOWN_TYPE,
    Note,
    ReadFailure,
    Skipped,
    read_paths,
)
from tracker.types import Article

LINE = '{{"id": "{0}", "text": "Officials said item {0} would reopen."}}\n'


def _read_with_notes(*paths: Path | str, timeout: float = 30) -> tuple[list[Article | ReadFailure], list[Note]]:
    """Everything read from `paths`, in a thread, so a reader that blocks fails the test instead of hanging it."""
    notes: list[Note] = []
    items: list[Article | ReadFailure] = []
    reader = threading.Thread(target=lambda: items.extend(read_paths([str(p) for p in paths], on_note=notes.append)))
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        _unblock_fifos(paths)
        reader.join()
        pytest.fail("reading blocked")
    return items, notes


def _unblock_fifos(paths: tuple[Path | str, ...]) -> None:
    for top in map(Path, paths):
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            if path.is_fifo():
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def test_unknown_types_are_reported_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said the road would reopen.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "Makefile").write_text("all:", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "photo.JPG").write_bytes(b"\xff\xd8")
    (tmp_path / ".hidden.txt").write_text("Dotfiles are not articles.", encoding="utf-8")
    items, notes = _read_with_notes(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article"]
    assert notes == [
        Skipped(str(tmp_path / "Makefile"), UNKNOWN_TYPE, "no extension"),
        Skipped(str(tmp_path / "notes.md"), UNKNOWN_TYPE, ".md"),
        Skipped(str(tmp_path / "sub" / "photo.JPG"), UNKNOWN_TYPE, ".jpg"),
    ]
    assert notes[1].message == f"{tmp_path}/notes.md: unknown type (.md)"


def test_fifos_and_sockets_in_a_directory_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    # Opening the FIFO would wait forever for a writer; the files on either side of it must still be read.
    (tmp_path / "a.jsonl").write_text(LINE.format("a"), encoding="utf-8")
    os.mkfifo(tmp_path / "b.jsonl")
    (tmp_path / "c.txt").write_text("The minister said fares would not rise.", encoding="utf-8")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "d.txt"))
        items, notes = _read_with_notes(tmp_path)
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Article", f"{tmp_path}/a.jsonl:1"),
        ("Article", f"{tmp_path}/c.txt"),
    ]
    assert notes == [
        Skipped(str(tmp_path / "b.jsonl"), NOT_REGULAR, "FIFO"),
        Skipped(str(tmp_path / "d.txt"), NOT_REGULAR, "socket"),
    ]


def test_a_fifo_matched_by_a_glob_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(LINE.format("a"), encoding="utf-8")
    os.mkfifo(tmp_path / "b.jsonl")
    items, notes = _read_with_notes(str(tmp_path / "*.jsonl"))
    assert [a.external_id for a in items if isinstance(a, Article)] == ["a"]
    assert notes == [Skipped(str(tmp_path / "b.jsonl"), NOT_REGULAR, "FIFO")]


def test_links(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("Officials said the road would reopen.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)  # followed, this would never end
    (tmp_path / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items, notes = _read_with_notes(tmp_path)
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Article", str(tmp_path / "b.txt")),
        ("ReadFailure", str(tmp_path / "gone.txt")),
        ("Article", str(tmp_path / "real" / "a.txt")),
    ]
    assert items[1].message == f"{tmp_path}/gone.txt: cannot read: No such file or directory"  # type: ignore[union-attr]
    assert notes == [Skipped(str(tmp_path / "loop"), DIRECTORY_LINK)]


@pytest.mark.parametrize("name", ["feed.jsonl", "pipe"])
def test_a_fifo_named_directly_is_read_as_a_stream(tmp_path: Path, name: str) -> None:
    # With no extension the format is sniffed, as for standard input.
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with fifo_written(fifo, LINE.format("a") + "{oops\n" + LINE.format("b")):
        items, notes = _read_with_notes(fifo)
    assert [getattr(i, "external_id", None) for i in items] == ["a", None, "b"]
    assert items[1].message.startswith(f"{fifo}:2: invalid JSON")  # type: ignore[union-attr]
    assert notes == []


def _stdin_reader(tmp_path: Path) -> subprocess.Popen[str]:
    script = (
        "import sys\n"
        "from tracker.sources import read_paths\n"
        "for item in read_paths(['-']):\n"
        "    print(getattr(item, 'external_id', None) or item.message, flush=True)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )


def _within(seconds: float, read: Callable[[], str]) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(read()), daemon=True)
    reader.start()
    reader.join(seconds)
    return result[0] if result else "(nothing yet)"


def test_stdin_json_lines_come_out_before_the_input_ends(tmp_path: Path) -> None:
    # Read whole first, a 200 MB pipe took twice the memory of the same file; streamed, the first article
    # is out while the writer still holds the pipe open.
    process = _stdin_reader(tmp_path)
    assert process.stdin and process.stdout
    try:
        process.stdin.write("\n" + LINE.format("first"))
        process.stdin.flush()
        assert _within(30, process.stdout.readline) == "first\n"
        process.stdin.write("not json\n" + LINE.format("second"))
    finally:
        process.stdin.close()
        rest = process.stdout.read()
        process.wait(30)
    assert rest.splitlines() == ["<stdin>:3: invalid JSON: Expecting value (column 1)", "second"]
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (json.dumps([{"id": "x", "text": "One."}]).encode(), ["x"]),
        (b"\xef\xbb\xbf" + LINE.format("bom").encode(), ["bom"]),
        (b"\n\nPlain text said the mayor.\n", ["sha256-"]),
    ],
    ids=["json-array", "jsonl-with-bom", "text"],
)
def test_stdin_other_formats_are_sniffed(tmp_path: Path, data: bytes, expected: list[str]) -> None:
    process = _stdin_reader(tmp_path)
    out, _ = process.communicate(data.decode("utf-8"), timeout=30)
    assert [line[: len(e)] for line, e in zip(out.splitlines(), expected, strict=True)] == expected

"""Readers that turn files (text, JSON/JSONL, HTML, RSS/Atom) into Article records."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tracker.errors import InputError
from tracker.sources.base import ReadFailure, decode_text
from tracker.sources.feeds import read_feed
from tracker.sources.html import read_html
from tracker.sources.jsonl import read_json, read_jsonl_stream
from tracker.sources.text import read_text
from tracker.types import Article

__all__ = ["FORMATS", "ReadFailure", "read_paths", "expand_paths"]

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
FORMATS = ("txt", "json", "jsonl", "html", "feed")
Defaults = dict[str, str | None]
Reader = Callable[[bytes, str, Defaults], Iterable[Article | ReadFailure]]


def _text_reader(read: Callable[[str, str, Defaults], Iterable[Article | ReadFailure]]) -> Reader:
    def reader(data: bytes, origin: str, defaults: Defaults) -> Iterable[Article | ReadFailure]:
        return read(decode_text(data, origin), origin, defaults)

    return reader


READERS: dict[str, Reader] = {
    "txt": _text_reader(read_text),
    "json": _text_reader(read_json),
    "html": _text_reader(read_html),
    "feed": read_feed,
}


def sniff_format(data: bytes) -> str:
    """The format of standard input, from its first characters."""
    head = data.lstrip()[:200].lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    return "txt"


def expand_paths(paths: Iterable[str]) -> Iterator[str | ReadFailure]:
    """Files named directly, found recursively in directories, or matched by globs; '-' is stdin."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                        yield str(Path(root) / name)
        elif path.exists():
            yield raw
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield ReadFailure(raw, f"{raw}: no files match this pattern")
            yield from expand_paths(m for m in matches if not Path(m).is_dir())
        else:
            yield ReadFailure(raw, f"{raw}: no such file or directory")


def format_of(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"{path}: unknown format {suffix or '(no extension)'!r}; use --format {'|'.join(FORMATS)}")
    return EXTENSIONS[suffix]


def read_file(path: str, fmt: str | None, defaults: Defaults) -> Iterator[Article | ReadFailure]:
    """Articles from one file (or '-'), with failures as values so the caller can go on."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            fmt = fmt or sniff_format(data)
            origin = "<stdin>"
            if fmt == "jsonl":
                import io

                yield from read_jsonl_stream(io.BytesIO(data), origin, defaults)
            else:
                yield from READERS[fmt](data, origin, defaults)
            return
        fmt = format_of(path, fmt)
        if fmt == "jsonl":
            with open(path, "rb") as stream:
                yield from read_jsonl_stream(stream, path, defaults)
            return
        with open(path, "rb") as stream:
            data = stream.read()
        yield from READERS[fmt](data, path, defaults)
    except InputError as exc:
        yield ReadFailure(path, str(exc))
    except OSError as exc:
        yield ReadFailure(path, f"{path}: cannot read: {exc.strerror or exc}")


def read_paths(
    paths: Iterable[str], *, fmt: str | None = None, defaults: Defaults | None = None
) -> Iterator[Article | ReadFailure]:
    """Every article in `paths`, in order; unreadable inputs come through as ReadFailure."""
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            yield item
        else:
            yield from read_file(item, fmt, defaults or {})

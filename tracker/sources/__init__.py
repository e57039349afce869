"""Readers that turn files and URLs (text, JSON/JSONL, HTML, RSS/Atom) into Article records."""

from __future__ import annotations

import codecs
import glob
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tracker.errors import InputError
from tracker.sources.base import (
    DIRECTORY_LINK,
    NOT_REGULAR,
    UNKNOWN_TYPE,
    ReadFailure,
    ReadWarning,
    Skipped,
    cleaned,
    decode_text,
)
from tracker.sources.feeds import read_feed
from tracker.sources.html import read_html
from tracker.sources.jsonl import read_json, read_jsonl_stream
from tracker.sources.text import read_text
from tracker.types import Article

if TYPE_CHECKING:
    from tracker.sources.http import Fetcher

__all__ = [
    "DIRECTORY_LINK",
    "FORMATS",
    "NOT_REGULAR",
    "UNKNOWN_TYPE",
    "Note",
    "ReadFailure",
    "ReadWarning",
    "Skipped",
    "expand_paths",
    "is_url",
    "read_paths",
]

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
#: What a reader gives besides articles and failures; read_paths hands these to its `on_note`.
Note = ReadWarning | Skipped
Item = Article | ReadFailure | Note
Reader = Callable[[bytes, str, Defaults], Iterable[Item]]


def _text_reader(read: Callable[[str, str, Defaults], Iterable[Item]]) -> Reader:
    def reader(data: bytes, origin: str, defaults: Defaults) -> Iterable[Item]:
        return read(decode_text(data, origin), origin, defaults)

    return reader


READERS: dict[str, Reader] = {
    "txt": _text_reader(read_text),
    "json": _text_reader(read_json),
    "html": _text_reader(read_html),
    "feed": read_feed,
}
_FILE_KINDS = {
    stat.S_IFIFO: "FIFO",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


def sniff_format(data: bytes) -> str:
    """The format of standard input, from its first characters."""
    head = data.lstrip().removeprefix(codecs.BOM_UTF8).lstrip()[:200].lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    return "txt"


def expand_paths(paths: Iterable[str]) -> Iterator[str | ReadFailure | Skipped]:
    """Files named directly, found recursively in directories, or matched by globs; '-' is stdin; http(s) URLs
    as they are.

    Only regular files are taken from directories and globs: a FIFO there would block the ingest forever,
    and a device would never end. What is left out comes through as Skipped, with the reason.
    """
    for raw in paths:
        if raw == "-" or is_url(raw):
            yield raw  # a URL is fetched when it is read (tracker.sources.http)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield raw  # named directly: a FIFO here is read as a stream, like '-'
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield ReadFailure(raw, f"{raw}: no files match this pattern")
            for match in matches:
                if not Path(match).is_dir():
                    yield from _found(Path(match), in_directory=False)
        else:
            yield ReadFailure(raw, f"{raw}: no such file or directory")


def _walk(directory: Path) -> Iterator[str | ReadFailure | Skipped]:
    """The files of `directory`, then its subdirectories, each by name; hidden entries are left out."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
        # Not following links: a link to a directory is reported by _found rather than walked (it could loop).
        subdirectories = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
    except OSError as exc:
        yield ReadFailure(str(directory), f"{directory}: cannot read directory: {exc.strerror or exc}")
        return
    walked = set(subdirectories)
    for entry in entries:
        if entry.name not in walked:
            yield from _found(directory / entry.name, in_directory=True)
    for name in subdirectories:
        yield from _walk(directory / name)


def _found(path: Path, *, in_directory: bool) -> Iterator[str | ReadFailure | Skipped]:
    """`path` if it is a regular file to read, else why not."""
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except OSError as exc:
        if in_directory and path.suffix.lower() not in EXTENSIONS:
            yield Skipped(str(path), UNKNOWN_TYPE, path.suffix.lower() or "no extension")
        else:
            yield ReadFailure(str(path), f"{path}: cannot read: {exc.strerror or exc}")  # e.g. a dangling link
        return
    if stat.S_ISDIR(mode):
        yield Skipped(str(path), DIRECTORY_LINK)  # real directories are walked, so this is a link to one
    elif not stat.S_ISREG(mode):
        yield Skipped(str(path), NOT_REGULAR, _FILE_KINDS.get(stat.S_IFMT(mode), "special file"))
    elif in_directory and path.suffix.lower() not in EXTENSIONS:
        yield Skipped(str(path), UNKNOWN_TYPE, path.suffix.lower() or "no extension")
    else:
        yield str(path)


def format_of(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"{path}: unknown format {suffix or '(no extension)'!r}; use --format {'|'.join(FORMATS)}")
    return EXTENSIONS[suffix]


def read_stream(stream: BinaryIO, origin: str, fmt: str | None, defaults: Defaults) -> Iterator[Item]:
    """Articles from a pipe (standard input, a FIFO): JSON Lines one line at a time, the other formats whole.

    Without `fmt`, the format is guessed from the first line that is not blank, which is all that is read
    before the first article comes out.
    """
    head: list[bytes] = []
    if fmt is None:
        for line in stream:
            head.append(line)
            if line.strip():
                break
        fmt = sniff_format(b"".join(head))
    if fmt == "jsonl":
        yield from read_jsonl_stream(chain(head, stream), origin, defaults)
    else:
        yield from READERS[fmt](b"".join(head) + stream.read(), origin, defaults)


def _read(path: str, fmt: str | None, defaults: Defaults) -> Iterator[Item]:
    try:
        if path == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", fmt, defaults)
            return
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A FIFO or device named on the command line: read as it comes, with the same guarantees as '-'.
            with open(path, "rb") as stream:
                yield from read_stream(stream, path, fmt or EXTENSIONS.get(Path(path).suffix.lower()), defaults)
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


def read_file(path: str, fmt: str | None, defaults: Defaults) -> Iterator[Item]:
    """Articles from one file (or '-'), with failures and warnings as values so the caller can go on.

    Every article, whatever its format, leaves here without NUL characters (see `cleaned`).
    """
    yield from _cleaned(_read(path, fmt, defaults))


def _cleaned(items: Iterable[Item]) -> Iterator[Item]:
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        try:
            article, fields = cleaned(item)
        except InputError as exc:
            yield ReadFailure(item.origin, str(exc))
            continue
        if fields:
            yield ReadWarning(item.origin, f"{item.origin}: NUL characters removed from {', '.join(fields)}")
        yield article


def read_paths(
    paths: Iterable[str],
    *,
    fmt: str | None = None,
    defaults: Defaults | None = None,
    on_note: Callable[[Note], None] = lambda note: None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | ReadFailure]:
    """Every article in `paths`, in order; unreadable inputs come through as ReadFailure.

    Warnings about inputs that were read, and directory entries left out, go to `on_note` as they happen, so
    that no caller can take them for articles. http(s) URLs are fetched with `fetcher`, else with a Fetcher
    made for this call (its default limits) and closed at the end.
    """
    own: Fetcher | None = None
    try:
        for found in expand_paths(paths):
            items: Iterable[Item]
            if isinstance(found, str) and is_url(found):
                if fetcher is None:
                    from tracker.sources.http import Fetcher as Client

                    fetcher = own = Client()
                items = _cleaned(_read_url(found, fetcher, fmt, defaults or {}))
            else:
                items = read_file(found, fmt, defaults or {}) if isinstance(found, str) else (found,)
            for item in items:
                if isinstance(item, ReadWarning | Skipped):
                    on_note(item)
                else:
                    yield item
    finally:
        if own is not None:
            own.close()


def is_url(value: str) -> bool:
    """An http(s) URL, not a path: as a path, "http://x" would be x in a directory named "http:", which no one means."""
    return value[:8].lower().startswith(("http://", "https://"))


def _read_url(url: str, fetcher: Fetcher, fmt: str | None, defaults: Defaults) -> Iterator[Item]:
    # Imported here: httpx takes a tenth of a second to load, which no command without a URL should pay.
    from tracker.sources.http import read_url

    try:
        yield from read_url(url, fetcher, fmt, defaults)
    except InputError as exc:
        yield ReadFailure(url, str(exc))

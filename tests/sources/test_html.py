"""HTML pages: deep nesting, inline quotes, and the repairs the page loader makes (issue #10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.sources import ReadFailure, ReadWarning, read_paths
from tracker.types import Article

SAID = "“The bridge will reopen in July,” Mayor Dana Whitfield said on Monday after the council vote."


def page(body: str, head: str = "<title>Bridge | Riverton Ledger</title>") -> str:
    return f"<!DOCTYPE html>\n<html><head>{head}</head><body>\n{body}\n</body></html>\n"


def nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


def _read(path: Path) -> list[object]:
    notes: list[object] = []
    return [*read_paths([str(path)], on_note=notes.append), *notes]


@pytest.mark.parametrize("depth", [10, 300, 1000, 2000])
def test_deeply_nested_text_is_read(tmp_path: Path, depth: int) -> None:
    # libxml2 stops at 256 levels unless told otherwise; the text below came back as "no article text found",
    # or worse, as the navigation alone.
    path = tmp_path / "deep.html"
    path.write_text(page("<nav>Home | Sport</nav>" + nested(depth, f"<p>{SAID}</p>")), encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert SAID in article.text


def test_html_deeper_than_the_parser_can_go_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deeper.html"
    path.write_text(page(nested(3000, f"<p>{SAID}</p>")), encoding="utf-8")
    [failure] = _read(path)
    assert isinstance(failure, ReadFailure)
    assert failure.message == (
        f"{path}: HTML nested more than 2048 levels deep (line 3), the most the HTML parser can read; "
        "the text below that depth would be lost"
    )


def test_inline_q_is_shown_in_quotation_marks(tmp_path: Path) -> None:
    path = tmp_path / "q.html"
    body = "<article><p>Mayor Dana Whitfield said <q>the bridge is <q>safe</q> now</q> after the vote.</p></article>"
    path.write_text(page(body), encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.text == "Mayor Dana Whitfield said “the bridge is ‘safe’ now” after the vote."


@pytest.mark.parametrize(
    "document",
    [
        page(f"<p>{SAID}</p>").replace("<html>", "<html/>"),
        '<?xml version="1.0" encoding="iso-8859-1"?>\n' + page(f"<p>{SAID}</p>"),
        page(f"<p>{SAID[:20]}\x0b{SAID[20:]}</p>"),
    ],
    ids=["self-closed-html", "xml-declaration", "control-character"],
)
def test_pages_the_loader_repairs(tmp_path: Path, document: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(document, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.text == SAID


def test_nul_in_html_is_removed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "nul.html"
    filler = "<!-- " + "x" * 9000 + " -->\n"  # past the first 8 KiB, where a NUL means "binary data"
    path.write_text(page(filler + f"<p>{SAID[:10]}\x00{SAID[10:]}</p>"), encoding="utf-8")
    article, warning = _read(path)
    assert isinstance(article, Article) and article.text == SAID
    assert warning == ReadWarning(str(path), f"{path}:4: NUL characters removed from the HTML (the first on this line)")

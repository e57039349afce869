"""Feed entries shaped like real publishers' come out with their text, whatever HTML holds it (issue #10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.sources import ReadFailure, read_paths
from tracker.sources.html import parse_html, plain_text
from tracker.types import Article

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Post</title><link>https://post.example/</link><description>News</description>
{items}
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:example</id>
<updated>2024-07-02T06:00:00Z</updated>
{items}
</feed>"""


def rss_item(n: int, body: str) -> str:
    return (
        f"<item><title>Story {n}</title><link>https://post.example/{n}</link><guid>https://post.example/{n}</guid>"
        f"<pubDate>Tue, 02 Jul 2024 06:00:00 GMT</pubDate>{body}</item>"
    )


def atom_entry(n: int, body: str) -> str:
    return (
        f"<entry><title>Entry {n}</title><id>urn:example:{n}</id><updated>2024-07-02T06:00:00Z</updated>{body}</entry>"
    )


def _articles(path: Path) -> list[Article]:
    items = list(read_paths([str(path)]))
    failures = [item.message for item in items if isinstance(item, ReadFailure)]
    assert failures == []
    return [item for item in items if isinstance(item, Article)]


def _content(html: str) -> str:
    return f"<content:encoded><![CDATA[{html}]]></content:encoded>"


RSS_SHAPES = [
    ("single-p", _content("<p>“We will not back down,” union leader Maria Santos said.</p>"),
     "“We will not back down,” union leader Maria Santos said."),
    ("inline-b", _content("<p>One <b>two</b></p>"), "One two"),
    ("em-then-stop", _content("<p>Para <em>two</em>.</p><p>Second paragraph.</p>"), "Para two.\n\nSecond paragraph."),
    ("no-block", _content('Text with <a href="https://x.example/">inline</a> tags.'), "Text with inline tags."),
    ("q-element", _content("<p>The mayor said <q>we are ready</q> on Monday.</p>"),
     "The mayor said “we are ready” on Monday."),
    ("content-over-teaser", "<description>Teaser only.</description>" + _content("<p>The full text.</p>"),
     "The full text."),
    ("image-only-content", "<description>The caption says it all.</description>" + _content('<img src="a.jpg">'),
     "The caption says it all."),
    ("table-only", _content("<table><tr><td>Results: Lee 52, Park 48.</td></tr></table>"), "Results: Lee 52, Park 48."),
    ("description-cdata", "<description><![CDATA[<p>Only a description here.</p>]]></description>",
     "Only a description here."),
    ("description-escaped", "<description>Fares rose &amp;lt;5% &amp;amp; fell, &lt;b&gt;officials&lt;/b&gt; said.</description>",
     "Fares rose <5% & fell, officials said."),
]  # fmt: skip
ATOM_SHAPES = [
    ("html", '<content type="html">&lt;p&gt;Escaped &lt;i&gt;html&lt;/i&gt; content.&lt;/p&gt;</content>',
     "Escaped html content."),
    ("xhtml", '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Xhtml <em>content</em></p></div></content>',
     "Xhtml content"),
    ("text", '<content type="text">Plain text where 1 &lt; 2 stays.</content>', "Plain text where 1 < 2 stays."),
    ("summary-only", "<summary>Only a summary.</summary>", "Only a summary."),
]  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), [s[1:] for s in RSS_SHAPES], ids=[s[0] for s in RSS_SHAPES])
def test_rss_entry_text(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS.format(items=rss_item(1, body)), encoding="utf-8")
    [article] = _articles(path)
    assert article.text == expected
    assert article.outlet == "Example Post" and article.url == "https://post.example/1"


@pytest.mark.parametrize(("body", "expected"), [s[1:] for s in ATOM_SHAPES], ids=[s[0] for s in ATOM_SHAPES])
def test_atom_entry_text(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM.format(items=atom_entry(1, body)), encoding="utf-8")
    [article] = _articles(path)
    assert article.text == expected
    assert article.external_id == "urn:example:1"


def test_a_thousand_entries_of_real_shapes_are_all_read(tmp_path: Path) -> None:
    # The shapes a WordPress or wire feed mixes; before the fix every one of these came back "empty text".
    shapes = [
        ("<p>Entry {n}: “Nobody wins,” <b>Maria Santos</b> said.</p>", "Entry {n}: “Nobody wins,” Maria Santos said."),
        ("<p>Entry {n} is a single paragraph.</p>", "Entry {n} is a single paragraph."),
        ('Entry {n} has <a href="https://x.example/">a link</a>.', "Entry {n} has a link."),
        ("<p>Entry {n}.</p><p>Said <em>twice</em>.</p>", "Entry {n}.\n\nSaid twice."),
    ]
    items = []
    for n in range(1000):
        html, _ = shapes[n % len(shapes)]
        items.append(rss_item(n, f"<description>Teaser {n}</description>" + _content(html.format(n=n))))
    path = tmp_path / "wire.rss"
    path.write_text(RSS.format(items="\n".join(items)), encoding="utf-8")
    articles = _articles(path)
    assert len(articles) == 1000
    assert [a.text for a in articles] == [shapes[n % len(shapes)][1].format(n=n) for n in range(1000)]


def test_an_entry_without_any_text_is_still_a_one_line_failure(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    body = _content('<img src="a.jpg">')
    path.write_text(RSS.format(items=rss_item(1, "<description>Fine.</description>") + rss_item(2, body)), "utf-8")
    items = list(read_paths([str(path)]))
    assert isinstance(items[0], Article) and items[0].text == "Fine."
    assert isinstance(items[1], ReadFailure) and items[1].message == f"{path}#2: empty text"


def test_content_trafilatura_drops_is_kept_by_the_plain_fallback(tmp_path: Path) -> None:
    # With comments left out, trafilatura returns nothing for text it takes for a comment block.
    path = tmp_path / "feed.rss"
    body = _content('<div class="comments">“The plan works,” the minister said.</div>')
    path.write_text(RSS.format(items=rss_item(1, body)), encoding="utf-8")
    [article] = _articles(path)
    assert article.text == "“The plan works,” the minister said."


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Kept</p><script>var x = 1;</script><style>p {}</style><p>and kept</p>", "Kept\n\nand kept"),
        ("<div>One<div>nested <b>two</b></div>three</div>", "One\n\nnested two\n\nthree"),
        ("<table><tr><td>Cell one</td><td>cell two</td></tr></table>", "Cell one cell two"),
        ("<p>Line<br>break</p><aside>Aside too</aside>", "Line break\n\nAside too"),
    ],
)
def test_plain_text(html: str, expected: str) -> None:
    assert plain_text(parse_html(f"<html><body>{html}</body></html>", "x")) == expected

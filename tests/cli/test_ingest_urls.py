"""`tracker ingest URL...` (issue #18): pages and feeds over HTTP beside files, and one line per failing URL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.sources.servers import Reply, Site, article_page, document, rss, rss_item
from tracker.cli import cli

STORY = [
    "“We will not back down,” union leader Maria Santos said on Tuesday, as the strike entered its third week.",
    "Ann Lee, the city's budget director, said the council would vote on the contract next month.",
]


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.mark.slow
def test_urls_are_ingested_beside_files_and_a_bad_one_does_not_stop_the_rest(
    runner: CliRunner, tmp_path: Path, site: Site
) -> None:
    db = str(tmp_path / "t.db")
    local = tmp_path / "local.txt"
    local.write_text("id: local-1\n\n“The bridge opens in May,” Mayor Omar Haddad said.", encoding="utf-8")
    site.routes["/strike"] = document(
        article_page("Strike enters third week", STORY, canonical="https://news.example/strike", date="2024-07-01"),
        gzipped=True,
    )
    site.routes["/a/1"] = document(article_page("Council vote", STORY[::-1]))
    site.routes["/feed.xml"] = document(
        rss("Example News", [
            rss_item("urn:story:1", "Council vote next month", "/a/1", description="A teaser."),
            rss_item("urn:story:2", "Full story", "https://news.example/2", content=f"<p>{STORY[0]}</p>"),
        ]),
        "application/rss+xml",
    )  # fmt: skip
    site.routes["/down"] = lambda r: Reply(500, b"")
    urls = [site.url("/strike"), site.url("/down"), site.url("/feed.xml")]

    result = runner.invoke(cli, ["--db", db, "ingest", "-q", "--no-stance", str(local), *urls])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error: ")] == [
        f"error: {site.url('/down')}: HTTP 500 Internal Server Error"
    ]
    assert "4 new, 0 updated, 0 unchanged, 1 failed" in result.stderr
    rows = json.loads(
        runner.invoke(
            cli, ["--db", db, "sql", "SELECT external_id, url, title, published FROM articles ORDER BY id"]
        ).output
    )
    assert rows == [
        {"external_id": "local-1", "url": None, "title": None, "published": None},
        {"external_id": "https://news.example/strike", "url": "https://news.example/strike",
         "title": "Strike enters third week", "published": "2024-07-01"},
        {"external_id": "urn:story:1", "url": site.url("/a/1"), "title": "Council vote next month",
         "published": "2024-07-02"},
        {"external_id": "urn:story:2", "url": "https://news.example/2", "title": "Full story",
         "published": "2024-07-02"},
    ]  # fmt: skip
    speakers = runner.invoke(cli, ["--db", db, "quotes", "--format", "jsonl"]).output
    assert "Maria Santos" in speakers

    again = runner.invoke(cli, ["--db", db, "ingest", "-q", "--no-stance", *urls[::2]])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 updated, 3 unchanged, 0 failed" in again.stderr


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -rn` (a user and network namespace)")
def test_a_host_that_cannot_be_resolved_is_one_line(tmp_path: Path) -> None:
    # In a network namespace of its own the process has no network at all: the lookup fails for real, and no
    # query can leave the machine.
    result = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "tracker.cli", "--db", str(tmp_path / "t.db"), "ingest", "-q",
         "http://news.invalid/story"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: http://news.invalid/story: cannot resolve host news.invalid (DNS lookup failed)",
        "0 new, 0 updated, 0 unchanged, 1 failed; 0 quotes stored",
    ]

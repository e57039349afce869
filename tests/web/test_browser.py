"""A person's path through `tracker serve` in a real browser: Debian's Chromium, driven by Playwright.

The browser is the system's /usr/bin/chromium (.ci/run installs it); `playwright install`, which
downloads a browser of its own, is never run. Screenshots of each page go to $TRACKER_TEST_ARTIFACTS,
else to the test's temporary folder, so that a person can look at them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker.cli", *args]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tracker serve` on a free port of 127.0.0.1 over the ingested seeds; its URL."""
    db = str(tmp_path_factory.mktemp("served") / "tracker.db")
    subprocess.run(_tracker("--db", db, "ingest", "-q", str(SEEDS)), check=True, timeout=600)
    process = subprocess.Popen(
        _tracker("--db", db, "serve", "--port", "0"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(process.stderr or []), daemon=True).start()
    try:
        url = (process.stdout.readline() if process.stdout else "").strip()
        assert url.startswith("http://127.0.0.1:"), (url, log)
        yield url.rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not [line for line in log if "Traceback" in line or "ERROR" in line], log


@pytest.fixture
def artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TRACKER_TEST_ARTIFACTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_filter_open_a_quote_see_it_in_place_then_the_speaker_and_chart(server: str, artefacts: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
            page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

            page.goto(f"{server}/")
            page.screenshot(path=artefacts / "home.png", full_page=True)

            page.goto(f"{server}/quotes")
            page.fill("#f-speaker", "Hegseth")
            page.click("form.filters button[type=submit]")
            page.wait_for_url("**/quotes?speaker=Hegseth*")
            assert "Speaker: Pete Hegseth" in page.inner_text("p.summary")
            page.screenshot(path=artefacts / "quotes.png", full_page=True)

            page.click("a.quote-link:has-text('Japan is our indispensable partner')")
            page.wait_for_url("**/articles/hegseth-tokyo-2025-03-30?quote=*")
            chosen = page.locator("mark.chosen.content").first
            assert chosen.inner_text().startswith("Japan is our indispensable partner in deterring")
            assert chosen.is_visible()
            entry = page.locator("li.attribution.chosen")
            assert "Pete Hegseth" in entry.inner_text() and "the U.S. defense chief" in entry.inner_text()
            # Hovering the highlight shows who said it, how, and the stance.
            chosen.hover()
            tip = page.locator("#tip")
            tip.wait_for(state="visible")
            assert (
                "Pete Hegseth" in tip.inner_text()
                and "direct" in tip.inner_text()
                and "Japan positive" in tip.inner_text()
            )
            page.screenshot(path=artefacts / "article.png", full_page=True)
            # Tab reaches the highlights too, and focus shows the same details.
            page.keyboard.press("Escape")  # dismisses it, as a tooltip must be
            tip.wait_for(state="hidden")
            page.mouse.move(0, 0)
            # Following the #q link may have focused the mark already: blur it, so that focusing it is news.
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            page.focus("mark.chosen.content[tabindex]")
            tip.wait_for(state="visible")
            assert "Pete Hegseth" in tip.inner_text()

            entry.locator("a", has_text="Pete Hegseth").click()
            page.wait_for_url("**/speakers/*")
            assert page.inner_text("h1").startswith("Pete Hegseth")
            chart = page.locator("img#stance-chart")
            chart.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => { const i = document.getElementById('stance-chart'); return i.complete && i.naturalWidth > 0; }"
            )
            assert "Japan" in page.inner_text("table.timeline")
            page.screenshot(path=artefacts / "speaker.png", full_page=True)

            page.click("table.targets-table a:has-text('Japan')")
            page.wait_for_url("**/targets/*")
            assert "Who speaks about Japan" in page.inner_text("main")
            page.screenshot(path=artefacts / "target.png", full_page=True)
        finally:
            browser.close()
    print(f"screenshots in {artefacts}")
    assert problems == []

"""Stance-over-time charts for the review pages: `tracker stance --plot`'s drawing, as SVG bytes."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# pyplot keeps global state (the current figure), so two requests drawing at once could mix their charts.
_PLOT_LOCK = threading.Lock()


def stance_svg(rows: Sequence[dict[str, Any]], *, title: str, by: str) -> bytes:
    """The timeline `rows` (from stance_timeline) drawn by plot_timeline, as an SVG document."""
    import matplotlib

    from tracker.reports.plot import plot_timeline

    # Names come from articles: "$" in one must not switch matplotlib to mathtext (which can fail to
    # parse), and with the default svg.fonttype ("path") no name reaches the SVG as text at all.
    settings: dict[str, Any] = {"text.parse_math": False, "svg.fonttype": "path", "svg.hashsalt": "tracker"}
    with _PLOT_LOCK, matplotlib.rc_context(settings), tempfile.TemporaryDirectory() as folder:  # type: ignore[arg-type]
        path = Path(folder) / "stance.svg"
        plot_timeline(rows, path, title=title, by=by)
        return path.read_bytes()

"""Draw stance over time: one line per target, points sized by how many quotes they summarise."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

#: Tick labels per period length: a monthly point is labelled "2025-03", not with the first day of the month.
TICK_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
MAX_PERIOD_TICKS = 16


def plot_timeline(rows: Sequence[dict[str, Any]], path: Path, *, title: str, by: str = "month") -> int:
    """Write the chart to `path` (.png or .svg); returns the number of lines drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["period_start"] is not None:
            series[row["target"]].append(row)
    figure, axes = plt.subplots(figsize=(9, 4.8), dpi=120)
    axes.axhline(0, color="grey", linewidth=0.8, linestyle="--")
    for target, points in series.items():
        points.sort(key=lambda r: r["period_start"])
        xs = [p["period_start"] for p in points]
        ys = [p["mean_stance"] for p in points]
        (line,) = axes.plot(xs, ys, marker="", linewidth=2, label=target)
        axes.scatter(xs, ys, s=[40 + 30 * p["quotes"] for p in points], color=line.get_color(), zorder=3, alpha=0.85)
    axes.set_ylim(-1.05, 1.05)
    axes.set_ylabel("mean stance  (−1 negative … +1 positive)")
    axes.set_title(title)
    periods = sorted({row["period_start"] for points in series.values() for row in points})
    if 0 < len(periods) <= MAX_PERIOD_TICKS:
        axes.set_xticks(periods)  # one tick per period that has a point, so each label names its point
    else:
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=MAX_PERIOD_TICKS))
    axes.xaxis.set_major_formatter(mdates.DateFormatter(TICK_FORMATS.get(by, "%Y-%m-%d")))
    if len(periods) == 1:
        axes.set_xlim(periods[0] - timedelta(days=15), periods[0] + timedelta(days=15))
    axes.grid(alpha=0.3)
    if series:
        axes.legend(title="target (point size = quotes)", loc="best")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return len(series)

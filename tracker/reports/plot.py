"""Draw stance over time: one line per target, points sized and labelled by how many quotes they summarise."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Tick labels per period length: a monthly point is labelled "2025-03", not with the first day of the month.
TICK_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
MAX_PERIOD_TICKS = 16


class NothingToPlot(TrackerError):
    """No row has a dated period, so a chart would only show empty axes."""


def next_period(start: date, by: str) -> date:
    """The first day of the period after the one starting on `start`."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def draw_timeline(rows: Sequence[dict[str, Any]], *, title: str, by: str = "month") -> Figure:
    """The chart as a matplotlib Figure: one line per target over the periods that have statements.

    A line stops where a period has no statement about its target, rather than drawing a trend
    through a month nobody spoke of it; each point is labelled with its quote count.

    Raises:
        NothingToPlot: no row has a period (no statement matched, or none is dated).
    """
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["period_start"] is not None:
            series[row["target"]].append(row)
    if not series:
        raise NothingToPlot("nothing to plot: no dated statement matches; try a wider --since/--until or other names")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 4.8), dpi=120)
    axes.axhline(0, color="grey", linewidth=0.8, linestyle="--")
    for target, points in series.items():
        points.sort(key=lambda r: r["period_start"])
        xs: list[Any] = []  # dates; matplotlib's stubs know only numbers, its date converter takes these
        ys: list[float] = []
        for point in points:
            if xs and point["period_start"] != next_period(xs[-1], by):
                # matplotlib breaks a line at NaN: the gap is drawn as a gap.
                xs.append(next_period(xs[-1], by))
                ys.append(float("nan"))
            xs.append(point["period_start"])
            ys.append(point["mean_stance"])
        (line,) = axes.plot(xs, ys, marker="", linewidth=2, label=target)
        px = [p["period_start"] for p in points]
        py = [p["mean_stance"] for p in points]
        axes.scatter(px, py, s=[40 + 30 * p["quotes"] for p in points], color=line.get_color(), zorder=3, alpha=0.85)
        for p in points:
            axes.annotate(
                str(p["quotes"]),
                (p["period_start"], p["mean_stance"]),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                fontsize=8,
                color=line.get_color(),
            )
    axes.set_ylim(-1.15, 1.15)  # room for the labels of points at -1 and +1
    axes.set_ylabel("mean stance  (−1 negative … +1 positive)")
    axes.set_title(title)
    periods = sorted({row["period_start"] for points in series.values() for row in points})
    if len(periods) <= MAX_PERIOD_TICKS:
        axes.set_xticks(periods)  # one tick per period that has a point, so each label names its point
    else:
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=MAX_PERIOD_TICKS))
    axes.xaxis.set_major_formatter(mdates.DateFormatter(TICK_FORMATS.get(by, "%Y-%m-%d")))
    if len(periods) == 1:
        axes.set_xlim(periods[0] - timedelta(days=15), periods[0] + timedelta(days=15))
    axes.grid(alpha=0.3)
    axes.legend(title="target (point: quotes)", loc="best")
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def plot_timeline(rows: Sequence[dict[str, Any]], path: Path, *, title: str, by: str = "month") -> int:
    """Write the chart to `path` (.png or .svg); returns the number of lines drawn.

    Raises:
        NothingToPlot: no row has a period; no file is written.
    """
    figure = draw_timeline(rows, title=title, by=by)
    import matplotlib.pyplot as plt  # loaded by draw_timeline

    try:
        figure.savefig(path)
    finally:
        plt.close(figure)
    return len({row["target"] for row in rows if row["period_start"] is not None})


def timeline_title(speaker: str | None, targets: Sequence[str]) -> str:
    """ "Stance of Pete Hegseth toward Japan and Europe": the canonical names the report resolved."""
    who = speaker or "all speakers"
    if not targets:
        return f"Stance of {who} over time"
    names = list(dict.fromkeys(targets))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Stance of {who} toward {listed}"

"""Peak memory of `tracker sql` writing N rows in each format: about the same for any N means it streams.

Prints figures, asserts nothing. The rows come from a recursive query, so no table is needed; by
default the database is an empty temporary SQLite file. On PostgreSQL, connect as a read-only role.

    python benchmarks/sql_stream_memory.py                       # 1,000,000 rows
    python benchmarks/sql_stream_memory.py --rows 5000000 --db postgresql+psycopg://reader@host/news
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in a child of its own, so RUSAGE_CHILDREN's peak is that one command's.
MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
TRACKER = [sys.executable, "-c", "from tracker.cli import main; main()"]


def peak_mb(db: str, query: str, fmt: str) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one `tracker sql` run with stdout thrown away."""
    start = time.perf_counter()
    command = [*TRACKER, "--db", db, "sql", query, "--format", fmt, "--timeout", "0"]
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", help="a tracker database path or URL (default: an empty temporary SQLite file)")
    parser.add_argument("--formats", nargs="+", default=["json", "jsonl", "csv"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp, "empty.db"))
        if not args.db:
            Path(db).touch()  # an empty file is an empty SQLite database
        rows = (
            f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {args.rows})"
            " SELECT i AS id, 'Japan is our indispensable partner, he said' AS text, i * 0.5 AS score FROM s"
        )
        seconds, baseline = peak_mb(db, "SELECT 1 AS id", "json")
        print(f"{'format':<8}{'rows':>12}{'seconds':>10}{'peak MB':>10}")
        print(f"{'(1 row)':<8}{1:>12,}{seconds:>10.1f}{baseline:>10.0f}")
        for fmt in args.formats:
            seconds, peak = peak_mb(db, rows, fmt)
            print(f"{fmt:<8}{args.rows:>12,}{seconds:>10.1f}{peak:>10.0f}")


if __name__ == "__main__":
    main()

"""The built wheel, installed on its own, migrates a new database: nothing it needs is left in the source tree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow  # builds a wheel and ingests with the trained pipeline

# What a wheel is built from; the tests, seeds and benchmarks stay out, as they would in an sdist.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "tracker", "migrations")


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


def test_installed_wheel_ingests_and_reports_from_outside_the_source_tree(tmp_path: Path) -> None:
    # Built from a copy, so the build leaves no build/ or egg-info behind in the working tree.
    source = tmp_path / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, source, cwd=tmp_path)
    [wheel] = dist.glob("tracker-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    # A venv made from a venv's python sees the base interpreter's packages, not this venv's: point it at
    # this one's, where the dependencies are. The wheel's own tracker comes first on the path.
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    )
    (site / "tracker-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)

    work = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, work / "seeds")
    where = _run(python, "-c", "import tracker.store.migrate as m; print(m.MIGRATIONS)", cwd=work).stdout.strip()
    assert Path(where) == site / "tracker" / "migrations"  # the installed copy, not the source tree's

    tracker = venv / "bin" / "tracker"
    _run(tracker, "ingest", "seeds/", cwd=work)
    quotes = json.loads(_run(tracker, "quotes", "--speaker", "Hegseth", "--format", "json", cwd=work).stdout)
    assert quotes and quotes[0]["speaker"] == "Pete Hegseth"
    assert _run(tracker, "db", "current", cwd=work).stdout.strip().endswith("(head)")
    assert (work / "tracker.db").is_file()

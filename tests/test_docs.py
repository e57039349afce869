"""Every command has help, and the README documents it (the sqlite-utils docs test)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix}{name} "))
    return names


@pytest.mark.parametrize("command", _commands(cli))
def test_command_has_help_and_is_in_readme(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3
    assert f"tracker {command}" in README


def test_readme_opens_with_the_two_quick_start_commands_and_ci_runs_them() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = quick_start.split("```")[1::2]
    commands = [block.strip() for block in blocks]
    install = (
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[dev]" '
        "&& tracker ingest seeds/ && tracker quotes --speaker Hegseth"
    )
    assert commands == [install, "pytest"]
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    ci_lines = [line.rstrip(" \\") for line in ci.splitlines()]
    assert install in ci_lines and "pytest" in ci_lines

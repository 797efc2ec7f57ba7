"""Docs that cannot drift: the README's CLI reference, commands, queries and layers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.cli import cli
from kg.query import named_queries

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_cog_blocks_are_current() -> None:
    """README's generated blocks equal what `cog -r README.md` would write now."""
    run = subprocess.run([sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT,
                         capture_output=True, text=True)
    assert 0 == run.returncode, run.stdout + run.stderr + "\nrun: .venv/bin/cog -r README.md"


def test_every_command_is_documented() -> None:
    """Every `kg` command has a section in the README and help text."""
    for name, command in cli.commands.items():
        assert f"### kg {name}" in README, name
        assert command.help and len(command.help) > 20, name


def test_every_named_query_is_documented_and_commented() -> None:
    """Every kg/queries/*.rq starts with a comment and is listed in the README."""
    for name, doc in named_queries().items():
        assert doc, f"{name}.rq has no header comment"
        assert f"`{name}`" in README, name


def test_two_commands_and_exit_codes_are_in_the_readme() -> None:
    """The README shows make demo, make test and the exit codes."""
    for text in ("make demo", "make test", "### Exit codes", "| 2 |"):
        assert text in README


def test_import_layers_hold() -> None:
    """lint-imports: data flows one way and readers never import rdflib."""
    exe = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True)
    assert 0 == run.returncode, run.stdout + run.stderr


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs `make test`, the README's test command."""
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ruff_clean() -> None:
    """ruff finds nothing in kg/, tests/ and bench/."""
    exe = Path(sys.executable).with_name("ruff")
    run = subprocess.run([str(exe), "check", "kg", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert 0 == run.returncode, run.stdout + run.stderr

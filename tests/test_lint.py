"""The code's shape, kept by the linters' own configuration (pyproject.toml, .flake8).

Unit sizes: no function over 60 lines (flake8-max-function-length, MFL000), no class over 250
lines (tools/flake8_unit_size.py, UNS001), no module over 500 lines (pylint C0302); complexity and
argument counts are ruff's (C901, PLR0913, PLR0912, PLR0915); types are mypy's. Each check is
also shown to fail on a unit that breaks its limit, so that a configuration that stopped
checking would be noticed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True)


def _function(lines: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2))
    return f"def f() -> int:\n{body}    return 0\n"


def _class(lines: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 1))
    return f"class C:\n{body}"


@pytest.mark.slow
def test_flake8_finds_no_long_function_or_class() -> None:
    """flake8 (MFL000 functions, UNS001 classes) is clean over kg/."""
    run = _run("flake8", "kg")
    assert 0 == run.returncode, run.stdout + run.stderr


@pytest.mark.slow
def test_pylint_finds_no_long_module() -> None:
    """pylint's module-length check (C0302, max 500 lines) is clean over kg/."""
    run = _run("pylint", "kg", "--score=n")
    assert 0 == run.returncode, run.stdout + run.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    """mypy finds no type error in kg/ (configuration in pyproject.toml)."""
    run = _run("mypy")
    assert 0 == run.returncode, run.stdout + run.stderr


@pytest.mark.parametrize(("lines", "flagged"), [(60, False), (61, True)])
def test_function_length_limit_is_60(tmp_path: Path, lines: int, flagged: bool) -> None:
    """A 61-line function is reported, a 60-line one is not, with the project's .flake8."""
    (tmp_path / "unit.py").write_text(_function(lines))
    run = _run("flake8", "--config", str(ROOT / ".flake8"), str(tmp_path / "unit.py"), cwd=ROOT)
    assert flagged == ("MFL000" in run.stdout), run.stdout + run.stderr


@pytest.mark.parametrize(("lines", "flagged"), [(250, False), (251, True)])
def test_class_length_limit_is_250(tmp_path: Path, lines: int, flagged: bool) -> None:
    """A 251-line class is reported (UNS001), a 250-line one is not."""
    (tmp_path / "unit.py").write_text(_class(lines))
    run = _run("flake8", "--config", str(ROOT / ".flake8"), str(tmp_path / "unit.py"), cwd=ROOT)
    assert flagged == ("UNS001" in run.stdout), run.stdout + run.stderr


@pytest.mark.parametrize(("lines", "flagged"), [(500, False), (501, True)])
def test_module_length_limit_is_500(tmp_path: Path, lines: int, flagged: bool) -> None:
    """pylint with the project's configuration reports a 501-line module, not a 500-line one."""
    text = '"""A module."""\n' + "".join(f"X{i} = {i}\n" for i in range(lines - 1))
    (tmp_path / "unit.py").write_text(text)
    run = _run("pylint", "--rcfile", str(ROOT / "pyproject.toml"), "--score=n",
               str(tmp_path / "unit.py"), cwd=tmp_path)
    assert flagged == ("C0302" in run.stdout), run.stdout + run.stderr


def test_ruff_flags_complexity_and_arguments(tmp_path: Path) -> None:
    """ruff with the project's configuration reports a function of 8 arguments and one of
    complexity 13."""
    many_args = "def f(a, b, c, d, e, f, g, h):\n    return a\n"
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12))
    complex_ = f"def g(x):\n{branches}    return -1\n"
    (tmp_path / "unit.py").write_text(many_args + "\n\n" + complex_)
    run = _run("ruff", "check", "--config", str(ROOT / "pyproject.toml"), "--select",
               "C901,PLR0913", "--output-format", "concise", str(tmp_path / "unit.py"))
    assert "PLR0913" in run.stdout and "C901" in run.stdout, run.stdout + run.stderr


def test_at_most_ten_modules_directly_under_kg() -> None:
    """kg/ holds at most 10 modules of its own; everything else sits in a stage's package."""
    modules = sorted(p.name for p in (ROOT / "kg").glob("*.py"))
    assert len(modules) <= 10, modules

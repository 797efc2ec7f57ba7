"""Shared fixtures: the sample record, a fresh on-disk store, the stores built from the
sample, the corpus (KG_CORPUS).

The stores built from the sample are built once per session (once per worker under
pytest-xdist); a module that may write to one gets its own copy (``cli_store_dir``,
``served_store_dir``), so that no test sees another module's changes.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.pipeline import build, reason_store
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "wilson" / "112696.txt"
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)
DESELECTED = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.ttl from the current mapping")


# `make test` deselects the slow and external tests (-m): say how many, and how to run them.
# Under pytest-xdist the workers collect and deselect, and the count comes back in workeroutput.

def pytest_deselected(items: list[pytest.Item]) -> None:
    """Count the deselected tests (in each worker under xdist)."""
    if items:
        config = items[0].config
        config.stash[DESELECTED] = config.stash.get(DESELECTED, 0) + len(items)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands its count to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["deselected"] = session.config.stash.get(DESELECTED, 0)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """A worker has finished (pytest-xdist): every worker deselects the same tests."""
    count = getattr(node, "workeroutput", {}).get("deselected", 0)
    node.config.stash[DESELECTED] = max(node.config.stash.get(DESELECTED, 0), count)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """One line naming the deselected tests' count and how to run them."""
    count = config.stash.get(DESELECTED, 0)
    if count and config.option.markexpr:
        terminalreporter.write_line(f"{count} tests deselected by -m {config.option.markexpr!r}; "
                                    "`make test-all` runs them")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be regenerated instead of compared."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The one real archive record shipped in data/."""
    return SAMPLE


@pytest.fixture(scope="session")
def authority() -> Authority:
    """The authority tables of data/authority."""
    return Authority.load()


@pytest.fixture(scope="session")
def minter() -> Minter:
    """The default IRI minter."""
    return Minter()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh, empty on-disk store."""
    return Store(tmp_path / "store")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """An on-disk store with the sample built and reasoned (shared, read it only)."""
    path = tmp_path_factory.mktemp("built") / "store"
    st = Store(path)
    report = build([SAMPLE], st, now=FIXED_TIME)
    assert [] == report.errors
    reason_store(st)
    return st


def _copy(master: Path, factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the closed store at ``master``, in a fresh temporary folder."""
    path = factory.mktemp(name) / "store"
    shutil.copytree(master, path)
    return path


@pytest.fixture(scope="session")
def cli_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built, validated and reasoned through the CLI, closed (copy it, never open it)."""
    path = tmp_path_factory.mktemp("cli-master") / "store"
    for args in (["build", str(SAMPLE)], ["validate"], ["reason"]):
        result = CliRunner().invoke(cli, ["--store", str(path), *args], catch_exceptions=False)
        assert 0 == result.exit_code, result.output
    Store(path).close()  # raises if the CLI had left the store open
    return path


@pytest.fixture(scope="module")
def cli_store_dir(cli_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own copy of the store built, validated and reasoned through the CLI."""
    return _copy(cli_store_master, tmp_path_factory, "cli")


@pytest.fixture(scope="session")
def served_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/wilson built and reasoned, closed (copy it, never open it)."""
    path = tmp_path_factory.mktemp("serve-master") / "store"
    store = Store(path)
    assert [] == build([ROOT / "data" / "wilson"], store).errors
    reason_store(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def served_store_dir(served_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own copy of data/wilson built and reasoned, closed so that it can be
    opened read-only."""
    return _copy(served_store_master, tmp_path_factory, "serve")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus through KG_CORPUS: skipped without it, a failure in CI."""
    value = os.environ.get("KG_CORPUS")
    if not value or not Path(value).is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"KG_CORPUS is not set to the shared corpus (got {value!r}) and CI is set")
        pytest.skip("KG_CORPUS not set: the shared corpus is not available")
    return Path(value)

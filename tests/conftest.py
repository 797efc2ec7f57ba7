"""Shared fixtures: the sample record, a fresh on-disk store, the corpus (KG_CORPUS)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.pipeline import build, reason_store
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "wilson" / "112696.txt"
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.ttl from the current mapping")


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


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus through KG_CORPUS: skipped without it, a failure in CI."""
    value = os.environ.get("KG_CORPUS")
    if not value or not Path(value).is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"KG_CORPUS is not set to the shared corpus (got {value!r}) and CI is set")
        pytest.skip("KG_CORPUS not set: the shared corpus is not available")
    return Path(value)

"""Headless Chromium for the page tests (../shared/notes/external-checks.md §9): a missing
browser skips with a reason, and fails when CI is set."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    """The browser's path (skipped without it; a failure in CI)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium not installed (CI is set, so every external checker must be installed)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return found


def run_chromium(url: str, tmp_path: Path, *extra: str, budget_ms: int = 5000
                 ) -> subprocess.CompletedProcess[str]:
    """Chromium headless on ``url`` with a fresh profile and ``budget_ms`` of virtual time;
    stderr holds the console log."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    return subprocess.run([chromium(), *FLAGS, f"--virtual-time-budget={budget_ms}",
                           f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120)

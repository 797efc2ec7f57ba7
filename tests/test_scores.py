"""Extraction quality floors, measured with the shared scorer (KG_CORPUS)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.pipeline import build, reason_store
from kg.publish.export import export
from kg.store import Store

pytestmark = pytest.mark.corpus
HELDOUT = Path(__file__).parent / "fixtures" / "wilson-heldout"


def _score(corpus: Path, records: Path, gold: Path, tmp: Path) -> dict:
    import json

    store = Store(tmp / "store")
    report = build([records], store)
    assert [] == report.errors
    reason_store(store)
    export(store, "trig", tmp / "kg.trig")
    store.close()
    run = subprocess.run([sys.executable, str(corpus.parent / "eval" / "score_records.py"), "--gold",
                          str(gold), str(tmp / "kg.trig"), "--json"], capture_output=True, text=True, check=True)
    return json.loads(next(line for line in run.stdout.splitlines() if line.startswith("{")))


def test_dev_set_floor(corpus: Path, tmp_path: Path) -> None:
    """The dev set scores overall F1 >= 0.95 and every field F1 >= 0.90."""
    figures = _score(corpus, corpus / "wilson" / "records", corpus / "wilson" / "gold.jsonl", tmp_path)
    assert figures["overall"]["f1"] >= 0.95
    assert {} == {f: r["f1"] for f, r in figures["fields"].items() if r["f1"] < 0.90}


def test_titles_floor(corpus: Path, tmp_path: Path) -> None:
    """The 40 titles, turned into records by titles_to_records.py, score overall F1 >= 0.95."""
    subprocess.run([sys.executable, str(corpus.parent / "eval" / "titles_to_records.py"),
                    str(corpus / "wilson" / "titles.jsonl"), str(tmp_path / "t")], check=True,
                   capture_output=True)
    figures = _score(corpus, tmp_path / "t" / "records", tmp_path / "t" / "gold.jsonl", tmp_path)
    assert figures["overall"]["f1"] >= 0.95


def test_heldout_floor(corpus: Path, tmp_path: Path) -> None:
    """Records written for testing by someone who did not read the reader score F1 >= 0.95."""
    figures = _score(corpus, HELDOUT / "records", HELDOUT / "gold.jsonl", tmp_path)
    assert figures["overall"]["f1"] >= 0.95
    assert {} == {f: r["f1"] for f, r in figures["fields"].items() if r["f1"] < 0.90}

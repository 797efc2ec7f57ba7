"""Against the shared corpus (KG_CORPUS): the sample scores F1 = 1.000 on every field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.pipeline import build, reason_store
from kg.publish.export import export
from kg.store import Store

pytestmark = pytest.mark.corpus


def test_corpus_sample_is_the_shipped_sample(corpus: Path, sample_path: Path) -> None:
    """data/wilson/112696.txt is byte for byte the corpus record seed-112696.txt."""
    assert (corpus / "wilson" / "records" / "seed-112696.txt").read_bytes() == sample_path.read_bytes()


def test_sample_scores_f1_1_on_every_field(corpus: Path, tmp_path: Path) -> None:
    """Build seed-112696.txt into a fresh store, export TriG, score with the shared scorer."""
    record = corpus / "wilson" / "records" / "seed-112696.txt"
    gold_all = (corpus / "wilson" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_all[0] + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    assert [] == build([record], store).errors
    reason_store(store)
    out = tmp_path / "kg.trig"
    export(store, "trig", out)
    scorer = corpus.parent / "eval" / "score_records.py"
    run = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    figures = json.loads(next(line for line in run.stdout.splitlines() if line.startswith("{")))
    below = {field: row["f1"] for field, row in figures["fields"].items() if row["f1"] != 1.0}
    assert {} == below, run.stdout
    assert 1.0 == figures["overall"]["f1"]

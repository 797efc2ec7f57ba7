"""Score the Wilson reader against the gold annotations of the shared corpus.

Two figures, both with the project's scorer (``../shared/eval/score_records.py``):

1. the dev set: ``kg build`` of ``corpus/wilson/records`` (25 records, both layouts),
   ``kg reason``, TriG export, scored against ``corpus/wilson/gold.jsonl``;
2. the title grammar: the 40 titles of ``corpus/wilson/titles.jsonl`` turned into records
   by ``eval/titles_to_records.py``, built and scored the same way;
3. the held-out records written for testing in ``tests/fixtures/wilson-heldout/`` (20
   records in both layouts, with their gold), written without reading the reader's code;
4. the independent evaluations in ``tests/fixtures/wilson-eval/``, ``wilson-eval-2/`` and
   ``wilson-eval-3/`` (titles and records written for testing by people who had not read
   the parser): their open parts always, their sealed parts with ``--sealed [eval|eval-2|
   eval-3]`` (figures only, never the misses).

Usage::

    python bench/score.py [--corpus DIR] [--misses] [--sealed [EVAL ...]] [--json FILE]

``--corpus`` defaults to ``$KG_CORPUS`` or ``../shared/corpus``. Prints every field's
P/R/F1 and the overall F1 of each set; exit code 1 when a set falls below the floor
(overall F1 >= 0.95; every dev field F1 >= 0.90).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.pipeline import build, reason_store
from kg.publish.export import export
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _score(scorer: Path, gold: Path, trig: Path, misses: bool) -> dict:
    args = [sys.executable, str(scorer), "--gold", str(gold), str(trig), "--json"]
    if misses:
        args.append("--misses")
    run = subprocess.run(args, capture_output=True, text=True, check=True)
    for line in run.stdout.splitlines():
        if not line.startswith("{"):
            print("   ", line)
    return json.loads(next(line for line in run.stdout.splitlines() if line.startswith("{")))


def _build_and_score(name: str, records: Path, gold: Path, scorer: Path, work: Path,
                     misses: bool) -> dict:
    store = Store(work / f"{name}-store")
    t0 = time.perf_counter()
    report = build([records], store)
    reason_store(store)
    trig = work / f"{name}.trig"
    export(store, "trig", trig)
    store.close()
    seconds = time.perf_counter() - t0
    print(f"== {name}: {len(report.built)} records built, {len(report.errors)} failed, "
          f"{seconds:.1f} s (build + reason + export)")
    for error in report.errors:
        print(f"   error {error}")
    figures = _score(scorer, gold, trig, misses)
    figures["seconds"] = round(seconds, 2)
    figures["records"] = len(report.built)
    return figures


#: The independent evaluations: (name, folder), each with open/ and sealed/ parts.
EVALS = (("eval", ROOT / "tests" / "fixtures" / "wilson-eval"),
         ("eval-2", ROOT / "tests" / "fixtures" / "wilson-eval-2"),
         ("eval-3", ROOT / "tests" / "fixtures" / "wilson-eval-3"))


def _sets(corpus: Path, work: Path, sealed: list[str]) -> list[tuple[str, Path, Path, bool]]:
    """(name, records folder, gold file, misses allowed) of every set to score; title lists
    are turned into records first (the shared ``titles_to_records.py``)."""
    def titles(name: str, source: Path) -> tuple[Path, Path]:
        subprocess.run([sys.executable, str(corpus.parent / "eval" / "titles_to_records.py"),
                        str(source), str(work / name)], check=True, capture_output=True)
        return work / name / "records", work / name / "gold.jsonl"

    heldout = ROOT / "tests" / "fixtures" / "wilson-heldout"
    sets = [("dev set", corpus / "wilson" / "records", corpus / "wilson" / "gold.jsonl", True),
            ("titles", *titles("titles", corpus / "wilson" / "titles.jsonl"), True),
            ("held-out", heldout / "records", heldout / "gold.jsonl", True)]
    for name, folder in EVALS:
        for part in ["open", "sealed"] if name in sealed else ["open"]:
            if (folder / "titles" / part / "titles.jsonl").is_file():
                sets.append((f"{name} titles {part}", *titles(
                    f"{name}-titles-{part}", folder / "titles" / part / "titles.jsonl"), part == "open"))
            if (folder / "records" / part / "gold.jsonl").is_file():
                sets.append((f"{name} records {part}", folder / "records" / part / "records",
                             folder / "records" / part / "gold.jsonl", part == "open"))
    return sets


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("KG_CORPUS", ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--misses", action="store_true",
                    help="print every record where a field falls short (never for sealed sets)")
    ap.add_argument("--sealed", nargs="*", metavar="EVAL", choices=[n for n, _ in EVALS],
                    help="also score the sealed part of these independent evaluations (all when "
                         "none is named; figures only)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    scorer = corpus.parent / "eval" / "score_records.py"
    if not (corpus / "wilson" / "gold.jsonl").is_file() or not scorer.is_file():
        print(f"no shared corpus with gold annotations at {corpus}", file=sys.stderr)
        return 2
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sealed = [n for n, _ in EVALS] if args.sealed == [] else args.sealed or []
        for name, records, gold, misses_allowed in _sets(corpus, work, sealed):
            figures[name] = _build_and_score(name.replace(" ", "-"), records, gold, scorer, work,
                                             args.misses and misses_allowed)
    print()
    for name, result in figures.items():
        worst = min(row["f1"] for row in result["fields"].values())
        print(f"{name:22s} overall F1 {result['overall']['f1']:.3f}  (lowest field F1 {worst:.3f}, "
              f"{result['records']} records)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    dev = figures["dev set"]
    worst = min(row["f1"] for row in dev["fields"].values())
    ok = dev["overall"]["f1"] >= 0.95 and worst >= 0.90 and figures["titles"]["overall"]["f1"] >= 0.95
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

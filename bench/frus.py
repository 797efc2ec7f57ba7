"""Build the shared FRUS volumes end to end and print the figures the FRUS targets ask for.

For ``../shared/corpus/frus`` (5 volumes) and ``frus-bulk`` (29 volumes), in one run:

* **build**: ``kg.pipeline.build`` with worker processes on every core and Oxigraph's bulk
  loader (``kg build --workers 0 --bulk --no-provenance``): documents/s, triples/s;
* **validate**: the SHACL shapes compiled to SPARQL inside Oxigraph (``--engine sparql``);
* **reason**: the ontology's OWL RL axioms as SPARQL updates inside Oxigraph;
* the yardstick: Oxigraph's bare ``bulk_load`` of the same N-Quads the build wrote, into a
  fresh store, and the ratio build / bulk load;
* peak memory (max RSS of this process and of the worker processes);
* the share of telegrams with a sender and an addressee per volume, and of letters and
  messages in frus1961-63v06 with a person among senders or authors and among addressees;
* the latency of "all telegrams from the Embassy in the Soviet Union to the Department of
  State in 1962" (best of 5).

Usage::

    python bench/frus.py [--corpus DIR] [--sets frus,frus-bulk] [--workers N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline import build, reason_store, source_graphs, validate_store
from kg.query.engine import run_query
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]

SHARES = """
SELECT ?volume (COUNT(DISTINCT ?m) AS ?telegrams) (COUNT(DISTINCT ?ok) AS ?with_both) WHERE {
  # telegrams, including those typed cw:Document for want of a sender or addressee
  { ?m a cw:Telegram } UNION { ?m dcterms:type "Telegram" }
  ?m cw:inVolume/dcterms:identifier ?volume .
  OPTIONAL { ?m cw:sender ?s ; cw:addressee ?a . BIND(?m AS ?ok) }
} GROUP BY ?volume ORDER BY ?volume
"""
LETTERS = """
SELECT (COUNT(DISTINCT ?m) AS ?letters) (COUNT(DISTINCT ?ok) AS ?with_persons) WHERE {
  ?m a cw:Letter ; cw:inVolume/dcterms:identifier "frus1961-63v06" .
  # a person among the senders or authors (an office or ministry sends, its holder or signer
  # writes) and among the addressees
  OPTIONAL { ?m cw:sender|cw:author ?s ; cw:addressee ?a . ?s a cw:Person . ?a a cw:Person .
             BIND(?m AS ?ok) }
}
"""
EMBASSY_1962 = """
SELECT ?m ?date WHERE {
  ?m a cw:Telegram ; cw:sender ?from ; cw:addressee ?to ; cw:dateSent ?date .
  ?from skos:prefLabel ?fl . ?to skos:prefLabel ?tl .
  FILTER(CONTAINS(LCASE(?fl), "embassy") && CONTAINS(LCASE(?fl), "soviet union"))
  FILTER(CONTAINS(LCASE(?tl), "department of state"))
  FILTER(YEAR(?date) = 1962)
} ORDER BY ?date
"""


def _rss_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("KG_CORPUS", ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--sets", default="frus,frus-bulk", help="corpus folders to build together")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (0: one per core)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    files = sorted(f for name in args.sets.split(",") for f in (args.corpus / name).glob("*.xml"))
    if not files:
        print(f"no FRUS volumes under {args.corpus} ({args.sets})", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} volumes, {size / 1e6:.1f} MB, {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="kg-frus-"))
    figures: dict = {"volumes": len(files), "bytes": size}
    try:
        store = Store(work / "store")
        t0 = time.perf_counter()
        report = build(files, store, workers=args.workers, bulk=True, provenance=False)
        t_build = time.perf_counter() - t0
        docs = len(report.built)
        triples = store.count()
        print(f"build     {t_build:7.1f} s  {docs:,} documents  {docs / t_build:,.0f} docs/s  "
              f"{triples:,} quads  {triples / t_build:,.0f} quads/s  errors {len(report.errors)}")
        for error in report.errors[:10]:
            print(f"          error {error}")
        # the yardstick: the bare bulk load of exactly what the build wrote
        nq = work / "build.nq"
        sources = set(source_graphs(store))
        with nq.open("wb") as fh:
            store.oxigraph.dump(fh, ox.RdfFormat.N_QUADS)
        bare = ox.Store(str(work / "bare"))
        t0 = time.perf_counter()
        bare.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        bare.flush()
        t_bulk = time.perf_counter() - t0
        print(f"yardstick {t_bulk:7.1f} s  pyoxigraph bulk_load of the store's {len(bare):,} quads "
              f"({nq.stat().st_size / 1e6:.0f} MB N-Quads); build / bulk load = {t_build / t_bulk:.1f}x")
        del bare

        t0 = time.perf_counter()
        result = validate_store(store, engine="sparql")
        t_validate = time.perf_counter() - t0
        print(f"validate  {t_validate:7.1f} s  {len(result.violations)} violations, "
              f"{len(result.warnings)} warnings (SHACL compiled to SPARQL)")
        t0 = time.perf_counter()
        inferred = reason_store(store, engine="sparql")
        t_reason = time.perf_counter() - t0
        print(f"reason    {t_reason:7.1f} s  {inferred:,} inferred triples (OWL RL axioms as SPARQL)")
        total = t_build + t_validate + t_reason
        print(f"total     {total:7.1f} s  build + validate + reason")

        own, children = _rss_mib()
        print(f"memory    max RSS {own:,.0f} MiB (main), {children:,.0f} MiB (largest worker)")

        shares = {}
        for row in run_query(store, SHARES).rows:
            n, ok = int(row["telegrams"].value), int(row["with_both"].value)
            shares[row["volume"].value] = (ok, n)
        print("telegrams with sender and addressee:")
        for volume, (ok, n) in sorted(shares.items()):
            print(f"  {volume:22s} {ok:5d}/{n:<5d} {ok / n:6.1%}")
        letters = run_query(store, LETTERS).rows
        if letters and int(letters[0]["letters"].value):
            n, ok = int(letters[0]["letters"].value), int(letters[0]["with_persons"].value)
            print("frus1961-63v06 letters and messages with a person as sender or author"
                  f" and as addressee: {ok}/{n}")
            figures["letters_1961_63v06"] = [ok, n]
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            rows = run_query(store, EMBASSY_1962).rows
            times.append(time.perf_counter() - t0)
        print(f"query     {min(times) * 1000:7.1f} ms  telegrams Embassy in the Soviet Union -> "
              f"Department of State, 1962: {len(rows)} (best of 5)")
        figures.update(documents=docs, quads=triples, sources=len(sources), errors=len(report.errors),
                       build_s=round(t_build, 2), validate_s=round(t_validate, 2),
                       reason_s=round(t_reason, 2), total_s=round(total, 2), bulk_load_s=round(t_bulk, 2),
                       build_over_bulk=round(t_build / t_bulk, 2), max_rss_mib=round(own),
                       max_rss_worker_mib=round(children), telegram_shares=shares,
                       query_ms=round(min(times) * 1000, 1), query_rows=len(rows))
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

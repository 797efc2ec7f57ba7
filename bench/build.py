"""Build benchmark: synthetic seed-layout records through read, map, validate, reason, store.

Usage::

    .venv/bin/python bench/build.py                    # 1,000 and 10,000 records
    .venv/bin/python bench/build.py --sizes 200,1000 --out /tmp/cw-bench

For each size it writes that many generated records (the layout of
``data/wilson/112696.txt``, clearly marked as generated) into a scratch folder, then
times each stage and records its tracemalloc peak:

* read      ``kg.sources.read`` over the files
* map       ``kg.mapping.mapper.map_record`` of every record
* validate  ``kg.validate.reference.validate`` of the merged mapped graphs, with the ontology
* reason    ``kg.reason.reference.infer_batched`` over the mapped graphs
* store     ``kg.store.Store.replace_graph`` of every graph into a fresh on-disk store

validate and reason run on at most ``--sample`` records (200 by default; a fixed,
seeded sample) and say so: at about 5 records/s, reasoning 1,000 records alone would
take over three minutes on two cores. The yardstick is pyoxigraph's bare ``bulk_load`` of the same
quads (one N-Quads blob) into another fresh on-disk store; the table prints the ratio
store / bulk load. Results go to ``bench/results/build-<size>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rich.console import Console
from rich.table import Table

from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.mapping.mapper import MappedRecord, authority_graph, map_record
from kg.reason import reference as reasonlib
from kg.records import SourceRecord
from kg.sources import read
from kg.store import Store, from_rdflib
from kg.validate import reference as validatelib

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
PEOPLE_CSV = ROOT / "data" / "authority" / "people.csv"
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)
FIRST_ID = 900000  # record ids of generated records: 900000, 900001, ...

# --- the generator -----------------------------------------------------------------------

# Invented names: no such people are in the authority tables.
INVENTED_FIRST = ["Arkady", "Boris", "Dmitri", "Fyodor", "Gennady", "Igor", "Kirill", "Leonid",
                  "Oleg", "Pavel", "Ruslan", "Stepan", "Timofei", "Vadim", "Yuri", "Zinovy"]
INVENTED_LAST = ["Abramtsev", "Belozerov", "Chernyshev", "Dolgorukov", "Fedotkin", "Gorelov",
                 "Kuznetsin", "Lapshin", "Medvedkin", "Novikovsky", "Orlovets", "Prokhorin",
                 "Rybalkin", "Sokolenko", "Tarasevich", "Zharkov"]
PLACES = ["PYONGYANG", "BEIJING", "MOSCOW", "PEKING", "VLADIVOSTOK", "SHENYANG", "HARBIN"]
TRAINEES = ["pilots", "tankists", "radio operators", "engineering officers",
            "signal instructors", "medical orderlies"]
MATERIEL = ["trucks", "artillery pieces", "rifles", "field radios", "tons of fuel"]
ARCHIVES = ["APRF", "AVP RF", "RGASPI", "TsAMO"]
POOLS = ["Korean students studying in the Soviet Union", "Soviet Koreans residing in the USSR",
         "graduates of the military academies", "volunteers of the border districts"]


def _people() -> tuple[list[str], list[str]]:
    """Printed forms of known people (every label in people.csv), and known clerks."""
    names, clerks = [], []
    with open(PEOPLE_CSV, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] != "person":
                continue
            labels = [row["pref_label"], *row["alt_labels"].split("|"),
                      *row["hidden_labels"].split("|")]
            labels = [label for label in labels if label]
            if row["note"] and ("clerk" in row["note"].lower() or "typist" in row["note"].lower()):
                clerks.append(row["pref_label"])
            else:
                names.extend(labels)
    return names, clerks


class Generator:
    """Deterministic generated records in the Wilson seed layout (``--seed``)."""

    def __init__(self, seed: int = 1950) -> None:
        self.rnd = random.Random(seed)
        self.known, self.known_clerks = _people()

    def name(self) -> str:
        """A party: two times in three a printed form of a known person, else an invented one."""
        if self.rnd.random() < 2 / 3:
            return self.rnd.choice(self.known)
        return f"{self.rnd.choice(INVENTED_FIRST)} {self.rnd.choice(INVENTED_LAST)}"

    def clerk(self) -> str:
        """A cipher clerk or typist: a known one or an invented surname."""
        if self.known_clerks and self.rnd.random() < 0.5:
            return self.rnd.choice(self.known_clerks)
        return self.rnd.choice(INVENTED_LAST)

    def time(self) -> str:
        hour = self.rnd.randint(1, 12)
        return f"{hour}:{self.rnd.randint(0, 59):02d} {self.rnd.choice(['a.m.', 'p.m.'])}"

    def record(self, i: int) -> str:
        """The text of generated record number ``i``."""
        r = self.rnd
        record_id = FIRST_ID + i
        day = date(1945, 1, 1) + timedelta(days=r.randint(0, 365 * 15))
        date_line = f"{day:%B} {day.day}, {day.year}"
        short = f"{day:%m/%d/%y}"
        sender, addressee, relay = self.name(), self.name(), self.name()
        via = r.random() < 0.6
        title = (f"Telegram from {sender} to {addressee} (via {relay})" if via
                 else f"Ciphered Telegram No. {r.randint(100, 9999)}, {sender} to {addressee}")
        cipher = f"{r.randint(100000, 999999)}/sh"
        copies = [(self.name(), r.choice([1, 1, 1, 2, 3])) for _ in range(r.randint(2, 8))]
        declared = sum(n for _, n in copies) + r.choice([0, 0, 0, 1, 3])
        dist = [f"{who} - {n}" for who, n in copies]
        half = len(dist) // 2 or 1
        requests = []
        for n in range(1, r.randint(1, 5) + 1):
            amount = r.choice([f"{r.randint(1, 30) * 100}-{r.randint(31, 60) * 100}",
                               f"{r.randint(1, 9)},{r.randint(0, 999):03d}", str(r.randint(5, 900))])
            if r.random() < 0.6:
                requests.append(f"{n}. To permit the training of {amount} {r.choice(TRAINEES)} "
                                f"from among {r.choice(POOLS)}.")
            else:
                requests.append(f"{n}. To send {amount} {r.choice(MATERIEL)} by the end of "
                                f"{r.choice(['the month', 'the year', 'the quarter'])}.")
        signer = relay if via else sender
        spaced = " ".join(signer.split()[-1].upper())
        body = [
            "Translation - English",
            "",
            f"Ciphered Telegram # {cipher}",
            f"To Comrade {addressee}",
            "",
            f"FROM: {r.choice(PLACES)}",
            "",
            f"Sent by wire on {short} at {self.time()}",
            "",
            f"Received in Moscow on {short} at {self.time()}",
            "",
            f"Arrived at the 8D/GS on {short} at {self.time()}",
            "",
            f"Deciphered by {self.clerk()} on {short} at {self.time()}",
            "",
            f"Distribution list - {declared} copies: {', '.join(dist[:half])},",
            "",
            f"{', '.join(dist[half:]) or dist[0]}.",
            "",
        ]
        if via:
            body += [
                "I herewith transmit a letter of the following content addressed to your name "
                f"from comrade {sender}:",
                "",
                f"\"Comrade {addressee},",
                "",
                "This letter is generated text for a benchmark; it reports nothing that happened.",
                "",
                f"Therefore, we turn to you, comrade {addressee}, with the following request:",
                "",
                *requests,
                "",
                f"Respectfully, {sender}\"",
                "",
                f"I support {sender.upper()}'S request.",
                "",
            ]
        else:
            body += [
                "This telegram is generated text for a benchmark; it reports nothing that happened.",
                "",
                "We ask you to grant the following request:",
                "",
                *requests,
                "",
            ]
        body += [
            spaced,
            "",
            f"No. {r.randint(100, 9999)}/sh",
            "",
            f"{day.day} {day:%B} {day.year}",
            "",
            f"Typed by {self.clerk()} on {short} at {self.time()}",
        ]
        citation = (f"\"{title}\", {date_line}, Wilson Center Digital Archive, "
                    f"{r.choice(ARCHIVES)}, fond {r.randint(1, 99)}, opis {r.randint(1, 9)}, "
                    f"delo {r.randint(1, 999)}, "
                    f"listy {r.randint(1, 90)}-{r.randint(91, 180)}. "
                    f"<https://example.org/generated/document/{record_id}>")
        lines = [
            "", date_line, "", title, "", "Citation:", "", citation, "", "Summary:", "",
            f"GENERATED RECORD {record_id} for the coldwar-kg build benchmark (bench/build.py); "
            "not archive text.",
            "", "Original Language:", "", "Russian", "", "Contents:", "", *body,
        ]
        return "\n".join(lines) + "\n"

    def write(self, folder: Path, count: int) -> list[Path]:
        """Write ``count`` records as ``folder/<id>.txt``; returns the paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(count):
            path = folder / f"{FIRST_ID + i}.txt"
            path.write_text(self.record(i), encoding="utf-8")
            paths.append(path)
        return paths


# --- measuring ---------------------------------------------------------------------------

@dataclass
class StageResult:
    """One stage of one run."""

    stage: str
    records: int
    triples: int
    seconds: float
    peak_bytes: int | None
    note: str = ""

    @property
    def records_per_s(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    @property
    def triples_per_s(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["records_per_s"] = round(self.records_per_s, 1)
        out["triples_per_s"] = round(self.triples_per_s, 1)
        out["seconds"] = round(self.seconds, 3)
        return out


def _measure(fn: Callable[[], Any], memory: bool) -> tuple[Any, float, int | None]:
    """Run ``fn`` once: its value, wall-clock seconds and tracemalloc peak (or None)."""
    if memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    peak = None
    if memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return value, seconds, peak


def _max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def run_size(size: int, scratch: Path, *, sample: int, memory_sample: int, batch_size: int,
             seed: int, memory: bool, console: Console, provenance: bool = True) -> dict[str, Any]:
    """Generate ``size`` records under ``scratch`` and measure every stage.

    Each stage is timed once without tracing. tracemalloc slows rdflib, pySHACL and owlrl
    five to eleven times, so peaks are measured in a second, traced pass of every stage
    over the first ``memory_sample`` records (when ``memory``).
    """
    folder = scratch / f"records-{size}"
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    paths = Generator(seed).write(folder, size)
    console.print(f"[dim]{size} records generated in {time.perf_counter() - t0:.1f} s "
                  f"under {folder}[/dim]")
    authority = Authority.load()
    minter = Minter()
    ontology = validatelib.load_ontology()
    shapes = validatelib.load_shapes()
    reference = authority_graph(authority, minter)

    def read_all(files: list[Path]) -> list[SourceRecord]:
        return [rec for path in files for rec in read(path)]

    def map_all(records: list[SourceRecord]) -> list[MappedRecord]:
        return [map_record(r, authority, minter, generated_at=BUILD_TIME, provenance=provenance)
                for r in records]

    def validate_all(mapped: list[MappedRecord]) -> validatelib.ValidationResult:
        # as kg.pipeline.validate_store: the source graphs and the authority graph
        merged = Graph()
        for m in mapped:
            merged += m.graph
        merged += reference
        return validatelib.validate(merged, shapes=shapes, ontology=ontology)

    def reason_all(mapped: list[MappedRecord]) -> int:
        # as kg.pipeline.reason_store: each document with the authority graph
        def docs():
            for m in mapped:
                g = Graph()
                g += m.graph
                g += reference
                yield g

        inferred = Graph()
        for batch in reasonlib.infer_batched(docs(), ontology, batch_size=batch_size):
            inferred += batch
        return len(inferred - reference)

    def graphs_of(m: MappedRecord) -> dict:
        # as kg.pipeline.build: the source graph and its provenance graph, in one transaction
        out = {m.graph_iri: m.graph}
        if m.provenance is not None and m.provenance_iri is not None:
            out[m.provenance_iri] = m.provenance
        return out

    def store_all(mapped: list[MappedRecord], folder: Path) -> int:
        st = Store(folder)
        n = sum(st.replace_graphs(graphs_of(m)) for m in mapped)
        st.flush()
        return n

    def nquads(mapped: list[MappedRecord]) -> bytes:
        quads = [ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ox.NamedNode(str(iri)))
                 for m in mapped for iri, g in graphs_of(m).items() for s, p, o in g]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def bulk(blob: bytes, folder: Path) -> int:
        db = ox.Store(str(folder))
        db.bulk_load(blob, format=ox.RdfFormat.N_QUADS)
        db.flush()
        return len(db)

    def fresh(name: str) -> Path:
        d = scratch / f"{name}-{size}"
        if d.exists():
            shutil.rmtree(d)
        return d

    stages: list[StageResult] = []

    def timed(name: str, fn: Callable[[], Any], records: int, triples: int, note: str = "") -> Any:
        console.print(f"[dim]{size}: {name} ...[/dim]")
        value, seconds, _ = _measure(fn, memory=False)
        stages.append(StageResult(name, records, triples, seconds, None, note))
        return value

    records = timed("read", lambda: read_all(paths), size, 0)
    mapped = timed("map", lambda: map_all(records), len(records), 0)
    # every triple written: source graphs and their provenance (Web Annotation) graphs
    total = sum(len(g) for m in mapped for g in graphs_of(m).values())
    stages[0].triples = stages[1].triples = total  # read: the triples these records become

    if len(mapped) > sample:
        chosen = sorted(random.Random(seed).sample(range(len(mapped)), sample))
        subset = [mapped[i] for i in chosen]
        sampled = f"sampled: {sample} of {len(mapped)} records (seed {seed})"
        console.print(f"[yellow]validate and reason are {sampled}[/yellow]")
    else:
        subset, sampled = mapped, ""
    subset_triples = sum(len(m.graph) for m in subset)
    result = timed("validate", lambda: validate_all(subset), len(subset), subset_triples, sampled)
    inferred = timed("reason", lambda: reason_all(subset), len(subset), subset_triples, sampled)
    timed("store", lambda: store_all(mapped, fresh("store")), len(mapped), total)
    t0 = time.perf_counter()
    blob = nquads(mapped)
    serialize_s = time.perf_counter() - t0
    loaded = timed("bulk load (pyoxigraph)", lambda: bulk(blob, fresh("bulk")), len(mapped), total,
                   f"yardstick: N-Quads blob ({len(blob) / 1e6:.1f} MB) serialised in "
                   f"{serialize_s:.1f} s, not timed")
    assert total == loaded, (total, loaded)
    blob = b""  # free the blob before the traced pass

    memory_note = ""
    if memory:
        n = min(memory_sample, len(paths))
        memory_note = f"tracemalloc peaks from a separate traced pass over {n} records"
        console.print(f"[dim]{size}: {memory_note} ...[/dim]")
        m_paths = paths[:n]
        m_records, _, peak_read = _measure(lambda: read_all(m_paths), True)
        m_mapped, _, peak_map = _measure(lambda: map_all(m_records), True)
        _, _, peak_validate = _measure(lambda: validate_all(m_mapped), True)
        _, _, peak_reason = _measure(lambda: reason_all(m_mapped), True)
        _, _, peak_store = _measure(lambda: store_all(m_mapped, fresh("mem-store")), True)
        m_blob = nquads(m_mapped)
        _, _, peak_bulk = _measure(lambda: bulk(m_blob, fresh("mem-bulk")), True)
        for s, peak in zip(stages, (peak_read, peak_map, peak_validate, peak_reason, peak_store,
                                    peak_bulk), strict=True):
            s.peak_bytes = peak

    store_stage = next(s for s in stages if s.stage == "store")
    bulk_stage = stages[-1]
    ratio = store_stage.seconds / bulk_stage.seconds if bulk_stage.seconds else float("nan")
    return {
        "size": size,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "pyoxigraph": ox.__version__},
        "triples": total,
        "stages": [s.as_json() for s in stages],
        "store_over_bulk_load": round(ratio, 2),
        "sampled": sampled,
        "memory": memory_note or "not measured (--no-tracemalloc)",
        "memory_sample_records": min(memory_sample, len(paths)) if memory else 0,
        "validation": {"conforms": result.conforms, "violations": len(result.violations),
                       "warnings": len(result.warnings)},
        "inferred_triples": inferred,
        "max_rss_bytes": _max_rss_bytes(),
    }


def _table(result: dict[str, Any]) -> Table:
    table = Table(title=f"kg build benchmark: {result['size']:,} generated records, "
                        f"{result['triples']:,} triples")
    for col in ("stage", "records", "triples", "seconds", "records/s", "triples/s",
                "peak MiB", "note"):
        table.add_column(col, justify="left" if col in ("stage", "note") else "right")
    for s in result["stages"]:
        peak = f"{s['peak_bytes'] / 2**20:,.1f}" if s["peak_bytes"] is not None else "-"
        table.add_row(s["stage"], f"{s['records']:,}", f"{s['triples']:,}", f"{s['seconds']:.2f}",
                      f"{s['records_per_s']:,.1f}", f"{s['triples_per_s']:,.0f}", peak, s["note"])
    table.caption = (f"store / bulk load = {result['store_over_bulk_load']}x; "
                     f"peaks: {result['memory']}; "
                     f"process max RSS {result['max_rss_bytes'] / 2**20:,.0f} MiB; "
                     f"validation: {result['validation']}")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated record counts (default: 1000,10000)")
    parser.add_argument("--out", type=Path, default=None,
                        help="scratch folder for records and stores (default: a temp dir, removed)")
    parser.add_argument("--sample", type=int, default=200,
                        help="validate and reason at most this many records (default: 200)")
    parser.add_argument("--memory-sample", type=int, default=20,
                        help="records in the traced pass that measures peaks (default: 20)")
    parser.add_argument("--batch-size", type=int, default=200,
                        help="documents per OWL RL closure (default: 200, as kg.pipeline)")
    parser.add_argument("--seed", type=int, default=1950, help="generator and sample seed")
    parser.add_argument("--no-tracemalloc", dest="memory", action="store_false",
                        help="do not trace Python allocations (skip the traced pass; no peak column)")
    parser.add_argument("--no-provenance", dest="provenance", action="store_false",
                        help="map and store without provenance graphs (as `kg build --no-provenance`)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="folder for build-<size>.json (default: bench/results)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    console = Console(width=None if sys.stdout.isatty() else 170)
    own_scratch = args.out is None
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-")) if own_scratch else args.out
    scratch.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    try:
        for size in sizes:
            result = run_size(size, scratch, sample=args.sample,
                              memory_sample=args.memory_sample, batch_size=args.batch_size,
                              seed=args.seed, memory=args.memory, console=console,
                              provenance=args.provenance)
            result["provenance"] = args.provenance
            out = args.results / f"build-{size}{'' if args.provenance else '-noprov'}.json"
            out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
            console.print(_table(result))
            console.print(f"[dim]written {out}[/dim]")
    finally:
        if own_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

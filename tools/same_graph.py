"""Compare two RDF datasets (TriG, N-Quads) as graphs, timestamps aside.

Used to check that a refactoring changes no output: ``make demo`` before and after,
then ``python tools/same_graph.py before/kg.trig after/kg.trig``. Exits 0 when every named
graph is isomorphic (blank nodes matched, build timestamps and the build's software version
left out), 1 with a readable diff otherwise.
"""

from __future__ import annotations

import sys

from rdflib import Dataset, Graph, Literal
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS, PROV, XSD

#: Predicates whose dateTime values say when a build ran, not what it found.
_CLOCK = {PROV.generatedAtTime, PROV.startedAtTime, PROV.endedAtTime, DCTERMS.modified, DCTERMS.created}
_TIMES = {XSD.dateTime, XSD.dateTimeStamp}


def _graphs(path: str) -> dict[str, Graph]:
    ds = Dataset()
    ds.parse(path)
    out: dict[str, Graph] = {}
    for ctx in ds.graphs():
        g = Graph()
        for s, p, o in ctx:
            if p in _CLOCK and isinstance(o, Literal) and o.datatype in _TIMES:
                continue
            g.add((s, p, o))
        if len(g):
            out[str(ctx.identifier)] = g
    return out


def main(before: str, after: str) -> int:
    a, b = _graphs(before), _graphs(after)
    status = 0
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"graph {name} only in {'after' if name in b else 'before'}")
            status = 1
            continue
        ia, ib = to_isomorphic(a[name]), to_isomorphic(b[name])
        if ia != ib:
            status = 1
            _, only_a, only_b = graph_diff(ia, ib)
            print(f"graph {name} differs: {len(only_a)} triples only before, {len(only_b)} only after")
            for t in sorted(only_a)[:5]:
                print("  -", t)
            for t in sorted(only_b)[:5]:
                print("  +", t)
    verdict = "same graphs" if status == 0 else "graphs differ"
    print(verdict, f"({len(a)} named graphs before, {len(b)} after)")
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

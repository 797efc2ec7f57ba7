"""Exports behind one registry: TriG, N-Quads, Turtle, N-Triples, JSON-LD.

``WRITERS`` maps a format name to ``(function, file suffix, keeps named graphs)``.
Graph formats (TriG, N-Quads, JSON-LD) keep every named graph; triple formats
(Turtle, N-Triples) merge the selected graphs into one, each triple once.
Oxigraph's serialisers write the RDF 1.1 syntaxes; JSON-LD is written compacted
against the project's prefixes by rdflib, so portals get short keys. Files are
written to a temporary name and renamed, so a failed export never leaves a
truncated file behind.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import ExportError
from kg.files import atomic_write
from kg.iris import Minter
from kg.namespace import PREFIXES
from kg.store import Store

__all__ = ["WRITERS", "export", "prefixes"]

Writer = Callable[[Store, list[str] | None, IO[bytes]], None]


def prefixes() -> dict[str, str]:
    """Vocabulary and instance prefixes for serialisations."""
    return {**PREFIXES, **Minter.from_env().prefixes()}


def _dump(fmt: ox.RdfFormat) -> Writer:
    def write(store: Store, graphs: list[str] | None, out: IO[bytes]) -> None:
        quads = [q for q in store.quads(graphs) if isinstance(q.graph_name, ox.NamedNode)]
        out.write(ox.serialize(quads, format=fmt,
                               prefixes=prefixes() if fmt == ox.RdfFormat.TRIG else None) or b"")
    return write


def _merged(fmt: ox.RdfFormat) -> Writer:
    def write(store: Store, graphs: list[str] | None, out: IO[bytes]) -> None:
        triples = list(dict.fromkeys(q.triple for q in store.quads(graphs)))
        out.write(ox.serialize(triples, format=fmt,
                               prefixes=prefixes() if fmt == ox.RdfFormat.TURTLE else None) or b"")
    return write


def _jsonld(store: Store, graphs: list[str] | None, out: IO[bytes]) -> None:
    ds = store.dataset(graphs)
    context = dict(prefixes())
    text = ds.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    json.loads(text)  # never write something that is not JSON
    out.write(text.encode("utf-8"))


WRITERS: dict[str, tuple[Writer, str, bool]] = {
    "trig": (_dump(ox.RdfFormat.TRIG), ".trig", True),
    "nquads": (_dump(ox.RdfFormat.N_QUADS), ".nq", True),
    "turtle": (_merged(ox.RdfFormat.TURTLE), ".ttl", False),
    "ntriples": (_merged(ox.RdfFormat.N_TRIPLES), ".nt", False),
    "jsonld": (_jsonld, ".jsonld", True),
}


def export(store: Store, fmt: str, output: Path | None = None,
           graphs: Iterable[str] | None = None) -> bytes | None:
    """Export the selected named graphs (all when ``None``) in ``fmt``.

    Returns the bytes when ``output`` is ``None``; otherwise writes ``output`` atomically.

    Raises:
        ExportError: unknown format or a write failure.
    """
    if fmt not in WRITERS:
        raise ExportError(f"unknown export format {fmt!r} (known: {', '.join(WRITERS)})")
    writer = WRITERS[fmt][0]
    selected = list(graphs) if graphs is not None else None
    try:
        if output is None:
            buf = io.BytesIO()
            writer(store, selected, buf)
            return buf.getvalue()
        atomic_write(output, lambda fh: writer(store, selected, fh))
    except OSError as exc:
        raise ExportError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    return None

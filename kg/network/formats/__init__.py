"""Network files other tools open, behind one registry (one module per format).

``WRITERS`` maps a format name to a :class:`Format`: the module that writes it, the file
suffix, and the companion files written next to the main one. Every writer has the
signature ``write(graph, fh, *, store=None, title="") -> None`` and writes bytes; the
graph is the one :func:`kg.network.layers.build_network` returns.

=========  ==========  ==========================================================
format     suffix      read by
=========  ==========  ==========================================================
graphml    .graphml    Gephi, Cytoscape, yEd, igraph, networkx (ids ``n0``...)
gexf       .gexf       Gephi (GEXF 1.3, dynamic: the timeline works)
csv        .csv        Palladio, spreadsheets: ``FILE`` holds the edges and
                       ``FILE-stem.nodes.csv`` the nodes (``net.csv`` ->
                       ``net.nodes.csv``)
json       .json       d3, sigma.js, networkx (node-link JSON)
cmif       .xml        correspSearch (TEI ``correspDesc``, CMIF 1.0)
png        .png        people (a matplotlib figure)
html       .html       people (one self-contained page: time slider, search)
=========  ==========  ==========================================================

Files are written to a temporary name and renamed (:func:`kg.files.atomic_write`).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import networkx as nx

from kg.errors import ExportError
from kg.files import atomic_write
from kg.store import Store

__all__ = ["Format", "Writer", "WRITERS", "write_network", "render", "output_paths"]


#: ``write(graph, fh, *, store=None, title="") -> None``: one file of a format, as bytes.
Writer = Callable[..., None]


@dataclass(frozen=True)
class Format:
    """A network file format: ``module`` (under ``kg.network.formats``) has ``write``."""

    module: str
    suffix: str
    #: companion suffix -> name of a writer function in the same module
    companions: dict[str, str] = field(default_factory=dict)

    def writer(self, name: str = "write") -> Writer:
        """The writer function (imported on first use, like rdflib's plugins)."""
        return getattr(importlib.import_module(f"kg.network.formats.{self.module}"), name)


WRITERS: dict[str, Format] = {
    "graphml": Format("graphml", ".graphml"),
    "gexf": Format("gexf", ".gexf"),
    "csv": Format("csv", ".csv", {".nodes.csv": "write_nodes"}),
    "json": Format("json", ".json"),
    "cmif": Format("cmif", ".xml"),
    "png": Format("png", ".png"),
    "html": Format("html", ".html"),
}


def output_paths(fmt: str, output: Path) -> list[Path]:
    """The files ``write_network`` writes for ``output``: the file, then its companions.

    >>> [str(p) for p in output_paths("csv", Path("out/net.csv"))]
    ['out/net.csv', 'out/net.nodes.csv']
    """
    spec = _format(fmt)
    output = Path(output)
    return [output, *(output.with_name(output.stem + s) for s in spec.companions)]


def render(graph: nx.MultiDiGraph, fmt: str, *, store: Store | None = None,
           title: str = "") -> bytes:
    """The main file of ``fmt`` as bytes (companion files are not included)."""
    buf = io.BytesIO()
    _format(fmt).writer()(graph, buf, store=store, title=title)
    return buf.getvalue()


def write_network(graph: nx.MultiDiGraph, fmt: str, output: Path, *, store: Store | None = None,
                  title: str = "") -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``output`` (and its companions); returns the paths.

    Raises:
        ExportError: unknown format, or a file cannot be written.
    """
    spec = _format(fmt)
    paths = output_paths(fmt, output)
    names = ["write", *spec.companions.values()]
    try:
        for path, name in zip(paths, names, strict=True):
            writer = spec.writer(name)
            atomic_write(path, partial(writer, graph, store=store, title=title))
    except OSError as exc:
        raise ExportError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    return paths


def _format(fmt: str) -> Format:
    if fmt not in WRITERS:
        raise ExportError(f"unknown network format {fmt!r} (known: {', '.join(WRITERS)})")
    return WRITERS[fmt]

"""Readers: one module per input format, each ``read(path) -> Iterator[SourceRecord]``.

``READERS`` maps a reader's name to its module path (loaded lazily, as rdflib's
plugin registry does). A reader module defines ``NAME``, ``VERSION``,
``SUFFIXES``, ``sniff(path, head) -> bool`` and ``read(path)``, which yields
records, or a ``SourceError`` for one record of many that it cannot read. Adding a format
means one new module and one line here. Readers never import rdflib.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from kg.errors import SourceError
from kg.records import SourceRecord

__all__ = ["READERS", "reader_for", "read", "iter_files"]

READERS: dict[str, str] = {
    "wilson": "kg.sources.wilson",
    "wilson-csv": "kg.sources.wilson_csv",
    "frus": "kg.sources.frus",
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(READERS[name])


def reader_for(path: Path) -> ModuleType:
    """The reader module that claims ``path``.

    Raises:
        SourceError: no reader claims the file.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SourceError(Path(path).name, f"cannot read file: {exc.strerror or exc}") from exc
    for name in READERS:
        module = _load(name)
        if module.sniff(Path(path), head):
            return module
    known = sorted({s for n in READERS for s in _load(n).SUFFIXES})
    raise SourceError(Path(path).name,
                      f"no reader for this kind of file (known: {', '.join(known)})")


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    """Records of one file, read by the reader that claims it.

    A reader of a file holding many records (a CSV) yields a :class:`SourceError` in
    place of a record it cannot read, and goes on with the next one.
    """
    yield from reader_for(Path(path)).read(Path(path))


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named, and files under folders named, in sorted order; hidden files skipped."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path

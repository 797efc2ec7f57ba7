"""Exports behind one registry: TriG, N-Quads, Turtle, N-Triples, JSON-LD.

``WRITERS`` maps a format name to ``(function, file suffix, keeps named graphs)``.
Graph formats (TriG, N-Quads, JSON-LD) keep every named graph; triple formats
(Turtle, N-Triples) merge the selected graphs into one, each triple once.
Oxigraph's serialisers write the RDF 1.1 syntaxes; JSON-LD is written compacted
against the project's prefixes by rdflib, so portals get short keys. Files are
written to a temporary name and renamed, so a failed export never leaves a
truncated file behind.

``release`` writes a whole release folder (``kg export --release DIR``): TriG, N-Quads,
Turtle, JSON-LD with its published context, the VoID/DCAT description, the SHACL report
and a README with counts, licence and every file's size and SHA-256. The folder is built
as a temporary sibling folder and renamed into place, so a reader sees the old release or
the new one, never a mix; the bytes depend on the store only (no dates of the run, JSON-LD
in a canonical order), so a re-run over the same store writes the same files. A release
killed half-way leaves its temporary folders beside the release: the next run removes them
(only folders named and filled as a release makes them, and never one a running release
holds locked) and, if the kill came between the two renames, first puts the earlier release
back in place.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import ExportError
from kg.files import atomic_write
from kg.iris import Minter, default_minter
from kg.namespace import PREFIXES
from kg.store import Store

__all__ = ["WRITERS", "export", "prefixes", "release", "ReleaseFile", "RELEASE_FILES",
           "CONTEXT_FILE"]

Writer = Callable[[Store, list[str] | None, IO[bytes]], None]


def prefixes() -> dict[str, str]:
    """Vocabulary and instance prefixes for serialisations."""
    return {**PREFIXES, **default_minter().prefixes()}


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


# --- release folder -------------------------------------------------------------------------

CONTEXT_FILE = "context.jsonld"
#: file name -> (what it holds, for the README). The dumps' names are kg.publish.void.DUMPS'.
RELEASE_FILES: dict[str, str] = {
    "kg.trig": "every named graph, TriG",
    "kg.nq": "every named graph, N-Quads",
    "kg.ttl": "the graphs merged, Turtle (each triple once)",
    "kg.jsonld": f"every named graph, JSON-LD 1.1 compacted with `{CONTEXT_FILE}` (relative URL)",
    CONTEXT_FILE: "the JSON-LD context: the project's prefixes",
    "void.ttl": "the dataset in VoID and DCAT: counts, partitions, linksets, dumps, licence",
    "shacl-report.ttl": "the SHACL validation report of the last `kg validate`, Turtle",
    "README.md": "this file",
}


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release: name, size in bytes, SHA-256 (hex)."""

    name: str
    size: int
    sha256: str


def _canonical(node: object, in_list: bool = False) -> object:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order), so the
    bytes do not depend on rdflib's set order."""
    if isinstance(node, dict):
        return {k: _canonical(v, in_list=k == "@list") for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_canonical(v) for v in node]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return node


def _release_jsonld(store: Store, folder: Path) -> None:
    """kg.jsonld referring to context.jsonld by relative URL, and context.jsonld itself."""
    doc = json.loads(export(store, "jsonld") or b"{}")
    context = doc.pop("@context", {})
    body = _canonical(doc)
    assert isinstance(body, dict)
    (folder / CONTEXT_FILE).write_text(json.dumps({"@context": context}, indent=1, sort_keys=True,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "kg.jsonld").write_text(json.dumps({"@context": CONTEXT_FILE, **body}, indent=1,
                                                 ensure_ascii=False) + "\n", encoding="utf-8")


def _digest(path: Path) -> ReleaseFile:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return ReleaseFile(path.name, path.stat().st_size, h.hexdigest())


def _readme(files: list[ReleaseFile], figures: dict[str, int | str], validated: bool,
            endpoint: str | None, dump_base_url: str | None) -> str:
    from kg import __version__
    from kg.publish.void import RIGHTS

    lines = ["# coldwar-kg release", "",
             f"Cold War correspondence as a knowledge graph, written by `kg export --release` "
             f"(coldwar-kg {__version__}).", ""]
    if dump_base_url:
        lines += [f"Published at <{dump_base_url}>.", ""]
    if endpoint:
        lines += [f"SPARQL endpoint: <{endpoint}>.", ""]
    lines += ["## Counts", "", "| what | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in figures.items()]
    lines += ["", "## Validation", ""]
    if validated:
        lines += [f"SHACL: {figures.get('SHACL violations', '-')} violation(s), "
                  f"{figures.get('SHACL warnings', '-')} warning(s); the report is "
                  "`shacl-report.ttl`.", ""]
    else:
        lines += ["The store was **not validated** when this release was written (run "
                  "`kg validate` before `kg export --release`): there is no SHACL report.", ""]
    lines += ["## Files", "", "| file | bytes | SHA-256 | what |", "|---|---:|---|---|"]
    lines += [f"| `{f.name}` | {f.size} | `{f.sha256}` | {RELEASE_FILES[f.name]} |" for f in files]
    lines += ["", "Check them with `sha256sum`; `README.md` itself is not listed.", "",
              "## Licence", "", RIGHTS, ""]
    return "\n".join(lines)


def _replaceable(folder: Path) -> bool:
    """Whether ``folder`` is missing, empty or holds only release files (so may be replaced)."""
    if not folder.exists():
        return True
    return folder.is_dir() and all(p.name in RELEASE_FILES for p in folder.iterdir())


def release(store: Store, folder: Path, *, figures: dict[str, int | str],
            endpoint: str | None = None, dump_base_url: str | None = None,
            minter: Minter | None = None) -> list[ReleaseFile]:
    """Write a release folder (see :data:`RELEASE_FILES`), replacing an earlier release there.

    The files are written into a temporary folder beside ``folder``; when all are written it
    is renamed to ``folder`` (an earlier release is first renamed aside, then removed), so a
    failure leaves the earlier release as it was. The temporary folders of a release killed
    before are removed first (:func:`_clean_leftovers`); each run holds a lock on its own.

    Args:
        figures: the counts for the README (``kg.pipeline.stats``, which the caller runs:
            the pipeline sits above this module).
        endpoint: SPARQL endpoint URL for the VoID description (optional).
        dump_base_url: URL the release files are published under (optional; VoID dumps).

    Returns:
        the files written, README.md last.

    Raises:
        ExportError: ``folder`` holds something other than a release, or cannot be written.
    """
    minter = minter or default_minter()
    folder = Path(folder)
    if not _replaceable(folder):
        raise ExportError(f"{folder}: holds files that are not a release; "
                          "refusing to replace it (give an empty or new folder)")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(folder)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            with _claim(tmp) as mine:
                if not mine:
                    raise OSError(f"{tmp} is locked by another process")
                files = _write_files(store, tmp, figures, endpoint, dump_base_url, minter)
                os.chmod(tmp, 0o755)
                _swap(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write the release: {exc.strerror or exc}") from exc
    return files


def _write_files(store: Store, tmp: Path, figures: dict[str, int | str], endpoint: str | None,
                 dump_base_url: str | None, minter: Minter) -> list[ReleaseFile]:
    """Write the release files into ``tmp``; README.md last."""
    from kg.publish.void import dataset_description

    for fmt, name in (("trig", "kg.trig"), ("nquads", "kg.nq"), ("turtle", "kg.ttl")):
        with (tmp / name).open("wb") as fh:
            WRITERS[fmt][0](store, None, fh)
    _release_jsonld(store, tmp)
    void = dataset_description(store, endpoint=endpoint, dump_base_url=dump_base_url, minter=minter)
    (tmp / "void.ttl").write_text(void.serialize(format="longturtle", canon=True), encoding="utf-8")
    validation = minter.graph("validation")
    validated = store.has_graph(validation)
    if validated:
        triples = [q.triple for q in store.quads([str(validation)])]
        (tmp / "shacl-report.ttl").write_bytes(
            ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes()) or b"")
    files = [_digest(tmp / name) for name in RELEASE_FILES if (tmp / name).exists()]
    (tmp / "README.md").write_text(_readme(files, figures, validated, endpoint, dump_base_url),
                                   encoding="utf-8")
    files.append(_digest(tmp / "README.md"))
    return files


def _swap(new: Path, folder: Path) -> None:
    """Rename ``new`` to ``folder``; an existing ``folder`` is renamed aside first, then removed."""
    if not folder.exists():
        os.replace(new, folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
    with _claim(old):
        os.replace(folder, old / folder.name)
        try:
            os.replace(new, folder)
        except BaseException:
            os.replace(old / folder.name, folder)
            raise
        shutil.rmtree(old, ignore_errors=True)


# --- what a killed release leaves behind ----------------------------------------------------

#: The random part of a name from ``tempfile.mkdtemp``: 8 characters of this alphabet.
_RANDOM = "[a-z0-9_]{8}"


@contextmanager
def _claim(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the folder ``path`` for the block; ``False`` when another
    process holds it (a release at work). The kernel drops the lock of a killed process."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _only_release_files(folder: Path) -> bool:
    return all(p.name in RELEASE_FILES and p.is_file() and not p.is_symlink() for p in folder.iterdir())


def _is_set_aside(path: Path, name: str) -> bool:
    return all(p.name == name and p.is_dir() and not p.is_symlink() and _only_release_files(p)
               for p in path.iterdir())


def _leftovers(folder: Path) -> tuple[list[Path], list[Path]]:
    """The folders an interrupted release of ``folder`` left beside it, recognised by the
    names :func:`release` and :func:`_swap` give them and by their content, nothing else:
    ``.NAME.xxxxxxxx`` holding only release files (a release being written) and
    ``.NAME.old.xxxxxxxx`` holding only a release folder ``NAME`` (the earlier release set
    aside), the newest first."""
    name = re.escape(folder.name)
    patterns = (re.compile(rf"\.{name}\.{_RANDOM}"), re.compile(rf"\.{name}\.old\.{_RANDOM}"))
    checks = (_only_release_files, lambda path: _is_set_aside(path, folder.name))
    found: tuple[list[tuple[float, Path]], list[tuple[float, Path]]] = ([], [])
    for path in folder.parent.iterdir():
        for pattern, check, kind in zip(patterns, checks, found, strict=True):
            try:
                if pattern.fullmatch(path.name) and not path.is_symlink() and path.is_dir() and check(path):
                    kind.append((path.stat().st_mtime, path))
            except OSError:  # gone meanwhile (another release finished)
                continue
    return ([p for _, p in sorted(found[0], reverse=True)], [p for _, p in sorted(found[1], reverse=True)])


def _clean_leftovers(folder: Path) -> None:
    """Remove the temporary folders a killed release of ``folder`` left (:func:`_leftovers`),
    except those a running release holds; when the kill came between the two renames of
    :func:`_swap` (``folder`` missing, the earlier release set aside), put that release back
    first, so that a failure of this run still leaves it in place."""
    written, aside = _leftovers(folder)
    for path in [*aside, *written]:
        try:
            with _claim(path) as stale:
                if not stale:
                    continue
                if path in aside and not folder.exists() and (path / folder.name).is_dir():
                    os.replace(path / folder.name, folder)
                shutil.rmtree(path, ignore_errors=True)
        except FileNotFoundError:  # gone meanwhile
            continue

"""Crash leftovers (issue 12, point 5): `kg reason` killed at any moment leaves the earlier
inferred graph or the new one whole with its marker, and `kg stats` counts only a marked one;
`kg export --release` killed half-way leaves temporary folders that the next run removes,
touching nothing else beside the release.

The stores are the sample record built by the project's own commands; every other file or
folder here is written for testing and named so.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import ExportError, StoreError
from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import reason_store, stats
from kg.publish.export import release
from kg.reason.materialize import is_marked, replace_inferred
from kg.store import Store, from_rdflib

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]
M = Minter()
INFERRED = str(M.graph("inferred"))
#: the name of a release's temporary folder, as tempfile.mkdtemp makes it in kg.publish.export
TMP_NAME = re.compile(r"\.release\.[a-z0-9_]{8}")

Triples = frozenset[tuple[Any, Any, Any]]


def _copy(master: Path, to: Path) -> Path:
    """A copy of the closed store ``master`` at ``to``."""
    shutil.copytree(master, to)
    return to


def _inferred(path: Path) -> tuple[Triples, int | str]:
    """The inferred graph of the store at ``path`` and what `kg stats` says of it."""
    with Store(path) as st:
        return frozenset((q.subject, q.predicate, q.object) for q in st.quads([INFERRED])), \
            stats(st)["triples inferred"]


# --- kg reason: the inferences and their marker in one transaction ------------------------------


@pytest.mark.slow
def test_reason_killed_at_random_moments_leaves_old_or_new_graph(cli_store_master: Path,
                                                                tmp_path: Path) -> None:
    """`kg reason` killed (SIGKILL) at five seeded random moments of its run leaves every time
    either the earlier state (no inferred graph, or an earlier complete one with its marker)
    or the clean run's graph whole with its marker; `kg stats` gives the count only then."""
    clean = _copy(cli_store_master, tmp_path / "clean")
    started = time.monotonic()
    subprocess.run([*KG, "--store", str(clean), "reason"], cwd=ROOT, check=True, capture_output=True)
    duration = time.monotonic() - started  # to spread the kills over a run, never asserted
    new, figure = _inferred(clean)
    marker = (ox.NamedNode(INFERRED), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CW.InferredGraph)))
    assert (True, len(new)) == (marker in new and len(new) > 500, figure)
    # the earlier states: never reasoned (as after a build), or an earlier complete graph
    earlier: Triples = frozenset(sorted(new - {marker}, key=str)[: len(new) // 2]) | {marker}
    bases = {"none": _copy(cli_store_master, tmp_path / "base-none"),
             "half": _copy(cli_store_master, tmp_path / "base-half")}
    with Store(bases["none"]) as st:
        st.drop_graph(INFERRED)
    with Store(bases["half"]) as st:
        replace_inferred(st, INFERRED, earlier - {marker})
    allowed: dict[str, tuple[Triples, int | str]] = {"none": (frozenset(), "-"),
                                                      "half": (earlier, len(earlier))}
    rng = random.Random(12)
    outcomes = []
    for n in range(5):
        kind = ("none", "half")[n % 2]
        path = _copy(bases[kind], tmp_path / f"killed-{n}")
        proc = subprocess.Popen([*KG, "--store", str(path), "reason"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _inferred(path)
        outcomes.append((kind, "new" if state == (new, len(new)) else "old" if state == allowed[kind]
                         else f"BROKEN: {len(state[0])} triples, stats {state[1]!r}"))
    assert [] == [o for o in outcomes if o[1].startswith("BROKEN")], outcomes


def test_stats_counts_only_a_marked_inferred_graph(tmp_path: Path) -> None:
    """An inferred graph without its marker (what a `kg reason` killed between its two writes
    used to leave) is "incomplete" in `kg stats`, never a count; with the marker, its count."""
    a, b = ox.NamedNode("https://w3id.org/cwkg/id/person/a"), ox.NamedNode("https://w3id.org/cwkg/id/person/b")
    wrote = ox.NamedNode(str(CW.wroteTo))
    with Store(tmp_path / "st") as st:
        figures = [stats(st)["triples inferred"]]
        replace_inferred(st, INFERRED, [(a, wrote, b)], marked=False)
        figures.append(stats(st)["triples inferred"])
        replace_inferred(st, INFERRED, [(a, wrote, b)])
        figures.append(stats(st)["triples inferred"])
    assert ["-", "incomplete", 2] == figures


@pytest.mark.parametrize("earlier", [True, False], ids=["replacing", "first"])
def test_failed_inferred_write_changes_nothing(tmp_path: Path, earlier: bool) -> None:
    """A write of the inferred graph that fails (a triple with a literal subject, which the
    store cannot hold, after a good one) raises StoreError and leaves the earlier graph and
    its marker exactly as they were, or no graph when there was none."""
    a, b = ox.NamedNode("https://w3id.org/cwkg/id/person/a"), ox.NamedNode("https://w3id.org/cwkg/id/person/b")
    wrote = ox.NamedNode(str(CW.wroteTo))
    with Store(tmp_path / "st") as st:
        if earlier:
            replace_inferred(st, INFERRED, [(a, wrote, b)])
        before = sorted(map(str, st.quads([INFERRED])))
        with pytest.raises(StoreError, match="unchanged"):
            replace_inferred(st, INFERRED, [(b, wrote, a), (ox.Literal("not a subject"), wrote, a)])
        assert (before, earlier) == (sorted(map(str, st.quads([INFERRED]))), is_marked(st, INFERRED))


# Written for testing coldwar-kg; not archive text.
EVENT_TTL = """
@prefix cw: <https://w3id.org/cwkg/ontology#> .
@prefix msg: <https://w3id.org/cwkg/id/message/> .
@prefix person: <https://w3id.org/cwkg/id/person/> .
<https://w3id.org/cwkg/id/graph/test-doc> a cw:SourceGraph .
msg:t a cw:CipheredTelegram ; cw:sender person:a ; cw:addressee person:b ;
    cw:hasTransmissionEvent [ a cw:Sending ] .
"""


@pytest.mark.parametrize("engine", ["sparql", "owlrl"])
def test_both_engines_write_marker_and_keep_blank_nodes(tmp_path: Path, engine: str) -> None:
    """Both engines write the inferences with their marker, and an inference about a blank
    node of the data (the transmission event's superclass) is about that same node."""
    doc = ox.NamedNode("https://w3id.org/cwkg/id/graph/test-doc")
    with Store(tmp_path / "st") as st:
        st.oxigraph.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), doc)  # type: ignore[arg-type]
                           for s, p, o in Graph().parse(data=EVENT_TTL, format="turtle"))
        n = reason_store(st, engine=engine)
        (event,) = [q.object for q in st.quads() if q.predicate.value == str(CW.hasTransmissionEvent)]
        typed = {str(q.object) for q in st.quads([INFERRED]) if q.subject == event}
        assert (True, n, True) == (is_marked(st, INFERRED), st.count(INFERRED),
                                   f"<{CW.TransmissionEvent}>" in typed)


# --- kg export --release: stale temporary folders --------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(cli_store_dir: Path) -> Path:
    """The sample built, validated and reasoned through the CLI (this module's copy)."""
    return cli_store_dir


@pytest.fixture(scope="module")
def earlier(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete release of the store, to copy as the earlier release."""
    out = tmp_path_factory.mktemp("earlier") / "release"
    with Store(store_dir, read_only=True) as st:
        release(st, out, figures=stats(st))
    return out


def _unrelated(parent: Path) -> dict[str, str]:
    """Folders beside the release that are not its leftovers (written for testing): a look-alike
    name holding a foreign file, a hidden folder of another name, an ordinary folder."""
    made = {".release.abcd1234/thesis.tex": "a file written for testing: keep me",
            ".release.notes/todo.txt": "written for testing",
            "other/data.csv": "written,for,testing\n"}
    for name, text in made.items():
        (parent / name).parent.mkdir(parents=True, exist_ok=True)
        (parent / name).write_text(text, encoding="utf-8")
    return made


def _start_release(store_dir: Path, folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A real `kg export --release` writing ``folder``, and its temporary folder once it holds
    the first dump whole (the second is being written)."""
    before = {p.name for p in folder.parent.iterdir()}
    proc = subprocess.Popen([*KG, "--store", str(store_dir), "export", "--release", str(folder)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300  # only so that a broken run cannot hang the test
    while proc.poll() is None and time.monotonic() < deadline:
        for p in folder.parent.iterdir():
            if p.name not in before and TMP_NAME.fullmatch(p.name) and (p / "kg.nq").exists():
                return proc, p
        time.sleep(0.01)
    proc.kill()
    pytest.fail(f"the release ended (exit {proc.returncode}) before its temporary folder was seen")


def _complete(folder: Path, earlier: Path) -> bool:
    """Whether ``folder`` is a whole release with the same bytes as ``earlier``."""
    return {p.name: p.read_bytes() for p in folder.iterdir()} == \
        {p.name: p.read_bytes() for p in earlier.iterdir()}


@pytest.mark.slow
def test_killed_release_leftovers_are_removed_on_the_next_run(store_dir: Path, earlier: Path,
                                                              tmp_path: Path) -> None:
    """A release killed (SIGKILL) half-way leaves its partial temporary folder, and an earlier
    kill between the two renames left the earlier release set aside; the next run removes
    both, writes the release whole and leaves the unrelated folders beside it untouched."""
    folder = tmp_path / "release"
    shutil.copytree(earlier, folder)
    made = _unrelated(tmp_path)
    proc, partial = _start_release(store_dir, folder)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    aside = Path(tempfile.mkdtemp(prefix=".release.old.", dir=tmp_path))  # named as kg does
    shutil.copytree(earlier, aside / "release")
    assert (True, True) == (partial.is_dir() and (partial / "kg.trig").stat().st_size > 0, aside.is_dir())
    with Store(store_dir, read_only=True) as st:
        release(st, folder, figures=stats(st))
    assert sorted(["release", ".release.abcd1234", ".release.notes", "other"]) == \
        sorted(p.name for p in tmp_path.iterdir())
    assert made == {name: (tmp_path / name).read_text(encoding="utf-8") for name in made}
    assert True is _complete(folder, earlier)


def test_release_killed_between_renames_is_put_back(store_dir: Path, earlier: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """When a kill left the earlier release set aside and no release in place, the next run
    puts it back first: that run failing (a full disk) still leaves the earlier release."""
    folder = tmp_path / "release"
    aside = Path(tempfile.mkdtemp(prefix=".release.old.", dir=tmp_path))  # named as kg does
    shutil.copytree(earlier, aside / "release")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.publish.export._release_jsonld", full)
    with Store(store_dir, read_only=True) as st, pytest.raises(ExportError, match="No space"):
        release(st, folder, figures=stats(st))
    assert (["release"], True) == ([p.name for p in tmp_path.iterdir()], _complete(folder, earlier))


@pytest.mark.slow
def test_running_release_keeps_its_temporary_folder(store_dir: Path, earlier: Path,
                                                    tmp_path: Path) -> None:
    """A second release of the same folder while a first one is at work (stopped with SIGSTOP
    half-way) leaves the first one's temporary folder alone; both finish and the folder holds
    a whole release, nothing else beside it."""
    folder = tmp_path / "release"
    proc, partial = _start_release(store_dir, folder)
    try:
        os.kill(proc.pid, signal.SIGSTOP)
        with Store(store_dir, read_only=True) as st:
            release(st, folder, figures=stats(st))
        kept = partial.is_dir()
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    assert (True, 0) == (kept, proc.wait(timeout=300))
    assert (["release"], True) == ([p.name for p in tmp_path.iterdir()], _complete(folder, earlier))

"""`kg export --release DIR`: every file parses with the store's counts, JSON-LD expands with
its published context (no network), the README lists each file with its SHA-256, and a
re-run writes the same folder."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Dataset, Graph
from rdflib.namespace import VOID

from kg.cli import cli
from kg.errors import ExportError
from kg.pipeline import stats
from kg.publish.export import CONTEXT_FILE, RELEASE_FILES, release
from kg.publish.void import DUMPS
from kg.store import Store

DUMP_BASE = "https://example.org/releases/test/"


@pytest.fixture(scope="module")
def store_dir(cli_store_dir: Path) -> Path:
    """The sample built, validated and reasoned through the CLI (this module's copy)."""
    return cli_store_dir


@pytest.fixture(scope="module")
def local(store_dir: Path):
    """The store, read-only."""
    with Store(store_dir, read_only=True) as st:
        yield st


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, store_dir: Path) -> Path:
    """A release written by `kg export --release`."""
    out = tmp_path_factory.mktemp("published") / "release"
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--release", str(out),
                                      "--dump-base-url", DUMP_BASE], catch_exceptions=False)
    assert 0 == result.exit_code, result.output
    return out


def _named_quads(store: Store) -> int:
    return sum(1 for q in store.quads() if isinstance(q.graph_name, ox.NamedNode))


def test_release_has_every_file(folder: Path) -> None:
    """The folder holds exactly the release files (the store was validated: the SHACL report
    is among them), and no temporary file or folder is left beside it."""
    assert sorted(RELEASE_FILES) == sorted(p.name for p in folder.iterdir())
    assert [folder.name] == [p.name for p in folder.parent.iterdir()]
    assert {name for name, _, _ in DUMPS} <= set(RELEASE_FILES)


@pytest.mark.parametrize(("name", "fmt"), [("kg.trig", ox.RdfFormat.TRIG),
                                           ("kg.nq", ox.RdfFormat.N_QUADS)])
def test_graph_dumps_have_the_store_quads(folder: Path, local: Store, name: str,
                                          fmt: ox.RdfFormat) -> None:
    """pyoxigraph reads as many quads from kg.trig and kg.nq as the store's named graphs
    hold, in the same graphs."""
    quads = list(ox.parse(path=str(folder / name), format=fmt))
    assert _named_quads(local) == len(quads)
    assert local.graphs() == sorted({q.graph_name.value for q in quads})


def test_turtle_dump_has_the_merged_triples(folder: Path, local: Store) -> None:
    """kg.ttl holds the triples of all graphs, each once (pyoxigraph and rdflib agree)."""
    merged = len({q.triple for q in local.quads()})
    assert merged == len(list(ox.parse(path=str(folder / "kg.ttl"), format=ox.RdfFormat.TURTLE)))
    assert merged == len(Graph().parse(folder / "kg.ttl", format="turtle"))


def test_jsonld_refers_to_the_published_context(folder: Path) -> None:
    """kg.jsonld's @context is the relative URL of context.jsonld, which holds the prefixes."""
    doc = json.loads((folder / "kg.jsonld").read_text(encoding="utf-8"))
    context = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))
    assert CONTEXT_FILE == doc["@context"]
    assert "https://w3id.org/cwkg/ontology#" == context["@context"]["cw"]


def test_jsonld_expands_with_the_context_file(folder: Path, local: Store) -> None:
    """pyld, with a document loader that reads only the local context file, turns kg.jsonld
    into as many quads as the store holds; rdflib reads the same number from the file."""
    base = (folder / "kg.jsonld").as_uri()
    loaded = []

    def local_only(url: str, options: dict | None = None) -> dict:
        if url != (folder / CONTEXT_FILE).as_uri():
            raise AssertionError(f"the release must not need the network: {url}")
        loaded.append(url)
        return {"contextUrl": None, "documentUrl": url,
                "document": json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))}

    doc = json.loads((folder / "kg.jsonld").read_text(encoding="utf-8"))
    options = {"base": base, "documentLoader": local_only}
    nquads = jsonld.to_rdf(doc, {**options, "format": "application/n-quads"})
    assert [] != loaded
    assert _named_quads(local) == len([line for line in nquads.splitlines() if line.strip()])
    expanded = jsonld.expand(doc, options)
    assert expanded and all(k.startswith(("@", "http")) for node in expanded for k in node)
    ds = Dataset()
    ds.parse(folder / "kg.jsonld", format="json-ld")
    assert _named_quads(local) == sum(len(g) for g in ds.graphs())


def test_void_and_shacl_report_parse(folder: Path, local: Store) -> None:
    """void.ttl links every dump under the base URL; shacl-report.ttl is the validation graph."""
    void = Graph().parse(folder / "void.ttl", format="turtle")
    dumps = {str(o) for o in void.objects(None, VOID.dataDump)}
    assert {DUMP_BASE + name for name, _, _ in DUMPS} == dumps
    report = Graph().parse(folder / "shacl-report.ttl", format="turtle")
    validation = next(g for g in local.graphs() if g.endswith("/graph/validation"))
    assert local.count(validation) == len(report)


def test_readme_lists_every_file_with_its_sha256(folder: Path, local: Store) -> None:
    """README.md lists every other file with its size and SHA-256, the counts and the licence."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"\| `([^`]+)` \| \d+ \| `([0-9a-f]{64})` \|", readme))
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in folder.iterdir() if p.name != "README.md"}
    assert expected == listed
    for name in listed:
        assert f"| `{name}` | {(folder / name).stat().st_size} |" in readme
    assert f"| triples inferred | {stats(local)['triples inferred']} |" in readme
    assert "## Licence" in readme and "MIT" in readme


def test_rerun_is_idempotent(folder: Path, store_dir: Path) -> None:
    """A second `kg export --release` into the same folder writes the same bytes, file for
    file, and leaves nothing else beside it."""
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--release", str(folder),
                                      "--dump-base-url", DUMP_BASE], catch_exceptions=False)
    assert 0 == result.exit_code, result.output
    assert before == {p.name: p.read_bytes() for p in folder.iterdir()}
    assert [folder.name] == [p.name for p in folder.parent.iterdir()]


def test_unvalidated_store_says_so(tmp_path: Path, sample_path: Path) -> None:
    """A store never validated gets no SHACL report, and the README says so."""
    from kg.pipeline import build

    with Store(tmp_path / "store") as st:
        build([sample_path], st)
        files = release(st, tmp_path / "out", figures=stats(st))
    names = [f.name for f in files]
    assert "shacl-report.ttl" not in names
    assert "README.md" == names[-1]
    assert "**not validated**" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")


def test_refuses_to_replace_a_foreign_folder(tmp_path: Path, local: Store) -> None:
    """A folder holding other files is not replaced: ExportError, the files untouched."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("keep me")
    with pytest.raises(ExportError, match="not a release"):
        release(local, tmp_path / "mine", figures={})
    assert ["thesis.tex"] == [p.name for p in (tmp_path / "mine").iterdir()]
    assert ["mine"] == [p.name for p in tmp_path.iterdir()]


def test_failure_keeps_the_old_release(tmp_path: Path, local: Store,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the earlier release as it was and no temporary folder."""
    out = tmp_path / "release"
    release(local, out, figures={})
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.publish.export._release_jsonld", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        release(local, out, figures={})
    assert before == {p.name: p.read_bytes() for p in out.iterdir()}
    assert ["release"] == [p.name for p in tmp_path.iterdir()]


def test_cli_release_refuses_output_and_graph(store_dir: Path, tmp_path: Path) -> None:
    """--release with -o or --graph is a usage error (exit 2)."""
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--release",
                                      str(tmp_path / "r"), "-o", str(tmp_path / "x.ttl")])
    assert 2 == result.exit_code
    assert "drop -o and --graph" in result.output

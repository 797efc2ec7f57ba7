"""kg.mapping.labels: a name no table knows, printed differently by several records, gets exactly one
skos:prefLabel in the store (chosen by a pure rule) and keeps the other forms as altLabels."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import SKOS

from kg.iris import Minter
from kg.mapping.labels import preferred
from kg.pipeline import build, special_graphs, validate_store
from kg.store import Store

# Written for testing coldwar-kg; not archive text.
RECORD = "October {day}, 1950\n\nTelegram from {sender} to Shtykov\n\nSummary:\n\nWritten for testing.\n"


def _write(folder: Path, forms: list[str]) -> Path:
    folder.mkdir()
    for i, form in enumerate(forms, 1):
        (folder / f"t{i}.txt").write_text(RECORD.format(day=i, sender=form), encoding="utf-8")
    return folder


def test_most_printed_form_wins_and_others_are_alt_labels(store: Store, tmp_path: Path) -> None:
    """Two records print 'Koca Popovic', one 'Koca Popović': one prefLabel, one altLabel."""
    folder = _write(tmp_path / "in", ["Koca Popovic", "Koca Popović", "Koca Popovic"])
    assert [] == build([folder], store, provenance=False).errors
    minter = Minter()
    labels = store.graph(special_graphs(minter)["labels"])
    popovic = minter.person("koca-popovic")
    assert [Literal("Koca Popovic")] == list(labels.objects(popovic, SKOS.prefLabel))
    assert [Literal("Koca Popović")] == list(labels.objects(popovic, SKOS.altLabel))


def test_curated_agents_are_not_relabelled(store: Store, tmp_path: Path) -> None:
    """Shtykov has a curated prefLabel in the authority graph: the labels graph leaves him alone."""
    build([_write(tmp_path / "in", ["Ivanov"])], store, provenance=False)
    labels = store.graph(special_graphs(Minter())["labels"])
    assert {"ivanov"} == {str(s).rsplit("/", 1)[-1] for s in labels.subjects(SKOS.prefLabel)}


def test_variant_forms_validate_with_one_prefLabel(store: Store, tmp_path: Path) -> None:
    """Records printing one unknown name three ways still conform to 'exactly one prefLabel'."""
    build([_write(tmp_path / "in", ["M.G.L. Joy", "M. G. L. Joy", "M.G.L. Joy"])], store,
          provenance=False)
    result = validate_store(store)
    assert [] == [i for i in result.issues if "prefLabel" in (i.message or "")]


def test_rebuild_is_idempotent(store: Store, tmp_path: Path) -> None:
    """Building the same records twice gives the same labels graph."""
    folder = _write(tmp_path / "in", ["Debre", "Debré"])
    build([folder], store, provenance=False)
    graph = special_graphs(Minter())["labels"]
    first = set(store.graph(graph))
    build([folder], store, provenance=False)
    assert first == set(store.graph(graph))


def test_tie_prefers_diacritics_then_length() -> None:
    """Equal counts: the form with diacritics, then the longer form, is preferred."""
    assert ("Debré", "M. G. L. Joy") == (preferred({"Debre": 2, "Debré": 2}),
                                         preferred({"M.G.L. Joy": 1, "M. G. L. Joy": 1}))

"""kg ask: named, parameterised queries with safe binding, each pinned to a real answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError
from kg.pipeline import build, reason_store, validate_store
from kg.query.ask import PARAM_TYPES, ask, bind, catalogue, load, with_citations
from kg.store import Store

CATALOGUE = catalogue()


def test_at_least_fifteen_named_queries() -> None:
    """kg/query/queries ships at least 15 named queries."""
    assert len(CATALOGUE) >= 15


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_header_has_title_question_typed_params_and_example(name: str) -> None:
    """Each file's header gives a title, a question, typed parameters and an example of itself,
    and the query projects every parameter (so that Oxigraph can bind it)."""
    q = CATALOGUE[name]
    assert (True, True) == (bool(q.title), bool(q.question))
    assert [] == [p.name for p in q.params if p.type not in PARAM_TYPES]
    assert q.examples and all(e.startswith(f"kg ask {name}") for e in q.examples)
    select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
    assert [] == [p.name for p in q.params if f"?{p.name}" not in select]


def test_list_shows_every_query_with_parameters(built_store: Store) -> None:
    """`kg ask --list` names every query and its parameters."""
    result = CliRunner().invoke(cli, ["ask", "--list"])
    assert 0 == result.exit_code
    assert [] == [name for name in CATALOGUE if name not in result.output]
    assert "person=<string>" in result.output


def test_relay_chain_of_the_sample(built_store: Store) -> None:
    """Kim Il Sung -> Shtykov -> Stalin, with cipher number 600382/sh and the APRF citation."""
    result = ask(built_store, "relay-chain", {"writer": "Kim Il Sung", "addressee": "Stalin"})
    columns, rows = with_citations(built_store, result)
    assert [("Kim Il Sung", "Terentii Shtykov", "Joseph Stalin", "600382/sh")] == [
        (r["writerName"], r["relayName"], r["addresseeName"], r["cipher"]) for r in rows]
    assert "APRF, fond 45, opis 1, delo 347" in rows[0]["citation"]
    assert rows[0]["source"].endswith("/112696")
    assert set() == {"writer", "addressee"} & set(result.variables)  # parameters hidden


@pytest.mark.parametrize(("name", "values", "column", "expected"), [
    ("correspondents", {"person": "Shtykov", "from": "1950-10", "to": "1950-10"},
     "correspondentName", "Joseph Stalin"),
    ("cipher-number", {"number": "600382"}, "printed", "600382/sh"),
    ("messages-in-fond", {"person": "Shtykov", "archive": "APRF", "fond": "45"}, "delo", "347"),
    ("copy-recipients", {"from": "1950", "to": "1950"}, "recipientName", "Joseph Stalin"),
    ("carriers", {}, "writer", "Kim Il Sung"),
    ("transmission-delays", {}, "toReceipt", "PT2H33M"),
    ("distribution", {}, "recipientName", "Joseph Stalin"),
    ("timeline", {}, "step", "Deciphering"),
    ("relays", {}, "relayName", "Terentii Shtykov"),
    ("wrote-to", {}, "aName", "Kim Il Sung"),
    ("messages", {}, "from", "Terentii Shtykov"),
    ("messages-per-year", {"from": "1950", "to": "1950"}, "year", "1950"),
    ("post-traffic", {"sender": "Shtykov", "recipient": "Stalin", "from": "1950", "to": "1950"},
     "date", "1950-10-09"),
    ("quality-warnings", {"severity": "Warning"}, "focus", "https://w3id.org/cwkg/id/message/wilson-112696"),
])
def test_query_answers_on_the_sample(built_store: Store, name: str, values: dict[str, str],
                                     column: str, expected: str) -> None:
    """Each query gives a known answer on the sample (validated and reasoned)."""
    validate_store(built_store)
    rows = [{k: v.value for k, v in r.items()} for r in ask(built_store, name, values).rows]
    assert expected in {r.get(column) for r in rows}, rows


@pytest.mark.parametrize("evil", ['x") } ; DROP ALL ; #', 'Shtykov" || true || "',
                                  "} UNION { ?a ?b ?c }", "\\u0022 ; LOAD <http://x>"])
def test_parameters_are_bound_not_pasted(built_store: Store, evil: str) -> None:
    """A value with quotes or SPARQL syntax is only a string: no rows, no error, store intact."""
    before = built_store.count()
    assert [] == ask(built_store, "correspondents", {"person": evil}).rows
    assert before == built_store.count()


@pytest.mark.parametrize(("values", "message"), [
    ({}, "--param person=... is required"),
    ({"person": "x", "color": "red"}, "unknown parameter(s) color"),
    ({"person": "x", "from": "1950-13"}, "is not a date"),
    ({"person": "x", "to": "soon"}, "is not a date"),
])
def test_bad_parameters_are_clear_errors(values: dict[str, str], message: str) -> None:
    """Missing, unknown or mistyped parameters are refused with a message naming them."""
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace(".", r"\.")):
        bind(load("correspondents"), values)


def test_dates_widen_to_whole_periods() -> None:
    """A year or month as `from` is its first day, as `to` its last."""
    subs = bind(load("correspondents"), {"person": "x", "from": "1950", "to": "1952-02"})
    assert ["1950-01-01", "1952-02-29"] == [subs[v].value for v in subs if v.value in ("from", "to")]


def test_unknown_query_lists_the_names() -> None:
    """Asking for a query that does not exist names the ones that do."""
    with pytest.raises(QueryError, match="relay-chain"):
        load("no-such-query")


def test_cli_table_has_citations_and_json_has_rows(tmp_path: Path, sample_path: Path) -> None:
    """The table format adds the citation column; json gives plain rows; exit 2 on a bad param."""
    store = tmp_path / "st"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["--store", str(store), "build", str(sample_path)]).exit_code
    table = runner.invoke(cli, ["--store", str(store), "ask", "cipher-number", "-p", "number=600382"])
    assert (0, True) == (table.exit_code, "citation" in table.output)
    rows = json.loads(runner.invoke(cli, ["--store", str(store), "ask", "cipher-number", "-p",
                                          "number=600382", "--format", "json"]).output)
    assert ["600382/sh"] == [r["printed"] for r in rows]
    assert 2 == runner.invoke(cli, ["--store", str(store), "ask", "cipher-number"]).exit_code


@pytest.fixture(scope="module")
def dev_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The 25 Wilson dev records and FRUS 1961-63 vol. VI (Kennedy-Khrushchev), built and reasoned."""
    st = Store(tmp_path_factory.mktemp("dev") / "store")
    assert [] == build([corpus / "wilson" / "records", corpus / "frus" / "frus1961-63v06.xml"], st,
                       provenance=False).errors
    reason_store(st)
    return st


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "values", "column", "expected"), [
    ("cover-names", {"person": "Stalin"}, "coverName", "Filippov"),
    ("cover-names", {"person": "Stalin"}, "coverName", "Feng Xi"),
    ("mentions", {"person": "Mikoyan", "from": "1962", "to": "1962"}, "personName", "Anastas Mikoyan"),
    ("office-holders", {"office": "Embassy in the Soviet Union", "from": "1962", "to": "1962"},
     "holderName", "Llewellyn E. Thompson"),
    ("correspondents", {"person": "Khrushchev", "from": "1962-10", "to": "1962-10"},
     "correspondentName", "John F. Kennedy"),
])
def test_query_answers_on_the_dev_records(dev_store: Store, name: str, values: dict[str, str],
                                          column: str, expected: str) -> None:
    """Cover names (Wilson), mentions, office holders and letters (FRUS) on real records."""
    rows = [{k: v.value for k, v in r.items()} for r in ask(dev_store, name, values).rows]
    assert expected in {r.get(column) for r in rows}, rows


def test_kg_query_takes_a_named_query_with_parameters(tmp_path: Path, sample_path: Path) -> None:
    """`kg query NAME --param k=v` binds the parameter as `kg ask` does."""
    store = tmp_path / "st"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["--store", str(store), "build", str(sample_path)]).exit_code
    result = runner.invoke(cli, ["--store", str(store), "query", "cipher-number", "--param",
                                 "number=600382"])
    assert (0, True) == (result.exit_code, "600382/sh" in result.output)

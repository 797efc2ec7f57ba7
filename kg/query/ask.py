"""Named, parameterised questions: the ``kg/query/queries/*.rq`` files and ``kg ask``.

Each file starts with a header comment, one field a line::

    # Correspondents of a person between two dates.          <- the title (first line)
    # question: Who wrote to a person, and to whom did they write, in a period?
    # param: person: string = Shtykov -- part of a name as printed or preferred
    # param: from: date = 1945-01-01 -- first day of the period
    # example: kg ask correspondents --param person=Shtykov --param from=1950-10-01

A parameter is a SPARQL variable of the same name (``?person``, ``?from``), which the
query projects (and groups by, when it aggregates): Oxigraph substitutes projected
variables only, and :func:`ask` hides them from the answer. Values are never pasted into
the query text: they are checked against their type and bound with Oxigraph's
substitutions (RDF-dev SEP-0007), so a value with quotes, braces or SPARQL keywords is
just a string the query compares with. Types: ``string``, ``date``
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a lower bound takes the first day, an upper
bound named ``to`` or ``until`` the last), ``integer``, ``iri`` (a full IRI or a prefixed
name such as ``person:stalin``).

Answers that name messages can carry each message's archival citation and source link
(:func:`with_citations`), which ``kg ask`` adds by default in its table format.

The command line's ``KEY=VALUE`` options (``kg ask NAME --param``, ``kg query NAME --param``)
become ``values`` with :func:`parse_params`; ``kg ask --list`` and ``kg queries`` list the
headers read by :func:`catalogue`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.iris import default_minter
from kg.namespace import PREFIXES
from kg.query.engine import PROLOGUE, QUERY_DIR, QueryResult, run_query
from kg.store import Store

__all__ = ["Param", "NamedQuery", "load", "catalogue", "parse_params", "bind", "ask",
           "dataset_options", "DatasetOptions", "with_citations", "PARAM_TYPES"]

PARAM_TYPES = ("string", "date", "integer", "iri")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)"
                    r"(?:\s*=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_UPPER = ("to", "until", "before", "end")
XSD = "http://www.w3.org/2001/XMLSchema#"

#: a value bound to a query variable (what ``pyoxigraph.Store.query`` substitutes)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str
    default: str | None = None
    help: str = ""

    @property
    def required(self) -> bool:
        """A parameter without a default must be given."""
        return self.default is None

    @property
    def usage(self) -> str:
        """How ``kg ask --list`` shows the parameter: ``name=<type>`` when it is required,
        ``[name=default]`` when it has a default.

        >>> Param("person", "string").usage, Param("from", "date", "1900").usage
        ('person=<string>', '[from=1900]')
        """
        return f"{self.name}=<{self.type}>" if self.required else f"[{self.name}={self.default}]"


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query with its header."""

    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str
    path: Path = field(compare=False)

    @property
    def usage(self) -> str:
        """The parameters as ``kg ask --list`` shows them (``""`` when there are none)."""
        return " ".join(p.usage for p in self.params)


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    if not header:
        raise QueryError(f"{path.name}: no header comment (title, question, params, example)")
    title, question, params, examples = header[0], "", [], []
    for line in header[1:]:
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "question":
            question = value
        elif key == "example":
            examples.append(value)
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m["type"] not in PARAM_TYPES:
                raise QueryError(f"{path.name}: bad param line {line!r} (name: type = default -- help; "
                                 f"types {', '.join(PARAM_TYPES)})")
            default = m["default"].strip() if m["default"] is not None else None
            if default is not None and len(default) >= 2 and default[0] == default[-1] == '"':
                default = default[1:-1]  # = "" is the empty string, a default all the same
            params.append(Param(m["name"], m["type"], default, (m["help"] or "").strip()))
    return NamedQuery(path.stem, title, question, tuple(params), tuple(examples), text, path)


def catalogue() -> dict[str, NamedQuery]:
    """Every shipped query by name, in name order."""
    return {p.stem: _parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def load(name: str) -> NamedQuery:
    """The shipped query called ``name``.

    Raises:
        QueryError: no such query (the message lists the names).
    """
    path = QUERY_DIR / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        raise QueryError(f"no query named {name!r}; `kg ask --list` shows them: "
                         + ", ".join(catalogue()))
    return _parse(path)


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """The ``KEY=VALUE`` options of ``--param`` as a dict (the key stripped, the value kept
    as written; a later key wins).

    >>> parse_params(["person=Kim Il Sung", " from =1950"])
    {'person': 'Kim Il Sung', 'from': '1950'}
    >>> parse_params(["person"])
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: --param 'person': write KEY=VALUE

    Raises:
        UsageError: an item without ``=`` or with an empty key.
    """
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param {item!r}: write KEY=VALUE")
        values[key.strip()] = value
    return values


def _term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term for a parameter value, checked against its type."""
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"--param {param.name}: {value!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        m = _DATE.match(value.strip())
        if not m:
            raise QueryError(f"--param {param.name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        upper = param.name in _UPPER
        month = month or (12 if upper else 1)
        try:
            last = calendar.monthrange(year, month)[1]
        except (ValueError, calendar.IllegalMonthError) as exc:
            raise QueryError(f"--param {param.name}: {value!r} is not a date") from exc
        day = day or (last if upper else 1)
        if not 1 <= day <= last:
            raise QueryError(f"--param {param.name}: {value!r} is not a date")
        return ox.Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=ox.NamedNode(XSD + "date"))
    # iri: a full IRI or a prefixed name of the project's prefixes
    value = value.strip().strip("<>")
    prefix, sep, local = value.partition(":")
    namespaces = {**PREFIXES, **default_minter().prefixes()}
    if sep and prefix in namespaces and not local.startswith("//"):
        value = namespaces[prefix] + local
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value):
        raise QueryError(f"--param {param.name}: {value!r} is not an IRI or a prefixed name")
    return ox.NamedNode(value)


def bind(query: NamedQuery, values: dict[str, str]) -> dict[ox.Variable, Term]:
    """Check ``values`` against the query's parameters and give the substitutions.

    Raises:
        QueryError: an unknown parameter, a missing required one, or a value of the wrong type.
    """
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise QueryError(f"{query.name}: unknown parameter(s) {', '.join(unknown)}; it takes "
                         + (", ".join(known) or "none"))
    out: dict[ox.Variable, Term] = {}
    for p in query.params:
        value = values.get(p.name, p.default)
        if value is None:
            raise QueryError(f"{query.name}: --param {p.name}=... is required ({p.help or p.type})")
        out[ox.Variable(p.name)] = _term(p, value)
    return out


class DatasetOptions(TypedDict):
    """The keyword arguments of ``pyoxigraph.Store.query`` that set a query's dataset."""

    use_default_graph_as_union: bool


def dataset_options(query: NamedQuery) -> DatasetOptions:
    """The keyword arguments of ``pyoxigraph.Store.query`` that set the query's dataset."""
    return {"use_default_graph_as_union": True}


def ask(store: Store, name: str, values: dict[str, str] | None = None) -> QueryResult:
    """Run the named query ``name`` with parameter ``values`` bound safely."""
    query = load(name)
    substitutions = bind(query, values or {})
    try:
        raw = store.oxigraph.query(PROLOGUE + query.text, substitutions=substitutions,
                                   **dataset_options(query))
    except SyntaxError as exc:
        raise QueryError(f"{query.path.name}: SPARQL syntax error: {exc}") from exc
    result = QueryResult(raw)
    # the parameters are projected (Oxigraph substitutes projected variables only): hide them
    hidden = {p.name for p in query.params}
    result.variables = [v for v in result.variables if v not in hidden]
    return result


CITATIONS = """
SELECT ?m (GROUP_CONCAT(DISTINCT ?c1; separator="; ") AS ?copies) (SAMPLE(?c0) AS ?record)
       (SAMPLE(?s) AS ?source) WHERE {
  VALUES ?m { %s }
  OPTIONAL { ?m cw:hasArchivalCopy/dcterms:bibliographicCitation ?c1 }
  OPTIONAL { ?m dcterms:bibliographicCitation ?c0 }
  OPTIONAL { ?m dcterms:source ?s }
} GROUP BY ?m
"""


def with_citations(store: Store, result: QueryResult) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows (cells as text) of a SELECT result, with ``citation`` and ``source``
    columns added for the first column that holds messages (``…/id/message/…``)."""
    rows = result.rows
    columns = list(result.variables)
    messages = default_minter().base + "id/message/"
    column = next((v for v in columns
                   if any(isinstance(r.get(v), ox.NamedNode) and r[v].value.startswith(messages)
                          for r in rows)), None)
    cells = [{v: r[v].value for v in columns if v in r} for r in rows]
    if column is None or "citation" in columns:
        return columns, cells
    found = _citations(store, sorted({r[column].value for r in rows if column in r}))
    for cell in cells:
        citation, source = found.get(cell.get(column, ""), ("", ""))
        cell["citation"], cell["source"] = citation, source
    return [*columns, "citation", "source"], cells


def _citations(store: Store, iris: list[str]) -> dict[str, tuple[str, str]]:
    """The citation and source link of each message IRI (``("", "")`` parts when unknown)."""
    found: dict[str, tuple[str, str]] = {}
    for i in range(0, len(iris), 500):
        values = " ".join(f"<{iri}>" for iri in iris[i:i + 500])
        for row in run_query(store, CITATIONS % values).rows:
            copies, record, source = (row.get(v) for v in ("copies", "record", "source"))
            # the archival copies (APRF, fond 45, opis 1, delo 347), else the record's citation
            citation = (copies.value if copies and copies.value else
                        record.value if record else "")
            found[row["m"].value] = (citation, source.value if source else "")
    return found

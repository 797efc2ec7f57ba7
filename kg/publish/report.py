"""One self-contained HTML report on a build, for a historian (figures embedded as PNG).

Sections: counts (messages, agents, edges per layer); a timeline of messages per month
by layer; the top correspondents (messages sent and received, authorial layer); the top
brokers (betweenness and Gould-Fernandez brokerage, from the measures rows); the network
figure; and what deserves a second look in the sources: SHACL warnings (copies that do
not add up to the declared total...), messages received before they were sent, and names
no authority table knows.

The measures are passed in (rows of :func:`kg.network.measures.node_measures`), so the
report never computes them and tests can pass rows made by hand. The SHACL report is
read from the validation graph (``Minter.graph("validation")``, the IRI that
``kg.pipeline.special_graphs`` names), not recomputed.
"""

from __future__ import annotations

import base64
import html
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.files import atomic_write
from kg.iris import default_minter
from kg.network.formats.common import country_name, edges, month, node_attr
from kg.network.formats.png import figure_bytes, png_bytes
from kg.query.engine import run_query
from kg.query.explain import unresolved
from kg.store import Store

__all__ = ["write_report", "render_report", "shacl_warnings", "received_before_sent",
           "top_correspondents", "top_brokers", "timeline_png", "counts"]

SHACL_WARNINGS = """
SELECT ?focus ?message ?shape ?title ?label WHERE {
  GRAPH <%s> { ?r sh:resultSeverity sh:Warning ; sh:focusNode ?focus .
    OPTIONAL { ?r sh:resultMessage ?message } OPTIONAL { ?r sh:sourceShape ?shape } }
  OPTIONAL { ?focus dcterms:title ?title } OPTIONAL { ?focus skos:prefLabel ?label }
} ORDER BY ?shape ?focus ?message"""

# a Receipt or Arrival whose local time comes before the Sending event, or before the day
# (month, year) of cw:dateSent: compared on the common prefix of the lexical forms
RECEIVED_BEFORE_SENT = """
SELECT DISTINCT ?m ?sent ?received ?printed ?title WHERE {
  ?m cw:hasTransmissionEvent ?r . ?r a ?kind ; cw:atLocalTime ?received .
  VALUES ?kind { cw:Receipt cw:Arrival }
  FILTER NOT EXISTS { ?r a cw:CipherOfficeIntake }  # the sender's cipher office, before sending
  { ?m cw:hasTransmissionEvent ?s . ?s a cw:Sending ; cw:atLocalTime ?sent }
  UNION { ?m cw:dateSent ?sent }
  FILTER(SUBSTR(STR(?received), 1, STRLEN(STR(?sent))) < STR(?sent))
  OPTIONAL { ?r cw:asPrinted ?printed } OPTIONAL { ?m dcterms:title ?title }
} ORDER BY ?m ?received"""


def _png_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Messages, agents (people, organisations) and edges per layer.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", layer="authorial", message="m")
    >>> counts(g)
    {'messages': 1, 'agents': 2, 'people': 2, 'organisations': 0, 'edges': 1, 'edges: authorial': 1}
    """
    orgs = sum(1 for n in graph.nodes if node_attr(graph, n, "kind").lower().startswith("org"))
    out = {"messages": len({d.get("message") for _, _, _, d in edges(graph) if d.get("message")}),
           "agents": graph.number_of_nodes(), "people": graph.number_of_nodes() - orgs,
           "organisations": orgs, "edges": graph.number_of_edges()}
    per_layer = Counter(str(d.get("layer") or "authorial") for _, _, _, d in edges(graph))
    out.update({f"edges: {layer}": n for layer, n in sorted(per_layer.items())})
    return out


def top_correspondents(graph: nx.MultiDiGraph, n: int = 15) -> list[dict]:
    """Agents by messages sent plus received on authorial edges (distinct messages)."""
    sent: dict[str, set] = defaultdict(set)
    received: dict[str, set] = defaultdict(set)
    for u, v, _, d in edges(graph):
        if (d.get("layer") or "authorial") == "authorial":
            sent[u].add(d.get("message"))
            received[v].add(d.get("message"))
    rows: list[dict[str, Any]] = [{"label": node_attr(graph, a, "label"), "iri": node_attr(graph, a, "iri"),
             "country": country_name(node_attr(graph, a, "country")), "sent": len(sent[a]),
             "received": len(received[a]), "total": len(sent[a]) + len(received[a])}
            for a in set(sent) | set(received)]
    return sorted(rows, key=lambda r: (-r["total"], r["label"]))[:n]


def top_brokers(measures: Iterable[dict], n: int = 15) -> list[dict]:
    """Measure rows with positive betweenness or brokerage, by betweenness then brokerage."""
    def total(row: dict) -> float:
        return float(sum((row.get("brokerage") or {}).values()))

    rows = [r for r in measures if (r.get("betweenness") or 0) > 0 or total(r) > 0]
    return sorted(rows, key=lambda r: (-(r.get("betweenness") or 0), -total(r),
                                       str(r.get("label"))))[:n]


def timeline_png(graph: nx.MultiDiGraph) -> bytes | None:
    """A stacked bar chart of distinct messages per month and layer; ``None`` if undated."""
    from kg.network.formats.common import LAYER_STYLES

    per: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for _, _, _, d in edges(graph):
        if month(d.get("date") or ""):
            per[str(d.get("layer") or "authorial")][month(d["date"])].add(d.get("message"))
    months = sorted({m for by_month in per.values() for m in by_month})
    if not months:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(11, 3.6), dpi=110)
    try:
        x = [datetime.strptime(m, "%Y-%m") for m in months]
        bottom = [0] * len(months)
        for layer, (_, colour, label, _) in LAYER_STYLES.items():
            if layer not in per:
                continue
            heights = [len(per[layer].get(m, ())) for m in months]
            # matplotlib converts datetimes (its units machinery); its stubs say floats only
            ax.bar(x, heights, width=25, bottom=bottom, color=colour, label=label,  # type: ignore[arg-type]
                   align="edge")
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        locator = AutoDateLocator(minticks=3, maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.set_xlim(x[0] - timedelta(days=45),  # type: ignore[arg-type]  # datetimes, as above
                    x[-1] + timedelta(days=75))  # type: ignore[arg-type]
        ticks = ax.yaxis.get_major_locator()
        assert isinstance(ticks, MaxNLocator)  # the default AutoLocator is one
        ticks.set_params(integer=True)
        ax.set_ylabel("messages (per layer)")
        ax.set_title("Messages per month, by layer", loc="left", pad=24)
        ax.legend(frameon=False, ncols=4, loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        return png_bytes(fig)
    finally:
        plt.close(fig)


def shacl_warnings(store: Store, validation_graph: str | None = None) -> list[dict]:
    """``sh:Warning`` results of the last ``kg validate``: focus node, its title or label,
    message and shape (empty when the store was not validated)."""
    graph = validation_graph or str(default_minter().graph("validation"))
    return [{"focus": r["focus"].value, "name": (r.get("title") or r.get("label") or r["focus"]).value,
             "message": r["message"].value if "message" in r else "",
             "shape": r["shape"].value.rsplit("#", 1)[-1] if "shape" in r else ""}
            for r in run_query(store, SHACL_WARNINGS % graph).rows]


def received_before_sent(store: Store) -> list[dict]:
    """Messages with a receipt or arrival earlier than their sending (time or date)."""
    return [{"message": r["m"].value, "sent": r["sent"].value, "received": r["received"].value,
             "printed": r["printed"].value if "printed" in r else "",
             "title": r["title"].value if "title" in r else ""}
            for r in run_query(store, RECEIVED_BEFORE_SENT).rows]


def _table(headers: list[str], rows: list[list], empty: str) -> str:
    if not rows:
        return f"<p class='none'>{html.escape(empty)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if isinstance(c, _Raw) else html.escape(str(c))}</td>"
                                   for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Raw(str):
    """Cell text that is already HTML."""


def _link(iri: str, text: str) -> _Raw:
    return _Raw(f"<a href='{html.escape(iri, quote=True)}'>{html.escape(text)}</a>")


def render_report(*, store: Store, graph: nx.MultiDiGraph, measures: list[dict],
                  title: str = "coldwar-kg build report",
                  validation_graph: str | None = None) -> str:
    """The report as one HTML page."""
    sections = [_heading(graph, title), _counts_section(graph), _timeline_section(graph),
                _correspondents_section(graph), _brokers_section(measures),
                _network_section(graph), _second_look_section(store, validation_graph)]
    return _PAGE.format(title=html.escape(title),
                        body="\n".join(part for section in sections for part in section))


def _heading(graph: nx.MultiDiGraph, title: str) -> list[str]:
    """The title, and when and over what the report was made."""
    scope = ", ".join(graph.graph.get("layers") or ()) or "all"
    if graph.graph.get("start") or graph.graph.get("end"):
        scope += f"; {graph.graph.get('start') or '…'} to {graph.graph.get('end') or '…'}"
    return [f"<h1>{html.escape(title)}</h1>",
            f"<p class='meta'>Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · layers: "
            f"{html.escape(scope)}</p>"]


def _counts_section(graph: nx.MultiDiGraph) -> list[str]:
    """Messages, agents and edges per layer (:func:`counts`)."""
    return ["<h2>Counts</h2>",
            _table(["", "number"], [[k, v] for k, v in counts(graph).items()], "nothing built")]


def _timeline_section(graph: nx.MultiDiGraph) -> list[str]:
    """The chart of messages per month, and what it leaves out (year-only and undated)."""
    timeline = timeline_png(graph)
    by_year = {d.get("message") for _, _, _, d in edges(graph) if d.get("date") and not month(d["date"])}
    undated = {d.get("message") for _, _, _, d in edges(graph) if not d.get("date")}
    return ["<h2>Messages per month</h2>",
            f"<img alt='messages per month by layer' src='{_png_uri(timeline)}'>" if timeline
            else "<p class='none'>No message has a month.</p>",
            f"<p class='meta'>Not in the chart: {len(by_year)} message(s) dated by year only, "
            f"{len(undated - by_year)} undated.</p>"]


def _correspondents_section(graph: nx.MultiDiGraph) -> list[str]:
    """The table of :func:`top_correspondents`."""
    return ["<h2>Top correspondents</h2>",
            _table(["agent", "state", "sent", "received", "total"],
                   [[_link(r["iri"], r["label"]), r["country"], r["sent"], r["received"], r["total"]]
                    for r in top_correspondents(graph)], "No letters in this network.")]


def _brokers_section(measures: list[dict]) -> list[str]:
    """The table of :func:`top_brokers`."""
    return ["<h2>Top brokers</h2>",
            "<p>Betweenness (share of shortest paths through the agent) and Gould-Fernandez "
            "brokerage roles (how often the agent stands between two others, by their groups).</p>",
            _table(["agent", "betweenness", "brokerage", "roles", "pagerank"],
                   [[_link(str(r.get("iri", "")), str(r.get("label", ""))),
                     f"{float(r.get('betweenness') or 0):.3f}",
                     int(sum((r.get("brokerage") or {}).values())),
                     ", ".join(f"{k} {v}" for k, v in sorted((r.get("brokerage") or {}).items()) if v),
                     f"{float(r.get('pagerank') or 0):.3f}"] for r in top_brokers(measures)],
                   "Nobody stands between others in this network.")]


def _network_section(graph: nx.MultiDiGraph) -> list[str]:
    """The network figure (all layers)."""
    network = figure_bytes(graph, title="Network (all layers)", width=11, height=8)
    return ["<h2>Network</h2>", f"<img alt='network figure' src='{_png_uri(network)}'>"]


def _second_look_section(store: Store, validation_graph: str | None) -> list[str]:
    """What deserves a second look: SHACL warnings, messages received before they were sent,
    names no authority table knows."""
    warnings = shacl_warnings(store, validation_graph)
    early = received_before_sent(store)
    names = _unresolved_names(store)
    return [
        "<h2>Worth a second look</h2>",
        f"<h3>SHACL warnings ({len(warnings)})</h3>",
        _table(["document or agent", "warning", "shape"],
               [[_link(w["focus"], w["name"]), w["message"], w["shape"]] for w in warnings],
               "No warnings (or the store was not validated: run kg validate)."),
        f"<h3>Received before sent ({len(early)})</h3>",
        _table(["message", "sent", "received", "as printed"],
               [[_link(e["message"], e["title"] or e["message"].rsplit("/", 1)[-1]), e["sent"],
                 e["received"], e["printed"]] for e in early], "No message was received before it was sent."),
        f"<h3>Unresolved names ({len(names)})</h3>",
        _table(["name as printed", "where"],
               [[_link(a, n["label"]), "; ".join(sorted(set(n["where"])))]
                for a, n in sorted(names.items(), key=lambda x: x[1]["label"])],
               "Every name is in an authority table."),
    ]


def _unresolved_names(store: Store) -> dict[str, dict[str, Any]]:
    """Per unresolved agent: the name as printed (``label``) and the ``file:line`` it is at."""
    names: dict[str, dict[str, Any]] = {}
    for u in unresolved(store):
        names.setdefault(u.agent, {"label": u.label, "where": []})
        if u.file:
            names[u.agent]["where"].append(f"{u.file}:{u.line}" if u.line else u.file)
    return names


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font:15px/1.5 Georgia,"Times New Roman",serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222}}h1{{font-size:26px}}h2{{border-bottom:1px solid #bbb;margin-top:1.6em}}
table{{border-collapse:collapse;margin:.5em 0}}td,th{{border:1px solid #ccc;padding:3px 8px;
text-align:left;vertical-align:top}}th{{background:#f2f2f2}}img{{max-width:100%;
border:1px solid #ddd}}.meta,.none{{color:#666}}a{{color:#1f4e79}}
</style></head><body>
{body}
</body></html>
"""


def write_report(path: Path, *, store: Store, graph: nx.MultiDiGraph, measures: list[dict],
                 title: str = "coldwar-kg build report",
                 validation_graph: str | None = None) -> Path:
    """Write the report to ``path`` atomically; returns the path."""
    text = render_report(store=store, graph=graph, measures=measures, title=title,
                         validation_graph=validation_graph)
    data = text.encode("utf-8")

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    atomic_write(Path(path), write)
    return Path(path)

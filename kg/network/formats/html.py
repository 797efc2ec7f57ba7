"""One self-contained HTML page to explore the network: no CDN, no external URL at all.

Positions are computed in Python (:func:`kg.network.formats.common.layout`) and the page
draws them on SVG with a few lines of inline JavaScript: a time window (two sliders over
the months of the dated edges; edges outside the window are hidden, and agents left
without a visible edge fade), layer check boxes, a search box that highlights the agents
whose name contains the text, hover tooltips (an agent's messages with their dates and
titles; an edge's layer, date, kind and title), wheel zoom and drag to pan. The state can
be set in the address (``network.html#from=1950-10&to=1951-02&q=stalin``). The data sit
in a ``<script type="application/json">`` block, escaped so that no text in a title can
close it.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import IO

import networkx as nx

from kg.network.formats.common import (
    LAYER_STYLES,
    country_colour,
    country_name,
    edges,
    interval,
    kind_of,
    layout,
    month,
    node_attr,
)
from kg.store import Store

__all__ = ["write", "page_data", "render_html"]

_DASH = {"solid": "", "dashed": "7 4", "dotted": "2 3", "dashdot": "8 3 2 3"}


def page_data(graph: nx.MultiDiGraph) -> dict:
    """What the page draws: nodes with positions and colours, edges with their intervals.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", layer="authorial", date="1950-10")
    >>> d = page_data(g)
    >>> d["months"], d["edges"][0]["start"], d["edges"][0]["end"]
    (['1950-10'], '1950-10-01', '1950-10-31')
    """
    pos = layout(graph)
    countries = sorted({node_attr(graph, n, "country") for n in graph.nodes})
    ids = {n: i for i, n in enumerate(sorted(graph.nodes, key=str))}
    degree = dict(graph.degree())
    nodes = []
    for n in sorted(graph.nodes, key=str):
        x, y = pos.get(n, (0.5, 0.5))
        country = node_attr(graph, n, "country")
        nodes.append({"id": ids[n], "iri": node_attr(graph, n, "iri"),
                      "label": node_attr(graph, n, "label"), "kind": kind_of(graph, n),
                      "country": country_name(country), "colour": country_colour(country, countries),
                      "x": round(60 + x * 880, 1), "y": round(40 + (1 - y) * 620, 1),
                      "r": round(6 + 3 * min(degree.get(n, 0), 16) ** 0.5, 1)})
    out_edges, months = [], set()
    pairs: dict[tuple[int, int, str], int] = defaultdict(int)
    for u, v, _, d in edges(graph):
        date = str(d.get("date") or "")
        span = interval(date) or ("", "")
        if month(date):
            months.add(month(date))
        elif span[0]:
            months.update({span[0][:7], span[1][:7]})
        a, b, layer = ids[u], ids[v], str(d.get("layer") or "authorial")
        pairs[(a, b, layer)] += 1
        out_edges.append({"s": a, "t": b, "layer": layer,
                          "date": date, "start": span[0], "end": span[1],
                          "kind": str(d.get("kind") or ""), "title": str(d.get("title") or ""),
                          "message": str(d.get("message") or ""),
                          "weight": int(d.get("weight") or 1),
                          "bend": 1 + list(LAYER_STYLES).index(layer) if layer in LAYER_STYLES else 1})
    styles = {name: {"colour": c, "dash": _DASH.get(s, ""), "label": lbl}
              for name, (s, c, lbl, _) in LAYER_STYLES.items()}
    legend = [{"name": country_name(c), "colour": country_colour(c, countries)} for c in countries]
    return {"nodes": nodes, "edges": out_edges, "months": _month_range(months), "layers": styles,
            "legend": legend}


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last of ``months``.

    >>> _month_range({"1950-11", "1951-02"})
    ['1950-11', '1950-12', '1951-01', '1951-02']
    """
    if not months:
        return []
    first, last = min(months), max(months)
    year, mon = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{mon:02d}" <= last:
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return out


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222}
header{padding:8px 14px;background:#f3f3f3;border-bottom:1px solid #ccc;display:flex;
 flex-wrap:wrap;gap:14px;align-items:center}
header h1{font-size:16px;margin:0 10px 0 0}
#view{width:100%%;height:calc(100vh - 96px);display:block;background:#fff;cursor:grab}
.edge{fill:none;stroke-opacity:.75}.edge.hidden,.node.hidden,.label.hidden{display:none}
.node{stroke:#333;stroke-width:1}.node.dim,.label.dim{opacity:.15}
.node.hit{stroke:#000;stroke-width:3}.label{font-size:11px;paint-order:stroke;stroke:#fff;
 stroke-width:3px;pointer-events:none}
#tip{position:fixed;pointer-events:none;background:#fffffa;border:1px solid #999;
 padding:6px 8px;max-width:420px;font-size:12px;box-shadow:0 2px 6px #0003;display:none}
#legend{padding:4px 14px;font-size:12px}#legend span{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border:1px solid #333;margin-right:3px}
</style></head>
<body>
<header><h1>%(title)s</h1>
<label>from <input id="from" type="range" min="0" value="0"></label><b id="fromv"></b>
<label>to <input id="to" type="range" min="0" value="0"></label><b id="tov"></b>
<label><input id="undated" type="checkbox" checked> undated</label>
<span id="layers"></span>
<input id="search" type="search" placeholder="find a person" size="18">
<span id="count"></span></header>
<div id="legend"></div>
<svg id="view" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 700"
 role="img" aria-label="network"><defs id="defs"></defs><g id="edges"></g><g id="nodes"></g>
<g id="labels"></g></svg>
<div id="tip"></div>
<script type="application/json" id="data">%(data)s</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const NS = "http://www.w3.org/2000/svg";
const $ = id => document.getElementById(id);
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"})[c]);
function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  parent.appendChild(e); return e;
}
for (const [name, st] of Object.entries(D.layers)) {
  const m = el("marker", {id: "arrow-" + name, viewBox: "0 0 10 10", refX: "9", refY: "5",
    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse"}, $("defs"));
  el("path", {d: "M0,0L10,5L0,10z", fill: st.colour}, m);
  const box = document.createElement("label");
  box.innerHTML = '<input type="checkbox" checked data-layer="' + esc(name) + '"> ' +
    '<span style="color:' + st.colour + '">' + esc(st.label) + "</span> ";
  $("layers").appendChild(box);
}
$("legend").innerHTML = D.legend.map(c => '<span><i class="swatch" style="background:' +
  c.colour + '"></i>' + esc(c.name) + "</span>").join("") +
  "<span>circle: person, square: organisation</span>";
const tip = $("tip");
function show(ev, text) { tip.innerHTML = text; tip.style.display = "block";
  tip.style.left = (ev.clientX + 14) + "px"; tip.style.top = (ev.clientY + 10) + "px"; }
function hide() { tip.style.display = "none"; }
const edgeEls = D.edges.map(e => {
  const a = D.nodes[e.s], b = D.nodes[e.t], st = D.layers[e.layer] || D.layers.authorial;
  const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
  const off = 14 * e.bend, mx = (a.x + b.x) / 2 - dy / len * off, my = (a.y + b.y) / 2 + dx / len * off;
  const ex = b.x - (b.x - mx) / Math.hypot(b.x - mx, b.y - my) * b.r;
  const ey = b.y - (b.y - my) / Math.hypot(b.x - mx, b.y - my) * b.r;
  const p = el("path", {d: "M" + a.x + "," + a.y + "Q" + mx + "," + my + " " + ex + "," + ey,
    class: "edge", stroke: st.colour, "stroke-width": 1.2 + Math.sqrt(Math.min(e.weight, 9)),
    "stroke-dasharray": st.dash, "marker-end": "url(#arrow-" + e.layer + ")"}, $("edges"));
  // parallel edges of one layer share a curve: the tooltip lists every one in view
  p.addEventListener("mousemove", ev => {
    const same = D.edges.filter((f, i) => f.s === e.s && f.t === e.t && f.layer === e.layer &&
      !edgeEls[i].classList.contains("hidden"));
    show(ev, "<b>" + esc(a.label) + " → " + esc(b.label) + "</b> · " + esc(st.label) + " · " +
      same.length + " message(s)<br>" + same.slice(0, 10).map(f => esc(f.date || "undated") +
      (f.kind ? " · " + esc(f.kind) : "") + (f.weight > 1 ? " · " + f.weight + " copies" : "") +
      (f.title ? ": <i>" + esc(f.title) + "</i>" : " <small>" + esc(f.message) + "</small>"))
      .join("<br>") + (same.length > 10 ? "<br>…" : ""));
  });
  p.addEventListener("mouseleave", hide);
  return p;
});
const nodeEls = D.nodes.map(n => {
  const g = n.kind.startsWith("org")
    ? el("rect", {x: n.x - n.r, y: n.y - n.r, width: 2 * n.r, height: 2 * n.r}, $("nodes"))
    : el("circle", {cx: n.x, cy: n.y, r: n.r}, $("nodes"));
  g.setAttribute("class", "node"); g.setAttribute("fill", n.colour);
  g.setAttribute("data-iri", n.iri);
  const t = el("text", {x: n.x, y: n.y - n.r - 3, "text-anchor": "middle", class: "label"}, $("labels"));
  t.textContent = n.label;
  g.addEventListener("mousemove", ev => {
    const mine = D.edges.filter((e, i) => (e.s === n.id || e.t === n.id) &&
      !edgeEls[i].classList.contains("hidden"));
    const lines = mine.slice(0, 12).map(e => esc(e.date || "undated") + " · " +
      esc(D.nodes[e.s].label) + " → " + esc(D.nodes[e.t].label) +
      (e.title ? ": <i>" + esc(e.title) + "</i>" : ""));
    show(ev, "<b>" + esc(n.label) + "</b> (" + esc(n.kind) + ", " + esc(n.country) + ")<br>" +
      mine.length + " edge(s) in view<br>" + lines.join("<br>") + (mine.length > 12 ? "<br>…" : ""));
  });
  g.addEventListener("mouseleave", hide);
  return [g, t];
});
const months = D.months, from = $("from"), to = $("to");
from.max = to.max = Math.max(0, months.length - 1); to.value = to.max;
// the state can be given in the address: page.html#from=1950-10&to=1951-02&q=stalin
const hash = new URLSearchParams(location.hash.slice(1));
if (hash.has("from") && months.includes(hash.get("from"))) from.value = months.indexOf(hash.get("from"));
if (hash.has("to") && months.includes(hash.get("to"))) to.value = months.indexOf(hash.get("to"));
if (hash.has("q")) $("search").value = hash.get("q");
function update() {
  if (+from.value > +to.value) { const v = from.value; from.value = to.value; to.value = v; }
  const lo = months.length ? months[+from.value] + "-01" : "";
  const hi = months.length ? months[+to.value] + "-31" : "";
  $("fromv").textContent = months[+from.value] || "–"; $("tov").textContent = months[+to.value] || "–";
  const layers = new Set([...document.querySelectorAll("[data-layer]")]
    .filter(c => c.checked).map(c => c.dataset.layer));
  const live = new Set();
  let shown = 0;
  D.edges.forEach((e, i) => {
    const inTime = e.start ? (e.end >= lo && e.start <= hi) : $("undated").checked;
    const on = inTime && layers.has(e.layer);
    edgeEls[i].classList.toggle("hidden", !on);
    if (on) { live.add(e.s); live.add(e.t); shown++; }
  });
  const q = $("search").value.trim().toLowerCase();
  let hits = 0;
  D.nodes.forEach((n, i) => {
    const hit = q !== "" && n.label.toLowerCase().includes(q);
    if (hit) hits++;
    for (const x of nodeEls[i]) x.classList.toggle("dim", !live.has(n.id) || (q !== "" && !hit));
    nodeEls[i][0].classList.toggle("hit", hit);
  });
  $("count").textContent = shown + " of " + D.edges.length + " edges" + (q ? ", " + hits + " match(es)" : "");
}
for (const id of ["from", "to", "undated", "search"]) $(id).addEventListener("input", update);
$("layers").addEventListener("change", update);
const svg = $("view"); let vb = [0, 0, 1000, 700], drag = null;
svg.addEventListener("wheel", ev => { ev.preventDefault();
  const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
  const px = vb[0] + (ev.clientX - r.left) / r.width * vb[2];
  const py = vb[1] + (ev.clientY - r.top) / r.height * vb[3];
  vb = [px - (px - vb[0]) * k, py - (py - vb[1]) * k, vb[2] * k, vb[3] * k];
  svg.setAttribute("viewBox", vb.join(" ")); }, {passive: false});
svg.addEventListener("mousedown", ev => { drag = [ev.clientX, ev.clientY, vb[0], vb[1]]; });
window.addEventListener("mouseup", () => { drag = null; });
window.addEventListener("mousemove", ev => { if (!drag) return; const r = svg.getBoundingClientRect();
  vb[0] = drag[2] - (ev.clientX - drag[0]) / r.width * vb[2];
  vb[1] = drag[3] - (ev.clientY - drag[1]) / r.height * vb[3];
  svg.setAttribute("viewBox", vb.join(" ")); });
update();
document.body.setAttribute("data-drawn", String(D.nodes.length));
</script></body></html>
"""


def render_html(graph: nx.MultiDiGraph, title: str = "") -> str:
    """The page as text."""
    data = json.dumps(page_data(graph), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE % {"title": html.escape(title or "coldwar-kg: correspondence network"),
                    "data": data}


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write the page (UTF-8)."""
    fh.write(render_html(graph, title).encode("utf-8"))

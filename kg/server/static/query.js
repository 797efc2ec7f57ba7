// The query page: run the form's query against /sparql with fetch() and draw the results.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var base = form.getAttribute("data-base") || "";

  function el(name, text, cls) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var local = term.value.indexOf(base + "id/") === 0 ? "/id/" + term.value.slice(base.length + 3) : null;
      var a = el("a", local ? decodeURIComponent(local.slice(4)) : term.value);
      a.href = local || term.value;
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.appendChild(el("span", " @" + term["xml:lang"], "tag")); }
    }
    return td;
  }

  function table(data) {
    var vars = data.head.vars || [];
    var t = el("table", null, "results");
    var head = el("thead"), tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", v)); });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    data.results.bindings.forEach(function (row) {
      var r = el("tr");
      vars.forEach(function (v) { r.appendChild(cell(row[v])); });
      body.appendChild(r);
    });
    t.appendChild(body);
    return t;
  }

  function run() {
    var started = Date.now();
    status.textContent = "Running…";
    results.textContent = "";
    var body = new URLSearchParams();
    body.set("query", textarea.value);
    fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      var truncated = response.headers.get("KG-Truncated") === "true";
      return response.text().then(function (text) {
        var took = ((Date.now() - started) / 1000).toFixed(2) + " s";
        if (!response.ok) {
          status.textContent = "Error " + response.status + " (" + took + ")";
          results.appendChild(el("pre", text, "error"));
          return;
        }
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(text);
          if (typeof data.boolean === "boolean") {
            status.textContent = "Answer: " + (data.boolean ? "yes" : "no") + " (" + took + ")";
            return;
          }
          var n = data.results.bindings.length;
          status.textContent = n + " row" + (n === 1 ? "" : "s") + (truncated ? " (truncated)" : "") + " in " + took;
          results.appendChild(table(data));
        } else {
          status.textContent = "Graph result in " + took;
          results.appendChild(el("pre", text));
        }
      });
    }).catch(function (error) {
      status.textContent = "Request failed: " + error;
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      textarea.value = button.getAttribute("data-query");
      history.replaceState(null, "", "?example=" + encodeURIComponent(button.getAttribute("data-name")));
      run();
    });
  });
  if (form.getAttribute("data-autorun") === "true") { run(); }
}());

/* The query editor: YASGUI (served from /static/yasgui/, built by `make yasgui`) over the page's
   plain form. Examples load into the editor, results show as a table or a chart, and the address
   bar always holds a link that reruns the current query. */
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  if (!host || !window.Yasgui) return;

  var SVGNS = "http://www.w3.org/2000/svg";
  function num(b) { return b && b.type === "literal" && b.value !== "" && !isNaN(Number(b.value)); }
  function svg(tag, attrs, parent) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  // A bar chart of the first numeric column against the first other column.
  function PkChart(yasr) { this.yasr = yasr; this.priority = 8; this.label = "Chart"; }
  PkChart.prototype.pick = function () {
    var r = this.yasr.results;
    if (!r || !r.getVariables || !r.getBindings) return null;
    var vars = r.getVariables(), rows = r.getBindings();
    if (!vars || !rows || !rows.length) return null;
    var value = null, label = null;
    vars.forEach(function (v) {
      var all = rows.every(function (row) { return num(row[v]); });
      if (all && value === null) value = v;
    });
    vars.forEach(function (v) { if (v !== value && label === null) label = v; });
    return value && label ? { value: value, label: label, rows: rows.slice(0, 40) } : null;
  };
  PkChart.prototype.canHandleResults = function () { return this.pick() !== null; };
  PkChart.prototype.getIcon = function () {
    var s = document.createElement("span");
    s.textContent = "▮▮";
    return s;
  };
  PkChart.prototype.draw = function () {
    var p = this.pick(), el = this.yasr.resultsEl;
    el.textContent = "";
    if (!p) return;
    var vals = p.rows.map(function (r) { return Number(r[p.value].value); });
    var lo = Math.min(0, Math.min.apply(null, vals)), hi = Math.max(0, Math.max.apply(null, vals));
    if (hi === lo) hi = lo + 1;
    var W = 640, L = 200, R = 60, H = 22, top = 10, plot = W - L - R;
    var x = function (v) { return L + (v - lo) / (hi - lo) * plot; };
    var root = svg("svg", { viewBox: "0 0 " + W + " " + (top + H * vals.length + 10), "class": "pk-chart",
      role: "img", "aria-label": p.value + " by " + p.label });
    svg("line", { x1: x(0), x2: x(0), y1: 0, y2: top + H * vals.length, stroke: "#555" }, root);
    p.rows.forEach(function (row, i) {
      var v = vals[i], y = top + i * H, lab = row[p.label] ? row[p.label].value : "";
      var t = svg("text", { x: L - 6, y: y + 14, "text-anchor": "end", "font-size": 12, fill: "#222" }, root);
      t.textContent = lab.length > 16 ? lab.slice(0, 15) + "…" : lab;
      svg("rect", { x: Math.min(x(0), x(v)), y: y + 3, width: Math.max(1, Math.abs(x(v) - x(0))), height: H - 8,
        fill: "#0b6e4f" }, root);
      var n = svg("text", { x: Math.max(x(0), x(v)) + 4, y: y + 14, "font-size": 11, fill: "#333" }, root);
      n.textContent = String(v);
    });
    var fig = document.createElement("figure");
    fig.className = "chart";
    fig.appendChild(root);
    el.appendChild(fig);
  };
  window.Yasgui.Yasr.registerPlugin("pkchart", PkChart);

  var params = new URLSearchParams(window.location.search);
  var form = document.getElementById("plain-query");
  var initial = form.querySelector("textarea").value;
  document.body.classList.add("has-yasgui");
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: host.getAttribute("data-endpoint"), method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    showTabs: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
    yasr: { pluginOrder: ["table", "pkchart", "response"], defaultPlugin: "table" }
  });
  var tab = yasgui.getTab();
  tab.setQuery(initial);

  function share(q) {
    var url = window.location.pathname + "?" + new URLSearchParams({ query: q, run: "1" }).toString();
    window.history.replaceState(null, "", url);
  }
  tab.on("query", function () { share(tab.getQuery()); });
  document.querySelectorAll("[data-query-id]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var q = new URL(a.href, window.location.href).searchParams.get("query");
      tab.setQuery(q);
      tab.query();
      host.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  if (params.get("run")) tab.query();
})();

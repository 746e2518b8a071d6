/* plankg site: small enhancements; every page works without this file. */
(function () {
  "use strict";

  function norm(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9\u3400-\u9fff]/g, "");
  }

  // Class indexes: filter the table as one types (the form still works without script).
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.querySelector(input.getAttribute("data-filter"));
    if (!table) return;
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "small";
    table.parentNode.parentNode.insertBefore(status, table.parentNode);
    input.addEventListener("input", function () {
      var q = norm(input.value), shown = 0, rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var hay = rows[i].getAttribute("data-search");
        if (hay === null) continue;
        var ok = !q || hay.indexOf(q) >= 0;
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      status.textContent = q ? shown + " / " + rows.length : "";
    });
  });

  // Report reader: tooltips stay inside the window; Escape hides them; nested marks open their page;
  // on touch screens the first tap shows what the KG says and the second opens it.
  var reader = document.querySelector(".reader .text");
  if (!reader) return;
  var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  function place(wrap) {
    var tip = wrap.querySelector(":scope > .tip");
    if (!tip) return;
    tip.classList.remove("left");
    var r = tip.getBoundingClientRect();
    if (r.right > document.documentElement.clientWidth - 8) tip.classList.add("left");
  }
  reader.addEventListener("mouseover", function (ev) {
    var w = ev.target.closest(".hlw");
    if (w) place(w);
  });
  reader.addEventListener("focusin", function (ev) {
    var w = ev.target.closest(".hlw");
    if (w) { w.classList.remove("closed"); place(w); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      var open = reader.querySelectorAll(".hlw.open");
      open.forEach(function (w) { w.classList.remove("open"); });
      if (document.activeElement && document.activeElement.closest(".hlw")) document.activeElement.blur();
    }
  });
  reader.addEventListener("click", function (ev) {
    var hl = ev.target.closest(".hl");
    if (!hl) return;
    var wrap = hl.parentNode;
    if (coarse && !wrap.classList.contains("open")) {
      ev.preventDefault();
      reader.querySelectorAll(".hlw.open").forEach(function (w) { w.classList.remove("open"); });
      wrap.classList.add("open");
      place(wrap);
      return;
    }
    if (hl.tagName !== "A" && hl.getAttribute("data-href") && ev.target.closest("a") === null) {
      window.location.href = hl.getAttribute("data-href");
    }
  });
  reader.addEventListener("keydown", function (ev) {
    var hl = ev.target.closest && ev.target.closest("span.hl[data-href]");
    if (hl && ev.key === "Enter") window.location.href = hl.getAttribute("data-href");
  });

  // Legend toggles: show only targets, or hide entity marks.
  var legend = document.getElementById("legend");
  var article = document.querySelector("article.reader");
  if (legend && article) {
    [["only-plan", "只看计划目标 Only targets"], ["hide-e", "隐藏实体 Hide named things"]].forEach(function (t) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.addEventListener("change", function () { article.classList.toggle(t[0], box.checked); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + t[1]));
      var p = document.createElement("p");
      p.appendChild(label);
      legend.appendChild(p);
    });
  }
})();

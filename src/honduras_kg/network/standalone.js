// The exported graph view: one file, no server. It filters and searches the data it
// carries (the #graph-data element), and sets every text from the graph with textContent.
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const $ = (id) => document.getElementById(id);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const shown = { types: new Set(), modalities: new Set() };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function dateKept(edge) {
    const from = $("date-from").value;
    const to = $("date-to").value;
    if (!edge.date) return true;  // most claims carry no date of their own
    return !(from && edge.date.slice(0, from.length) < from) &&
      !(to && edge.date.slice(0, to.length) > to);
  }

  const nodeView = new vis.DataView(nodes, { filter: (node) => shown.types.has(node.type) });
  const edgeView = new vis.DataView(edges, {
    filter: (edge) => (!edge.modality || shown.modalities.has(edge.modality)) &&
      !(edge.unattributed && !$("unattributed").checked) && dateKept(edge),
  });
  const network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, data.options);
  // Hold the layout still once it has settled, as the web view does.
  network.once("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));

  function checkboxes(target, values, set) {
    for (const value of values) {
      set.add(value);
      const box = el("input", null, { type: "checkbox", value: value });
      box.checked = true;
      box.addEventListener("change", () => {
        if (box.checked) set.add(value); else set.delete(value);
        refresh();
      });
      const label = el("label");
      label.append(box, " " + value);
      target.append(label);
    }
  }

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("status").textContent = nodeView.length + " nodes, " + edgeView.length + " edges.";
  }

  function line(tag, text) {
    const node = el(tag, text);
    $("panel").append(node);
    return node;
  }

  function showEdge(edge) {
    const notes = [edge.modality, edge.unattributed ? "unattributed" : null, edge.date,
      edge.negated ? "negated" : null].filter(Boolean);
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    line("h3", (from ? from.label : "") + " — " + edge.label + " → " + (to ? to.label : "") +
      (notes.length ? " (" + notes.join(", ") + ")" : ""));
    if (edge.attributed_to_label) line("p", "Attributed to " + edge.attributed_to_label);
    for (const quote of edge.quotes || []) line("blockquote", quote);
    if (edge.source_label) line("p", "Source: " + edge.source_label);
  }

  function showNode(id) {
    const node = nodes.get(id);
    if (!node) return;
    line("h2", node.label);
    line("p", node.type);
    if (node.description) line("p", node.description);
    for (const edge of edgeView.get()) {
      if (edge.from === id || edge.to === id) showEdge(edge);
    }
    for (const claim of node.facts || []) {
      line("h3", claim.predicate_label + ": " + (claim.value || "") +
        (claim.modality ? " (" + claim.modality + ")" : ""));
      if (claim.attributed_to) line("p", "Attributed to " + claim.attributed_to.label);
      for (const quote of claim.quotes || []) line("blockquote", quote);
      for (const source of claim.sources || []) line("p", "Source: " + source.label);
    }
  }

  network.on("click", (event) => {
    $("panel").replaceChildren();
    if (event.nodes.length) showNode(event.nodes[0]);
    else if (event.edges.length) showEdge(edges.get(event.edges[0]));
  });

  $("find").addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = fold($("search").value.trim());
    const hit = wanted && nodeView.get().find((node) => fold(node.label).includes(wanted));
    $("panel").replaceChildren();
    if (!hit) {
      line("p", "No node in this view matches that name.");
      return;
    }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: Math.max(network.getScale(), 0.75), animation: false });
    showNode(hit.id);
  });

  for (const id of ["unattributed", "date-from", "date-to"]) $(id).addEventListener("change", refresh);
  checkboxes($("types"), [...new Set(data.nodes.map((node) => node.type))].sort(), shown.types);
  checkboxes($("modalities"),
    [...new Set(data.edges.map((edge) => edge.modality).filter(Boolean))].sort(), shown.modalities);
  for (const item of data.legend) {
    const entry = el("li");
    const swatch = el("span", null, { class: "swatch" });
    swatch.style.background = item.color;
    entry.append(swatch, item.label + (item.kind === "edge" && item.dashes ? " (dashed)" : ""));
    $("legend").append(entry);
  }
  refresh();
})();

// The graph view: draws /api/graph with vis-network. Every text from the graph is set
// with textContent (or drawn by vis on its canvas), never parsed as HTML.
"use strict";

(function () {
  const PARAMS = ["focus", "depth", "from", "to", "types", "modalities", "sources",
    "date_from", "date_to", "hide"];
  const TYPES = ["person", "state", "organisation", "group", "place", "base", "region",
    "event", "plan", "topic", "position", "statement", "source", "other"];
  const $ = (id) => document.getElementById(id);
  let network = null;
  let data = null;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  function link(href, text) {
    return el("a", text, { href: href });
  }

  function safeHref(iri) {
    return /^https?:\/\//.test(iri || "") ? iri : "#";
  }

  function localId(iri) {
    const parts = String(iri || "").split(/[/#]/);
    return parts[parts.length - 1];
  }

  function currentParams() {
    const url = new URLSearchParams(window.location.search);
    const params = {};
    for (const name of PARAMS) {
      if (url.get(name)) params[name] = url.get(name);
    }
    return params;
  }

  function setParams(params) {
    const url = new URLSearchParams();
    for (const name of PARAMS) {
      if (params[name]) url.set(name, params[name]);
    }
    const query = url.toString();
    window.history.replaceState(null, "", query ? "/graph?" + query : "/graph");
  }

  function hiddenSet(params) {
    const hide = params.hide === undefined ? "statements,sources" : params.hide;
    return new Set(hide.split(",").filter(Boolean));
  }

  function readControls() {
    const params = currentParams();
    const hide = [];
    if (!$("graph-statements").checked) hide.push("statements");
    if (!$("graph-sources").checked) hide.push("sources");
    if (!$("graph-unattributed").checked) hide.push("unattributed");
    params.hide = hide.length ? hide.join(",") : ",";
    const types = Array.from(document.querySelectorAll("#graph-types input:checked"))
      .map((box) => box.value);
    params.types = types.length === TYPES.length ? "" : types.join(",");
    params.sources = $("graph-source").value.trim();
    params.date_from = $("graph-date-from").value;
    params.date_to = $("graph-date-to").value;
    return params;
  }

  function writeControls(params) {
    const hidden = hiddenSet(params);
    $("graph-statements").checked = !hidden.has("statements");
    $("graph-sources").checked = !hidden.has("sources");
    $("graph-unattributed").checked = !hidden.has("unattributed");
    const types = params.types ? new Set(params.types.split(",")) : null;
    for (const box of document.querySelectorAll("#graph-types input")) {
      box.checked = !types || types.has(box.value);
    }
    $("graph-source").value = params.sources || "";
    $("graph-date-from").value = params.date_from || "";
    $("graph-date-to").value = params.date_to || "";
  }

  function buildTypeBoxes() {
    const box = $("graph-types");
    for (const type of TYPES) {
      const label = el("label");
      const input = el("input", null, { type: "checkbox", value: type });
      input.checked = true;
      label.append(input, " " + type);
      box.append(label);
    }
  }

  async function load(params) {
    setParams(params);
    const query = new URLSearchParams(params).toString();
    $("graph-status").textContent = "Loading…";
    const response = await fetch("/api/graph?" + query, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      $("graph-status").textContent = body.detail ? String(body.detail) : "Could not load the graph.";
      return;
    }
    data = body;
    draw(params);
  }

  function draw(params) {
    const nodes = data.nodes.map((node) => Object.assign({}, node, node.highlighted
      ? { borderWidth: 5, color: { background: node.color, border: "#000000" } } : {}));
    const pathPairs = new Set();
    if (data.path && data.path.nodes.length) {
      const ids = data.path.nodes;
      for (let i = 0; i + 1 < ids.length; i += 1) {
        pathPairs.add(ids[i] + " " + ids[i + 1]);
        pathPairs.add(ids[i + 1] + " " + ids[i]);
      }
    }
    const edges = data.edges.map((edge) => Object.assign({}, edge,
      pathPairs.has(edge.from + " " + edge.to) ? { width: 5, onPath: true } : {}));
    const container = $("graph-canvas");
    if (network) network.destroy();
    network = new vis.Network(container, {
      nodes: new vis.DataSet(nodes),
      edges: new vis.DataSet(edges),
    }, data.options);
    network.on("click", onClick);
    container.dataset.nodes = String(nodes.length);
    container.dataset.edges = String(edges.length);
    container.dataset.pathEdges = String(edges.filter((e) => e.onPath).length);
    $("graph-status").textContent = nodes.length + " nodes, " + edges.length + " edges.";
    if (data.path) showPath();
    else if (params.focus) selectEntity(params.focus);
  }

  function nodeByEntity(id) {
    return data.nodes.find((node) => node.entity === id || node.id === id);
  }

  function selectEntity(id) {
    const node = nodeByEntity(id);
    if (!node) return false;
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: 1.2, animation: false });
    showNode(node.id);
    return true;
  }

  function onClick(event) {
    if (event.nodes.length) showNode(event.nodes[0]);
    else if (event.edges.length) showEdge(event.edges[0]);
  }

  function evidence(edge) {
    const item = el("li");
    const from = data.nodes.find((n) => n.id === edge.from);
    const to = data.nodes.find((n) => n.id === edge.to);
    item.append(el("strong", (from ? from.label : "") + " — " + edge.label + " → " +
      (to ? to.label : "")));
    const notes = [edge.modality, edge.unattributed ? "unattributed" : null, edge.date,
      edge.negated ? "negated" : null].filter(Boolean);
    if (notes.length) item.append(el("span", " (" + notes.join(", ") + ")", { class: "note" }));
    for (const quote of edge.quotes || []) item.append(el("blockquote", quote));
    if (edge.source_iri) {
      const source = el("p", "Source: ");
      source.append(link("/source/" + encodeURIComponent(localId(edge.source_iri)),
        edge.source_label || localId(edge.source_iri)));
      item.append(source);
    }
    return item;
  }

  function showNode(nodeId) {
    const node = data.nodes.find((n) => n.id === nodeId);
    const panel = $("graph-panel");
    panel.replaceChildren();
    if (!node) return;
    panel.append(el("h3", node.label), el("p", node.type, { class: "kind" }));
    if (node.description) panel.append(el("p", node.description));
    const links = el("p");
    links.append(link("/id/" + encodeURIComponent(node.entity), "Page"), " · ",
      link("/api/entities/" + encodeURIComponent(node.entity), "JSON"), " · ",
      link("/graph?focus=" + encodeURIComponent(node.entity) + "&depth=1", "Focus here"));
    panel.append(links);
    const wikidata = el("p");
    panel.append(wikidata);
    fetchWikidata(node.entity, wikidata);
    const list = el("ul", null, { class: "graph-evidence" });
    for (const edge of data.edges) {
      if (edge.from === nodeId || edge.to === nodeId) list.append(evidence(edge));
    }
    panel.append(el("h4", "Relations"), list);
  }

  async function fetchWikidata(id, target) {
    const response = await fetch("/api/entities/" + encodeURIComponent(id));
    if (!response.ok) return;
    const body = await response.json();
    const same = [].concat(body.wikidata || [], body.same_as || []);
    const wikidata = same.find((iri) => /^https?:\/\/www\.wikidata\.org\//.test(String(iri)));
    if (wikidata) target.append(link(safeHref(String(wikidata)), "Wikidata"));
  }

  function showEdge(edgeId) {
    const edge = data.edges.find((e) => e.id === edgeId);
    const panel = $("graph-panel");
    panel.replaceChildren();
    if (!edge) return;
    const list = el("ul", null, { class: "graph-evidence" });
    list.append(evidence(edge));
    panel.append(el("h3", edge.label), list);
    if (edge.claim) panel.append(link("/claim/" + encodeURIComponent(localId(edge.claim)),
      "The claim's page"));
  }

  function showPath() {
    const panel = $("graph-panel");
    panel.replaceChildren(el("h3", "Path"));
    if (!data.path.nodes.length) {
      panel.append(el("p", data.path.reason || "No path."));
      return;
    }
    const list = el("ol", null, { class: "graph-path" });
    for (const hop of data.path.hops) {
      const item = el("li");
      item.append(el("strong", hop.start.label + " → " + hop.end.label));
      for (const relation of hop.relations) {
        const claim = relation.claim;
        item.append(el("p", relation.label + (claim.modality ? " (" + claim.modality + ")" : "")));
        for (const quote of claim.quotes || []) item.append(el("blockquote", quote));
        for (const source of claim.sources || []) item.append(el("p", "Source: " + source.label));
      }
      list.append(item);
    }
    panel.append(list);
    network.selectNodes(data.path.nodes.filter((iri) => nodeByEntity(iri)));
  }

  function drawLegend() {
    const legend = $("graph-legend");
    legend.replaceChildren();
    for (const item of data.legend) {
      const entry = el("li");
      const swatch = el("span", null, { class: item.kind === "edge" ? "swatch line" : "swatch" });
      if (item.kind === "edge") {
        swatch.style.borderTopColor = item.color;
        swatch.style.borderTopStyle = item.dashes ? "dashed" : "solid";
      } else {
        swatch.style.backgroundColor = item.color;
      }
      entry.append(swatch, item.kind === "node" ? item.label + " (" + item.shape + ")" : item.label);
      legend.append(entry);
    }
  }

  async function search(event) {
    event.preventDefault();
    const q = $("graph-search").value.trim();
    if (!q) return;
    const response = await fetch("/api/search?limit=1&q=" + encodeURIComponent(q));
    const body = response.ok ? await response.json() : { results: [] };
    const hit = (body.results || [])[0];
    if (!hit) {
      $("graph-status").textContent = "No entity matches that name.";
      return;
    }
    const params = Object.assign(currentParams(), { focus: hit.id });
    setParams(params);
    if (!selectEntity(hit.id)) await load(params);
  }

  async function start() {
    buildTypeBoxes();
    const params = currentParams();
    writeControls(params);
    $("graph-controls").addEventListener("submit", search);
    for (const input of document.querySelectorAll("#graph-controls input:not([type=search])")) {
      input.addEventListener("change", () => load(readControls()));
    }
    $("graph-reset").addEventListener("click", () => {
      writeControls({});
      load({});
    });
    await load(params);
    if (data) drawLegend();
  }

  document.addEventListener("DOMContentLoaded", start);
})();

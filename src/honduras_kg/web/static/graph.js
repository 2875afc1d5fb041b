// The graph view: draws /api/graph with vis-network. Every text from the graph is set
// with textContent (or drawn by vis on its canvas), never parsed as HTML.
// The URL holds the whole view (what /api/graph is asked, plus the selected node), so a
// view is shared by sharing its link.
"use strict";

(function () {
  // What /api/graph is asked; "select" and "path_from" only live in the page.
  const FETCHED = ["focus", "depth", "from", "to", "types", "modalities", "sources",
    "date_from", "date_to", "hide", "size_by"];
  const PARAMS = FETCHED.concat(["select"]);
  const DEFAULT_HIDE = "statements,sources";
  const $ = (id) => document.getElementById(id);
  let network = null;
  let data = null;
  let pathFrom = null;

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

  function viewUrl(params) {
    const url = new URLSearchParams();
    for (const name of PARAMS) {
      if (params[name]) url.set(name, params[name]);
    }
    const query = url.toString();
    return query ? "/graph?" + query : "/graph";
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
    const href = viewUrl(params);
    window.history.replaceState(null, "", href);
    $("graph-link").setAttribute("href", href);
    $("graph-download").setAttribute("href", "/graph/download?" + apiQuery(params));
  }

  // What /api/graph (and /graph/download) is asked for this view.
  function apiQuery(params) {
    const query = new URLSearchParams();
    for (const name of FETCHED) {
      if (params[name]) query.set(name, params[name]);
    }
    return query.toString();
  }

  function updateParam(name, value) {
    const params = currentParams();
    if (value) params[name] = value;
    else delete params[name];
    setParams(params);
  }

  function hiddenSet(params) {
    const hide = params.hide || DEFAULT_HIDE;  // "," shows everything
    return new Set(hide.split(",").filter(Boolean));
  }

  // A comma-separated list of the checked boxes, or "" when all are (no filter).
  function checkedList(name) {
    const boxes = Array.from(document.querySelectorAll("input[name=" + name + "]"));
    const checked = boxes.filter((box) => box.checked).map((box) => box.value);
    $("graph-" + name + "-count").textContent =
      checked.length === boxes.length ? "(all)" : "(" + checked.length + " of " + boxes.length + ")";
    return checked.length === boxes.length ? "" : checked.join(",") || "none";
  }

  function checkList(name, value) {
    const wanted = value ? new Set(value.split(",")) : null;
    for (const box of document.querySelectorAll("input[name=" + name + "]")) {
      box.checked = !wanted || wanted.has(box.value);
    }
    checkedList(name);
  }

  function readControls() {
    const params = currentParams();
    const hide = [];
    if (!$("graph-statements").checked) hide.push("statements");
    if (!$("graph-sources").checked) hide.push("sources");
    if (!$("graph-unattributed").checked) hide.push("unattributed");
    params.hide = hide.join(",") === DEFAULT_HIDE ? "" : hide.join(",") || ",";
    params.types = checkedList("types");
    params.modalities = checkedList("modalities");
    params.sources = $("graph-source").value;
    params.date_from = $("graph-date-from").value;
    params.date_to = $("graph-date-to").value;
    params.size_by = $("graph-size-by").value === "degree" ? "" : $("graph-size-by").value;
    params.depth = params.focus && $("graph-depth").value !== "1" ? $("graph-depth").value : "";
    return params;
  }

  function writeControls(params) {
    const hidden = hiddenSet(params);
    $("graph-statements").checked = !hidden.has("statements");
    $("graph-sources").checked = !hidden.has("sources");
    $("graph-unattributed").checked = !hidden.has("unattributed");
    checkList("types", params.types);
    checkList("modalities", params.modalities);
    $("graph-source").value = params.sources || "";
    $("graph-date-from").value = params.date_from || "";
    $("graph-date-to").value = params.date_to || "";
    $("graph-size-by").value = params.size_by || "degree";
    $("graph-depth").value = params.depth || "1";
    $("graph-depth").disabled = !params.focus;
  }

  function request(params) {
    return fetch("/api/graph?" + apiQuery(params), { headers: { Accept: "application/json" } })
      .then(async (response) => ({ ok: response.ok, body: await response.json().catch(() => ({})) }))
      .catch(() => ({ ok: false, body: {} }));
  }

  function nothingChecked(params) {
    return params.types === "none" || params.modalities === "none";
  }

  // The first view's data is asked for as soon as this script runs, while vis-network loads.
  const firstParams = currentParams();
  const firstAnswer = nothingChecked(firstParams) ? null : request(firstParams);
  let latest = 0;

  async function load(params, pending) {
    const ticket = ++latest;
    setParams(params);
    writeControls(params);
    if (nothingChecked(params)) {
      data = Object.assign({ options: {}, legend: [] }, data, { nodes: [], edges: [], path: null });
      return draw(params);
    }
    $("graph-status").textContent = "Loading…";
    const answer = await (pending || request(params));
    if (ticket !== latest) return;  // a newer view was asked for meanwhile
    if (!answer.ok) {
      const detail = answer.body.detail;
      $("graph-status").textContent = detail ? String(detail) : "Could not load the graph.";
      return;
    }
    data = answer.body;
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
    const pathClaims = new Set((data.path && data.path.claims) || []);
    const edges = data.edges.map((edge) => Object.assign({}, edge,
      pathPairs.has(edge.from + " " + edge.to) || pathClaims.has(edge.claim)
        ? { width: 5, onPath: true } : {}));
    const container = $("graph-canvas");
    container.removeAttribute("data-ready");
    if (network) network.destroy();
    // Fit once the layout settles, then point at the selection: vis would fit over it.
    const options = JSON.parse(JSON.stringify(data.options));
    const physics = options.physics && options.physics.enabled;
    if (physics) options.physics.stabilization = Object.assign({}, options.physics.stabilization, { fit: false });
    network = new vis.Network(container, {
      nodes: new vis.DataSet(nodes),
      edges: new vis.DataSet(edges),
    }, options);
    network.on("click", onClick);
    container.dataset.nodes = String(nodes.length);
    container.dataset.edges = String(edges.length);
    container.dataset.pathEdges = String(edges.filter((e) => e.onPath).length);
    status(params);
    const settled = () => {
      // Hold the layout still from here: a drifting graph moves the selection off centre.
      if (physics) network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      if (data.path) showPath();
      else if (!(params.select && selectEntity(params.select)) && params.focus) {
        selectEntity(params.focus);
      }
      network.once("afterDrawing", () => { container.dataset.ready = "true"; });
      network.redraw();
    };
    if (physics && nodes.length) network.once("stabilizationIterationsDone", settled);
    else settled();
  }

  function status(params) {
    let text = data.nodes.length + " nodes, " + data.edges.length + " edges";
    if (params.focus) {
      const node = nodeByEntity(params.focus);
      text += " around " + (node ? node.label : params.focus) + " (depth " + (params.depth || 1) + ")";
    }
    if (data.path && !data.path.nodes.length) text += "; no path: " + (data.path.reason || "");
    $("graph-status").textContent = text + ".";
  }

  function nodeByEntity(id) {
    return data.nodes.find((node) => node.entity === id || node.id === id);
  }

  function selectEntity(id) {
    const node = nodeByEntity(id);
    if (!node) return false;
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 0.75), animation: false });
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
    if (edge.attributed_to_label) item.append(el("p", "Attributed to " + edge.attributed_to_label));
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
    updateParam("select", node.entity);
    panel.append(el("h3", node.label), el("p", node.type, { class: "kind" }));
    if (node.description) panel.append(el("p", node.description));
    const id = encodeURIComponent(node.entity);
    const links = el("p");
    links.append(link("/id/" + id, "Page"), " · ", link("/api/entities/" + id, "JSON"), " · ",
      link("/graph?focus=" + id, "Focus here"));
    panel.append(links);
    const wikidata = el("p");
    panel.append(wikidata);
    if (!["statement", "source"].includes(node.type)) {
      fetchWikidata(node.entity, wikidata);
      panel.append(pathLinks(node));
    }
    const list = el("ul", null, { class: "graph-evidence" });
    for (const edge of data.edges) {
      if (edge.from === nodeId || edge.to === nodeId) list.append(evidence(edge));
    }
    panel.append(el("h4", "Relations"), list);
    if (node.facts && node.facts.length) {
      const facts = el("ul", null, { class: "graph-evidence" });
      for (const claim of node.facts) {
        const item = el("li");
        item.append(el("strong", claim.predicate_label + ": " + (claim.value || "")));
        claimDetails(item, claim);
        facts.append(item);
      }
      panel.append(el("h4", "Facts"), facts);
    }
  }

  // A claim of /api/graph's `facts` or `path`: modality, date, quotes and sources.
  function claimDetails(item, claim) {
    const notes = [claim.modality, claim.standing === "unattributed" ? "unattributed" : null,
      claim.date ? claim.date.value || claim.date.text : null,
      claim.negated ? "negated" : null].filter(Boolean);
    if (notes.length) item.append(el("span", " (" + notes.join(", ") + ")", { class: "note" }));
    if (claim.attributed_to) item.append(el("p", "Attributed to " + claim.attributed_to.label));
    for (const quote of claim.quotes || []) item.append(el("blockquote", quote));
    for (const source of claim.sources || []) {
      const line = el("p", "Source: ");
      line.append(link("/source/" + encodeURIComponent(source.id), source.label));
      item.append(line);
    }
  }

  // "Explain a connection": pick one end, then the other.
  function pathLinks(node) {
    const box = el("p");
    if (pathFrom && pathFrom.entity !== node.entity) {
      box.append(link("/graph?from=" + encodeURIComponent(pathFrom.entity) + "&to=" +
        encodeURIComponent(node.entity), "Explain the connection from " + pathFrom.label));
      box.append(" · ");
    }
    const start = el("button", "Start a path here", { type: "button", class: "link" });
    start.addEventListener("click", () => {
      pathFrom = node;
      start.replaceWith(el("span", "Now click the other end.", { class: "note" }));
    });
    box.append(start);
    return box;
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
    updateParam("select", "");
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
        const line = el("p", relation.label);
        claimDetails(line, relation.claim);
        item.append(line);
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

  async function searchNames(q, limit) {
    const response = await fetch("/api/search?limit=" + limit + "&q=" + encodeURIComponent(q));
    return response.ok ? ((await response.json()).results || []) : [];
  }

  async function find(event) {
    event.preventDefault();
    const q = $("graph-search").value.trim();
    if (!q) return;
    const hit = (await searchNames(q, 1))[0];
    if (!hit) {
      $("graph-status").textContent = "No entity matches that name.";
      return;
    }
    if (data && selectEntity(hit.id)) return;
    // Not in this view: draw its neighbourhood instead.
    await load({ focus: hit.id, select: hit.id });
  }

  let suggesting = null;
  function suggest() {
    clearTimeout(suggesting);
    suggesting = setTimeout(async () => {
      const q = $("graph-search").value.trim();
      const list = $("graph-names");
      if (q.length < 2) return list.replaceChildren();
      list.replaceChildren(...(await searchNames(q, 8)).map((hit) => el("option", null,
        { value: hit.label })));
    }, 150);
  }

  async function start() {
    const params = firstParams;
    $("graph-controls").addEventListener("submit", find);
    $("graph-search").addEventListener("input", suggest);
    for (const input of document.querySelectorAll(
      "#graph-controls input:not([type=search]), #graph-controls select")) {
      input.addEventListener("change", () => load(readControls()));
    }
    $("graph-reset").addEventListener("click", () => load({}));
    await load(params, firstAnswer);
    if (data) drawLegend();
  }

  document.addEventListener("DOMContentLoaded", start);
})();

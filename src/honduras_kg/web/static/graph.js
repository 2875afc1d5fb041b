// The graph view: draws /api/graph with vis-network. One network and one pair of DataSets
// live as long as the page: a filter, an expansion or a hidden node updates them, so the
// nodes that stay keep their places and the reader keeps their mental map.
// graph-controls.js keeps the view in the URL, graph-panel.js writes what is beside the
// canvas, graph-layout.js places nodes. Every text from the graph is set as text.
import { $, el, getJSON, link } from "/static/site.js";
import { placeNear, readableZoom, separate } from "/static/graph-layout.js";
import * as panel from "/static/graph-panel.js";
import { FETCHED, currentParams, datesRefusal, entityId, readControls, savePng, searchNames, setParams,
  suggest, updateParam, writeControls } from "/static/graph-controls.js";

const EDGE_LABEL_SCALE = 1;  // from here every edge is labelled; the selection's always are
const DIM = 0.18;

const state = {
  network: null,
  nodes: null,
  edges: null,
  answer: null,          // the last /api/graph answer, with expansions merged in
  expanded: new Set(),   // entity ids whose neighbours the reader asked for
  hidden: new Map(),     // node id -> label, hidden by the reader
  pinned: new Set(),     // node ids the reader fixed in place
  fresh: new Set(),      // nodes the last update added
  selected: null,
  fontPx: 14,
  ticket: 0,
};

function request(params) {
  return getJSON("/api/graph?" + new URLSearchParams(
    Object.fromEntries(FETCHED.filter((n) => params[n]).map((n) => [n, params[n]]))));
}

/** The view and every expansion the reader asked for, merged into one answer. */
async function fetchView(params, pending) {
  const expansions = [...state.expanded].map((id) => request(Object.assign({}, params,
    { focus: id, depth: "", from: "", to: "", limit: "" })).catch(() => null));
  const [main, ...more] = await Promise.all([pending || request(params), ...expansions]);
  const nodes = new Map(main.nodes.map((n) => [n.id, n]));
  const edges = new Map(main.edges.map((e) => [e.id, e]));
  for (const extra of more.filter(Boolean)) {
    for (const node of extra.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
    for (const edge of extra.edges) if (!edges.has(edge.id)) edges.set(edge.id, edge);
  }
  return Object.assign({}, main, { nodes: [...nodes.values()], edges: [...edges.values()] });
}

function nothingChecked(params) {
  return params.types === "none" || params.modalities === "none";
}

// The first view's data is asked for as soon as this module runs, while vis-network loads.
const firstParams = currentParams();
const firstAnswer = nothingChecked(firstParams) ? null : request(firstParams);
firstAnswer?.catch(() => null);  // reported by load(), not as an unhandled rejection

async function load(params, pending) {
  const ticket = ++state.ticket;
  $("graph-canvas").removeAttribute("data-ready");  // the view on screen is no longer the one asked for
  setParams(params);
  writeControls(params);
  let answer = { nodes: [], edges: [], legend: [], options: {}, path: null, more: 0 };
  if (!nothingChecked(params)) {
    $("graph-status").textContent = "Loading…";
    try {
      answer = await fetchView(params, pending);
    } catch (error) {
      if (ticket === state.ticket) $("graph-status").textContent = error.message;
      return;
    }
  }
  if (ticket !== state.ticket) return;  // a newer view was asked for meanwhile
  state.answer = answer;
  if (answer.legend.length) panel.drawLegend(answer.legend);
  show(params);
}

/** Which nodes the canvas draws: those with an edge, less the hidden; the rest are listed. */
function prune(answer, params) {
  const keep = (id) => !state.hidden.has(id);
  const edges = answer.edges.filter((e) => keep(e.from) && keep(e.to));
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  const centre = nodeByEntity(params.focus, answer.nodes);
  if (centre && keep(centre.id)) linked.add(centre.id);
  const drawn = answer.nodes.filter((n) => linked.has(n.id));
  const isolated = answer.nodes.filter((n) => !linked.has(n.id) && keep(n.id));
  return { drawn, edges, isolated };
}

function nodeByEntity(id, nodes) {
  return id ? (nodes || state.nodes.get()).find((n) => n.entity === id || n.id === id) : null;
}

function asNode(node) {
  const item = Object.assign({}, node, { baseColor: node.color, baseFont: node.font || {} });
  if (node.highlighted) Object.assign(item, { borderWidth: 4, color: { background: node.color, border: "#000000" } });
  return Object.assign(item, pinStyle(state.pinned.has(node.id)));
}

function pinStyle(pinned) {
  return { fixed: pinned, shapeProperties: { borderDashes: pinned ? [4, 3] : false },
    borderWidth: pinned ? 3 : 1 };
}

/** Whether an edge is on the answer's path: it joins two nodes in a row of the path, or
 * it is one of the path's claims (an argument's ends need not have an edge between them). */
function onPathTest(answer) {
  const pairs = new Set();
  const ids = answer.path ? answer.path.nodes : [];
  for (let i = 0; i + 1 < ids.length; i += 1) pairs.add(ids[i] + " " + ids[i + 1]).add(ids[i + 1] + " " + ids[i]);
  const claims = new Set((answer.path && answer.path.claims) || []);
  return (edge) => pairs.has(edge.from + " " + edge.to) || claims.has(edge.claim);
}

function asEdge(edge, onPath) {
  return Object.assign({}, edge, { relation: edge.label, label: "", baseColor: edge.color,
    color: { color: edge.color, opacity: 1 }, width: onPath ? 5 : 1, onPath });
}

function show(params) {
  const { drawn, edges, isolated } = prune(state.answer, params);
  const onPath = onPathTest(state.answer);
  const nodes = drawn.map(asNode);
  const links = edges.map((e) => asEdge(e, onPath(e)));
  const first = !state.network;
  if (first) createNetwork(nodes, links);
  else updateNetwork(nodes, links);
  // Unlinked under these filters, so their neighbours would not show either: their pages.
  panel.drawNameList("isolated", isolated, (n) => link("/id/" + encodeURIComponent(n.entity), n.label));
  panel.drawNameList("hidden", [...state.hidden].map(([id, label]) => ({ id, label })),
    (n) => nodeButton(n, "Show again", unhide));
  panel.drawEdgeTable(state.edges.get(), labelOf);
  status(params, isolated.length);
  settle(params, first, nodes.map((n) => n.id));
}

function nodeButton(node, verb, action) {
  const button = el("button", node.label, { type: "button", class: "link", title: verb });
  button.addEventListener("click", () => action(node));
  return button;
}

function createNetwork(nodes, links) {
  state.nodes = new vis.DataSet(nodes);
  state.edges = new vis.DataSet(links);
  const options = JSON.parse(JSON.stringify(state.answer.options || {}));
  state.fontPx = (((options.nodes || {}).font || {}).size) || 14;
  if (options.physics && options.physics.stabilization) options.physics.stabilization.fit = false;
  const container = $("graph-canvas");
  state.network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, options);
  container.graphView = state;  // for the browser tests and the console: the live network
  const network = state.network;
  network.on("click", onClick);
  network.on("hoverNode", (event) => panel.showHover(state.nodes.get(event.node),
    network.getConnectedEdges(event.node).length, event.pointer.DOM));
  for (const name of ["blurNode", "dragStart", "zoom"]) network.on(name, panel.hideHover);
  network.on("zoom", labelEdges);
}

function updateNetwork(nodes, links) {
  const placed = state.network.getPositions();
  const wanted = new Set(nodes.map((n) => n.id));
  state.nodes.remove(state.nodes.getIds().filter((id) => !wanted.has(id)));
  state.edges.clear();
  const fresh = nodes.filter((n) => !placed[n.id]).map((n) => n.id);
  const where = placeNear(fresh, links, placed);
  for (const node of nodes) {
    if (placed[node.id]) {  // it stays where the reader saw it
      delete node.x;
      delete node.y;
    } else Object.assign(node, where[node.id]);
  }
  state.nodes.update(nodes);
  state.edges.add(links);
  state.fresh = new Set(fresh);
}

/** Let physics place the nodes just added, the others held where they are. */
function layOutFresh(done) {
  const hold = (fresh) => state.nodes.update(state.nodes.getIds().map((id) =>
    ({ id, fixed: state.pinned.has(id) || !fresh.has(id) })));
  hold(state.fresh);
  state.network.once("stabilizationIterationsDone", () => {
    state.network.setOptions({ physics: { enabled: false } });
    hold(new Set(state.nodes.getIds().filter((id) => !state.pinned.has(id))));
    done();
  });
  state.network.setOptions({ physics: { enabled: true } });
  state.network.stabilize(120);
}

/** After drawing: hold the layout still, push labels apart, and zoom so they can be read. */
function settle(params, first, ids) {
  const network = state.network;
  const container = $("graph-canvas");
  container.removeAttribute("data-ready");
  const tidy = () => network.once("afterDrawing", () => {
    const movable = first ? new Set(ids.filter((id) => !state.pinned.has(id))) : state.fresh;
    const seen = { position: network.getViewPosition(), scale: network.getScale(), animation: false };
    withEveryBoxMeasured(network, () => separate(network, ids, movable));
    if (first || state.refit) {
      const centre = nodeByEntity(params.select || params.focus);
      readableZoom(network, state.fontPx, centre && centre.id, state.refit);
      state.refit = null;
    } else network.moveTo(seen);  // the reader's zoom, as it was
    afterSettled(params, first);
    network.once("afterDrawing", () => {
      container.dataset.nodes = String(state.nodes.length);
      container.dataset.edges = String(state.edges.length);
      container.dataset.pathEdges = String(state.edges.get().filter((e) => e.onPath).length);
      container.dataset.ready = "true";
    });
    network.redraw();
  });
  const physics = state.answer.options.physics && state.answer.options.physics.enabled;
  if (first && physics && ids.length) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });  // nothing drifts while one reads
      tidy();
    });
  } else if (physics && state.fresh.size > 3) {
    layOutFresh(tidy);
  } else {
    if (first) network.setOptions({ physics: { enabled: false } });
    tidy();
    network.redraw();
  }
}

/** Run ``measure`` with every node drawn once in view: vis-network measures a node's box
 * only when it draws it, and skips the nodes outside the view. (All within one task, so
 * the reader never sees the fitted picture.) */
function withEveryBoxMeasured(network, measure) {
  network.fit({ animation: false });
  network.redraw();
  measure();
}

function afterSettled(params, first) {
  labelEdges();
  const ends = params.from && params.to ? params.from + " " + params.to : null;
  if (ends && ends !== state.pathShown) drawPathOf(params);
  else if (first && !(params.select && selectEntity(params.select)) && params.focus) {
    selectEntity(params.focus);
  }
  state.pathShown = ends;
}

function status(params, isolated) {
  let text = state.nodes.length + " nodes, " + state.edges.length + " edges";
  if (params.focus) {
    const node = nodeByEntity(params.focus);
    text += " around " + (node ? node.label : params.focus) + " (depth " + (params.depth || 1) + ")";
  }
  if (isolated) text += "; " + isolated + " not linked in this view, listed beside it";
  const path = state.answer.path;
  if (path && !path.nodes.length) text += "; no path: " + (path.reason || "");
  // A view asked for before the dates were inverted can arrive after the refusal: keep it.
  $("graph-status").textContent = [datesRefusal(), text + "."].filter(Boolean).join(" ");
  const more = state.answer.more || 0;
  $("graph-more").hidden = !more;
  $("graph-more").textContent = "Show " + more + " more neighbours";
}

function labelOf(id) {
  const node = state.nodes.get(id) || (state.answer.nodes.find((n) => n.id === id));
  return node ? node.label : id;
}

/** Edge labels for the selection's and the path's edges, or for all once zoomed in enough. */
function labelEdges() {
  if (!state.network) return;
  const all = state.network.getScale() >= EDGE_LABEL_SCALE;
  const near = new Set(state.selected ? state.network.getConnectedEdges(state.selected) : []);
  const changes = [];
  state.edges.forEach((edge) => {
    const label = all || near.has(edge.id) || edge.onPath ? edge.relation : "";
    if (label !== edge.label) changes.push({ id: edge.id, label });
  });
  if (changes.length) state.edges.update(changes);
}

/** Dim everything but ``id`` and its neighbours (nothing, with no id). */
function dim(id) {
  const network = state.network;
  if (!id) return dimAllBut(state.nodes.getIds(), state.edges.getIds());
  return dimAllBut([id, ...network.getConnectedNodes(id)], network.getConnectedEdges(id));
}

function dimAllBut(nodeIds, edgeIds) {
  const near = new Set(nodeIds);
  const touching = new Set(edgeIds);
  state.nodes.update(state.nodes.get().map((n) => ({ id: n.id, opacity: near.has(n.id) ? 1 : DIM,
    font: Object.assign({}, n.baseFont, near.has(n.id) ? {} : { color: "#cfd8dc" }) })));
  state.edges.update(state.edges.get().map((e) => ({ id: e.id,
    color: { color: e.baseColor, opacity: touching.has(e.id) ? 1 : DIM } })));
}

function select(id) {
  state.selected = id;
  dim(id);
  labelEdges();
}

function selectEntity(id) {
  const node = nodeByEntity(id);
  if (!node) return false;
  state.network.selectNodes([node.id]);
  showNode(node.id);
  return true;
}

function onClick(event) {
  if (event.nodes.length) return showNode(event.nodes[0]);
  select(null);
  if (event.edges.length) {
    updateParam("select", "");
    panel.showEdge(state.edges.get(event.edges[0]), labelOf);
  }
}

const actions = {
  expand: (node) => expand(node),
  pin(node) {
    const pinned = !state.pinned.has(node.id);
    if (pinned) state.pinned.add(node.id);
    else state.pinned.delete(node.id);
    state.nodes.update(Object.assign({ id: node.id }, pinStyle(pinned)));
    showNode(node.id);
  },
  hide(node) {
    state.hidden.set(node.id, node.label);
    $("graph-hidden-box").open = true;  // where to bring it back
    select(null);
    show(currentParams());
  },
  pathEnd(end, node) {
    const input = $("graph-path-" + end);
    input.value = node.label;
    Object.assign(input.dataset, { entity: node.entity, label: node.label });
  },
};

function showNode(nodeId) {
  const node = state.nodes.get(nodeId);
  if (!node) return;
  updateParam("select", node.entity);
  select(nodeId);
  panel.showNode(node, state.edges.get(), labelOf, actions);
}

function expand(node) {
  state.expanded.add(node.entity);
  state.refit = null;
  load(currentParams());
}

function unhide(node) {
  state.hidden.delete(node.id);
  show(currentParams());
}

/** Path mode: the ranked paths in the panel, the first drawn and framed on the graph. */
async function findPaths(event) {
  event.preventDefault();
  const [from, to] = await Promise.all([entityId($("graph-path-from")), entityId($("graph-path-to"))]);
  if (!from || !to) {
    $("graph-status").textContent = "Name both ends of the path (a name the search knows).";
    return;
  }
  const params = Object.assign(readControls() || currentParams(), { from, to, focus: "", depth: "", select: "" });
  await load(params);
}

async function drawPathOf(params) {
  try {
    const answer = await getJSON("/api/paths?" + new URLSearchParams({ from: params.from, to: params.to }));
    panel.showPaths(answer, frame);
    $("graph-path-from").value = answer.start.label;
    $("graph-path-to").value = answer.end.label;
    if (answer.paths.length) frame(answer.paths[0]);
  } catch (error) {
    $("graph-status").textContent = error.message;
  }
}

/** Frame one path and dim the rest: its nodes, and the edges between consecutive ones. */
function frame(path) {
  const ids = path.nodes.map((n) => n.iri).filter((iri) => state.nodes.get(iri));
  const hops = new Set(ids.slice(1).flatMap((id, i) => [ids[i] + " " + id, id + " " + ids[i]]));
  state.network.selectNodes(ids);
  dimAllBut(ids, state.edges.get().filter((e) => hops.has(e.from + " " + e.to)).map((e) => e.id));
  readableZoom(state.network, state.fontPx, ids[0], ids);
}

async function find(event) {
  event.preventDefault();
  const q = $("graph-search").value.trim();
  if (!q) return;
  const hit = (await searchNames(q, 1))[0];
  if (!hit) {
    $("graph-status").textContent = "No entity matches “" + q + "”.";
    return;
  }
  if (state.network && selectEntity(hit.id)) {
    const node = nodeByEntity(hit.id);
    state.network.focus(node.id, { scale: Math.max(state.network.getScale(), 11 / state.fontPx), animation: false });
    return;
  }
  await load({ focus: hit.id, select: hit.id });  // not drawn: its neighbourhood instead
}

function zoomBy(factor) {
  state.network.moveTo({ scale: state.network.getScale() * factor, animation: false });
  labelEdges();
}

function wire() {
  $("graph-controls").addEventListener("submit", find);
  $("graph-path").addEventListener("submit", findPaths);
  for (const id of ["graph-search", "graph-path-from", "graph-path-to"]) $(id).addEventListener("input", suggest);
  for (const input of document.querySelectorAll("#graph-controls input:not([type=search]), #graph-controls select")) {
    input.addEventListener("change", () => {
      const params = readControls();
      if (params) load(params);
    });
  }
  $("graph-reset").addEventListener("click", () => {
    state.expanded.clear();
    state.refit = [];
    load({ view: "all" });
  });
  $("graph-more").addEventListener("click", () => {
    const params = currentParams();
    params.limit = String(Math.min(500, (Number(params.limit) || 40) * 2));
    load(params);
  });
  $("graph-zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("graph-zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("graph-fit").addEventListener("click", () => {
    state.network.fit({ animation: false });
    labelEdges();
  });
  $("graph-png").addEventListener("click", savePng);
}

document.addEventListener("DOMContentLoaded", () => {
  // On a phone the filters start folded, so the graph is on the first screen.
  if (window.matchMedia("(max-width: 600px)").matches) $("graph-filters").open = false;
  wire();
  load(firstParams, firstAnswer);
});

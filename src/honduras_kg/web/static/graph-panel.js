// What the graph view writes beside and below its canvas: the evidence panel, the hover
// card, the legend, the lists of nodes not drawn, the ranked paths and the table of edges.
// Every text from the graph is set with textContent (through site.js's el), never as HTML.
import { $, el, link } from "/static/site.js";

const SVG = "http://www.w3.org/2000/svg";

export function localId(iri) {
  const parts = String(iri || "").split(/[/#]/);
  return parts[parts.length - 1];
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

// A node's vis-network shape, as a 28x12 SVG swatch: what the legend shows beside its name.
const SHAPES = {
  triangle: "14,1 20,11 8,11",
  triangleDown: "8,1 20,1 14,11",
  diamond: "14,0 20,6 14,12 8,6",
  hexagon: "11,1 17,1 20,6 17,11 11,11 8,6",
  star: "14,0 15.8,4 20,4.3 16.8,7.2 17.7,11.5 14,9.3 10.3,11.5 11.2,7.2 8,4.3 12.2,4",
};

function shape(name, color) {
  if (SHAPES[name]) return svg("polygon", { points: SHAPES[name], fill: color });
  if (name === "square") return svg("rect", { x: 8.5, y: 0.5, width: 11, height: 11, fill: color });
  if (name === "box") return svg("rect", { x: 4, y: 1, width: 20, height: 10, rx: 2, fill: color });
  if (name === "ellipse") return svg("ellipse", { cx: 14, cy: 6, rx: 10, ry: 5, fill: color });
  if (name === "text") {
    const text = svg("text", { x: 14, y: 11, "text-anchor": "middle", fill: color, "font-size": 12 });
    text.textContent = "Aa";
    return text;
  }
  return svg("circle", { cx: 14, cy: 6, r: 5.5, fill: color });
}

/** The legend of /api/graph: one mapping (network/render.py) for every picture of the site. */
export function drawLegend(items) {
  const legend = $("graph-legend");
  legend.replaceChildren();
  for (const item of items) {
    const swatch = svg("svg", { width: 28, height: 12, "aria-hidden": "true" });
    if (item.kind === "edge") {
      const line = svg("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke: item.color, "stroke-width": 2.5 });
      if (item.dasharray) line.setAttribute("stroke-dasharray", item.dasharray);
      swatch.append(line);
    } else {
      swatch.append(shape(item.shape, item.color));
    }
    const entry = el("li", null, { class: "legend-" + item.kind });
    entry.append(swatch, item.label);
    legend.append(entry);
  }
}

/** A claim's modality, standing, date and negation, as one note. */
function notes(edge) {
  return [edge.modality, edge.unattributed ? "unattributed" : null, edge.date,
    edge.negated ? "negated" : null].filter(Boolean).join(", ");
}

function sourceLine(id, label) {
  const line = el("p", "Source: ");
  line.append(link("/source/" + encodeURIComponent(id), label || id));
  return line;
}

function evidence(edge, labelOf) {
  const item = el("li");
  item.append(el("strong", labelOf(edge.from) + " — " + edge.relation + " → " + labelOf(edge.to)));
  if (notes(edge)) item.append(el("span", " (" + notes(edge) + ")", { class: "note" }));
  if (edge.attributed_to_label) item.append(el("p", "Attributed to " + edge.attributed_to_label));
  for (const quote of edge.quotes || []) item.append(el("blockquote", quote));
  if (edge.source_iri) item.append(sourceLine(localId(edge.source_iri), edge.source_label));
  return item;
}

/** A claim of /api/graph's facts or of /api/paths: modality, date, quotes and sources. */
function claimDetails(item, claim) {
  const when = claim.date ? claim.date.value || claim.date.text : null;
  const note = [claim.modality, claim.standing === "unattributed" ? "unattributed" : null, when,
    claim.negated ? "negated" : null].filter(Boolean).join(", ");
  if (note) item.append(el("span", " (" + note + ")", { class: "note" }));
  if (claim.attributed_to) item.append(el("p", "Attributed to " + claim.attributed_to.label));
  for (const quote of claim.quotes || []) item.append(el("blockquote", quote));
  for (const source of claim.sources || []) item.append(sourceLine(source.id, source.label));
}

function button(text, onClick, attrs) {
  const node = el("button", text, Object.assign({ type: "button" }, attrs));
  node.addEventListener("click", onClick);
  return node;
}

/** The panel of one node: what it is, what to do with it, and every relation drawn. */
export function showNode(node, edges, labelOf, actions) {
  const panel = $("graph-panel");
  panel.replaceChildren(el("h3", node.label), el("p", node.type, { class: "kind" }));
  if (node.description) panel.append(el("p", node.description));
  const id = encodeURIComponent(node.entity);
  const links = el("p");
  links.append(link("/id/" + id, "Page"), " · ", link("/api/entities/" + id, "JSON"), " · ",
    link("/graph?focus=" + id, "Focus here"));
  panel.append(links);
  const tools = el("p", null, { class: "graph-tools" });
  tools.append(
    button("Show its neighbours", () => actions.expand(node), { id: "graph-expand" }),
    button(node.fixed ? "Unpin" : "Pin", () => actions.pin(node),
      { id: "graph-pin", "aria-pressed": node.fixed ? "true" : "false" }),
    button("Hide", () => actions.hide(node), { id: "graph-hide" }));
  if (!["statement", "source"].includes(node.type)) {
    tools.append(button("Path from here", () => actions.pathEnd("from", node)),
      button("Path to here", () => actions.pathEnd("to", node)));
  }
  panel.append(tools);
  const list = el("ul", null, { class: "graph-evidence" });
  for (const edge of edges) {
    if (edge.from === node.id || edge.to === node.id) list.append(evidence(edge, labelOf));
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

/** The panel of one edge: its claim, with a link to the claim's page. */
export function showEdge(edge, labelOf) {
  const list = el("ul", null, { class: "graph-evidence" });
  list.append(evidence(edge, labelOf));
  $("graph-panel").replaceChildren(el("h3", edge.relation), list);
  if (edge.claim && edge.kind === "claim") {
    $("graph-panel").append(link("/claim/" + encodeURIComponent(localId(edge.claim)),
      "The claim's page"));
  }
}

/** The ranked paths of /api/paths, each hop with its claims; ``onShow`` draws one. */
export function showPaths(answer, onShow) {
  const panel = $("graph-panel");
  panel.replaceChildren(el("h3", "Paths from " + answer.start.label + " to " + answer.end.label));
  if (!answer.paths.length) {
    panel.append(el("p", answer.reason || "No path links them in the graph."));
    return;
  }
  const list = el("ol", null, { class: "graph-paths" });
  for (const path of answer.paths) {
    const item = el("li");
    item.append(el("strong", path.nodes.map((n) => n.label).join(" → ")), " ",
      button("Show on the graph", () => onShow(path), { class: "link" }));
    const hops = el("ol", null, { class: "graph-path" });
    for (const hop of path.hops) {
      const step = el("li");
      step.append(el("span", hop.start.label + " → " + hop.end.label, { class: "hop" }));
      for (const relation of hop.relations) {
        const line = el("p", relation.label);
        if (relation.claim) claimDetails(line, relation.claim);
        step.append(line);
      }
      hops.append(step);
    }
    item.append(hops);
    list.append(item);
  }
  panel.append(list);
}

/** The hover card of a node: name, type, degree and a line of description. */
export function showHover(node, degree, at) {
  const card = $("graph-hover");
  const line = (node.description || "").split(/(?<=[.;])\s/)[0];
  card.replaceChildren(el("strong", node.label),
    el("p", node.type + " · " + degree + (degree === 1 ? " link" : " links") + " drawn",
      { class: "kind" }));
  if (line) card.append(el("p", line.length > 160 ? line.slice(0, 157) + "…" : line));
  card.style.left = Math.round(at.x + 14) + "px";
  card.style.top = Math.round(at.y + 14) + "px";
  card.hidden = false;
}

export function hideHover() {
  $("graph-hover").hidden = true;
}

/** A side list of nodes (isolated, or hidden by the reader), each with an action. */
export function drawNameList(name, nodes, action) {
  $("graph-" + name + "-box").hidden = !nodes.length;
  $("graph-" + name + "-count").textContent = String(nodes.length);
  $("graph-" + name).replaceChildren(...nodes.map((node) => {
    const item = el("li");
    item.append(action(node));
    return item;
  }));
}

/** The table of the edges drawn: the canvas's accessible twin. */
export function drawEdgeTable(edges, labelOf) {
  const rows = edges.map((edge) => {
    const row = el("tr");
    const claim = edge.claim && edge.kind === "claim"
      ? link("/claim/" + encodeURIComponent(localId(edge.claim)), "claim")
      : el("span", edge.kind);
    row.append(el("td", labelOf(edge.from)), el("td", edge.relation), el("td", labelOf(edge.to)),
      el("td", notes(edge) || edge.kind), el("td"));
    row.lastChild.append(claim);
    return row;
  });
  $("graph-edge-table").tBodies[0].replaceChildren(...rows);
  $("graph-table-count").textContent = String(rows.length);
}

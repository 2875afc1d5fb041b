// The query page's answers: a SELECT as a table that sorts, filters and pages; an ASK as
// yes or no; a graph (CONSTRUCT, DESCRIBE) drawn with vis-network beside its Turtle text.
// Every text from the graph is set with textContent.
import { el, link } from "/static/site.js";

const PAGE_SIZES = [25, 100, 500];
const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int"].map((t) => XSD + t));
const MAX_DRAWN = 150;

/** How IRIs read (prefixed) and where they lead (our own pages for our own IRIs). */
export class Terms {
  constructor(prefixes, base, localKinds) {
    // The longest namespace first, so that hko: wins over a shorter one that also fits.
    this.namespaces = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
    this.base = base;
    this.localKinds = localKinds;
  }

  /** ``iri`` as prefix:local when a namespace fits, else in angle brackets. */
  compact(iri) {
    for (const [name, namespace] of this.namespaces) {
      const local = iri.startsWith(namespace) ? iri.slice(namespace.length) : null;
      if (local !== null && /^[\p{L}\p{N}_-]([\p{L}\p{N}_.-]*[\p{L}\p{N}_-])?$/u.test(local)) {
        return `${name}:${local}`;
      }
    }
    return `<${iri}>`;
  }

  /** Where a link to ``iri`` goes: this site's page for the graph's own IRIs. */
  href(iri) {
    const rest = iri.startsWith(this.base) ? iri.slice(this.base.length) : null;
    if (rest !== null && this.localKinds.some((kind) => rest.startsWith(kind))) return "/" + rest;
    return iri;
  }

  /** A link to ``iri`` showing its compact form, the full IRI as its title. */
  link(iri) {
    const node = link(this.href(iri), this.compact(iri));
    node.title = iri;
    return node;
  }
}

/** The text a SPARQL JSON term reads as (what the filter matches and the sort compares). */
function termText(term, terms) {
  if (!term) return "";
  if (term.type === "uri") return terms.compact(term.value);
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function termCell(term, terms) {
  const cell = el("td");
  if (!term) return cell;
  if (term.type === "uri") {
    cell.append(terms.link(term.value));
  } else if (term.type === "bnode") {
    cell.append(el("span", "_:" + term.value));
  } else {
    cell.append(el("span", term.value));
    const note = term["xml:lang"] ? "@" + term["xml:lang"]
      : term.datatype && !NUMERIC.has(term.datatype) ? " " + terms.compact(term.datatype) : "";
    if (note) cell.append(el("span", note, { class: "datatype" }));
  }
  return cell;
}

function compareTerms(a, b, terms) {
  if (a && b && NUMERIC.has(a.datatype) && NUMERIC.has(b.datatype)) {
    return Number(a.value) - Number(b.value);
  }
  if (!a || !b) return a ? -1 : b ? 1 : 0; // unbound last
  return termText(a, terms).localeCompare(termText(b, terms), undefined, { numeric: true });
}

/** A SELECT answer as a table the reader can sort (headers), filter (text) and page. */
class ResultTable {
  constructor(data, terms) {
    Object.assign(this, { terms, names: data.head.vars, all: data.results.bindings });
    Object.assign(this, { sortBy: null, descending: false, filter: "", page: 0, size: PAGE_SIZES[0] });
    this.table = el("table", null, { class: "result-table" });
    this.counter = el("span", null, { class: "pager-count", "aria-live": "polite" });
    this.previous = el("button", "Previous", { type: "button" });
    this.next = el("button", "Next", { type: "button" });
    this.previous.addEventListener("click", () => this.turn(-1));
    this.next.addEventListener("click", () => this.turn(1));
  }

  /** The table with its filter box and pager, drawn. */
  view() {
    const filterBox = el("input", null, { type: "search", id: "result-filter", placeholder: "Text in any column" });
    filterBox.addEventListener("input", () => { this.filter = filterBox.value; this.page = 0; this.draw(); });
    const sizeMenu = el("select", null, { id: "result-page-size" });
    for (const size of PAGE_SIZES) sizeMenu.append(el("option", `${size} rows a page`, { value: size }));
    sizeMenu.addEventListener("change", () => { this.size = Number(sizeMenu.value); this.page = 0; this.draw(); });
    const pager = el("nav", null, { class: "pager", "aria-label": "Result pages" });
    pager.append(this.previous, this.counter, this.next,
      el("label", "Page size", { for: "result-page-size", class: "visually-hidden" }), sizeMenu);
    const tools = el("div", null, { class: "result-tools" });
    tools.append(el("label", "Filter rows", { for: "result-filter" }), filterBox, pager);
    const scroller = el("div", null, { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Result table" });
    scroller.append(this.table);
    const view = el("div");
    view.append(tools, scroller);
    this.draw();
    return view;
  }

  /** The rows that pass the filter, in the chosen order. */
  rows() {
    const { names, terms } = this;
    const needle = this.filter.toLowerCase();
    const rows = needle ? this.all.filter((row) => names.some((name) =>
      termText(row[name], terms).toLowerCase().includes(needle))) : [...this.all];
    if (this.sortBy !== null) {
      const sign = this.descending ? -1 : 1;
      rows.sort((a, b) => compareTerms(a[this.sortBy], b[this.sortBy], terms) * sign);
    }
    return rows;
  }

  /** A header whose buttons sort: once ascending, again descending. */
  header() {
    const row = el("tr");
    for (const name of this.names) {
      const sorted = this.sortBy === name;
      const order = sorted ? (this.descending ? "descending" : "ascending") : "none";
      const th = el("th", null, { scope: "col", "aria-sort": order });
      const button = el("button", name, { type: "button", class: "sort", title: `Sort by ${name}` });
      button.append(el("span", { ascending: " ▲", descending: " ▼" }[order] || "", { class: "arrow", "aria-hidden": "true" }));
      button.addEventListener("click", () => {
        this.descending = sorted ? !this.descending : false;
        this.sortBy = name;
        this.draw();
        this.table.querySelectorAll("th button")[this.names.indexOf(name)].focus();
      });
      th.append(button);
      row.append(th);
    }
    const thead = el("thead");
    thead.append(row);
    return thead;
  }

  turn(by) {
    this.page += by;
    this.draw();
  }

  draw() {
    const rows = this.rows();
    const pages = Math.max(1, Math.ceil(rows.length / this.size));
    this.page = Math.min(this.page, pages - 1);
    const first = this.page * this.size;
    const body = el("tbody");
    for (const binding of rows.slice(first, first + this.size)) {
      const tr = el("tr");
      for (const name of this.names) tr.append(termCell(binding[name], this.terms));
      body.append(tr);
    }
    this.table.replaceChildren(this.header(), body);
    const last = Math.min(first + this.size, rows.length);
    const shown = rows.length ? `Rows ${first + 1}–${last} of ${rows.length}` : "No rows";
    this.counter.textContent = rows.length === this.all.length ? shown : `${shown} (filtered from ${this.all.length})`;
    this.previous.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
  }
}

/** A SELECT answer, as a table that sorts, filters and pages. */
export function resultTable(data, terms) {
  return new ResultTable(data, terms).view();
}

/** An ASK answer: yes or no, said plainly. */
export function askAnswer(data) {
  const box = el("div", null, { class: `ask-answer ${data.boolean ? "yes" : "no"}` });
  box.append(el("strong", data.boolean ? "Yes" : "No"),
    el("span", data.boolean ? " — the pattern has at least one match in the graph."
      : " — the pattern has no match in the graph."));
  return box;
}

// An N-Triples term: <iri>, _:blank, or a literal with its language or datatype.
const NT_LINE = /^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*\.\s*$/;

function unescapeLiteral(text) {
  const body = text.slice(1, text.lastIndexOf('"'));
  return body.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, (_, u4, u8, c) =>
    u4 || u8 ? String.fromCodePoint(parseInt(u4 || u8, 16)) : ({ n: "\n", t: "\t", r: "\r" }[c] || c));
}

/** The triples of an N-Triples text, as [subject, predicate, object] with the object's kind. */
export function parseNTriples(text) {
  const triples = [];
  for (const line of text.split("\n")) {
    const found = NT_LINE.exec(line.trim());
    if (!found) continue;
    const [, s, p, o] = found;
    const object = o.startsWith('"') ? { literal: unescapeLiteral(o) } : { node: o.startsWith("<") ? o.slice(1, -1) : o };
    triples.push({ subject: s.startsWith("<") ? s.slice(1, -1) : s, predicate: p, ...object });
  }
  return triples;
}

let visLoading = null;

/** vis-network, loaded the first time a graph is drawn (it comes with pyvis). */
function loadVis() {
  visLoading ||= new Promise((resolve, reject) => {
    document.head.append(el("link", null, { rel: "stylesheet", href: "/vendor/vis/vis-network.css" }));
    const script = el("script", null, { src: "/vendor/vis/vis-network.min.js" });
    script.addEventListener("load", () => resolve(window.vis));
    script.addEventListener("error", () => reject(new Error("vis-network is not installed")));
    document.head.append(script);
  });
  return visLoading;
}

function networkOf(triples, terms) {
  const labels = new Map(triples.filter((t) => t.predicate === RDFS_LABEL && "literal" in t).map((t) => [t.subject, t.literal]));
  const nodes = new Map();
  const edges = [];
  const addNode = (id) => {
    if (!nodes.has(id) && nodes.size < MAX_DRAWN) nodes.set(id, { id, label: labels.get(id) || terms.compact(id) });
    return nodes.has(id);
  };
  for (const triple of triples) {
    if (!("node" in triple)) continue;
    if (addNode(triple.subject) && addNode(triple.node)) {
      edges.push({ from: triple.subject, to: triple.node, label: terms.compact(triple.predicate), arrows: "to" });
    }
  }
  for (const triple of triples) addNode(triple.subject);
  return { nodes: [...nodes.values()], edges, labels };
}

async function draw(canvas, network, terms) {
  try {
    const vis = await loadVis();
    const drawn = new vis.Network(canvas, {
      nodes: new vis.DataSet(network.nodes),
      edges: new vis.DataSet(network.edges),
    }, {
      nodes: { shape: "dot", size: 10, font: { size: 14, color: "#1d2327" }, color: "#6c9bd2" },
      edges: { font: { size: 11, align: "middle", color: "#5f6b73" }, color: "#9aa7b0", smooth: false },
      physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 140 } },
    });
    drawn.once("stabilizationIterationsDone", () => drawn.fit());
    drawn.on("doubleClick", ({ nodes }) => {
      const href = nodes.length ? terms.href(nodes[0]) : null;
      if (href && href.startsWith("/")) location.assign(href);
    });
  } catch (error) {
    canvas.replaceChildren(el("p", `The drawing is not available (${error.message}); the text below has it all.`, { class: "note" }));
  }
}

/** A graph answer: drawn (up to MAX_DRAWN nodes), its resources as links, its Turtle text. */
export function graphAnswer(ntriples, turtle, terms) {
  const triples = parseNTriples(ntriples);
  const network = networkOf(triples, terms);
  const view = el("div", null, { class: "graph-answer" });
  const canvas = el("div", null, { class: "graph-canvas", role: "img", "aria-label": `A drawing of the ${triples.length} triples; the list beside it links every resource` });
  const side = el("div", null, { class: "graph-side" });
  side.append(el("h3", `${network.nodes.length} resources`));
  const list = el("ul", null, { class: "graph-resources" });
  for (const node of network.nodes.filter((n) => !n.id.startsWith("_:"))) {
    const item = el("li");
    item.append(terms.link(node.id));
    if (network.labels.has(node.id)) item.append(el("span", " " + network.labels.get(node.id), { class: "note" }));
    list.append(item);
  }
  side.append(list, el("p", "Double-click a node to open its page.", { class: "note" }));
  const text = el("details", null, { class: "turtle", open: "" });
  text.append(el("summary", "Turtle"), el("pre", turtle, { tabindex: "0" }));
  view.append(canvas, side, text);
  draw(canvas, network, terms);
  return view;
}

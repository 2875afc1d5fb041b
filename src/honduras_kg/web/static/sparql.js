// The query page: an editor (sparql-editor.js), the answer (sparql-results.js), the examples
// from /api/queries, the downloads from /sparql/formats, the reader's history (localStorage)
// and a link that reopens the query (?query=... or #query=...).
import { $, el, getJSON } from "/static/site.js";
import { Editor } from "/static/sparql-editor.js";
import { Terms, askAnswer, graphAnswer, resultTable } from "/static/sparql-results.js";

const STARTER = `PREFIX hk:   <https://w3id.org/honduras-kg/id/>
PREFIX hko:  <https://w3id.org/honduras-kg/ontology#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# The claims about Soto Cano: what each says, what kind of claim it is, and its quote.
SELECT ?claim ?says ?modality ?quote WHERE {
  ?claim a hko:Claim ; rdfs:label ?says ; hko:modality/rdfs:label ?modality ; hko:quote ?quote .
  { ?claim rdf:subject hk:soto-cano } UNION { ?claim rdf:object hk:soto-cano }
}
ORDER BY ?modality ?says
`;
// The graph's classes, properties and named things, for completion: asked for once.
const VOCABULARY = `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind ?iri ?label WHERE {
  { SELECT DISTINCT ?kind ?iri WHERE {
      { [] a ?iri . BIND("class" AS ?kind) }
      UNION { [] ?iri [] . BIND("property" AS ?kind) }
      UNION { ?iri a [] . FILTER(STRSTARTS(STR(?iri), "__ID__")) BIND("entity" AS ?kind) } } }
  OPTIONAL { ?iri rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
}`;
const HISTORY_KEY = "honduras-kg.sparql.history";
const HISTORY_SIZE = 30;
const RESULTS = "application/sparql-results+json";
const NTRIPLES = "application/n-triples";

const page = $("sparql");
const prefixes = JSON.parse($("sparql-prefixes").textContent);
const terms = new Terms(prefixes, page.dataset.base, page.dataset.localKinds.split(" "));
const formats = { results: [], graph: [] }; // filled from the server's one format registry
let editor;

/** POST ``query`` to /sparql, asking for ``accept``; a problem's detail becomes an Error. */
async function ask(query, accept) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: accept },
    body: query,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    const error = new Error(problem && problem.detail ? problem.detail : `${response.status} ${response.statusText}`);
    error.title = problem && problem.title ? problem.title : "The query failed";
    throw error;
  }
  return response;
}

async function loadVocabulary() {
  const query = VOCABULARY.replace("__ID__", page.dataset.base + "id/");
  const data = await (await ask(query, RESULTS)).json();
  const seen = new Map();
  for (const row of data.results.bindings) {
    const iri = row.iri.value;
    const compact = terms.compact(iri);
    if (seen.has(iri) || compact.startsWith("<")) continue;
    const [prefix, local] = compact.split(":", 2);
    const label = row.label ? row.label.value : "";
    const kind = row.kind.value;
    seen.set(iri, { text: compact, shown: compact, note: label ? `${kind}: ${label}` : kind, kind, prefix, local, label });
  }
  return [...seen.values()];
}

function showError(title, detail) {
  const box = $("error");
  box.replaceChildren(el("strong", title), el("pre", detail));
  const spot = /line (\d+), column (\d+)/.exec(detail);
  if (spot) {
    const button = el("button", `Go to line ${spot[1]}, column ${spot[2]}`, { type: "button" });
    button.addEventListener("click", () => editor.goTo(Number(spot[1]), Number(spot[2])));
    box.append(button);
  }
  box.hidden = false;
}

function setDownloads(query, kind) {
  const links = formats[kind].map((format) => {
    const href = "/sparql?" + new URLSearchParams({ query, format: format.name });
    return el("a", format.label, { href, download: `result.${format.extension}`, title: format.media_type });
  });
  $("download-links").replaceChildren(...links);
}

function setPermalink(query) {
  const url = new URL("/sparql", location.href);
  url.searchParams.set("query", query);
  history.replaceState(null, "", url);
  $("permalink").href = url.pathname + url.search;
  $("permalink").hidden = false;
}

/** Show the answer of ``response``; returns a short account of it for the status line. */
async function show(response, query) {
  const type = response.headers.get("content-type") || "";
  const view = $("result-view");
  if (type.startsWith(RESULTS)) {
    const data = await response.json();
    setDownloads(query, "results");
    if ("boolean" in data) {
      view.replaceChildren(askAnswer(data));
      return data.boolean ? "yes" : "no";
    }
    view.replaceChildren(resultTable(data, terms));
    const rows = data.results.bindings.length;
    return `${rows} row${rows === 1 ? "" : "s"}`;
  }
  const [ntriples, turtle] = await Promise.all([response.text(), ask(query, "text/turtle").then((r) => r.text())]);
  setDownloads(query, "graph");
  view.replaceChildren(graphAnswer(ntriples, turtle, terms));
  const count = ntriples.split("\n").filter((line) => line.trim()).length;
  return `${count} triple${count === 1 ? "" : "s"}`;
}

async function run() {
  const query = editor.value;
  setPermalink(query);
  $("error").hidden = true;
  $("results").hidden = true;
  $("run").disabled = true;
  $("status").textContent = "Running…";
  const started = performance.now();
  try {
    const response = await ask(query, `${RESULTS}, ${NTRIPLES};q=0.9`);
    const cut = response.headers.get("X-Row-Limit-Reached") ? " (the row limit was reached)" : "";
    const account = await show(response, query);
    $("results").hidden = false;
    $("status").textContent = `${account}${cut} in ${Math.round(performance.now() - started)} ms`;
    remember(query, account);
  } catch (error) {
    $("status").textContent = "";
    showError(error.title || "The query failed", error.message);
  } finally {
    $("run").disabled = false;
  }
}

// --- history: the reader's own queries, kept in this browser only ---------------------------

function readHistory() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY)) || [];
  } catch {
    return [];
  }
}

/** The line that says most about a query: its first that is no PREFIX, BASE or comment. */
function gist(query) {
  const lines = query.split("\n").map((line) => line.trim());
  return lines.find((line) => line && !/^(PREFIX|BASE|#)/i.test(line)) || lines[0] || "";
}

function remember(query, account) {
  const entries = [{ query, account, at: new Date().toISOString() }, ...readHistory().filter((e) => e.query !== query)];
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_SIZE)));
  } catch {
    return; // storage full or refused: the history is a convenience
  }
  drawHistory();
}

function drawHistory() {
  const entries = readHistory();
  $("history-count").textContent = `(${entries.length})`;
  const items = entries.map((entry) => {
    const button = el("button", null, { type: "button", class: "history-entry" });
    button.append(el("span", gist(entry.query), { class: "gist" }),
      el("span", `${entry.account} · ${new Date(entry.at).toLocaleString()}`, { class: "note" }));
    button.addEventListener("click", () => {
      $("history").open = false;
      editor.value = entry.query;
      run();
    });
    const item = el("li");
    item.append(button);
    return item;
  });
  $("history-list").replaceChildren(...(items.length ? items : [el("li", "No queries yet.", { class: "note" })]));
  $("history-clear").hidden = !entries.length;
}

/** A <details> menu closes on Escape and on a click elsewhere, as menus do. */
function closeMenuFromOutside(menu) {
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
}

// --- examples and formats, from the server -----------------------------------------------

async function loadExamples() {
  const menu = $("examples");
  const examples = await getJSON("/api/queries");
  for (const info of examples) menu.append(el("option", info.title, { value: info.name }));
  menu.addEventListener("change", () => {
    const info = examples.find((e) => e.name === menu.value);
    $("example-description").textContent = info ? info.description : "";
    $("example-description").hidden = !info;
    if (info) editor.value = info.example || info.sparql;
  });
}

async function loadFormats() {
  for (const format of await getJSON("/sparql/formats")) formats[format.kind].push(format);
}

/** The query a link carries: ?query=... (what the server shows this page for) or #query=... */
function linkedQuery() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("query");
  return new URLSearchParams(location.search).get("query") || fromHash;
}

function start() {
  editor = new Editor({ prefixes, loadVocabulary, onRun: run });
  const given = linkedQuery();
  editor.value = given || STARTER;
  $("query-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  $("history-clear").addEventListener("click", () => {
    localStorage.removeItem(HISTORY_KEY);
    drawHistory();
  });
  closeMenuFromOutside($("history"));
  drawHistory();
  loadExamples().catch((error) => showError("The examples could not be loaded", error.message));
  // The download menus are needed once an answer is in: a linked query runs after they arrive.
  loadFormats()
    .catch((error) => showError("The download formats could not be loaded", error.message))
    .finally(() => { if (given) run(); });
}

start();

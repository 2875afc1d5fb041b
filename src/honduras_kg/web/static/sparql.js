// The query page: examples from /api/queries, results rendered as text (never as HTML).
"use strict";

const PREFIXES = `PREFIX hk:     <https://w3id.org/honduras-kg/id/>
PREFIX hko:    <https://w3id.org/honduras-kg/ontology#>
PREFIX claim:  <https://w3id.org/honduras-kg/claim/>
PREFIX stmt:   <https://w3id.org/honduras-kg/statement/>
PREFIX src:    <https://w3id.org/honduras-kg/source/>
PREFIX schema: <https://schema.org/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
`;
const STARTER = PREFIXES + `
SELECT ?claim ?modality ?quote WHERE {
  ?c a hko:Claim ; rdfs:label ?claim ; hko:modality/rdfs:label ?modality ; hko:quote ?quote .
  { ?c rdf:subject hk:soto-cano } UNION { ?c rdf:object hk:soto-cano }
}
ORDER BY ?modality ?claim
`;
// The download menus, by kind ("results", "graph"): filled from /sparql/formats,
// which the server derives from its one format registry (formats.py).
const FORMATS = { results: [], graph: [] };

const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

function isSafeLink(iri) {
  return /^https?:\/\//i.test(iri);
}

function termCell(term) {
  const cell = el("td");
  if (!term) return cell;
  if (term.type === "uri") {
    cell.append(isSafeLink(term.value) ? el("a", term.value, { href: term.value }) : el("span", term.value));
  } else if (term.type === "bnode") {
    cell.append(el("span", "_:" + term.value));
  } else {
    cell.append(el("span", term.value));
    const note = term["xml:lang"] ? "@" + term["xml:lang"]
      : term.datatype ? " " + term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:") : "";
    if (note) cell.append(el("span", note, { class: "dt" }));
  }
  return cell;
}

function showTable(data) {
  const table = el("table");
  const head = el("tr");
  for (const name of data.head.vars) head.append(el("th", name));
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  const body = el("tbody");
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const name of data.head.vars) tr.append(termCell(row[name]));
    body.append(tr);
  }
  table.append(body);
  return table;
}

function setDownloads(query, formats) {
  const links = $("download-links");
  links.replaceChildren();
  for (const format of formats) {
    const url = "/sparql?" + new URLSearchParams({ query, format: format.name });
    const attrs = { href: url, download: "result." + format.extension, title: format.media_type };
    links.append(el("a", format.label, attrs));
  }
  $("downloads").hidden = false;
}

async function run(event) {
  if (event) event.preventDefault();
  const query = $("query").value;
  const url = new URL(location.href);
  url.searchParams.set("query", query);
  history.replaceState(null, "", url);
  $("error").hidden = true;
  $("results").replaceChildren();
  $("status").textContent = "Running…";
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json, text/turtle;q=0.9",
    },
    body: query,
  });
  const ms = Math.round(performance.now() - started);
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    const problem = type.includes("json") ? await response.json() : { title: response.statusText, detail: await response.text() };
    $("status").textContent = "";
    $("error").textContent = `${response.status} ${problem.title}\n${problem.detail}`;
    $("error").hidden = false;
    return;
  }
  if (type.startsWith("application/sparql-results+json")) {
    const data = await response.json();
    if ("boolean" in data) {
      $("results").append(el("p", "ASK: " + data.boolean));
    } else {
      $("results").append(showTable(data));
    }
    setDownloads(query, FORMATS.results);
    const rows = data.results ? data.results.bindings.length : 1;
    const cut = response.headers.get("X-Row-Limit-Reached") ? " (row limit reached)" : "";
    $("status").textContent = `${rows} result${rows === 1 ? "" : "s"}${cut} in ${ms} ms`;
  } else {
    $("results").append(el("pre", await response.text(), { class: "graph" }));
    setDownloads(query, FORMATS.graph);
    $("status").textContent = `graph in ${ms} ms`;
  }
}

async function loadFormats() {
  const response = await fetch("/sparql/formats");
  if (!response.ok) return;
  for (const format of await response.json()) FORMATS[format.kind].push(format);
}

async function loadExamples() {
  const response = await fetch("/api/queries");
  if (!response.ok) return;
  const list = $("example-list");
  for (const info of await response.json()) {
    const button = el("button", info.title, { type: "button", title: info.description });
    button.addEventListener("click", () => {
      $("query").value = info.example || info.sparql;
      run();
    });
    const item = el("li");
    item.append(button, el("small", info.description));
    list.append(item);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const given = new URLSearchParams(location.search).get("query");
  $("query").value = given || STARTER;
  $("query-form").addEventListener("submit", run);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  loadExamples();
  // The menus are needed only once an answer is in: run after they arrive.
  loadFormats().finally(() => { if (given) run(); });
});

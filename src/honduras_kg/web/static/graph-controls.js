// The graph view's controls and its address: the URL holds the whole view (what
// /api/graph is asked, plus the page's own "select" and "view"), so a view is shared by
// sharing its link, and the form's controls are read from and written to it.
import { $, el, getJSON } from "/static/site.js";

// What /api/graph is asked; "select" and "view" only live in the page.
export const FETCHED = ["focus", "depth", "from", "to", "types", "modalities", "sources",
  "date_from", "date_to", "hide", "size_by", "limit"];
const PARAMS = FETCHED.concat(["select", "view"]);
const DEFAULT_HIDE = "statements,sources";
export function viewUrl(params, names, base) {
  const query = new URLSearchParams();
  for (const name of names) if (params[name]) query.set(name, params[name]);
  const text = query.toString();
  return text ? base + "?" + text : base;
}

export function currentParams() {
  const url = new URLSearchParams(window.location.search);
  const params = {};
  for (const name of PARAMS) if (url.get(name)) params[name] = url.get(name);
  // An address that names no view opens on the story's centre, which reads at first sight.
  const centre = $("graph-canvas").dataset.startFocus;
  if (!Object.keys(params).length && centre) params.focus = centre;
  return params;
}

export function setParams(params) {
  const href = viewUrl(params, PARAMS, "/graph");
  window.history.replaceState(null, "", href);
  $("graph-link").setAttribute("href", href);
  $("graph-download").setAttribute("href", viewUrl(params, FETCHED, "/graph/download"));
}

export function updateParam(name, value) {
  const params = currentParams();
  if (value) params[name] = value;
  else delete params[name];
  setParams(params);
  $("graph-depth").disabled = !(params.focus || params.select);
}

// A comma-separated list of the checked boxes, or "" when all are (no filter).
function checkedList(name) {
  const boxes = Array.from(document.querySelectorAll("input[name=" + name + "]"));
  const checked = boxes.filter((box) => box.checked).map((box) => box.value);
  const all = checked.length === boxes.length;
  $("graph-" + name + "-count").textContent =
    all ? "(all)" : "(" + checked.length + " of " + boxes.length + ")";
  return all ? "" : checked.join(",") || "none";
}

function checkList(name, value) {
  const wanted = value ? new Set(value.split(",")) : null;
  for (const box of document.querySelectorAll("input[name=" + name + "]")) {
    box.checked = !wanted || wanted.has(box.value);
  }
  checkedList(name);
}

/** The view the controls ask for; null (with a message) when the dates are out of order. */
export function readControls() {
  const params = currentParams();
  const hide = [["statements", "graph-statements"], ["sources", "graph-sources"],
    ["unattributed", "graph-unattributed"]].filter(([, id]) => !$(id).checked).map(([n]) => n);
  params.hide = hide.join(",") === DEFAULT_HIDE ? "" : hide.join(",") || ",";
  params.types = checkedList("types");
  params.modalities = checkedList("modalities");
  params.sources = $("graph-source").value;
  params.date_from = $("graph-date-from").value;
  params.date_to = $("graph-date-to").value;
  params.size_by = $("graph-size-by").value === "degree" ? "" : $("graph-size-by").value;
  const depth = $("graph-depth").value;
  if (!params.focus && params.select && depth !== "1") params.focus = params.select;
  params.depth = params.focus && depth !== "1" ? depth : "";
  const refusal = datesRefusal();
  for (const id of ["graph-date-from", "graph-date-to"]) $(id).setAttribute("aria-invalid", refusal ? "true" : "false");
  if (refusal) {
    $("graph-status").textContent = refusal;
    return null;
  }
  return params;
}

/** Why the date fields cannot be applied (the start is after the end), or "" when they can.
 * Read from the fields themselves, so a view that arrives later keeps the message. */
export function datesRefusal() {
  const from = $("graph-date-from").value;
  const to = $("graph-date-to").value;
  if (!(from && to && from > to)) return "";
  return "The start date (" + from + ") is after the end date (" + to +
    "). Swap them or clear one: the view has not changed.";
}

export function writeControls(params) {
  const hidden = new Set((params.hide || DEFAULT_HIDE).split(",").filter(Boolean));
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
  $("graph-depth").disabled = !(params.focus || params.select);
}

export async function entityId(input) {
  const text = input.value.trim();
  if (input.dataset.entity && input.dataset.label === text) return input.dataset.entity;
  const hit = (await searchNames(text, 1))[0];
  return hit ? hit.id : null;
}

export async function searchNames(q, limit) {
  if (!q) return [];
  const body = await getJSON("/api/search?" + new URLSearchParams({ limit, q })).catch(() => null);
  return body ? body.results || [] : [];
}

let suggesting = null;
export function suggest(event) {
  clearTimeout(suggesting);
  suggesting = setTimeout(async () => {
    const q = event.target.value.trim();
    if (q.length < 2) return $("graph-names").replaceChildren();
    $("graph-names").replaceChildren(...(await searchNames(q, 8)).map((hit) => el("option", null,
      { value: hit.label })));
  }, 150);
}

/** The picture as drawn, on white (the canvas itself is transparent), as a PNG file. */
export function savePng() {
  const canvas = $("graph-canvas").querySelector("canvas");
  const copy = el("canvas", null, { width: canvas.width, height: canvas.height });
  const context = copy.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  const anchor = el("a", null, { href: copy.toDataURL("image/png"), download: "honduras-kg-graph.png" });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

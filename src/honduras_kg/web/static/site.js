// Helpers every page script shares, as an ES module (`import { el } from "/static/site.js"`),
// so that no page keeps its own copy. Text from the graph is always set with textContent,
// never parsed as HTML; links are only ever http(s) or site-relative.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element with ``text`` as its text (never as HTML) and ``attrs`` as attributes. */
export function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

/** ``iri`` if it is safe to follow (http, https or site-relative), else null. */
export function safeHref(iri) {
  const text = String(iri || "");
  return /^https?:\/\//i.test(text) || /^\/(?!\/)/.test(text) ? text : null;
}

/** A link to ``href`` (when safe) with ``text``; a plain span otherwise. */
export function link(href, text) {
  const safe = safeHref(href);
  return safe ? el("a", text, { href: safe }) : el("span", text);
}

/** GET ``url`` as JSON; throws an Error carrying the server's own message on failure. */
export async function getJSON(url, init) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...init });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && (body.detail || body.message);
    throw new Error(typeof detail === "string" ? detail : `${response.status} ${response.statusText}`);
  }
  return body;
}

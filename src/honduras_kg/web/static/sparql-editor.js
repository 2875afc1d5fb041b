// The query editor: a plain textarea, with its text coloured by a <pre> drawn beneath it
// and a completion list of prefixes, keywords and the graph's own terms. No library:
// the page must work offline, and the tokens are few.
import { $, el } from "/static/site.js";

const KEYWORDS = `SELECT ASK CONSTRUCT DESCRIBE WHERE PREFIX BASE DISTINCT REDUCED FROM NAMED
  OPTIONAL FILTER UNION MINUS GRAPH BIND VALUES AS ORDER BY ASC DESC LIMIT OFFSET GROUP HAVING
  COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR EXISTS NOT IN STR LANG LANGMATCHES
  DATATYPE BOUND IRI URI BNODE COALESCE IF STRSTARTS STRENDS CONTAINS REGEX LCASE UCASE YEAR
  true false`.split(/\s+/);
const KEYWORD_SET = new Set(KEYWORDS.map((word) => word.toUpperCase()));

// One alternative per kind of token; the first that matches at a place wins.
const TOKEN = new RegExp([
  /(?<comment>#[^\n]*)/,
  /(?<string>"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)/,
  /(?<iri><[^<>"{}|^`\\\s]*>)/,
  /(?<variable>[?$][\p{L}\p{N}_]+)/u,
  /(?<pname>(?:[\p{L}][\p{L}\p{N}_.-]*)?:(?:[\p{L}\p{N}_.%-]*[\p{L}\p{N}_%-])?)/u,
  /(?<word>[\p{L}_][\p{L}\p{N}_]*)/u,
  /(?<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/,
  /(?<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)/,
].map((part) => part.source).join("|"), "gu");

const MAX_SHOWN = 12;
const MIN_ROWS = 6;
const MAX_ROWS = 24;

/** The tokens of ``text`` as [kind, text] pairs, whitespace and punctuation as kind "". */
export function tokens(text) {
  const out = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > at) out.push(["", text.slice(at, match.index)]);
    const [kind] = Object.entries(match.groups).find(([, value]) => value !== undefined);
    const isKeyword = kind === "word" && (KEYWORD_SET.has(match[0].toUpperCase()) || match[0] === "a");
    out.push([kind === "word" ? (isKeyword ? "keyword" : "") : kind, match[0]]);
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(["", text.slice(at)]);
  return out;
}

/** Redraw the coloured copy of the textarea's text; the textarea grows with its text. */
function paint(textarea, pre) {
  if (!textarea.style.height) { // unless the reader has sized it by hand
    const lines = textarea.value.replace(/\n$/, "").split("\n").length;
    textarea.rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, lines + 1)); // a line to type on
  }
  const parts = tokens(textarea.value).map(([kind, text]) =>
    kind ? el("span", text, { class: "tok-" + kind }) : document.createTextNode(text));
  // A trailing newline needs a character after it, or the copy is one line short.
  pre.replaceChildren(...parts, document.createTextNode(" "));
  pre.scrollTop = textarea.scrollTop;
  pre.scrollLeft = textarea.scrollLeft;
}

/** The word being typed before the caret, and where it starts. */
function wordBeforeCaret(textarea) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const found = /(?:[\p{L}][\p{L}\p{N}_-]*)?:?[\p{L}\p{N}_.%-]*$/u.exec(before);
  const start = found.index;
  const previous = before[start - 1] || "";
  if (previous === "?" || previous === "$" || previous === "<" || previous === "@") return null;
  return { word: found[0], start, afterPrefixKeyword: /PREFIX\s+$/i.test(before.slice(0, start)) };
}

/** The suggestions for ``typed``, best first. */
function suggest(typed, vocabulary, prefixes) {
  const { word, afterPrefixKeyword } = typed;
  const lower = word.toLowerCase();
  if (afterPrefixKeyword) {
    return Object.entries(prefixes).filter(([name]) => name.startsWith(lower))
      .map(([name, iri]) => ({ text: `${name}: <${iri}>`, shown: `${name}:`, note: iri, kind: "prefix" }));
  }
  if (word.includes(":")) {
    const [prefix, local] = word.split(":", 2);
    const localLower = local.toLowerCase();
    return vocabulary.filter((term) => term.prefix === prefix && (term.local.toLowerCase().startsWith(localLower)
      || (localLower.length > 1 && term.label.toLowerCase().includes(localLower))));
  }
  if (word.length < 2) return [];
  const prefixHits = Object.entries(prefixes).filter(([name]) => name.startsWith(lower))
    .map(([name, iri]) => ({ text: `${name}:`, shown: `${name}:`, note: iri, kind: "prefix", prefix: name }));
  const keywordHits = KEYWORDS.filter((kw) => kw.toLowerCase().startsWith(lower) && kw.length > word.length)
    .map((kw) => ({ text: kw, shown: kw, note: "keyword", kind: "keyword" }));
  const termHits = word.length < 3 ? [] : vocabulary.filter((term) =>
    term.label.toLowerCase().includes(lower) || term.local.toLowerCase().startsWith(lower));
  // A name that starts with what was typed before one that only contains it.
  const starts = (term) => (term.local.toLowerCase().startsWith(lower) ? 0 : 1);
  termHits.sort((a, b) => starts(a) - starts(b));
  return [...prefixHits, ...keywordHits, ...termHits];
}

/** Where a PREFIX line for ``prefix`` goes: after the query's last PREFIX or BASE line. */
function declarationPlace(text) {
  let place = 0;
  for (const match of text.matchAll(/^[ \t]*(?:PREFIX|BASE)\b[^\n]*\n?/gim)) {
    place = match.index + match[0].length;
  }
  return place;
}

/** The completion list under the caret: what is offered, which is chosen, and accepting it. */
class Completion {
  constructor(textarea, list, prefixes) {
    Object.assign(this, { textarea, list, prefixes, vocabulary: [], shown: [], active: 0, typed: null });
  }

  get isOpen() { return !this.list.hidden; }

  close() {
    this.list.hidden = true;
    this.shown = [];
    this.textarea.removeAttribute("aria-activedescendant");
  }

  open() {
    this.typed = wordBeforeCaret(this.textarea);
    const typed = this.typed;
    this.shown = typed ? suggest(typed, this.vocabulary, this.prefixes).slice(0, MAX_SHOWN) : [];
    if (!this.shown.length || (this.shown.length === 1 && this.shown[0].text === typed.word)) {
      this.close();
      return;
    }
    this.list.replaceChildren(...this.shown.map((item, index) => this.option(item, index)));
    this.list.hidden = false;
    this.place();
    this.choose(0);
  }

  option(item, index) {
    const option = el("li", null, { id: `completion-${index}`, role: "option", class: `kind-${item.kind}` });
    option.append(el("span", item.shown, { class: "shown" }), el("span", item.note, { class: "note" }));
    option.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the focus (and the caret) in the textarea
      this.accept(index);
    });
    return option;
  }

  /** Mark option ``index`` as chosen (for the eye and, through aria-activedescendant, the ear). */
  choose(index) {
    this.active = (index + this.shown.length) % this.shown.length;
    [...this.list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === this.active)));
    const item = this.list.children[this.active];
    this.textarea.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  /** Put the list under the word: the textarea does not wrap and its font is monospaced. */
  place() {
    const { textarea, list } = this;
    const before = textarea.value.slice(0, this.typed.start);
    const line = before.split("\n").length - 1;
    const column = before.length - before.lastIndexOf("\n") - 1;
    const style = getComputedStyle(textarea);
    const charWidth = parseFloat(style.fontSize) * 0.6;
    const top = parseFloat(style.paddingTop) + (line + 1) * parseFloat(style.lineHeight) - textarea.scrollTop + 2;
    const left = parseFloat(style.paddingLeft) + column * charWidth - textarea.scrollLeft;
    list.style.top = `${Math.max(0, top)}px`;
    list.style.left = `${Math.max(0, Math.min(left, textarea.clientWidth - 240))}px`;
  }

  /** Replace the typed word with option ``index``, declaring its prefix if the query does not. */
  accept(index) {
    const { textarea, prefixes, typed } = this;
    const item = this.shown[index];
    let text = textarea.value.slice(0, typed.start) + item.text + textarea.value.slice(textarea.selectionStart);
    let caret = typed.start + item.text.length;
    const declared = new RegExp(`^\\s*PREFIX\\s+${item.prefix}:`, "im");
    if (item.prefix && prefixes[item.prefix] && !declared.test(text)) {
      const line = `PREFIX ${item.prefix}: <${prefixes[item.prefix]}>\n`;
      const at = declarationPlace(text);
      text = text.slice(0, at) + line + text.slice(at);
      caret += line.length;
    }
    textarea.value = text;
    textarea.setSelectionRange(caret, caret);
    this.close();
  }

  /** Handle a key while the list is open; true when the key was the list's. */
  key(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) this.choose(this.active + moves[event.key]);
    else if (event.key === "Enter" || event.key === "Tab") this.accept(this.active);
    else if (event.key === "Escape") this.close();
    else return false;
    return true;
  }
}

/** The editor: highlighting, completion and keys on the textarea ``#query``. */
export class Editor {
  constructor({ prefixes, loadVocabulary, onRun }) {
    this.textarea = $("query");
    this.colours = $("query-colours");
    this.completion = new Completion(this.textarea, $("completions"), prefixes);
    this.onRun = onRun;
    this.listen();
    // Asked for once, as the page opens: the reader may start typing at once.
    loadVocabulary()
      .then((terms) => { this.completion.vocabulary = terms; })
      .catch(() => {}) // without the graph's terms, prefixes and keywords are still offered
      .finally(() => { this.textarea.dataset.vocabulary = "loaded"; });
  }

  listen() {
    const { textarea, completion } = this;
    textarea.addEventListener("input", (event) => {
      this.paint();
      if (event.inputType && event.inputType.startsWith("insert")) completion.open();
      else completion.close();
    });
    textarea.addEventListener("scroll", () => {
      this.colours.scrollTop = textarea.scrollTop;
      this.colours.scrollLeft = textarea.scrollLeft;
    });
    textarea.addEventListener("blur", () => completion.close());
    textarea.addEventListener("keydown", (event) => this.key(event));
  }

  key(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.completion.close();
      this.onRun();
    } else if (this.completion.isOpen && this.completion.key(event)) {
      event.preventDefault();
      this.paint();
    }
  }

  paint() {
    paint(this.textarea, this.colours);
  }

  /** Put the caret at ``line``, ``column`` (both from 1). */
  goTo(line, column) {
    const lines = this.textarea.value.split("\n");
    const before = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    this.textarea.focus();
    const at = Math.min(this.textarea.value.length, before + column - 1);
    this.textarea.setSelectionRange(at, at);
  }

  get value() { return this.textarea.value; }

  set value(text) {
    this.textarea.value = text;
    this.completion.close();
    this.paint();
  }
}

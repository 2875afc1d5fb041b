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

/** Attach highlighting, completion and the keys to the textarea ``#query``. */
export function attachEditor({ prefixes, loadVocabulary, onRun }) {
  const textarea = $("query");
  const pre = $("query-colours");
  const list = $("completions");
  let vocabulary = [];
  let shown = [];
  let active = 0;
  let typed = null;

  const close = () => {
    list.hidden = true;
    shown = [];
    textarea.removeAttribute("aria-activedescendant");
  };

  const highlightActive = () => {
    [...list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === active)));
    const item = list.children[active];
    if (!item) return;
    textarea.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  };

  const place = () => {
    // The textarea does not wrap and its font is monospaced: the caret's line and column
    // say where it is on screen.
    const before = textarea.value.slice(0, typed.start);
    const line = before.split("\n").length - 1;
    const column = before.length - before.lastIndexOf("\n") - 1;
    const style = getComputedStyle(textarea);
    const lineHeight = parseFloat(style.lineHeight);
    const charWidth = parseFloat(style.fontSize) * 0.6;
    const top = parseFloat(style.paddingTop) + (line + 1) * lineHeight - textarea.scrollTop + 2;
    const left = parseFloat(style.paddingLeft) + column * charWidth - textarea.scrollLeft;
    list.style.top = `${Math.max(0, top)}px`;
    list.style.left = `${Math.max(0, Math.min(left, textarea.clientWidth - 240))}px`;
  };

  const open = () => {
    typed = wordBeforeCaret(textarea);
    shown = typed ? suggest(typed, vocabulary, prefixes).slice(0, MAX_SHOWN) : [];
    if (!shown.length || (shown.length === 1 && shown[0].text === typed.word)) return close();
    active = 0;
    list.replaceChildren(...shown.map((item, index) => {
      const option = el("li", null, { id: `completion-${index}`, role: "option", class: `kind-${item.kind}` });
      option.append(el("span", item.shown, { class: "shown" }), el("span", item.note, { class: "note" }));
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus (and the caret) in the textarea
        accept(index);
      });
      return option;
    }));
    list.hidden = false;
    place();
    highlightActive();
  };

  const accept = (index) => {
    const item = shown[index];
    const caret = textarea.selectionStart;
    let text = textarea.value.slice(0, typed.start) + item.text + textarea.value.slice(caret);
    let newCaret = typed.start + item.text.length;
    const declared = new RegExp(`^\\s*PREFIX\\s+${item.prefix}:`, "im");
    if (item.prefix && prefixes[item.prefix] && !declared.test(text)) {
      const line = `PREFIX ${item.prefix}: <${prefixes[item.prefix]}>\n`;
      const at = declarationPlace(text);
      text = text.slice(0, at) + line + text.slice(at);
      newCaret += line.length;
    }
    textarea.value = text;
    textarea.setSelectionRange(newCaret, newCaret);
    close();
    paint(textarea, pre);
  };

  textarea.addEventListener("input", (event) => {
    paint(textarea, pre);
    if (event.inputType && event.inputType.startsWith("insert")) open();
    else close();
  });
  textarea.addEventListener("scroll", () => {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  });
  textarea.addEventListener("blur", close);
  // Asked for once, as the page opens: the reader may start typing at once.
  loadVocabulary().then((terms) => {
    vocabulary = terms;
    textarea.dataset.vocabulary = "loaded";
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      close();
      onRun();
      return;
    }
    if (list.hidden) return;
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) {
      active = (active + moves[event.key] + shown.length) % shown.length;
      highlightActive();
    } else if (event.key === "Enter" || event.key === "Tab") {
      accept(active);
    } else if (event.key === "Escape") {
      close();
    } else {
      return;
    }
    event.preventDefault();
  });

  return {
    /** Put the caret at ``line``, ``column`` (both from 1), in view. */
    goTo(line, column) {
      const lines = textarea.value.split("\n");
      const before = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
      const at = Math.min(textarea.value.length, before + column - 1);
      textarea.focus();
      textarea.setSelectionRange(at, at);
    },
    get value() { return textarea.value; },
    set value(text) {
      textarea.value = text;
      close();
      paint(textarea, pre);
    },
  };
}

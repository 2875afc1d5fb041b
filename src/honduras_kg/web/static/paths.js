// The connections page's entity pickers: as the reader types, the names that match
// (from /api/search) fill the input's datalist. Without this script the inputs are
// plain text, which the server resolves by id or name.
import { el, getJSON } from "/static/site.js";

const WAIT_MS = 150;
const HITS = 8;

function picker(input) {
  const list = document.getElementById(input.dataset.suggest);
  let timer = null;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      asked = text;
      try {
        const page = await getJSON("/api/search?" + new URLSearchParams({ q: text, limit: HITS }));
        if (input.value.trim() !== text) return;
        list.replaceChildren(...page.results.map((hit) =>
          el("option", hit.label + " (" + hit.type + ")", { value: hit.id })));
      } catch {
        list.replaceChildren();  // a failed lookup leaves the plain text input
      }
    }, WAIT_MS);
  });
}

for (const input of document.querySelectorAll("input[data-suggest]")) picker(input);

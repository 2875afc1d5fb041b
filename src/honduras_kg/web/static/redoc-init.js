// Starts ReDoc on /redoc: a served file (the pages' CSP allows no inline script), with a
// theme whose colours pass WCAG AA contrast and names for the selects ReDoc leaves unnamed.
"use strict";

const node = document.getElementById("redoc");

const THEME = {
  colors: {
    text: { primary: "#1d2327", secondary: "#4d5a63" },
    primary: { main: "#0b5cad" },
    success: { main: "#1c6e47" },
    error: { main: "#b3261e" },
    responses: {
      success: { color: "#1c6e47", backgroundColor: "#e6f2ec", tabTextColor: "#7be0a6" },
      error: { color: "#b3261e", backgroundColor: "#fbeceb", tabTextColor: "#ff9e97" },
      redirect: { color: "#8a5200", backgroundColor: "#fdf3d8", tabTextColor: "#ffc766" },
      info: { color: "#1b5e9e", backgroundColor: "#e8eef8", tabTextColor: "#9cc7ff" },
    },
    http: {
      get: "#1b5e9e", post: "#1c6e47", put: "#8a5200", delete: "#b3261e",
      options: "#5b4a99", patch: "#5b4a99", basic: "#4d5a63", link: "#1b5e9e", head: "#5b4a99",
    },
  },
  typography: {
    code: { color: "#a1260d", backgroundColor: "#f4f5f5" },
    links: { color: "#0b5cad" },
  },
  sidebar: { textColor: "#1d2327" },
};

// ReDoc's content-type and example selects have no label: name them from what they choose.
function nameSelects(root) {
  for (const select of root.querySelectorAll("select:not([aria-label])")) {
    const types = [...select.options].some((o) => o.value.includes("/"));
    select.setAttribute("aria-label", types ? "Content type" : "Example");
  }
}

Redoc.init(node.dataset.specUrl, { hideLoading: true, theme: THEME }, node, () => {
  nameSelects(node);
  new MutationObserver(() => nameSelects(node)).observe(node, { childList: true, subtree: true });
});

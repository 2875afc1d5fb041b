// Starts Swagger UI on /docs: a served file, because the pages' CSP allows no inline script.
"use strict";

const node = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: node.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  // Deep links put a link inside each operation's toggle button (nested controls, for axe).
  deepLinking: false,
  showExtensions: true,
  showCommonExtensions: true,
  // The default validator badge asks an outside service about our schema.
  validatorUrl: null,
  // Its highlighting colours fall below 4.5:1 contrast; plain text reads as well.
  syntaxHighlight: { activated: false },
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});

// The select of a parameter with a list of values has no name: give it the parameter's.
function nameSelects() {
  for (const select of node.querySelectorAll("tr[data-param-name] select:not([aria-label])")) {
    select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
  }
}
new MutationObserver(nameSelects).observe(node, { childList: true, subtree: true });

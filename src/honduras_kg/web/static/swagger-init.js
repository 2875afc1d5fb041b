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
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});

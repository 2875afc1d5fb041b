// Starts Swagger UI on /docs: a served file, because the pages' CSP allows no inline script.
"use strict";

const node = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: node.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // The default validator badge asks an outside service about our schema.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});

"""One self-contained HTML file of a network view: vis-network and the data inlined.

The file works opened from disk with no internet: vis-network's JavaScript
and CSS are read from the installed pyvis package, and the data sits in a
``<script type="application/json">`` element, escaped so no text from the
graph can close it (:func:`~honduras_kg.network.render.script_json`).
"""

from __future__ import annotations

import html
from typing import Any

from honduras_kg.network.render import VIS_DIR, script_json

__all__ = ["standalone_html"]

_DRAW = """
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var panel = document.getElementById("panel");
  var network = new vis.Network(document.getElementById("graph"),
    {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
  function line(tag, text) {
    var node = document.createElement(tag); node.textContent = text; panel.append(node);
  }
  network.on("click", function (event) {
    panel.replaceChildren();
    var id = event.nodes[0];
    var node = data.nodes.find(function (n) { return n.id === id; });
    if (node) { line("h2", node.label); line("p", node.type);
      if (node.description) line("p", node.description); }
    data.edges.forEach(function (edge) {
      if (edge.from !== id && edge.to !== id && edge.id !== event.edges[0]) return;
      line("h3", edge.label + (edge.modality ? " (" + edge.modality + ")" : ""));
      (edge.quotes || []).forEach(function (q) { line("blockquote", q); });
      if (edge.source_label) line("p", "Source: " + edge.source_label);
    });
  });
})();
"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{css}
body {{ font-family: sans-serif; margin: 0; display: flex; height: 100vh; }}
#graph {{ flex: 3; }} #panel {{ flex: 1; overflow: auto; padding: 0 1rem; }}
</style></head>
<body><div id="graph"></div><aside id="panel"><p>Click a node or an edge.</p></aside>
<script type="application/json" id="graph-data">{data}</script>
<script>{js}</script>
<script>{draw}</script>
</body></html>
"""


def standalone_html(data: dict[str, Any], *, title: str = "honduras-kg graph") -> str:
    """The page for ``data`` (as :func:`~honduras_kg.network.render.network_data` builds it)."""
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return _PAGE.format(
        title=html.escape(title),
        css=css.replace("</", "<\\/"),
        data=script_json(data),
        js=js.replace("</script", "<\\/script"),
        draw=_DRAW,
    )

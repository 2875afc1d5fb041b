"""One self-contained HTML file of a network view: vis-network and the data inlined.

The file works opened from disk with no internet: vis-network's JavaScript
and CSS are read from the installed pyvis package, and the data sits in a
``<script type="application/json">`` element, escaped so no text from the
graph can close it (:func:`~honduras_kg.network.render.script_json`). Its
script (``standalone.js``) searches and filters that data in the browser.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from honduras_kg.network.render import VIS_DIR, script_json

__all__ = ["standalone_html"]

#: The file's own script: search, filters and the evidence panel, over the data it holds.
SCRIPT = Path(__file__).with_name("standalone.js")

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{css}
body {{ font-family: sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }}
header {{ display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: center; padding: .4rem 1rem;
  border-bottom: 1px solid #ccc; }}
header h1 {{ font-size: 1.1rem; margin: 0; }}
details {{ position: relative; }}
details > div {{ position: absolute; z-index: 10; background: #fff; border: 1px solid #ccc;
  padding: .4rem; display: grid; grid-template-columns: repeat(2, max-content); gap: 0 1rem; }}
main {{ flex: 1; display: flex; min-height: 0; }}
#graph {{ flex: 3; }} #panel {{ flex: 1; overflow: auto; padding: 0 1rem; }}
blockquote {{ font-style: italic; margin: .3rem 0 .3rem 1rem; }}
#legend {{ display: flex; flex-wrap: wrap; gap: .2rem 1rem; list-style: none; margin: 0;
  padding: .3rem 1rem; border-top: 1px solid #ccc; font-size: .85rem; }}
.swatch {{ display: inline-block; width: 1rem; height: .7rem; margin-right: .3rem; }}
</style></head>
<body>
<header><h1>{title}</h1>
<form id="find"><input id="search" type="search" placeholder="Find a name">
<button>Find</button></form>
<details><summary>Types</summary><div id="types"></div></details>
<details><summary>Modalities</summary><div id="modalities"></div></details>
<label><input type="checkbox" id="unattributed" checked> unattributed claims</label>
<label>From <input id="date-from" type="date"></label>
<label>to <input id="date-to" type="date"></label>
<span id="status" role="status"></span></header>
<main><div id="graph"></div>
<aside id="panel" tabindex="0" aria-label="Evidence">
<p>Click a node or an edge to see its evidence.</p></aside></main>
<ul id="legend"></ul>
<script type="application/json" id="graph-data">{data}</script>
<script>{js}</script>
<script>{script}</script>
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
        script=SCRIPT.read_text(encoding="utf-8"),
    )

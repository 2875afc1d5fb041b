"""The graph view in a real browser (headless Chromium), offline and inert to hostile text.

The tests read the live network through ``#graph-canvas``'s ``graphView`` (the page's
state: vis-network's ``network`` and its ``nodes`` and ``edges`` DataSets) to check what a
reader sees: label sizes on screen, overlaps, positions across filter changes.
"""

from __future__ import annotations

from honduras_kg import lookups
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, load_graph
from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.network.standalone import standalone_html

from .conftest import ARTIFACTS, Watched, assert_accessible, screenshot, watch

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Every drawn node's label size on screen (font px times the zoom) and any two nodes whose
#: boxes (shape and label, as vis-network draws them) overlap.
READABILITY = """() => {
  const view = document.getElementById("graph-canvas").graphView;
  const network = view.network;
  const scale = network.getScale();
  const ids = view.nodes.getIds();
  const sizes = ids.map((id) => network.body.nodes[id].options.font.size * scale);
  // vis-network measures only the nodes it draws: draw them all, then put the view back.
  const seen = { position: network.getViewPosition(), scale, animation: false };
  network.fit({ animation: false });
  network.redraw();
  const boxes = ids.map((id) => [view.nodes.get(id).label, network.getBoundingBox(id)]);
  network.moveTo(seen);
  network.redraw();
  const overlaps = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, b] = [boxes[i][1], boxes[j][1]];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        overlaps.push(boxes[i][0] + " / " + boxes[j][0]);
      }
    }
  }
  return { smallest: Math.min(...sizes), overlaps, count: ids.length };
}"""

POSITIONS = """() => {
  const view = document.getElementById("graph-canvas").graphView;
  return view.network.getPositions();
}"""

#: Nodes drawn with no edge (the view lists them instead; a focus may stay alone).
UNLINKED = """() => {
  const view = document.getElementById("graph-canvas").graphView;
  return view.nodes.getIds().filter((id) => !view.network.getConnectedEdges(id).length);
}"""


def _drawn(page) -> None:
    """Wait for the page's own signal that the network is laid out and drawn."""
    page.wait_for_selector("#graph-canvas[data-ready] canvas")


def _changed(page, attribute: str, before: str) -> None:
    """Wait until the view is drawn again with ``attribute`` no longer ``before``."""
    page.wait_for_selector(f"#graph-canvas[data-ready]:not([{attribute}='{before}'])")


def _node_on_screen(page, entity: str) -> tuple[float, float]:
    """Where ``entity``'s node is on the page, in CSS pixels."""
    point = page.evaluate(
        """(entity) => {
          const view = document.getElementById("graph-canvas").graphView;
          const node = view.nodes.get().find((n) => n.entity === entity);
          const at = view.network.canvasToDOM(view.network.getPositions([node.id])[node.id]);
          const box = view.network.body.container.getBoundingClientRect();
          return [box.left + at.x, box.top + at.y];
        }""",
        entity,
    )
    return point[0], point[1]


def test_first_view_is_readable(site: str, watched: Watched) -> None:
    """The issue's first sight: a focus on Soto Cano, labels of 11 px or more, none
    overlapping, and the legend on the first screen beside the canvas."""
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/graph")
    _drawn(page)
    seen = page.evaluate(READABILITY)
    assert seen["count"] > 5
    assert seen["smallest"] >= 11
    assert seen["overlaps"] == []
    assert "around Soto Cano Air Base" in page.locator("#graph-status").inner_text()
    for part in ("#graph-canvas", "#graph-legend li:last-child"):
        box = page.locator(part).bounding_box()
        assert box["y"] + box["height"] <= DESKTOP["height"], part
    assert page.locator("#graph-legend li").count() > 10
    # Not drawn over docs/images/graph-view.png: a test run leaves the tree as it was.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-view.png"))
    page.set_viewport_size(PHONE)
    page.goto(site + "/graph")
    _drawn(page)
    assert page.evaluate(READABILITY)["smallest"] >= 11
    screenshot(page, "graph-view-phone")
    watched.assert_clean()
    assert_accessible(page)


def test_isolated_nodes_are_listed_not_drawn(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?view=all")
    _drawn(page)
    assert int(page.get_attribute("#graph-canvas", "data-nodes")) > 40
    assert page.evaluate(UNLINKED) == []
    isolated = page.locator("#graph-isolated li")
    assert isolated.count() == int(page.locator("#graph-isolated-count").inner_text()) > 0
    assert page.locator("#graph-isolated a[href^='/id/']").count() == isolated.count()
    assert "not linked in this view" in page.locator("#graph-status").inner_text()
    screenshot(page, "graph-view-whole")
    watched.assert_clean()
    assert_accessible(page)


def test_filters_prune_and_keep_positions(site: str, watched: Watched) -> None:
    """ "Threatened only": fewer nodes, none without an edge, and those that stay stay put."""
    page = watched.page
    page.goto(site + "/graph?view=all")
    _drawn(page)
    before = page.evaluate(POSITIONS)
    page.click("text=Modalities")
    for box in page.locator("input[name=modalities]").all():
        if box.get_attribute("value") != "threatened":
            box.uncheck()
    page.wait_for_selector("#graph-canvas[data-ready]")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('modalities') === 'threatened'"
    )
    page.wait_for_selector("#graph-canvas[data-ready]")
    after = page.evaluate(POSITIONS)
    assert 0 < len(after) < len(before)
    assert page.evaluate(UNLINKED) == []
    for node, where in after.items():
        assert abs(where["x"] - before[node]["x"]) < 0.5, node
        assert abs(where["y"] - before[node]["y"]) < 0.5, node
    edges = int(page.get_attribute("#graph-canvas", "data-edges"))
    assert page.locator("#graph-edge-table tbody tr").count() == edges
    watched.assert_clean()
    assert_accessible(page)


def test_an_inverted_date_range_is_refused_with_a_message(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    page.fill("#graph-date-to", "2020-01-01")
    page.wait_for_function("() => location.search.includes('date_to=2020-01-01')")
    # The start date goes in while the end date's view is still on its way: the refusal
    # must outlive that view's arrival.
    page.fill("#graph-date-from", "2025-01-31")
    _drawn(page)
    page.wait_for_function(
        "() => document.querySelector('#graph-status').innerText.includes('after the end date')"
    )
    assert "date_from" not in page.url
    assert "date_to=2020-01-01" in page.url
    assert page.get_attribute("#graph-date-from", "aria-invalid") == "true"
    watched.assert_clean()
    assert_accessible(page)


def test_hover_card_names_the_node(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    page.mouse.move(*_node_on_screen(page, "dana-frank"))
    card = page.locator("#graph-hover")
    card.wait_for(state="visible")
    assert "Dana Frank" in card.inner_text()
    assert "person" in card.inner_text() and "drawn" in card.inner_text()
    watched.assert_clean()
    assert_accessible(page)


def test_selection_dims_the_rest_and_labels_its_edges(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?focus=soto-cano&select=dana-frank")
    _drawn(page)
    page.wait_for_selector("#graph-panel h3:has-text('Dana Frank')")
    look = """() => {
      const view = document.getElementById("graph-canvas").graphView;
      const by = (entity) => view.nodes.get().find((n) => n.entity === entity);
      const frank = by("dana-frank").id;
      const labelled = view.edges.get().filter((e) => e.label).map((e) => e.from + " " + e.to);
      return { frank: by("dana-frank").opacity, soto: by("soto-cano").opacity,
               contra: by("contra-war").opacity,
               labelled: labelled.length && labelled.every((pair) => pair.includes(frank)) };
    }"""
    seen = page.evaluate(look)
    assert seen["frank"] == seen["soto"] == 1
    assert seen["contra"] < 0.5
    assert seen["labelled"]
    box = page.locator("#graph-canvas").bounding_box()
    page.mouse.click(box["x"] + 8, box["y"] + box["height"] - 8)  # the empty corner
    assert page.evaluate(look)["contra"] == 1
    watched.assert_clean()
    assert_accessible(page)


def test_zoom_buttons_and_fit(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    scale = "() => document.getElementById('graph-canvas').graphView.network.getScale()"
    start = page.evaluate(scale)
    page.click("#graph-zoom-in")
    assert abs(page.evaluate(scale) - start * 1.25) < 1e-6
    page.click("#graph-zoom-out")
    page.click("#graph-zoom-out")
    assert page.evaluate(scale) < start
    page.click("#graph-zoom-in")
    page.click("#graph-fit")
    assert page.evaluate(scale) > 0
    watched.assert_clean()
    assert_accessible(page)


def test_expand_pin_and_hide_a_node(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?focus=soto-cano&select=dana-frank")
    _drawn(page)
    page.wait_for_selector("#graph-panel h3:has-text('Dana Frank')")
    before = page.evaluate(POSITIONS)
    nodes = page.get_attribute("#graph-canvas", "data-nodes")
    page.click("#graph-expand")
    _changed(page, "data-nodes", nodes)
    after = page.evaluate(POSITIONS)
    assert len(after) > len(before)
    for node, where in before.items():
        assert abs(where["x"] - after[node]["x"]) < 0.5, node
    page.click("#graph-pin")
    fixed = """() => { const view = document.getElementById("graph-canvas").graphView;
        return view.nodes.get().find((n) => n.entity === "dana-frank").fixed; }"""
    assert page.evaluate(fixed) is True
    assert page.get_attribute("#graph-pin", "aria-pressed") == "true"
    nodes = page.get_attribute("#graph-canvas", "data-nodes")
    page.click("#graph-hide")
    _changed(page, "data-nodes", nodes)
    assert "Dana Frank" in page.locator("#graph-hidden").inner_text()
    page.click("#graph-hidden button")
    page.wait_for_selector("#graph-hidden-box[hidden]", state="attached")
    assert page.get_attribute("#graph-canvas", "data-nodes") == nodes
    watched.assert_clean()
    assert_accessible(page)


def test_path_mode_is_one_visible_control(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    page.fill("#graph-path-from", "Juan Orlando Hernández")
    page.fill("#graph-path-to", "Soto Cano")
    page.click("#graph-path button[type=submit]")
    heading = page.locator("#graph-panel h3")
    heading.filter(has_text="Paths from").wait_for()
    assert "Juan Orlando Hernández" in heading.inner_text()
    assert "Soto Cano Air Base" in heading.inner_text()
    paths = page.locator(".graph-paths > li")
    assert paths.count() >= 1
    assert paths.first.inner_text().startswith("Juan Orlando Hernández →")
    assert "from=juan-orlando-hernandez&to=soto-cano" in page.url
    _drawn(page)
    assert int(page.get_attribute("#graph-canvas", "data-path-edges")) > 0
    watched.assert_clean()
    assert_accessible(page)


def test_png_export(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    with page.expect_download() as download:
        page.click("#graph-png")
    assert download.value.url.startswith("data:image/png;base64,")
    assert download.value.suggested_filename == "honduras-kg-graph.png"
    watched.assert_clean()
    assert_accessible(page)


def test_edge_table_matches_the_canvas_and_is_keyboard_reachable(
    site: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    page.focus("#graph-table-box summary")
    page.keyboard.press("Enter")
    rows = page.locator("#graph-edge-table tbody tr")
    assert rows.count() == int(page.get_attribute("#graph-canvas", "data-edges"))
    assert "criticised" in page.locator("#graph-edge-table").inner_text()
    page.keyboard.press("Tab")  # the scrolling region
    page.keyboard.press("Tab")  # its first link
    focused = page.evaluate("() => document.activeElement.closest('table')?.id")
    assert focused == "graph-edge-table"
    assert page.evaluate("() => document.activeElement.getAttribute('href')").startswith("/claim/")
    watched.assert_clean()
    assert_accessible(page)


def test_depth_is_enabled_after_find_and_sources_are_small(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?view=all")
    _drawn(page)
    assert page.is_disabled("#graph-depth")
    page.fill("#graph-search", "Xiomara Castro")
    page.click("#graph-controls button[type=submit]")
    page.wait_for_selector("#graph-panel h3:has-text('Xiomara Castro')")
    assert page.is_enabled("#graph-depth")
    nodes = page.get_attribute("#graph-canvas", "data-nodes")
    page.check("#graph-sources")
    _changed(page, "data-nodes", nodes)
    sources = page.evaluate(
        """() => document.getElementById("graph-canvas").graphView.nodes.get()
          .filter((n) => n.type === "source").map((n) => [n.shape, n.size])"""
    )
    assert sources and all(shape == "triangleDown" and size <= 12 for shape, size in sources)
    watched.assert_clean()
    assert_accessible(page)


def test_search_focuses_and_panel_shows_quote(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    page.fill("#graph-search", "soto cano")
    page.click("#graph-controls button[type=submit]")
    page.wait_for_selector("#graph-panel h3")
    assert "Soto Cano" in page.locator("#graph-panel h3").inner_text()
    assert "lose all reason to exist" in page.locator("#graph-panel").inner_text()
    assert "select=soto-cano" in page.url
    watched.assert_clean()
    assert_accessible(page)


def test_filter_hides_unattributed(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?view=all")
    _drawn(page)
    before = int(page.locator("#graph-canvas").get_attribute("data-edges"))
    page.uncheck("#graph-unattributed")
    page.wait_for_selector(f"#graph-canvas[data-ready]:not([data-edges='{before}'])")
    assert int(page.locator("#graph-canvas").get_attribute("data-edges")) < before
    assert "unattributed" in page.url
    watched.assert_clean()
    assert_accessible(page)


def test_a_shared_link_restores_the_view(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(
        site + "/graph?select=soto-cano&hide=statements,sources,unattributed&size_by=pagerank"
    )
    _drawn(page)
    page.wait_for_selector("#graph-panel h3")
    assert "Soto Cano" in page.locator("#graph-panel h3").inner_text()
    assert not page.is_checked("#graph-unattributed")
    assert page.input_value("#graph-size-by") == "pagerank"
    link = page.get_attribute("#graph-link", "href")
    assert link.startswith("/graph?") and "select=soto-cano" in link and "size_by=pagerank" in link
    watched.assert_clean()
    assert_accessible(page)


def test_modality_source_and_size_controls(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?view=all")
    _drawn(page)
    edges = page.get_attribute("#graph-canvas", "data-edges")
    page.click("text=Modalities")
    page.uncheck("input[name=modalities][value=happened]")
    page.wait_for_selector(f"#graph-canvas[data-ready]:not([data-edges='{edges}'])")
    assert "modalities=" in page.url and "happened" not in page.url.split("modalities=")[1]
    assert "(6 of 7)" in page.locator("#graph-modalities-count").inner_text()
    edges = page.get_attribute("#graph-canvas", "data-edges")
    source = page.locator("#graph-source option").nth(1).get_attribute("value")
    page.select_option("#graph-source", source)
    page.wait_for_selector(f"#graph-canvas[data-ready]:not([data-edges='{edges}'])")
    assert f"sources={source}" in page.url
    page.select_option("#graph-size-by", "betweenness")
    page.wait_for_selector("#graph-canvas[data-ready]")
    assert "size_by=betweenness" in page.url
    watched.assert_clean()
    assert_accessible(page)


def test_path_is_highlighted(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?from=juan-orlando-hernandez&to=soto-cano")
    _drawn(page)
    assert int(page.locator("#graph-canvas").get_attribute("data-path-edges")) > 0
    assert "Path" in page.locator("#graph-panel h3").inner_text()
    watched.assert_clean()
    assert_accessible(page)


def test_hostile_labels_stay_inert(hostile_site: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    page.goto(hostile_site + "/graph?focus=hostile")
    _drawn(page)
    page.wait_for_selector("#graph-panel h3")
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    assert "<" in page.locator("#graph-panel").inner_text()
    seen.assert_clean()
    assert_accessible(page)
    context.close()


def _export(graph_dir, out) -> str:
    """Write the exported view of ``graph_dir``'s graph to ``out``; its file:// URL."""
    index = ReadModel.from_graph(load_graph(graph_dir), base=DEFAULT_BASE)
    out.write_text(standalone_html(lookups.graph_view(index)), encoding="utf-8")
    return out.as_uri()


def test_exported_file_searches_and_filters_from_disk(watched: Watched, tmp_path) -> None:
    page = watched.page
    page.goto(_export(DEFAULT_GRAPH_DIR, tmp_path / "graph.html"))
    page.wait_for_selector("#graph canvas")
    before = page.locator("#status").inner_text()
    page.fill("#search", "soto cano")
    page.click("#find button")
    assert "Soto Cano" in page.locator("#panel h2").inner_text()
    assert "lose all reason to exist" in page.locator("#panel").inner_text()
    page.uncheck("#unattributed")
    assert page.locator("#status").inner_text() != before
    watched.assert_clean()
    assert_accessible(page)


def test_exported_file_keeps_hostile_labels_inert(watched: Watched, hostile_dir, tmp_path) -> None:
    page = watched.page
    page.goto(_export(hostile_dir, tmp_path / "hostile.html"))
    page.wait_for_selector("#graph canvas")
    page.fill("#search", "<")
    page.click("#find button")
    assert "<" in page.locator("#panel h2").inner_text()
    assert page.locator("body img").count() == 0
    assert page.locator("body script").count() == 3
    watched.assert_clean()
    assert_accessible(page)


def test_the_newcomer_journey(site: str, watched: Watched, browser) -> None:
    """The issue's definition of done: landing page, graph, Soto Cano, Castro's words,
    the article that reports them, and a link that opens the same view elsewhere."""
    page = watched.page
    page.goto(site + "/")
    page.click("main >> text=Graph view")
    _drawn(page)
    page.fill("#graph-search", "Soto Cano")
    page.click("#graph-controls button[type=submit]")
    castro = page.locator(".graph-evidence li").filter(has_text="lose all reason to exist")
    castro.first.wait_for()  # the search answers asynchronously
    assert "Xiomara Castro" in castro.first.inner_text()
    shared = site + page.get_attribute("#graph-link", "href")
    castro.first.locator("a[href^='/source/']").click()
    page.wait_for_load_state()
    assert "/source/al-jazeera-explainer" in page.url
    assert "lose all reason to exist" in page.locator("main").inner_text()
    colleague = browser.new_context().new_page()
    colleague.goto(shared)
    colleague.wait_for_selector("#graph-canvas[data-ready] canvas")
    assert "Soto Cano" in colleague.locator("#graph-panel h3").inner_text()
    colleague.context.close()
    watched.assert_clean()
    assert_accessible(page)


def test_download_gives_the_same_view_as_one_offline_file(
    site: str, watched: Watched, tmp_path
) -> None:
    page = watched.page
    page.goto(site + "/graph?focus=soto-cano&hide=statements,sources,unattributed")
    _drawn(page)
    nodes = page.get_attribute("#graph-canvas", "data-nodes")
    with page.expect_download() as download:
        page.click("#graph-download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "honduras-kg-graph.html"
    page.goto(saved.as_uri())
    page.wait_for_selector("#graph canvas")
    assert page.locator("#status").inner_text().startswith(f"{nodes} nodes")
    watched.assert_clean()
    assert_accessible(page)


def test_the_hub_of_a_larger_graph_draws_a_bounded_view(
    browser, tmp_path_factory, watched: Watched
) -> None:
    """Issue 10's aim at a size the tests can afford: the best-connected entity of a
    synthetic graph opens on its nearest and best-linked neighbours, with the rest one
    click away, instead of hundreds of nodes to lay out."""
    from honduras_kg.config import Settings
    from honduras_kg.lookups.graph_view import VIEW_NODES

    from ..benchmarks.synthetic import write_graph
    from ..web.conftest import live_server

    made = write_graph(tmp_path_factory.mktemp("synthetic"), nodes=1500, seed=1)
    page = watched.page
    with live_server(Settings(graph_dir=made.directory, query_workers=1)) as url:
        page.goto(f"{url}/graph?focus={made.hub}")
        _drawn(page)
        nodes = int(page.get_attribute("#graph-canvas", "data-nodes"))
        assert 1 < nodes <= VIEW_NODES
        more = page.locator("#graph-more")
        assert more.is_visible() and "more neighbours" in more.inner_text()
        more.click()
        _changed(page, "data-nodes", str(nodes))
        assert "limit=80" in page.url
        assert int(page.get_attribute("#graph-canvas", "data-nodes")) > nodes
        watched.assert_clean()
        assert_accessible(page)

"""The graph view in a real browser (headless Chromium), offline and inert to hostile text."""

from __future__ import annotations

from honduras_kg import lookups
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, load_graph
from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.network.standalone import standalone_html

from .conftest import Watched, screenshot, watch


def _drawn(page) -> None:
    """Wait for the page's own signal that the network is laid out and drawn.

    A selector, not a script: the page's CSP forbids evaluating strings.
    """
    page.wait_for_selector("#graph-canvas[data-ready] canvas")


def test_default_view_loads_offline(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    assert int(page.locator("#graph-canvas").get_attribute("data-nodes")) > 20
    assert page.locator("#graph-legend li").count() > 5
    page.wait_for_timeout(1500)
    screenshot(page, "graph-view")
    watched.assert_clean()


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


def test_filter_hides_unattributed(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    before = int(page.locator("#graph-canvas").get_attribute("data-edges"))
    page.uncheck("#graph-unattributed")
    page.wait_for_selector(f"#graph-canvas[data-ready]:not([data-edges='{before}'])")
    assert int(page.locator("#graph-canvas").get_attribute("data-edges")) < before
    assert "unattributed" in page.url
    watched.assert_clean()


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


def test_modality_source_and_size_controls(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
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


def test_explain_a_connection_from_the_panel(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?select=juan-orlando-hernandez")
    _drawn(page)
    page.click("text=Start a path here")
    page.fill("#graph-search", "soto cano")
    page.click("#graph-controls button[type=submit]")
    page.click("text=Explain the connection from Juan Orlando Hernández")
    _drawn(page)
    assert "from=juan-orlando-hernandez&to=soto-cano" in page.url
    assert int(page.get_attribute("#graph-canvas", "data-path-edges")) > 0
    watched.assert_clean()


def test_path_is_highlighted(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph?from=juan-orlando-hernandez&to=soto-cano")
    _drawn(page)
    assert int(page.locator("#graph-canvas").get_attribute("data-path-edges")) > 0
    assert "Path" in page.locator("#graph-panel h3").inner_text()
    watched.assert_clean()


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

"""The graph view in a real browser (headless Chromium), offline and inert to hostile text."""

from __future__ import annotations

from .conftest import Watched, screenshot, watch


def _drawn(page) -> None:
    page.wait_for_function("document.getElementById('graph-canvas').dataset.nodes !== undefined")
    page.wait_for_selector("#graph-canvas canvas")


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
    assert "focus=soto-cano" in page.url
    watched.assert_clean()


def test_filter_hides_unattributed(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/graph")
    _drawn(page)
    before = int(page.locator("#graph-canvas").get_attribute("data-edges"))
    page.uncheck("#graph-unattributed")
    page.wait_for_function(f"document.getElementById('graph-canvas').dataset.edges !== '{before}'")
    assert int(page.locator("#graph-canvas").get_attribute("data-edges")) < before
    assert "unattributed" in page.url
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

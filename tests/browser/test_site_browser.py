"""One site, in a real browser: the menu, the search, the error pages, the landing page's links.

Each journey starts where a reader would (the landing page, the menu, a
mistyped address), performs the page's main action, and checks what the reader
sees, with no console error, no request leaving 127.0.0.1 and no serious
accessibility violation. The last tests visit every link of the menu and of the
landing page.
"""

from __future__ import annotations

import re

import pytest

from honduras_kg.lookups import normalise

from .conftest import ARTIFACTS, Watched, assert_accessible, screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
#: The menu of base.html, in order.
MENU = [
    "/search",
    "/graph",
    "/paths",
    "/api/queries",
    "/timeline",
    "/sources",
    "/sparql",
    "/docs",
]


def _goto(watched: Watched, path: str, site: str, status: int = 200):
    response = watched.page.goto(site + path)
    assert response is not None and response.status == status, path
    return watched.page


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"


def _forgive_the_page_own_404(watched: Watched) -> None:
    """Chromium logs a page answered with 404 as a console error: that one is expected."""
    own = [e for e in watched.errors if "status of 404" in e]
    assert len(own) == 1, watched.errors
    watched.errors.remove(own[0])


def _current(page) -> str:
    return page.locator("header nav a[aria-current=page]").get_attribute("href")


# --- Search -----------------------------------------------------------------------


def test_search_from_the_menu_box_finds_names_and_quotes(site: str, watched: Watched) -> None:
    page = _goto(watched, "/", site)
    page.fill("#site-q", "soto cano")
    page.locator("header form[role=search] button").click()
    page.wait_for_url(re.compile(r"/search\?q=soto\+cano"))
    assert _current(page) == "/search"
    names = page.locator("ol.results:not(.quote-hits) li")
    assert "Soto Cano Air Base" in names.first.inner_text()
    assert "matched the" in names.first.locator(".why").inner_text()
    marks = page.locator("ol.quote-hits mark")
    assert marks.count() > 3
    assert all(normalise(m) == "soto cano" for m in marks.all_inner_texts())
    # A quote hit leads to its claim, which shows the same quote.
    hit = page.locator("ol.quote-hits li").first
    quote = hit.locator("blockquote").inner_text()
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r"/claim/"))
    assert quote.strip() in page.locator("main").inner_text()
    watched.assert_clean()
    assert_accessible(page)


def test_a_near_miss_suggests_the_entity_and_the_link_leads_there(
    site: str, watched: Watched
) -> None:
    page = _goto(watched, "/search?q=Hernandes", site)
    suggestion = page.locator("p.suggestions a").first  # the closest first
    assert suggestion.inner_text() == "Juan Orlando Hernández"
    screenshot(page, "site-search-near-miss")
    assert_accessible(page)
    suggestion.click()
    page.wait_for_url(re.compile(r"/id/juan-orlando-hernandez$"))
    assert page.locator("main h2").first.inner_text() == "Juan Orlando Hernández"
    watched.assert_clean()


# --- Errors -------------------------------------------------------------------------


def test_an_unknown_page_is_a_page_whose_did_you_mean_works(site: str, watched: Watched) -> None:
    page = _goto(watched, "/serch", site, status=404)
    assert page.locator("main h2").inner_text() == "Not found"
    assert "There is no page at /serch." in page.locator("main").inner_text()
    assert page.locator("header nav a").count() == len(MENU)
    screenshot(page, "site-404")
    _forgive_the_page_own_404(watched)
    assert_accessible(page)
    page.locator("p.suggestions a[href='/search']").click()
    page.wait_for_url(re.compile(r"/search$"))
    assert page.locator("main h2").inner_text() == "Search"
    watched.assert_clean()


def test_an_unknown_entity_suggests_the_close_one(site: str, watched: Watched) -> None:
    page = _goto(watched, "/id/soto-canoe", site, status=404)
    text = page.locator("main").inner_text()
    assert "No entity 'soto-canoe' in the graph." in text and "{" not in text
    _forgive_the_page_own_404(watched)
    assert_accessible(page)
    page.locator("p.suggestions a", has_text="Soto Cano Air Base").click()
    page.wait_for_url(re.compile(r"/id/soto-cano$"))
    assert page.locator("main h2").first.inner_text() == "Soto Cano Air Base"
    watched.assert_clean()


def test_a_bad_date_is_explained_without_a_regular_expression(site: str, watched: Watched) -> None:
    page = _goto(watched, "/api/timeline?date_from=x", site, status=422)
    text = page.locator("main").inner_text()
    assert "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'x'" in text
    assert "\\d" not in text and "pattern" not in text
    watched.errors.clear()  # the page's own 422, as Chromium logs it
    assert_accessible(page)


# --- The API docs, in the site -----------------------------------------------------


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_carry_the_menu_and_the_search(site: str, watched: Watched, path: str) -> None:
    page = _goto(watched, path, site)
    assert page.locator("header nav a").count() == len(MENU)
    assert page.locator("#site-q").is_visible()
    if path == "/docs":
        assert _current(page) == "/docs"
        page.wait_for_selector(".opblock-summary")
        page.locator(".opblock-summary", has_text="/api/search").first.click()
        page.wait_for_selector(".parameters")
    else:
        page.wait_for_selector("#redoc h1")
        assert "honduras-kg" in page.locator("#redoc h1").first.inner_text()
    # The first screen only: ReDoc's whole page is too tall to capture in time.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site{path.replace('/', '-')}.png"))
    watched.assert_clean()
    assert_accessible(page)


# --- The phone ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, status",
    [("/", 200), ("/search?q=Hernandes", 200), ("/search?q=castro", 200), ("/nope", 404),
     ("/docs", 200), ("/redoc", 200)],
)  # fmt: skip
def test_pages_fit_a_phone(browser, site: str, path: str, status: int) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        response = page.goto(site + path)
        assert response is not None and response.status == status
        page.wait_for_load_state("networkidle")
        _no_sideways_scroll(page)
        # The whole menu and the search box are on the first screen.
        for link in page.locator("header nav a").all():
            box = link.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"] / 3
        assert page.locator("#site-q").is_visible()
        name = path.strip("/").split("?")[0].replace("/", "-") or "landing"
        screenshot(page, f"site-phone-{name}")
    finally:
        context.close()


# --- The landing page -------------------------------------------------------------


def test_the_landing_page_links_where_a_reader_gets_an_answer(site: str, watched: Watched) -> None:
    page = _goto(watched, "/", site)
    main = page.locator("main")
    assert main.locator("p.counts a", has_text="sources").get_attribute("href") == "/sources"
    questions = main.locator("section.named-queries li > a")
    assert questions.count() > 5
    for href in questions.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert re.fullmatch(r"/api/queries/[\w-]+", href), href
    for href in ("/graph", "/timeline", "/paths?from=juan-orlando-hernandez&to=soto-cano"):
        assert main.locator(f"a[href='{href}']").count() >= 1, href
    screenshot(page, "site-landing")
    assert_accessible(page)
    # The showcase question answers with hops, each with its evidence.
    main.locator(".question-link").click()
    page.wait_for_url(re.compile(r"/paths\?from=juan-orlando-hernandez&to=soto-cano"))
    assert page.locator("li.hop blockquote").count() >= 1
    watched.assert_clean()


def test_a_negated_claim_reads_as_a_negation(site: str, watched: Watched) -> None:
    page = _goto(watched, "/id/united-states", site)
    lines = page.locator("li.relation .line").all_inner_texts()
    negated = [line for line in lines if "It is not so that" in line]
    assert negated, "no negated relation shown"
    assert not any(re.search(r"\bnot pays\b", line) for line in lines)
    meta = " ".join(page.locator("li.relation .meta").all_inner_texts())
    assert not re.search(r"[a-z]unattributed", meta)
    watched.assert_clean()


# --- Every link answers ---------------------------------------------------------------


def _links(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_the_menu_is_the_one_this_module_checks(site: str, watched: Watched) -> None:
    page = _goto(watched, "/", site)
    assert _links(page, "header nav a") == MENU
    assert "/sources" in _links(page, "main a")


def _page_cases() -> list:
    paths = [*MENU, "/", "/redoc", "/paths?from=juan-orlando-hernandez&to=soto-cano"]
    return [*(pytest.param(path, id=path) for path in paths), "questions"]


@pytest.mark.parametrize("path", _page_cases())
def test_every_menu_and_landing_link_answers_with_a_page(
    site: str, watched: Watched, path: str
) -> None:
    page = watched.page
    if path == "questions":  # every "Questions the graph answers" link of the landing page
        _goto(watched, "/", site)
        paths = _links(page, "section.named-queries li > a")
    else:
        paths = [path]
    for target in paths:
        response = page.goto(site + target)
        # Not a 5xx, and not the site's (readable) 404 either: a link must lead somewhere.
        assert response is not None and response.status == 200, (target, response.status)
        assert response.headers["content-type"].startswith("text/html"), target
        assert page.locator("h1").first.inner_text().strip(), target
        assert page.locator("main").first.inner_text().strip(), target

"""The query page, /sparql, in a real browser: what a SPARQL user does there.

Each kind of answer (a SELECT table that sorts, filters and pages; an ASK; a
CONSTRUCT drawn and written as Turtle), the examples menu, completion, the
history, the link that reopens a query, and a bad query's message.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import expect

from .conftest import ARTIFACTS, Watched, assert_accessible, screenshot

CLAIMS = """PREFIX hko:  <https://w3id.org/honduras-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?label WHERE { ?claim a hko:Claim ; rdfs:label ?label }"""
DASH = "\N{EN DASH}"  # between the first and the last row the pager shows
SOTO_CANO_GRAPH = """PREFIX hk: <https://w3id.org/honduras-kg/id/>
CONSTRUCT { hk:soto-cano ?p ?o } WHERE { hk:soto-cano ?p ?o }"""


def _open(site: str, watched: Watched):
    page = watched.page
    page.goto(site + "/sparql")
    expect(page.locator("#query")).to_have_attribute("data-vocabulary", "loaded")
    return page


def _run(page, query: str) -> None:
    page.fill("#query", query)
    page.click("#run")
    expect(page.locator("#status")).to_contain_text(" in ")


def test_a_select_is_a_table_that_sorts_filters_and_pages(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    _run(page, CLAIMS)
    table = page.locator("#results table")
    expect(table.locator("thead th")).to_have_text(["claim", "label"])
    counter = page.locator(".pager-count")
    total = int(re.search(r"of (\d+)", counter.inner_text())[1])
    assert total > 25
    expect(counter).to_have_text(f"Rows 1{DASH}25 of {total}")
    expect(table.locator("tbody tr")).to_have_count(25)
    # An IRI of ours links to its page on this site.
    assert table.locator("tbody a").first.get_attribute("href").startswith("/claim/")

    page.get_by_role("button", name="Next").click()
    expect(counter).to_have_text(f"Rows 26{DASH}{min(50, total)} of {total}")

    labels = table.locator("tbody td:nth-child(2)")
    table.get_by_role("button", name="label", exact=True).click()
    expect(table.locator("th").nth(1)).to_have_attribute("aria-sort", "ascending")
    first_up = labels.first.inner_text()
    table.get_by_role("button", name="label", exact=True).click()
    expect(table.locator("th").nth(1)).to_have_attribute("aria-sort", "descending")
    assert labels.first.inner_text() > first_up

    page.fill("#result-filter", "soto cano")
    expect(counter).to_contain_text(f"(filtered from {total})")
    for text in labels.all_inner_texts():
        assert "soto cano" in text.lower()
    page.fill("#result-filter", "")
    links = page.locator("#download-links a")
    assert set(links.all_inner_texts()) >= {"SPARQL JSON", "SPARQL XML", "CSV", "TSV"}
    csv = page.request.get(site + links.filter(has_text="CSV").get_attribute("href"))
    assert csv.headers["content-type"].startswith("text/csv") and "label" in csv.text()
    screenshot(page, "sparql-select-table")
    watched.assert_clean()
    assert_accessible(page)


def test_the_first_query_answers_above_the_fold(site: str, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site + "/sparql")
    page.focus("#query")  # the page opens on a starter query: Ctrl+Enter runs it
    page.keyboard.press("Control+Enter")
    rows = page.locator("#results table tbody tr")
    expect(rows.first).to_be_visible()
    assert "happened" in page.locator("#results table").inner_text()  # the modality column
    assert page.locator("#results table").bounding_box()["y"] < 700
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-query-page.png"))  # docs/images/ has a copy
    watched.assert_clean()
    assert_accessible(page)


def test_an_ask_is_a_plain_yes_or_no(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    _run(page, "ASK { <https://w3id.org/honduras-kg/id/soto-cano> ?p ?o }")
    expect(page.locator(".ask-answer")).to_contain_text("Yes")
    _run(page, "ASK { <https://w3id.org/honduras-kg/id/nowhere> ?p ?o }")
    expect(page.locator(".ask-answer")).to_contain_text("No")
    watched.assert_clean()
    assert_accessible(page)


def test_a_construct_is_drawn_and_written_as_turtle(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    _run(page, SOTO_CANO_GRAPH)
    expect(page.locator(".graph-canvas canvas")).to_have_count(1)
    expect(page.locator(".turtle pre")).to_contain_text("Soto Cano Air Base")
    resource = page.locator(".graph-resources a", has_text="hk:soto-cano")
    assert resource.get_attribute("href") == "/id/soto-cano"
    assert "Turtle" in page.locator("#download-links").inner_text()
    screenshot(page, "sparql-construct")
    watched.assert_clean()
    assert_accessible(page)
    resource.click()
    page.wait_for_url(re.compile(r"/id/soto-cano$"))


def test_an_example_from_the_menu_runs(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    page.select_option("#examples", "claims-by-modality")
    expect(page.locator("#example-description")).to_contain_text("grouped by what kind of claim")
    assert "hko:modality" in page.input_value("#query")
    page.click("#run")
    expect(page.locator("#results table thead th").first).to_have_text("modality")
    watched.assert_clean()
    assert_accessible(page)


def test_completion_inserts_a_prefix_and_an_entity(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    page.fill("#query", "")
    editor = page.locator("#query")
    editor.press_sequentially("SELECT * WHERE { ?s sche")
    options = page.locator("#completions [role=option]")
    expect(options.first).to_contain_text("schema:")
    editor.press("Tab")
    text = page.input_value("#query")
    assert "PREFIX schema: <https://schema.org/>" in text
    assert text.endswith("?s schema:")

    editor.press_sequentially("name ?o . FILTER(?s = soto")
    expect(page.locator("#completions")).to_contain_text("hk:soto-cano")
    screenshot(page, "sparql-completion")
    option = page.locator("#completions [role=option]", has_text="hk:soto-cano").first
    while option.get_attribute("aria-selected") != "true":
        editor.press("ArrowDown")
    editor.press("Enter")
    text = page.input_value("#query")
    assert text.endswith("FILTER(?s = hk:soto-cano")
    assert "PREFIX hk: <https://w3id.org/honduras-kg/id/>" in text
    expect(page.locator("#completions")).to_be_hidden()
    assert page.locator("#query-colours .tok-pname", has_text="hk:soto-cano").count() == 1
    watched.assert_clean()
    assert_accessible(page)


def test_the_history_reopens_a_query(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    _run(page, CLAIMS)
    _run(page, "ASK { ?s ?p ?o }")
    page.locator("#history summary").click()
    entries = page.locator("#history-list button")
    expect(entries).to_have_count(2)
    screenshot(page, "sparql-history")
    entries.filter(has_text="SELECT ?claim ?label").click()
    expect(page.locator("#results table")).to_be_visible()
    assert page.input_value("#query") == CLAIMS
    watched.assert_clean()
    assert_accessible(page)


def test_a_link_reopens_and_runs_the_query(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    _run(page, CLAIMS)
    href = page.get_attribute("#permalink", "href")
    assert href.startswith("/sparql?query=")
    fresh = watched.page.context.new_page()
    fresh.goto(site + href)
    expect(fresh.locator("#results table tbody tr").first).to_be_visible()
    assert fresh.input_value("#query") == CLAIMS
    fresh.goto(site + "/sparql#query=" + quote("ASK { ?s ?p ?o }"))
    expect(fresh.locator(".ask-answer")).to_contain_text("Yes")
    fresh.close()
    watched.assert_clean()


def test_a_bad_query_says_what_is_wrong_and_where(site: str, watched: Watched) -> None:
    page = _open(site, watched)
    page.fill("#query", "SELECT * WHERE {\n  ?s nope:thing ?o\n}")
    page.click("#run")
    error = page.locator("#error")
    expect(error).to_contain_text('unknown prefix "nope:"')
    expect(error).to_contain_text("line 2, column 6")
    assert "\\u{" not in error.inner_text() and "['" not in error.inner_text()
    error.get_by_role("button", name="Go to line 2, column 6").click()
    assert page.evaluate("document.activeElement.selectionStart") == len("SELECT * WHERE {\n  ?s ")
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run")
    expect(error).to_contain_text("line 1, column")
    expect(page.locator("#status")).to_have_text("")
    # A bad query's answer is a 400, as the protocol says; Chromium logs every 400 it fetches.
    watched.errors[:] = [e for e in watched.errors if "status of 400 (Bad Request)" not in e]
    watched.assert_clean()
    assert_accessible(page)


def test_on_a_phone_the_editor_comes_first(site: str, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/sparql")
    editor = page.locator("#query").bounding_box()
    assert editor["y"] + editor["height"] < 844
    about = page.locator(".about-endpoint").bounding_box()
    assert about["y"] > editor["y"]
    page.click("#run")
    expect(page.locator("#results table")).to_be_visible()
    screenshot(page, "sparql-phone")
    page.fill("#query", SOTO_CANO_GRAPH)
    page.click("#run")
    expect(page.locator(".graph-canvas canvas")).to_have_count(1)
    # Wide tables and long Turtle lines scroll in their boxes; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "sparql-phone-construct")
    context.close()

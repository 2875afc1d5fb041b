"""The named queries as pages, in a real browser: the list, a question, its form, its links.

A reader opens the list of questions, follows the showcase (Dana Frank's
argument from Hernández to Soto Cano) and reads its answer with the quotes;
changes a parameter in the form and runs it again; follows an IRI in the
table to the entity's page; and gets a plain message for a bad value. On a
phone the answer's rows read as cards, nothing wider than the screen.
"""

from __future__ import annotations

import re

from honduras_kg.sparql.named import load_queries

from .conftest import Watched, assert_accessible, screenshot

QUERIES = load_queries()
CHAIN = QUERIES["hernandez-chain"]


def answer_rows(page, site: str, path: str) -> list[dict]:
    """The rows a program gets for ``path``: what the page's table must show."""
    response = page.request.get(site + path, headers={"accept": "application/json"})
    return response.json()["results"]["bindings"]


def test_from_the_list_to_the_showcase_question(site: str, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site + "/api/queries")
    assert page.locator("main h2").first.inner_text() == "Questions the graph answers"
    assert page.locator("ol.question-list > li").count() == len(QUERIES)
    assert_accessible(page)

    page.get_by_role("link", name=CHAIN.title, exact=True).click()
    page.wait_for_url(re.compile(r"/api/queries/hernandez-chain$"))
    assert page.locator("main h2").inner_text() == CHAIN.title
    rows = page.locator("table.answer-table tbody tr")
    assert rows.count() == len(answer_rows(page, site, "/api/queries/hernandez-chain")) > 4
    # The argument's last link: Frank's words, the claim linked to its page, its modality.
    frank = rows.filter(has_text="Frank calls it hypocrisy")
    assert frank.locator("a[href='/claim/frank-hypocrisy-of-soto-cano-justification']").count()
    assert "The hypocrisy to say" in frank.locator("blockquote").inner_text()
    assert frank.locator(".modality").inner_text() == "stated"
    assert page.locator("table.answer-table blockquote").first.is_visible()
    downloads = page.locator(".downloads a")
    assert downloads.all_inner_texts() == ["SPARQL JSON", "SPARQL XML", "CSV", "TSV"]
    screenshot(page, "named-query-hernandez-chain")
    assert_accessible(page)

    # The SPARQL text folds out, with a way into the query editor.
    page.locator("details.sparql-text summary").click()
    assert "hko:criticised" in page.locator("details.sparql-text pre").inner_text()
    editor = page.get_by_role("link", name="Open in the query editor")
    assert editor.get_attribute("href").startswith("/sparql?query=")
    watched.assert_clean()


def test_change_a_parameter_then_follow_an_entity(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/api/queries/entity-relations")
    field = page.get_by_label("The entity to look at")
    assert field.input_value() == "hk:soto-cano"
    field.fill("hk:dana-frank")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url(re.compile(r"/api/queries/entity-relations\?entity=hk%3Adana-frank$"))
    assert page.get_by_label("The entity to look at").input_value() == "hk:dana-frank"
    expected = answer_rows(page, site, "/api/queries/entity-relations?entity=hk:dana-frank")
    rows = page.locator("table.answer-table tbody tr")
    assert rows.count() == len(expected) > 0
    assert_accessible(page)

    entity = page.locator("table.answer-table a[href^='/id/']").first
    name, href = entity.inner_text(), entity.get_attribute("href")
    entity.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert page.locator("main h2").inner_text() == name
    watched.assert_clean()


def test_a_bad_value_is_a_message_not_a_trace(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(site + "/api/queries/quantities")
    page.get_by_label("List only figures with at least this value").fill("lots")
    with page.expect_response(re.compile(r"minimum=lots")) as answer:
        page.get_by_role("button", name="Run").click()
    assert answer.value.status == 422
    assert "minimum" in page.get_by_role("alert").inner_text()
    assert page.locator("table.answer-table").count() == 0
    assert_accessible(page)
    # Chromium logs the 422 status of the page itself as a console error: that one is expected.
    status_line = "the server responded with a status of 422"
    assert [e for e in watched.errors if status_line not in e] == []
    watched.errors.clear()
    watched.assert_clean()


def test_on_a_phone_the_answer_fits_the_screen(site: str, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/api/queries/hernandez-chain")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    quote = page.locator("table.answer-table blockquote").first
    quote.scroll_into_view_if_needed()
    box = quote.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator("table.answer-table td[data-column='quote']").first.is_visible()
    screenshot(page, "named-query-hernandez-chain-phone")
    assert_accessible(page)
    watched.assert_clean()

"""The connections page (/paths) in a real browser: the showcase question, asked from the form.

A reader types the two names, picks them from the suggestions, and gets Dana
Frank's argument first, with her words and the claim's quote; a step leads
to its claim. An unknown name gets a human message and "did you mean" links.
"""

from __future__ import annotations

import re

from .conftest import ARTIFACTS, Watched, assert_accessible, screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def test_showcase_pair_from_the_form_puts_franks_argument_first(site: str, watched: Watched):
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/paths")
    assert page.locator("main h2").inner_text() == "How are two entities connected?"

    # The pickers suggest names as the reader types (from /api/search).
    page.locator("#path-from").press_sequentially("hernan", delay=20)
    options = page.locator("#path-from-names option")
    options.first.wait_for(state="attached")
    assert "juan-orlando-hernandez" in [o.get_attribute("value") for o in options.all()]
    page.fill("#path-from", "juan-orlando-hernandez")
    page.fill("#path-to", "Soto Cano")
    page.get_by_role("button", name="Connect").click()
    page.wait_for_url(re.compile(r"/paths\?from=juan-orlando-hernandez&to=Soto\+Cano"))

    first = page.locator("article.path").first
    heading = first.locator("h3").inner_text()
    assert heading.startswith("1. Argument Dana Frank on the hypocrisy")
    assert "direct argument by Dana Frank" in first.locator(".why").inner_text()
    said = first.locator("blockquote.said").inner_text()
    assert "using it [Soto Cano] to fight drug trafficking when the US was shoring up" in said
    step = first.locator("li.hop li.relation").first
    assert "criticised" in step.inner_text() and "stated" in step.locator(".modality").inner_text()
    assert step.locator("a", has_text="Al Jazeera").count() >= 1
    # A walk through a hub comes later, and says so.
    assert page.locator("article.path", has_text="via hub United States").count() == 1
    assert "via hub" not in first.inner_text()
    watched.assert_clean()
    assert_accessible(page)
    screenshot(page, "paths-showcase")
    page.screenshot(path=str(ARTIFACTS / "paths-showcase-fold.png"))  # what the first view shows

    # A step leads to its claim, with the same quote.
    step.locator("a.claim-link").click()
    page.wait_for_url(re.compile(r"/claim/frank-hypocrisy-of-soto-cano-justification$"))
    assert "hypocrisy" in page.locator("main").inner_text()
    watched.assert_clean()


def test_showcase_reads_on_a_phone(site: str, watched: Watched):
    page = watched.page
    page.set_viewport_size(PHONE)
    page.goto(site + "/paths?from=juan-orlando-hernandez&to=soto-cano")
    first = page.locator("article.path").first
    assert "Argument Dana Frank on the hypocrisy" in first.locator("h3").inner_text()
    box = first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    watched.assert_clean()
    assert_accessible(page)
    page.screenshot(path=str(screenshot(page, "paths-phone")), full_page=False)


def test_unknown_name_offers_did_you_mean_links(site: str, watched: Watched):
    page = watched.page
    page.goto(site + "/paths")
    page.fill("#path-from", "Hernandes")
    page.fill("#path-to", "soto-cano")
    page.get_by_role("button", name="Connect").click()
    alert = page.get_by_role("alert")
    assert "From: no entity is called “Hernandes”" in alert.inner_text()
    # The page answers 404 (no such entity), which Chromium logs; that is the only error.
    assert [e for e in watched.errors if "status of 404" not in e] == []
    watched.errors.clear()
    assert_accessible(page)
    screenshot(page, "paths-unknown")
    alert.get_by_role("link", name="Juan Orlando Hernández").click()
    page.wait_for_url(re.compile(r"from=juan-orlando-hernandez"))
    assert "Argument Dana Frank" in page.locator("article.path h3").first.inner_text()
    watched.assert_clean()
    assert_accessible(page)

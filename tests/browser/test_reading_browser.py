"""The reading views in a real browser: filter the timeline, sort and filter a source's
claims, follow a comparison item to its claim, and cite a claim (copied, or shown selected
when there is no clipboard). Every page offline, without console errors, accessible.
"""

from __future__ import annotations

import re

from .conftest import ARTIFACTS, Watched, assert_accessible, screenshot, watch

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def keep_views(page, name: str) -> None:
    """The page as a reader first sees it, at desktop and at phone size (tests/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{suffix}.png"))
    page.set_viewport_size(DESKTOP)


def test_the_timeline_reads_by_year_and_filters(site: str, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/timeline")
    years = page.locator("h3.year-label")
    assert years.first.inner_text() == "1980\N{EN DASH}1989"
    assert years.last.inner_text() == "2025"
    assert page.locator("li.entry time", has_text=re.compile(r"^2009$")).count() >= 1
    assert_accessible(page)
    keep_views(page, "timeline")

    # Filter: the extradition and the sentence, what happened only.
    page.fill("input[name=from]", "2022")
    page.fill("input[name=to]", "2024")
    page.select_option("select[name=modality]", "happened")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/timeline\?from=2022&to=2024&modality=happened"))
    assert years.all_inner_texts() == ["2022", "2024"]
    assert page.locator("li.entry .modality-happened").count() == page.locator("li.entry").count()
    extradition = page.locator("li.entry", has_text="extradited to the US")
    assert extradition.first.locator("blockquote").count() == 1

    watched.assert_clean()

    # An inverted range is refused in words (status 400, which Chromium logs as a failed
    # load, and nothing else), and the form keeps what was typed.
    page.fill("input[name=from]", "2025")
    page.fill("input[name=to]", "2009")
    page.get_by_role("button", name="Show").click()
    alert = page.get_by_role("alert")
    assert "starts (2025) after it ends (2009)" in alert.inner_text()
    assert page.input_value("input[name=from]") == "2025"
    assert_accessible(page)
    assert all("status of 400" in error for error in watched.errors), watched.errors
    watched.errors.clear()
    watched.assert_clean()


def test_a_source_from_the_list_sorts_and_filters_its_claims(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/sources")
    assert page.locator(".source-card").count() == 2
    assert_accessible(page)
    keep_views(page, "sources")
    page.get_by_role("link", name=re.compile("^Unsigned commentary")).first.click()
    page.wait_for_url(re.compile(r"/source/unsigned-commentary$"))
    assert page.locator("main h2").inner_text().startswith("Unsigned commentary")
    all_claims = page.locator("ul.claim-list > li").count()
    assert all_claims == 25

    page.select_option("select[name=sort]", "modality")
    page.get_by_label("Containing").fill("Trump")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"sort=modality.*q=Trump"))
    cards = page.locator("ul.claim-list > li")
    assert 0 < cards.count() < all_claims
    assert all("trump" in text.lower() for text in cards.all_inner_texts())
    assert f"{cards.count()} of 25 claims" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    keep_views(page, "source-filtered")
    watched.assert_clean()


def test_a_comparison_item_leads_to_its_claim(site: str, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/sources")
    page.get_by_role("link", name=re.compile("^Compare the two sources")).click()
    page.wait_for_url(re.compile(r"/compare$"))
    assert page.locator("#both li.shared-link").count() >= 2
    assert page.locator("#conflicts article.conflict").count() == 2
    assert_accessible(page)
    keep_views(page, "source-comparison")

    # A shared link points to the conflict recorded on it, and on to each side's claim.
    page.locator("#both a.conflict-mark").first.click()
    page.wait_for_url(re.compile(r"#conflict-"))
    conflict = page.locator("article.conflict", has_text="Donald Trump")
    conflict.get_by_role("link", name=re.compile("former President")).click()
    page.wait_for_url(re.compile(r"/claim/commentary-trump-former-president$"))
    assert "former President" in page.locator("main h2").inner_text()
    # The claim page can be cited too.
    page.get_by_text("Cite this claim").click()
    citation = page.locator("details.cite textarea")
    assert "claim/commentary-trump-former-president" in citation.input_value()
    assert citation.is_visible()
    assert_accessible(page)
    watched.assert_clean()


def test_cite_this_claim_copies_the_citation(site: str, browser) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    watched = watch(page)
    page.goto(f"{site}/source/al-jazeera-explainer?q=lose+all+reason")
    cite = page.locator("details.cite").first
    # From the keyboard: the summary is focusable, Enter opens it and copies.
    cite.locator("summary").focus()
    page.keyboard.press("Enter")
    status = cite.locator(".cite-status")
    status.filter(has_text="copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == cite.locator("textarea").input_value()
    assert "Al Jazeera, January 2025." in copied and "Quote: “" in copied
    assert "https://w3id.org/honduras-kg/claim/" in copied
    assert_accessible(page)
    screenshot(page, "cite-copied")
    watched.assert_clean()
    context.close()


def test_without_a_clipboard_the_citation_is_shown_selected(site: str, browser) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page = context.new_page()
    watched = watch(page)
    page.goto(f"{site}/timeline?modality=threatened")
    cite = page.locator("details.cite").first
    cite.locator("summary").click()
    cite.locator(".cite-status").filter(has_text="press Ctrl+C").wait_for()
    area = cite.locator("textarea")
    assert area.is_visible()
    selected = page.evaluate("document.activeElement.value.substring("
                             "document.activeElement.selectionStart, "
                             "document.activeElement.selectionEnd)")  # fmt: skip
    assert selected == area.input_value() and "Claim: https://w3id.org/" in selected
    watched.assert_clean()
    context.close()

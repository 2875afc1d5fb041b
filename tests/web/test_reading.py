"""The reading views through the test client: the sources, a source's sorted and filtered
claims, the timeline, the comparison of the two sources, and the claims' citations.

Bad input gets the page again, status 400, with a message a reader understands.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from honduras_kg.web.views.reading import shown

HTML = {"Accept": "text/html"}


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def alert(text: str) -> str:
    """The page's error message."""
    found = re.search(r'role="alert"[^>]*>([^<]*)<', text)
    assert found, "no error message on the page"
    return found.group(1)


# --- /sources -------------------------------------------------------------------------


def test_sources_lists_each_source_with_what_is_known(client: TestClient) -> None:
    text = page(client, "/sources")
    # Both sources, the unsigned commentary among them, each linked to its page.
    assert 'href="/source/al-jazeera-explainer"' in text
    assert 'href="/source/unsigned-commentary"' in text
    assert "Unsigned commentary on Honduras" in text
    # Publisher, date at its precision, standing; no invented web address.
    assert 'href="/id/al-jazeera"' in text
    assert "January 2025" in text
    assert "Unsigned: no publisher, author or date." in text
    assert "not recorded" in text
    assert "aljazeera.com" not in text
    # Claims counted by modality, each count a link to the filtered claims.
    assert 'href="/source/unsigned-commentary?modality=stated#claims"' in text
    assert "122 claims" in text and "25 claims" in text
    assert 'href="/compare"' in text


# --- /source/{id}: sort and filter ------------------------------------------------------


def claim_ids(text: str) -> list[str]:
    return re.findall(r'<li class="relation" data-claim="([^"]+)"', text)


def test_source_page_shows_the_title_not_the_file(client: TestClient) -> None:
    text = page(client, "/source/al-jazeera-explainer")
    assert "<h2>Al Jazeera explainer on Honduras" in text
    assert "002_b7661002ce40fbd3.txt" not in text
    assert len(claim_ids(text)) == 122


def test_source_claims_filter_by_modality_and_text(client: TestClient) -> None:
    text = page(client, "/source/al-jazeera-explainer?modality=threatened&q=castro")
    ids = claim_ids(text)
    assert ids and "castro-threatened-military-cooperation" in ids
    cards = text.split('<li class="relation" data-claim=')[1:]
    assert all('modality-threatened"' in card and "castro" in card.lower() for card in cards)
    assert f"{len(ids)} of 122 claims" in text
    # Accents and case are ignored.
    folded = claim_ids(page(client, "/source/al-jazeera-explainer?q=HERNANDEZ"))
    accented = claim_ids(page(client, "/source/al-jazeera-explainer?q=hern%C3%A1ndez"))
    assert folded == accented and folded


def test_source_claims_sort_by_date_and_modality(client: TestClient) -> None:
    by_date = claim_ids(page(client, "/source/al-jazeera-explainer?sort=date"))
    assert by_date[0] in {"contra-war-against-nicaragua", "soto-cano-contra-war-role"} or (
        by_date[0].startswith(("contra", "soto-cano"))
    )
    by_modality = page(client, "/source/unsigned-commentary?sort=modality")
    modalities = re.findall(r'class="modality modality-([a-z-]+)"', by_modality)
    order = ["happened", "stated", "threatened", "pledged", "predicted", "reported", "denied"]
    assert modalities == sorted(modalities, key=order.index)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/source/unsigned-commentary?sort=colour", "Claims sort by date, modality, subject"),
        ("/source/unsigned-commentary?modality=rumoured", "There is no modality “rumoured”"),
        ("/source/unsigned-commentary?q=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_source_page_bad_filter_is_400_with_a_message(
    client: TestClient, url: str, words: str
) -> None:
    assert words in alert(page(client, url, 400))


# --- /timeline ---------------------------------------------------------------------------


def test_timeline_runs_from_the_contra_war_to_the_new_years_message(client: TestClient) -> None:
    text = page(client, "/timeline")
    years = re.findall(r'<h3 class="year-label">([^<]+)</h3>', text)
    assert years[0] == "1980\N{EN DASH}1989" and years[-1] == "2025"
    assert {"2009", "2022", "2024"} <= set(years)
    # The axis draws the years to scale: the 1980s far left, 2025 far right.
    marks = re.findall(r'<circle class="axis-mark" cx="([\d.]+)"', text)
    assert len(marks) == len(years) and float(marks[0]) < float(marks[1]) < float(marks[-1])
    # Dates at the graph's precision: a year stays a year, a day is a day.
    assert ">2009</time>" in text and ">1 January 2025</time>" in text
    assert ">since June 2024</time>" in text
    # Each entry links to its evidence, with its modality and a quote.
    assert 'href="/claim/castro-threatened-military-cooperation"' in text
    assert 'href="/statement/castro-new-years-message"' in text
    assert 'class="modality modality-threatened"' in text
    assert "<blockquote>" in text


def test_timeline_filters_by_range_and_modality(client: TestClient) -> None:
    text = page(client, "/timeline?from=2009&to=2022&modality=happened")
    years = re.findall(r'<h3 class="year-label">([^<]+)</h3>', text)
    assert years == ["2022"]  # the coup's claims are "stated", not "happened"
    said = page(client, "/timeline?modality=statement")
    assert 'href="/statement/castro-new-years-message"' in said
    assert "/claim/" not in said.split('class="timeline"')[1].split("</ol>")[0]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/timeline?from=2025&to=2009", "The range starts (2025) after it ends (2009)"),
        ("/timeline?from=last+week", "“last week” is not a date"),
        ("/timeline?to=2025-13", "“2025-13” is not a date"),
        ("/timeline?modality=rumoured", "There is no modality “rumoured”"),
    ],
)
def test_timeline_bad_input_is_400_with_a_human_message(
    client: TestClient, url: str, words: str
) -> None:
    message = alert(page(client, url, 400))
    assert words in message
    assert "YYYY" not in message and "date_from" not in message


# --- /compare ---------------------------------------------------------------------------


def test_compare_shows_shared_links_conflicts_and_what_only_one_says(client: TestClient) -> None:
    text = page(client, "/compare")
    both = text.split('id="both"')[1].split('id="conflicts"')[0]
    assert "Donald Trump" in both and "President of the United States" in both
    assert 'href="/claim/trump-president-elect"' in both
    assert 'href="/claim/commentary-trump-former-president"' in both
    conflicts = text.split('id="conflicts"')[1].split('id="only-first"')[0]
    assert "How the sources describe Donald Trump" in conflicts
    assert "How strong Honduras" in conflicts
    assert 'id="conflict-trump-office"' in conflicts and "Cite this claim" in conflicts
    only_second = text.split('id="only-second"')[1]
    assert 'href="/claim/commentary-rupture-could-reshape-region"' in only_second
    assert "commentary-trump-former-president" not in only_second


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/compare?first=nowhere", "There is no such source"),
        ("/compare?first=al-jazeera-explainer&second=al-jazeera-explainer", "two different"),
    ],
)
def test_compare_bad_source_is_400_with_a_message(client: TestClient, url: str, words: str) -> None:
    assert words in alert(page(client, url, 400))


# --- Cite this claim --------------------------------------------------------------------


def test_claim_cards_carry_a_citation(client: TestClient) -> None:
    text = page(client, "/source/al-jazeera-explainer?q=lose+all+reason")
    citation = re.search(r'<textarea class="cite-text"[^>]*>([^<]*)</textarea>', text)
    assert citation
    cited = citation.group(1)
    assert "Source: Al Jazeera explainer" in cited and "Al Jazeera, January 2025." in cited
    assert "Quote: “" in cited
    assert "Claim: https://w3id.org/honduras-kg/claim/" in cited


def test_dates_are_shown_at_their_precision() -> None:
    from honduras_kg.model.time import dated

    assert [shown(dated(d)) for d in ("2022", "2024-03", "2025-01-01")] == [
        "2022",
        "March 2024",
        "1 January 2025",
    ]


def test_a_claim_page_carries_its_citation_and_other_pages_none(client: TestClient) -> None:
    text = page(client, "/claim/commentary-trump-former-president")
    assert "Cite this claim" in text
    assert "Source: Unsigned commentary" in text and "no publisher recorded, undated." in text
    assert "Cite this claim" not in page(client, "/statement/castro-new-years-message")

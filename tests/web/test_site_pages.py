"""One site: the menu on every page, HTML refusals for browsers (JSON for the rest), search."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from honduras_kg.lookups import normalise

from .test_pages import HTML, Tags, hostile_client, page

__all__ = ["hostile_client"]  # the fixture, shared with test_pages

MENU = ["/search", "/graph", "/paths", "/api/queries", "/timeline", "/sources", "/sparql", "/docs"]


def _menu(text: str) -> list[str]:
    start = text.index('<nav aria-label="Site">')
    return [a["href"] for a in Tags(text[start : text.index("</nav>", start)]).named("a")]


@pytest.mark.parametrize(
    "path, current", [("/", None), ("/search", "/search"), ("/docs", "/docs"), ("/redoc", "/docs")]
)
def test_every_page_has_the_menu_with_the_current_page_marked(
    client: TestClient, path: str, current: str | None
) -> None:
    text = page(client, path)
    assert _menu(text) == MENU
    start = text.index('<nav aria-label="Site">')
    nav = Tags(text[start : text.index("</nav>", start)]).named("a")
    assert [a["href"] for a in nav if a.get("aria-current") == "page"] == (
        [current] if current else []
    )
    assert any(i.get("id") == "site-q" for i in Tags(text).named("input"))


# --- Refusals: a page for browsers, JSON for programs -----------------------------


def test_an_unknown_address_is_a_page_for_a_browser(client: TestClient) -> None:
    text = page(client, "/serch", status=404)
    assert "There is no page at /serch." in text and _menu(text) == MENU
    assert any(a.get("href") == "/search" for a in Tags(text).named("a"))
    assert '"detail"' not in text


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/problem+json"])
def test_an_unknown_address_stays_json_for_programs(client: TestClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/nope", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not Found",
    }


def test_a_mistyped_entity_suggests_it_as_a_link(client: TestClient) -> None:
    text = page(client, "/api/entities/soto-canoe", status=404)
    assert "No entity &#39;soto-canoe&#39; in the graph." in text
    assert any(a.get("href") == "/id/soto-cano" for a in Tags(text).named("a"))


@pytest.mark.parametrize(
    "path, said",
    [
        ("/api/timeline?date_from=x", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/api/timeline?date_from=2025-13", "got &#39;2025-13&#39;"),
        ("/api/graph?size_by=x", "expected one of degree, betweenness, pagerank"),
        ("/api/search?q=a&limit=0", "The parameter limit is wrong"),
    ],
)  # fmt: skip
def test_a_bad_parameter_is_said_in_words(client: TestClient, path: str, said: str) -> None:
    text = page(client, path, status=422)
    assert said in text
    assert "\\d" not in text and "pattern" not in text and "query." not in text


def test_a_bad_date_is_said_in_words_to_programs_too(client: TestClient) -> None:
    body = client.get("/api/timeline?date_from=x").json()
    assert body["status"] == 422 and body["title"] == "Invalid parameter"
    assert body["detail"] == (
        "query.date_from: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'x'"
    )


def test_a_method_not_allowed_is_a_page_with_its_allow_header(client: TestClient) -> None:
    response = client.post("/search", headers=HTML)
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert "GET" in response.headers["allow"]
    assert "does not answer POST requests" in response.text


# --- Search ---------------------------------------------------------------------------


def test_a_near_miss_gets_suggestions(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Hernandes"}).json()
    assert body["total"] == 0 and body["results"] == []
    first = body["suggestions"][0]
    assert (first["id"], first["match"]) == ("juan-orlando-hernandez", "similar")
    text = page(client, "/search?q=Hernandes")
    assert any(a.get("href") == "/id/juan-orlando-hernandez" for a in Tags(text).named("a"))


def test_no_suggestion_when_a_name_matches(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "hernandez"}).json()
    assert body["total"] > 0 and body["suggestions"] == []


def test_quotes_are_searched_and_the_match_is_located(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "soto cano", "limit": 5}).json()
    assert body["quote_total"] > len(body["quotes"]) == 5
    for hit in body["quotes"]:
        assert normalise(hit["quote"][hit["start"] : hit["end"]]) == "soto cano"
        assert hit["quote"] in hit["claim"]["quotes"]
    text = page(client, "/search?q=soto+cano")
    assert text.count("<mark>") >= 5


def test_quotes_are_left_out_when_a_type_is_asked(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "soto cano", "type": "base"}).json()
    assert body["quote_total"] == 0 and body["quotes"] == []


def test_the_schema_documents_the_new_search_fields(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"quote_total", "quotes", "suggestions"} <= set(schemas["SearchPage"]["properties"])
    assert {"claim", "quote", "start", "end"} <= set(schemas["QuoteHit"]["properties"])


def test_hostile_quotes_stay_text_when_marked(hostile_client: TestClient) -> None:
    text = page(hostile_client, "/search?q=script")
    assert "&lt;<mark>script</mark>&gt;alert(9)" in text
    assert "<script>alert" not in text and "<img" not in text


# --- Landing and text -------------------------------------------------------------------


def test_the_landing_page_links_its_counts_and_questions(client: TestClient) -> None:
    text = page(client, "/")
    links = [a.get("href") for a in Tags(text).named("a")]
    assert "/sources" in links and "/timeline" in links and "/graph" in links
    assert "/paths?from=juan-orlando-hernandez&to=soto-cano" in links
    assert not any(href and "format=csv" in href for href in links)
    assert sum(1 for href in links if href and href.startswith("/api/queries/")) > 5


def test_a_negated_relation_and_an_attribution_read_right(client: TestClient) -> None:
    text = page(client, "/id/united-states")
    assert "It is not so that</strong>" in text
    source = page(client, "/source/al-jazeera-explainer")
    assert "experts</a><span" not in source
    assert '· <span class="unattributed">' in source

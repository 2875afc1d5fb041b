"""The HTML pages and linked-data answers, through the test client.

On the curated graph: the landing page, search, paths, entity/claim/statement/
source pages, content negotiation, ETags, 404s, the local API docs. On the
mini graph plus ``tests/data/hostile`` (labels, quotes and descriptions that
hold HTML and script): every page shows that text as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from honduras_kg.config import Settings
from honduras_kg.web.routes import pages

from .conftest import client_for

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
HK = "https://w3id.org/honduras-kg/id/"


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def page(client: TestClient, path: str, status: int = 200) -> str:
    """GET ``path`` as a browser would; check the status, HTML type and security headers."""
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    for script in Tags(response.text).named("script"):
        # Scripts only from files this server serves: nothing inline, nothing remote.
        assert (script.get("src") or "").startswith("/"), script
    return response.text


# --- The landing page, search and paths -------------------------------------------


def test_landing_page_leads_everywhere(client: TestClient) -> None:
    text = page(client, "/")
    hrefs = {attrs.get("href") for attrs in Tags(text).named("a")}
    assert "/paths?from=juan-orlando-hernandez&to=soto-cano" in hrefs
    assert {"/sparql", "/docs", "/redoc", "/search"} <= hrefs
    assert "/api/queries/threat-evidence" in hrefs
    assert "/id/soto-cano" in hrefs  # the best-connected entities as starting points
    assert "How is Juan Orlando Hernández connected to Soto Cano, and who says so?" in text
    forms = Tags(text).named("form")
    assert any(form.get("action") == "/search" for form in forms)
    # The graph view exists, so the landing page links it.
    assert "/graph" in hrefs
    assert "(coming)" not in text


@pytest.mark.parametrize("q", ["hernandez", "HERNÁNDEZ", "joh", "juan orlando"])
def test_search_page_finds_accent_and_case_insensitively(client: TestClient, q: str) -> None:
    text = page(client, f"/search?q={q}")
    assert 'href="/id/juan-orlando-hernandez"' in text


def test_search_page_without_query_shows_the_form(client: TestClient) -> None:
    text = page(client, "/search")
    assert Tags(text).named("input")[-1]["name"] == "q"
    assert "match" not in text


def test_search_page_explains_a_query_with_no_letters(client: TestClient) -> None:
    text = page(client, "/search?q=%2A%2A", status=422)
    assert "q: give at least one letter or digit" in text


def test_search_page_refuses_an_oversized_query(client: TestClient) -> None:
    text = page(client, "/search?q=" + "a" * 201, status=422)
    assert "q: at most 200 characters" in text


def test_paths_page_refuses_oversized_names(client: TestClient) -> None:
    text = page(client, "/paths?from=soto-cano&to=" + "a" * 201, status=422)
    assert "at most 200 characters" in text


def test_pages_link_to_their_json(client: TestClient) -> None:
    assert 'href="/api/entities/soto-cano"' in page(client, "/id/soto-cano")
    source = page(client, "/source/al-jazeera-explainer")
    assert 'href="/api/sources/al-jazeera-explainer"' in source
    assert 'href="/api/search?q=castro"' in page(client, "/search?q=castro")
    paths = page(client, "/paths?from=juan-orlando-hernandez&to=soto-cano")
    assert 'href="/api/paths?from=juan-orlando-hernandez&amp;to=soto-cano"' in paths
    for url in ("/api/entities/soto-cano", "/api/paths?from=juan-orlando-hernandez&to=soto-cano"):
        assert client.get(url).status_code == 200


def test_search_page_pages(client: TestClient) -> None:
    first = page(client, "/search?q=a")
    assert 'rel="next"' in first
    second = page(client, "/search?q=a&offset=20")
    assert 'rel="prev"' in second
    assert '<ol class="results" start="21">' in second


def test_paths_page_shows_every_hop_with_evidence(client: TestClient) -> None:
    text = page(client, "/paths?from=juan-orlando-hernandez&to=soto-cano")
    assert "How <a" in text and "Soto Cano Air Base</a>, and who says so" in text
    assert text.count('<li class="hop">') >= 3
    assert text.count("<blockquote>") >= 3
    assert 'href="/source/al-jazeera-explainer"' in text
    assert "according to" in text
    assert 'class="modality modality-happened"' in text
    # Quotes verbatim (escaped for HTML): the extradition, from the source's words.
    assert "who was eventually extradited to the US in 2022" in text


def test_paths_page_takes_names(client: TestClient) -> None:
    text = page(client, "/paths?from=hernandez&to=soto%20cano")
    assert "Juan Orlando Hernández</a> is connected to" in text


def test_paths_page_without_entities_shows_the_form(client: TestClient) -> None:
    text = page(client, "/paths")
    assert any(form.get("action") == "/paths" for form in Tags(text).named("form"))


def test_paths_page_unknown_entity_is_a_404_page(client: TestClient) -> None:
    text = page(client, "/paths?from=nobody-at-all&to=soto-cano", status=404)
    assert "from: no entity" in text


def test_paths_page_same_entity_is_a_422_page(client: TestClient) -> None:
    text = page(client, "/paths?from=soto-cano&to=soto-cano", status=422)
    assert "to: is the same entity as from" in text


# --- Pages of entities, claims, statements, sources ----------------------------------


def test_entity_page_shows_relations_with_quote_and_source(client: TestClient) -> None:
    text = page(client, "/id/soto-cano")
    assert "<h2>Soto Cano Air Base</h2>" in text
    assert "Base Aérea Soto Cano" in text  # an alias
    assert "<code>https://w3id.org/honduras-kg/id/soto-cano</code>" in text
    # A verbatim quote, and the source it comes from.
    assert "<blockquote>Its location provides proximity to drug trafficking corridors" in text
    assert 'href="/source/al-jazeera-explainer"' in text
    assert 'class="modality modality-happened"' in text
    # Links to the other ends of its relations and to the claims.
    assert 'class="other" href="/id/honduras"' in text
    assert 'href="/claim/soto-cano-near-trafficking-corridors"' in text
    # The neighbourhood picture, drawn without script.
    assert '<svg class="neighbourhood"' in text
    assert 'href="/id/soto-cano?format=turtle"' in text


def test_entity_page_says_when_the_picture_leaves_neighbours_out(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "MAX_NEIGHBOURS", 3)
    text = page(client, "/id/soto-cano")
    assert "(the nearest and best connected 3 shown)" in text
    assert text.count('class="nb-dot') == 4


def test_entity_page_links_to_wikidata(client: TestClient) -> None:
    text = page(client, "/id/united-states")
    assert 'href="http://www.wikidata.org/entity/Q30"' in text


def test_entity_page_lists_what_a_person_said(client: TestClient) -> None:
    text = page(client, "/id/xiomara-castro")
    assert "What Xiomara Castro said" in text
    assert 'href="/statement/castro-new-years-message"' in text


def test_claim_page(client: TestClient) -> None:
    text = page(client, "/claim/castro-threatened-military-cooperation")
    assert "Castro threatened to reconsider" in text
    assert 'href="/id/xiomara-castro"' in text
    assert 'href="/source/al-jazeera-explainer"' in text
    assert '<dd class="quote">' in text
    assert "threatened" in text


def test_statement_page(client: TestClient) -> None:
    text = page(client, "/statement/castro-new-years-message")
    assert 'href="/id/xiomara-castro"' in text
    assert "Mentioned by" in text  # the claims stated in it


def test_source_page_lists_its_claims(client: TestClient) -> None:
    text = page(client, "/source/unsigned-commentary")
    assert "Unsigned commentary" in text
    assert text.count('<li class="relation"') >= 10
    assert "unattributed" in text


# --- Content negotiation -----------------------------------------------------------


#: Parsers by rdflib format name (JSON-LD through Oxigraph: rdflib's warns of deprecations).
OX_FORMATS = {"json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


def parsed(response, fmt: str) -> Graph:
    """The answer's triples, parsed as ``fmt``."""
    assert response.status_code == 200, response.text[:300]
    if fmt not in OX_FORMATS:
        return Graph().parse(data=response.text, format=fmt)
    triples = ox.parse(response.content, format=OX_FORMATS[fmt])
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    return Graph().parse(data=ntriples, format="nt")


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/json", "application/ld+json", "json-ld"),
        ("*/*", "text/turtle", "turtle"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_entity_description_in_rdf(client: TestClient, accept: str, media: str, fmt: str) -> None:
    response = client.get("/id/soto-cano", headers={"Accept": accept})
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    graph = parsed(response, fmt)
    soto = URIRef(HK + "soto-cano")
    assert (soto, RDFS.label, Literal("Soto Cano Air Base", lang="en")) in graph
    # The claims about it come whole, with their quotes and sources.
    claim = URIRef("https://w3id.org/honduras-kg/claim/soto-cano-near-trafficking-corridors")
    quote = URIRef("https://w3id.org/honduras-kg/ontology#quote")
    assert graph.value(claim, quote) is not None
    # And the labels of what it links to, so the answer reads on its own.
    assert graph.value(URIRef(HK + "honduras"), RDFS.label) is not None


def test_format_parameter_wins_over_accept(client: TestClient) -> None:
    response = client.get("/id/soto-cano?format=ntriples", headers=HTML)
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(parsed(response, "nt")) > 50


def test_no_acceptable_format_is_406(client: TestClient) -> None:
    response = client.get("/id/soto-cano", headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "/claim/castro-threatened-military-cooperation",
        "/statement/castro-new-years-message",
        "/source/al-jazeera-explainer",
    ],
)
def test_other_resources_dereference(client: TestClient, path: str) -> None:
    graph = parsed(client.get(path, headers={"Accept": "text/turtle"}), "turtle")
    assert graph.value(URIRef("https://w3id.org/honduras-kg" + path), RDFS.label) is not None


def test_rdf_answers_carry_an_etag_and_honour_if_none_match(client: TestClient) -> None:
    turtle = client.get("/id/soto-cano", headers={"Accept": "text/turtle"})
    jsonld = client.get("/id/soto-cano", headers={"Accept": "application/ld+json"})
    etag = turtle.headers["etag"]
    assert etag.startswith('"') and etag != jsonld.headers["etag"]
    assert "max-age" in turtle.headers["cache-control"]
    again = client.get("/id/soto-cano", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


# --- Not found --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/id/nobody-at-all", "/claim/nothing", "/source/nowhere"])
def test_unknown_id_is_a_404_page_offering_a_search(client: TestClient, path: str) -> None:
    text = page(client, path, status=404)
    forms = Tags(text).named("form")
    assert any(form.get("action") == "/search" for form in forms)
    searched = [i for i in Tags(text).named("input") if i.get("id") == "q"]
    assert searched[0]["value"] == path.rsplit("/", 1)[-1].replace("-", " ")


def test_unknown_entity_page_suggests_close_ids(client: TestClient) -> None:
    text = page(client, "/id/soto-can", status=404)
    assert "did you mean soto-cano" in text


def test_id_that_we_never_mint_is_a_404(client: TestClient) -> None:
    page(client, "/id/%3Cscript%3E", status=404)
    assert client.get("/id/a%20b", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("accept", ["application/json", "text/turtle", "*/*"])
def test_unknown_id_is_problem_json_for_programs(client: TestClient, accept: str) -> None:
    response = client.get("/id/nobody-at-all", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not found"
    assert "nobody-at-all" in body["detail"]


# --- API docs, with local assets ----------------------------------------------------


def test_swagger_ui_uses_local_assets_only(client: TestClient) -> None:
    text = page(client, "/docs")
    scripts = [s["src"] for s in Tags(text).named("script")]
    assert scripts == ["/vendor/api-docs/swagger-ui-bundle.js", "/static/swagger-init.js"]
    styles = [link["href"] for link in Tags(text).named("link")]
    assert all(href.startswith("/") for href in styles)
    for asset in [*scripts, *styles]:
        assert client.get(asset).status_code == 200, asset


def test_redoc_uses_local_assets_and_allows_only_inline_styles(client: TestClient) -> None:
    response = client.get("/redoc", headers=HTML)
    text = page(client, "/redoc")
    assert [s["src"] for s in Tags(text).named("script")] == [
        "/vendor/api-docs/redoc.standalone.js"
    ]
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self' 'unsafe-inline'" in policy
    assert client.get("/vendor/api-docs/redoc.standalone.js").status_code == 200


def test_openapi_documents_the_linked_data_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/id/{id}", "/claim/{id}", "/statement/{id}", "/source/{id}"} <= set(paths)
    assert "/" not in paths and "/docs" not in paths


# --- Hostile text is shown as text, everywhere ------------------------------------


@pytest.fixture(scope="module")
def hostile_client(hostile_dir: Path) -> Iterator[TestClient]:
    """The app on the mini graph plus labels, quotes and descriptions that hold HTML."""
    with client_for(Settings(graph_dir=hostile_dir, query_workers=1)) as test_client:
        yield test_client


HOSTILE_PAGES = [
    "/",
    "/search?q=mallory",
    "/search?q=%3Cscript%3E",
    "/id/hostile",
    "/id/soto-cano",
    "/claim/hostile-claim",
    "/statement/hostile-statement",
    "/source/hostile-source",
    "/paths?from=hostile&to=honduras",
    "/id/%3Cimg%20src%3Dx%3E",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_text_is_escaped(hostile_client: TestClient, path: str) -> None:
    response = hostile_client.get(path, headers=HTML)
    assert response.status_code in (200, 404), response.text[:300]
    text = response.text
    tags = Tags(text)
    assert not tags.named("img"), "text from the graph became an <img>"
    assert not tags.named("b") and not tags.named("i")
    assert all(script.get("src") for script in tags.named("script"))
    assert "<script>alert" not in text
    assert "onerror=alert" not in text or "&lt;img src=x onerror=alert" in text


def test_hostile_text_is_shown_as_text(hostile_client: TestClient) -> None:
    text = page(hostile_client, "/id/hostile")
    assert "<h2>&lt;script&gt;alert(1)&lt;/script&gt; Mallory</h2>" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "Writes &lt;b&gt;bold&lt;/b&gt;" in text
    assert "&lt;script&gt;alert(9)&lt;/script&gt;&lt;img src=x onerror=alert(10)&gt;" in text


def test_hostile_text_is_data_in_rdf(hostile_client: TestClient) -> None:
    response = hostile_client.get("/id/hostile", headers={"Accept": "application/ld+json"})
    document = json.loads(response.text)
    assert "<script>alert(1)</script> Mallory" in json.dumps(document, ensure_ascii=False)

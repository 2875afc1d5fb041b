"""Named queries over HTTP: /api/queries and /api/queries/{name}."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

from markupsafe import escape

from honduras_kg.config import Settings
from honduras_kg.sparql.named import load_queries

from .conftest import client_for
from .test_pages import HTML, Tags, page

SOTO_CANO = "https://w3id.org/honduras-kg/id/soto-cano"


def test_list_every_query_with_its_header(client):
    listing = client.get("/api/queries").json()
    assert [q["name"] for q in listing] == list(load_queries())
    relations = next(q for q in listing if q["name"] == "entity-relations")
    assert relations["title"] and relations["description"]
    assert relations["parameters"][0]["type"] == "iri"
    assert relations["url"].endswith("/api/queries/entity-relations")


def test_every_example_runs_at_the_endpoint(client):
    for info in client.get("/api/queries").json():
        if info["example"] is None:
            continue
        response = client.post(
            "/sparql", content=info["example"], headers={"Content-Type": "application/sparql-query"}
        )
        assert response.status_code == 200, (info["name"], response.text)


def test_run_with_a_parameter(client):
    response = client.get("/api/queries/entity-relations", params={"entity": SOTO_CANO})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert rows and all("quote" in row or "source" in row for row in rows)


def test_formats(client):
    response = client.get("/api/queries/quantities", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"250000", "1000", "27", "45", "25"} <= {row["value"] for row in rows}
    xml = client.get(
        "/api/queries/quantities", headers={"Accept": "application/sparql-results+xml"}
    )
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")


def test_unknown_query_is_404_with_the_known_ones(client):
    response = client.get("/api/queries/no-such-query")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "entity-relations" in response.json()["detail"]


def test_bad_parameters_are_422_and_name_the_parameter(client):
    injection = client.get(
        "/api/queries/entity-relations", params={"entity": "urn:x:a> } ; DROP ALL ; {"}
    )
    assert injection.status_code == 422
    assert "entity" in injection.json()["detail"]
    unknown = client.get("/api/queries/entity-relations", params={"colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json()["detail"]
    bad_date = client.get("/api/queries/timeline", params={"from_date": "last tuesday"})
    assert bad_date.status_code == 422 and "from_date" in bad_date.json()["detail"]


def test_parameters_follow_a_configured_base():
    base = "http://127.0.0.1:8000/"
    with client_for(Settings(base=base)) as client:
        response = client.get("/api/queries/entity-relations")
        rows = response.json()["results"]["bindings"]
        assert rows, "the default entity was moved to the configured base"
        assert all(
            term["value"].startswith(base)
            or not term["value"].startswith("https://w3id.org/honduras-kg/id/")
            for row in rows
            for term in row.values()
        )


# --- Pages for browsers: the same URLs with Accept: text/html ------------------------

CHAIN = "/api/queries/hernandez-chain"


def test_a_browser_gets_the_list_of_questions(client):
    text = page(client, "/api/queries")
    hrefs = {attrs.get("href") for attrs in Tags(text).named("a")}
    for query in load_queries().values():
        assert f"/api/queries/{query.name}" in hrefs
        assert escape(query.title) in text
    assert "Questions the graph answers" in text


def test_a_browser_gets_the_question_its_form_and_its_answer(client):
    text = page(client, CHAIN)
    query = load_queries()["hernandez-chain"]
    assert f"<h2>{escape(query.title)}</h2>" in text
    tags = Tags(text)
    form = tags.named("form")[-1]
    assert form["action"] == CHAIN and form["method"] == "get"
    fields = {
        attrs["name"]: attrs["value"]
        for attrs in tags.named("input")
        if "param-" in (attrs.get("id") or "")
    }
    assert fields["person"] == "hk:juan-orlando-hernandez"
    assert fields["military_base"] == "hk:soto-cano"
    # The answer: claims linked to their pages, modality and quotes visible.
    hrefs = [attrs.get("href") or "" for attrs in tags.named("a")]
    assert "/claim/frank-hypocrisy-of-soto-cano-justification" in hrefs
    assert "<blockquote>\u201cThe hypocrisy to say that they\u2019re using it [Soto Cano]" in text
    assert 'class="modality modality-stated"' in text
    # Downloads in every results format, and the query for the editor.
    for name in ("json", "xml", "csv", "tsv"):
        assert any(href.startswith(CHAIN + "?") and f"format={name}" in href for href in hrefs)
    editor = next(href for href in hrefs if href.startswith("/sparql?query="))
    assert "VALUES" in unquote(editor) and "hko:criticised" in unquote(editor)


def test_an_answer_of_many_columns_is_a_card_per_row(client):
    assert '<table class="answer-table cards">' in page(client, "/api/queries/source-conflicts")
    assert '<table class="answer-table">' in page(client, CHAIN)


def test_a_changed_parameter_changes_the_answer(client):
    text = page(client, "/api/queries/entity-relations?entity=hk:dana-frank")
    assert 'value="hk:dana-frank"' in text
    assert "/id/dana-frank" in text and "/claim/frank-hypocrisy-of-soto-cano-justification" in text
    blank = page(client, "/api/queries/entity-relations?entity=")  # a blank field: the default
    assert 'value="hk:soto-cano"' in blank


def test_other_clients_get_what_they_got_before(client):
    listing = client.get("/api/queries").json()
    for accept in ("application/json", "*/*", "text/csv"):
        again = client.get("/api/queries", headers={"Accept": accept})
        assert again.headers["content-type"].startswith("application/json")
        assert again.json() == listing
    sparql = load_queries()["hernandez-chain"].bind()
    for accept, media in [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ]:
        headers = {"Accept": accept} if accept else {}
        named = client.get(CHAIN, headers=headers)
        direct = client.get("/sparql", params={"query": sparql}, headers=headers)
        assert named.headers["content-type"].startswith(media), accept
        assert named.content == direct.content, accept
    # format= wins over a browser's Accept: the download links give files.
    csv_file = client.get(CHAIN, params={"format": "csv"}, headers=HTML)
    assert csv_file.headers["content-type"].startswith("text/csv")
    assert client.get(CHAIN, params={"format": "html"}).status_code == 406


def test_a_bad_value_is_a_message_on_the_page(client):
    for path, name in [
        (CHAIN + "?person=not%20an%20iri", "person"),
        (CHAIN + "?colour=red", "colour"),
        ("/api/queries/timeline?from_date=last%20tuesday", "from_date"),
        ("/api/queries/quantities?minimum=lots", "minimum"),
    ]:
        text = page(client, path, status=422)
        problem = text.split('class="problem" role="alert">', 1)[1].split("</p>", 1)[0]
        assert name in problem, path
        assert "Traceback" not in text and "<table" not in text
        assert '<form class="query-form"' in text  # to try again


def test_an_unknown_question_is_a_page_with_the_closest(client):
    text = page(client, "/api/queries/hernandez-chian", status=404)
    assert "No question named" in text
    assert 'href="/api/queries/hernandez-chain"' in text
    assert (
        client.get("/api/queries/hernandez-chian")
        .headers["content-type"]
        .startswith("application/problem+json")
    )


def test_a_hostile_value_stays_text_on_the_page(client):
    text = page(client, "/api/queries/search-statements?name=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert" not in text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in text

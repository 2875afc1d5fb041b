"""The REST lookups over HTTP: every endpoint, every error path, caching, the contract."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, is_dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate
from pydantic import TypeAdapter

from honduras_kg import lookups
from honduras_kg.cli import main
from honduras_kg.config import Settings
from honduras_kg.export import CSV_COLUMNS
from honduras_kg.lookups import results
from honduras_kg.network import ACTOR_TYPES
from honduras_kg.web import models
from honduras_kg.web.examples import EXAMPLES

JOH = "juan-orlando-hernandez"
DOCS = Path(__file__).parents[2] / "docs"

#: One request per lookup, with what it answers.
LOOKUPS = [
    "/api/search?q=hernandez",
    "/api/entities/soto-cano",
    "/api/entities/soto-cano/relations",
    "/api/entities/soto-cano/neighbourhood",
    f"/api/paths?from={JOH}&to=soto-cano",
    "/api/timeline",
    "/api/statements",
    "/api/sources",
    "/api/sources/al-jazeera-explainer",
    "/api/stats",
    "/api/export",
    "/api/graph?focus=soto-cano",
]


def problem(response, status: int) -> str:
    """The detail of a problem+json answer, after checking its status and shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body["detail"]


# --- search ------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["hernandez", "Hernández", "JOH", "juan orlando"])
def test_search_finds_joh_first(client, q):
    body = client.get("/api/search", params={"q": q}).json()
    assert body["results"][0]["id"] == JOH
    assert body["total"] >= len(body["results"]) >= 1


def test_search_pages_and_filters(client):
    first = client.get("/api/search", params={"q": "a", "limit": 3}).json()
    second = client.get("/api/search", params={"q": "a", "limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] > 6
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])
    people = client.get("/api/search", params={"q": "a", "type": "person"}).json()
    assert people["results"] and {r["type"] for r in people["results"]} == {"person"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": " ;; "}, "q"),
        ({"q": "castro", "limit": 1000}, "limit"),
        ({"q": "castro", "limit": 0}, "limit"),
        ({"q": "castro", "offset": -1}, "offset"),
        ({"q": "castro", "limit": "many"}, "limit"),
        ({"q": "castro", "type": "wizard"}, "type"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_search_parameters_are_422_naming_them(client, params, named):
    detail = problem(client.get("/api/search", params=params), 422)
    assert re.search(rf"\b{named}\b", detail), detail


# --- entities ----------------------------------------------------------------------


def test_entity(client):
    response = client.get(f"/api/entities/{JOH}")
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "Juan Orlando Hernández"
    assert body["wikidata"] == "http://www.wikidata.org/entity/Q5951723"
    assert "JOH" in body["aliases"]
    labels = {(g["direction"], g["label"]) for g in body["relations"]}
    assert ("out", "extradited to") in labels and ("in", "supported by") in labels
    quotes = [r["claim"]["quotes"] for g in body["relations"] for r in g["relations"]]
    assert all(quotes)


def test_unknown_entity_is_404_with_a_hint(client):
    detail = problem(client.get("/api/entities/soto-canoe"), 404)
    assert "soto-cano" in detail
    for path in ("relations", "neighbourhood"):
        problem(client.get(f"/api/entities/nobody/{path}"), 404)


def test_relations_with_filters(client):
    url = "/api/entities/soto-cano/relations"
    everything = client.get(url).json()
    incoming = client.get(url, params={"direction": "in"}).json()
    assert 0 < incoming["total"] < everything["total"]
    assert {r["direction"] for r in incoming["relations"]} == {"in"}
    hosts = client.get(url, params={"predicate": "hosts"}).json()["relations"]
    assert hosts and all(r["predicate"].endswith("#hosts") for r in hosts)
    threatened = client.get(url, params={"modality": "threatened"}).json()["relations"]
    assert threatened and {r["claim"]["modality"] for r in threatened} == {"threatened"}
    unsigned = client.get(url, params={"source": "unsigned-commentary"}).json()["relations"]
    assert {r["claim"]["sources"][0]["id"] for r in unsigned} <= {"unsigned-commentary"}
    dated = client.get(url, params={"date_from": "2009", "date_to": "2009"}).json()
    assert dated["relations"]
    assert {r["claim"]["date"]["value"] for r in dated["relations"]} <= {"2009", "1980/1989"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"direction": "sideways"}, "direction"),
        ({"modality": "rumoured"}, "modality"),
        ({"date_from": "last week"}, "date_from"),
        ({"date_from": "2025-13"}, "date_from"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"date_from": "2025", "date_to": "2024"}, "date_from"),
    ],
)
def test_bad_relation_filters_are_422(client, params, named):
    response = client.get("/api/entities/soto-cano/relations", params=params)
    assert named in problem(response, 422)


def test_unknown_source_filter_is_404(client):
    response = client.get("/api/entities/soto-cano/relations", params={"source": "the-times"})
    assert "al-jazeera-explainer" in problem(response, 404)


def test_unknown_predicate_filter_is_404(client):
    response = client.get("/api/entities/soto-cano/relations", params={"predicate": "likes"})
    assert problem(response, 404).startswith("predicate: no relation 'likes'")


def test_neighbourhood_reports_its_cap(client):
    url = "/api/entities/soto-cano/neighbourhood"
    capped = client.get(url, params={"depth": 2, "max_nodes": 4}).json()
    assert len(capped["nodes"]) == 4 and capped["truncated"] and capped["reachable"] > 4
    ids = {n["id"] for n in capped["nodes"]}
    assert all(e["subject"] in ids and e["object"] in ids for e in capped["edges"])
    whole = client.get(url, params={"depth": 1}).json()
    assert not whole["truncated"] and whole["nodes"][0]["id"] == "soto-cano"
    assert "depth" in problem(client.get(url, params={"depth": 4}), 422)
    assert "max_nodes" in problem(client.get(url, params={"max_nodes": 100_000}), 422)


# --- paths -------------------------------------------------------------------------


def test_paths_from_joh_to_soto_cano_show_their_evidence(client):
    response = client.get("/api/paths", params={"from": JOH, "to": "soto-cano", "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["reason"] is None and len(body["paths"]) == 5
    first = body["paths"][0]
    assert first["kind"] == "argument" and first["argument"]["speaker"]["id"] == "dana-frank"
    assert first["why"][0] == "direct argument by Dana Frank" and first["cost"] > 0
    assert [p["cost"] for p in body["paths"]] == sorted(p["cost"] for p in body["paths"])
    for path in body["paths"]:
        assert path["nodes"][0]["id"] == JOH and path["nodes"][-1]["id"] == "soto-cano"
        for hop in path["hops"]:
            for rel in hop["relations"]:
                assert rel["claim"]["quotes"] and rel["claim"]["sources"]
                assert rel["predicate"] and rel["label"] and rel["direction"] in ("out", "in")
                assert rel["claim"]["modality"]


def test_unconnected_entities_get_an_empty_list_and_a_reason(client):
    body = client.get("/api/paths", params={"from": JOH, "to": "tony-garcia"}).json()
    assert body["paths"] == [] and "Tony Garcia" in body["reason"]
    attributed = client.get(
        "/api/paths",
        params={"from": JOH, "to": "soto-cano", "exclude_unattributed": "true", "k": 5},
    ).json()
    standings = {
        r["claim"]["standing"]
        for p in attributed["paths"]
        for h in p["hops"]
        for r in h["relations"]
    }
    assert standings == {"attributed"}


@pytest.mark.parametrize(
    ("params", "status", "named"),
    [
        ({"from": "nobody", "to": "soto-cano"}, 404, "from"),
        ({"from": JOH, "to": "nowhere"}, 404, "to"),
        ({"from": JOH}, 422, "to"),
        ({"to": JOH}, 422, "from"),
        ({"from": JOH, "to": "soto-cano", "k": 6}, 422, "k"),
        ({"from": JOH, "to": JOH}, 422, "to"),
        ({"from": JOH, "to": "soto-cano", "date_to": "soon"}, 422, "date_to"),
    ],
)
def test_bad_paths_requests(client, params, status, named):
    assert named in problem(client.get("/api/paths", params=params), status)


# --- timeline, statements, sources, stats ---------------------------------------------


def test_timeline(client):
    body = client.get("/api/timeline").json()
    starts = [e["date"]["start"] for e in body["entries"]]
    assert starts == sorted(starts) and body["total"] == len(starts)
    assert {e["date"]["precision"] for e in body["entries"]} == {"day", "month", "year", "period"}
    castro = client.get("/api/timeline", params={"entity": "xiomara-castro"}).json()
    assert castro["entries"] and castro["entity"]["id"] == "xiomara-castro"
    window = client.get("/api/timeline", params={"date_from": "2024-03", "date_to": "2024-03"})
    assert {e["date"]["value"] for e in window.json()["entries"]} == {"2024-03"}
    assert "entity" in problem(client.get("/api/timeline", params={"entity": "nobody"}), 404)


def test_timeline_pages(client):
    whole = client.get("/api/timeline").json()
    assert (whole["limit"], whole["offset"]) == (100, 0) and whole["total"] > 10
    page = client.get("/api/timeline", params={"limit": 5, "offset": 3}).json()
    assert page["total"] == whole["total"] and page["entries"] == whole["entries"][3:8]
    beyond = client.get("/api/timeline", params={"offset": 10_000}).json()
    assert beyond["entries"] == [] and beyond["total"] == whole["total"]
    assert "limit" in problem(client.get("/api/timeline", params={"limit": 0}), 422)
    assert "limit" in problem(client.get("/api/timeline", params={"limit": 1001}), 422)


def test_statements(client):
    frank = client.get("/api/statements", params={"speaker": "dana-frank"}).json()
    assert frank["total"] >= 3
    assert {s["speaker"]["id"] for s in frank["statements"]} == {"dana-frank"}
    about = client.get("/api/statements", params={"about": "soto-cano"}).json()
    assert "frank-hypocrisy" in [s["id"] for s in about["statements"]]
    by_source = client.get("/api/statements", params={"source": "al-jazeera-explainer"}).json()
    assert by_source["total"] == client.get("/api/statements").json()["total"]
    assert "about" in problem(client.get("/api/statements", params={"about": "nobody"}), 404)


def test_sources(client):
    sources = {s["id"]: s for s in client.get("/api/sources").json()}
    assert sources["al-jazeera-explainer"]["publisher"]["id"] == "al-jazeera"
    assert sources["al-jazeera-explainer"]["date"]["precision"] == "month"
    assert sources["unsigned-commentary"]["standing"].startswith("Unsigned")
    detail = client.get("/api/sources/unsigned-commentary").json()
    assert len(detail["claims"]) == sources["unsigned-commentary"]["claims"] > 0
    assert "unsigned-commentary" in problem(client.get("/api/sources/the-times"), 404)


def test_stats(client):
    body = client.get("/api/stats", params={"top": 3}).json()
    assert body["claims"] == sum(body["claims_by_modality"].values())
    assert set(body["centrality"]) == {"degree", "betweenness", "pagerank"}
    assert all(len(ranking) <= 3 for ranking in body["centrality"].values())
    assert "top" in problem(client.get("/api/stats", params={"top": 0}), 422)
    assert "top" in problem(client.get("/api/stats", params={"top": 10_000}), 422)


@pytest.mark.parametrize("top", [3, 10])
def test_the_cli_and_the_api_give_the_same_stats(client, top):
    """One stats: ``honduras-kg stats --json`` is ``GET /api/stats``, numbers and rankings."""
    done = CliRunner().invoke(main, ["stats", "--json", "--top", str(top)], obj=Settings())
    assert done.exit_code == 0, done.output
    api = client.get("/api/stats", params={"top": top}).json()
    cli = json.loads(done.stdout)
    assert cli == api
    assert 0 < len(api["centrality"]["betweenness"]) <= top
    assert {actor["type"] for ranking in api["centrality"].values() for actor in ranking} <= (
        ACTOR_TYPES
    )


# --- exports -----------------------------------------------------------------------


def _rdf(fmt: ox.RdfFormat):
    def parse(data: bytes) -> int:
        return len(list(ox.parse(data, format=fmt)))

    return parse


def _network(read):
    def parse(data: bytes) -> int:
        return read(io.BytesIO(data)).number_of_edges()

    return parse


def _csv(data: bytes) -> int:
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    return len(rows)


EXPORTS = {
    "turtle": ("text/turtle", _rdf(ox.RdfFormat.TURTLE)),
    "trig": ("application/trig", _rdf(ox.RdfFormat.TRIG)),
    "nt": ("application/n-triples", _rdf(ox.RdfFormat.N_TRIPLES)),
    "jsonld": ("application/ld+json", _rdf(ox.RdfFormat.JSON_LD)),
    "graphml": ("application/graphml+xml", _network(nx.read_graphml)),
    "gexf": ("application/gexf+xml", _network(nx.read_gexf)),
    "csv": ("text/csv", _csv),
    "rdfstar": ("text/turtle", _rdf(ox.RdfFormat.TURTLE)),
}


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_export_formats_parse(client, fmt):
    media_type, parse = EXPORTS[fmt]
    whole = client.get("/api/export", params={"format": fmt})
    assert whole.status_code == 200
    assert whole.headers["content-type"].startswith(media_type)
    assert fmt in whole.headers["etag"] and "Accept" in whole.headers["vary"]
    assert whole.headers["content-disposition"].startswith("attachment")
    hood = client.get("/api/export", params={"format": fmt, "entity": "soto-cano"})
    assert "soto-cano" in hood.headers["content-disposition"]
    assert 0 < parse(hood.content) < parse(whole.content)
    by_accept = client.get("/api/export", headers={"Accept": media_type})
    assert by_accept.headers["content-type"].startswith(media_type)


def test_export_negotiation_and_errors(client):
    assert client.get("/api/export").headers["content-type"].startswith("text/turtle")
    preferred = client.get("/api/export", headers={"Accept": "text/csv;q=0.5, application/ld+json"})
    assert preferred.headers["content-type"].startswith("application/ld+json")
    problem(client.get("/api/export", headers={"Accept": "image/png"}), 406)
    assert "format" in problem(client.get("/api/export", params={"format": "pdf"}), 422)
    assert "entity" in problem(client.get("/api/export", params={"entity": "nobody"}), 404)
    too_deep = client.get("/api/export", params={"entity": "soto-cano", "depth": 9})
    assert "depth" in problem(too_deep, 422)


# --- caching -----------------------------------------------------------------------


@pytest.mark.parametrize("url", LOOKUPS)
def test_answers_carry_validators_and_honour_if_none_match(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"].startswith("public")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_each_export_format_has_its_own_etag(client):
    tags = {client.get("/api/export", params={"format": f}).headers["etag"] for f in EXPORTS}
    assert len(tags) == len(EXPORTS)
    ttl = client.get("/api/export", params={"format": "turtle"}).headers["etag"]
    nt = client.get("/api/export", params={"format": "nt"}, headers={"If-None-Match": ttl})
    assert nt.status_code == 200


# --- the contract --------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    return client.get("/openapi.json").json()


def test_the_openapi_schema_is_valid(openapi):
    validate(openapi)


def test_every_lookup_is_described_with_a_model_and_examples(openapi):
    schemas = openapi["components"]["schemas"]
    lookups = {p: ops for p, ops in openapi["paths"].items() if p.startswith("/api/")}
    lookups = {p: ops for p, ops in lookups.items() if not p.startswith("/api/queries")}
    assert len(lookups) == len(LOOKUPS)
    for path, operations in lookups.items():
        operation = operations["get"]
        assert operation["summary"] and len(operation["description"]) > 40, path
        assert {"304", "200"} <= set(operation["responses"]), path
        content = operation["responses"]["200"]["content"]
        if path == "/api/export":
            assert "application/graphml+xml" in content and "text/csv" in content
            continue
        schema = content["application/json"]["schema"]
        ref = schema.get("$ref") or schema["items"]["$ref"]
        assert schemas[ref.rsplit("/", 1)[1]].get("examples"), path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description") or parameter["in"] == "path", (path, parameter)


def test_the_docstring_under_each_result_field_is_its_schema_description(openapi):
    from honduras_kg.lookups import compare, results
    from honduras_kg.model import time
    from honduras_kg.model.schemas import field_docstrings

    schemas = openapi["components"]["schemas"]
    checked = 0
    for module in (results, compare, time):
        documented = field_docstrings(Path(module.__file__).read_text(encoding="utf-8"))
        for name, docs in documented.items():
            for schema_name in (name, f"{name}-Output"):
                properties = schemas.get(schema_name, {}).get("properties", {})
                for field, doc in docs.items():
                    if field in properties:
                        assert properties[field]["description"] == doc, (schema_name, field)
                        checked += 1
    assert checked > 40
    assert schemas["EntityRef"]["properties"]["id"]["description"].startswith("The IRI's last")


def test_every_route_is_documented(openapi):
    docs = "\n".join(path.read_text(encoding="utf-8") for path in DOCS.glob("*.md"))
    missing = [
        path for path in openapi["paths"] if not re.search(re.escape(path) + r"(?![\w/{-])", docs)
    ]
    assert not missing, f"routes not in docs/*.md: {missing}"


def test_the_examples_fit_their_types():
    """Each example is an answer its type gives back unchanged: no key missing, none extra."""
    for kind, example in EXAMPLES.items():
        adapter = TypeAdapter(kind)
        assert adapter.dump_python(adapter.validate_python(example), mode="json") == example
    for model in (models.Problem, models.GraphView):
        for example in model.model_config["json_schema_extra"]["examples"]:
            model.model_validate(example)
    assert len(EXAMPLES) >= 12


def test_no_model_mirrors_a_result():
    """The lookups' dataclasses are the response models: no pydantic twin of any of them."""
    assert not set(models.__all__) & set(results.__all__)


#: Representative requests over every JSON route of api/rest.py, with the lookup each asks.
ANSWERS = {
    "/api/search?q=hernandez": lambda i: lookups.search(i, "hernandez"),
    "/api/search?q=a&type=person&limit=5&offset=2": lambda i: lookups.search(
        i, "a", type="person", limit=5, offset=2
    ),
    "/api/entities/soto-cano": lambda i: lookups.entity(i, "soto-cano"),
    f"/api/entities/{JOH}": lambda i: lookups.entity(i, JOH),
    "/api/entities/soto-cano/relations?direction=in&modality=happened": lambda i: lookups.relations(
        i, "soto-cano", direction="in", modality="happened"
    ),
    "/api/entities/xiomara-castro/relations?date_from=2025&date_to=2025-06": lambda i: (
        lookups.relations(i, "xiomara-castro", date_from="2025", date_to="2025-06")
    ),
    "/api/entities/soto-cano/neighbourhood?depth=2&max_nodes=10": lambda i: lookups.neighbourhood(
        i, "soto-cano", depth=2, max_nodes=10
    ),
    f"/api/paths?from={JOH}&to=soto-cano&k=5": lambda i: lookups.paths(i, JOH, "soto-cano", k=5),
    f"/api/paths?from={JOH}&to=soto-cano&date_from=2030": lambda i: lookups.paths(
        i, JOH, "soto-cano", date_from="2030"
    ),
    "/api/timeline?entity=xiomara-castro&date_from=2025": lambda i: lookups.timeline(
        i, entity="xiomara-castro", date_from="2025", limit=100
    ),
    "/api/statements": lambda i: lookups.statements(i),
    "/api/sources": lambda i: lookups.sources(i),
    "/api/sources/al-jazeera-explainer": lambda i: lookups.source(i, "al-jazeera-explainer"),
    "/api/stats?top=3": lambda i: lookups.stats(i, top=3),
}


@pytest.mark.parametrize("url", ANSWERS)
def test_an_answer_is_its_dataclass_as_json(client, url):
    """Field for field: nothing renamed, dropped or added."""
    answer = ANSWERS[url](client.app.state.services.index)
    plain = asdict(answer) if is_dataclass(answer) else [asdict(a) for a in answer]
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(plain))


def test_export_the_evidence_as_web_annotations(client):
    whole = client.get("/api/export", params={"format": "annotations"})
    assert whole.status_code == 200
    assert whole.headers["content-type"].startswith(
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert whole.headers["content-disposition"].endswith('.anno.jsonld"')
    collection = whole.json()
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) > 0
    hood = client.get("/api/export", params={"format": "anno", "entity": "soto-cano"}).json()
    bodies = {item["body"] for item in hood["first"]["items"]}
    assert len(bodies) > 0 and hood["total"] < collection["total"]
    claims = client.get("/api/export", params={"format": "nt", "entity": "soto-cano"}).text
    assert all(f"<{body}>" in claims for body in bodies)

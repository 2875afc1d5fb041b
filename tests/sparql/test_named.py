"""The named queries of ``queries/*.rq``, as data: headers, safe binding, and each
query's answer on the curated graph checked against what the sources say."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from honduras_kg import errors
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, load_graph
from honduras_kg.namespaces import CLAIM, DATA_KINDS, DEFAULT_BASE, HK, HKO, PROV, RDF, SRC
from honduras_kg.sparql.guard import inspect_query
from honduras_kg.sparql.named import (
    DEFAULT_QUERIES_DIR,
    NamedQuery,
    QueryHeaderError,
    QueryParameterError,
    load_queries,
    parse_query,
    run_query,
)

Rows = list[dict[str, str | None]]

QUERIES = load_queries()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
AJ = "Al Jazeera explainer on Honduras's threat to reconsider military ties with the US"
COMMENTARY = "Unsigned commentary on Honduras's threat to sever military cooperation"


@pytest.fixture(scope="module")
def run(real_graph: Graph) -> Callable[..., Rows]:
    """Run a named query by name on the curated graph."""

    def run_named(query: str, /, **values: object) -> Rows:
        return run_query(real_graph, QUERIES[query], **values)

    return run_named


@pytest.fixture(scope="module")
def oxigraph(real_graph: Graph) -> ox.Store:
    """The curated graph in an in-memory Oxigraph store."""
    store = ox.Store()
    store.load(real_graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def claim(name: str) -> str:
    return str(CLAIM[name])


def column(rows: Rows, key: str) -> list[str | None]:
    return [row[key] for row in rows]


def only(rows: Rows, **match: str) -> dict[str, str | None]:
    """The one row whose columns have the given values."""
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} rows match {match}"
    return found[0]


def claims_with(graph: Graph, predicate, value) -> set[str]:
    return {str(c) for c in graph.subjects(predicate, value)}


# --- The files ----------------------------------------------------------------


def test_there_are_at_least_fifteen_queries() -> None:
    assert len(QUERIES) >= 15
    assert set(QUERIES) == {p.stem for p in DEFAULT_QUERIES_DIR.glob("*.rq")}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_file_has_header_and_parses(name: str) -> None:
    query = QUERIES[name]
    lines = query.text.splitlines()
    assert lines[0] == f"# title: {query.title}"
    assert lines[1] == f"# description: {query.description}"
    assert len(query.description) > len(query.title)
    for i, p in enumerate(query.parameters):
        assert lines[2 + i].startswith(f"# param: {p.name} {p.type} ")
        assert p.help and p.default is not None, "every shipped query runs without values"
    parsed = prepareQuery(query.bind())
    assert parsed.algebra.name == "SelectQuery"
    assert re.search(r"^ORDER BY ", query.text, re.MULTILINE), "results must be ordered"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_hard_codes_no_data_iri(name: str) -> None:
    """Data IRIs come in as parameters, so a rebased deployment can pass its own."""
    body = QUERIES[name].text.split("\nPREFIX", 1)[1]
    for path in DATA_KINDS.values():
        assert DEFAULT_BASE + path not in body


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_answer_on_oxigraph(
    name: str, run: Callable[..., Rows], oxigraph: ox.Store
) -> None:
    """Plain SPARQL 1.1: rdflib and Oxigraph agree, row for row (up to the order of
    the parts of a GROUP_CONCAT, which SPARQL leaves open)."""

    def norm(value: str | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(sorted(value.split(" | ")))

    result = oxigraph.query(QUERIES[name].bind())
    names = [v.value for v in result.variables]
    theirs = [{n: norm(None if s[n] is None else s[n].value) for n in names} for s in result]
    ours = [{k: norm(v) for k, v in row.items()} for row in run(name)]
    assert ours == theirs
    assert ours, "every query has an answer on the curated graph"


# --- Binding --------------------------------------------------------------------

ENTITY = QUERIES["entity-relations"]


@pytest.mark.parametrize(
    "value",
    [
        "<http://x> } ; DROP ALL ; {",
        "http://x> } ; DROP ALL ; {",
        "https://w3id.org/honduras-kg/id/soto-cano>",
        "https://w3id.org/honduras-kg/id/soto cano",
        'http://x/"quoted"',
        "http://x/{braces}",
        "http://x/back\\slash",
        "http://x/new\nline",
        "soto-cano",
        "",
    ],
)
def test_bad_iri_is_refused(value: str) -> None:
    with pytest.raises(QueryParameterError, match="'entity' must be an absolute IRI"):
        ENTITY.bind(entity=value)


def test_good_iri_binds_at_the_start_of_the_where_group() -> None:
    iri = str(HK["juan-orlando-hernandez"])
    text = ENTITY.bind(entity=iri)
    head, rest = text.split("WHERE {", 1)
    assert rest.startswith(f"\n  VALUES ?entity {{ <{iri}> }}\n")
    assert "VALUES" not in head
    prepareQuery(text)


def test_project_prefix_is_expanded(run: Callable[..., Rows]) -> None:
    assert f"VALUES ?entity {{ <{HK['dana-frank']}> }}" in ENTITY.bind(entity="hk:dana-frank")
    assert run("entity-relations", entity="hk:dana-frank") == run(
        "entity-relations", entity=str(HK["dana-frank"])
    )


def test_default_is_used_when_no_value_is_given() -> None:
    default = f"<{HK['soto-cano']}>"
    assert f"VALUES ?entity {{ {default} }}" in ENTITY.bind()
    assert ENTITY.bind(entity=None) == ENTITY.bind()


def test_parameter_errors_are_the_project_s() -> None:
    assert issubclass(QueryParameterError, errors.BadRequest)
    assert issubclass(QueryParameterError, ValueError)
    assert issubclass(QueryHeaderError, errors.HondurasKGError)


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(QueryParameterError, match="has no parameter 'entiti'"):
        ENTITY.bind(entiti=str(HK.honduras))
    with pytest.raises(QueryParameterError, match="it takes: none"):
        QUERIES["modality-counts"].bind(entity=str(HK.honduras))


def test_required_parameter_without_value_is_refused() -> None:
    query = parse_query(
        "q", '# title: T\n# description: D.\n# param: who iri "Who"\nSELECT ?x WHERE { ?x ?p ?who }'
    )
    assert query.parameters[0].default is None
    with pytest.raises(QueryParameterError, match="needs a value for 'who'"):
        query.bind()
    assert "VALUES ?who { <urn:x> }" in query.bind(who="urn:x")


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "2024-1-1", "20240101", "soon"])
def test_bad_date_is_refused(value: str) -> None:
    with pytest.raises(QueryParameterError, match="'from_date' must be an ISO date"):
        QUERIES["timeline"].bind(from_date=value)


def test_date_binds_as_typed_literal() -> None:
    text = QUERIES["timeline"].bind(from_date=date(2024, 1, 1), to_date="2024-12-31")
    xsd_date = "<http://www.w3.org/2001/XMLSchema#date>"
    assert f'"2024-01-01"^^{xsd_date} "2024-12-31"^^{xsd_date})' in text


def test_several_parameters_bind_in_one_values_row() -> None:
    """One row, not a product of one-row tables (which Virtuoso's estimator refuses)."""
    text = QUERIES["hernandez-chain"].bind()
    assert text.count("VALUES") == 1
    assert "VALUES (?person ?military_base) { (<" in text


def test_an_iri_with_a_hash_in_a_values_row_passes_the_guard() -> None:
    text = QUERIES["uncorroborated-claims"].bind(other="https://example.org/x#y")
    assert "<https://example.org/x#y>)" in text
    assert inspect_query(text).form == "select"


@pytest.mark.parametrize("value", ["1e3", "12abc", "1 } ; DROP ALL ; {", True, 2.5])
def test_bad_integer_is_refused(value: object) -> None:
    with pytest.raises(QueryParameterError, match="'minimum' must be an integer"):
        QUERIES["quantities"].bind(minimum=value)


def test_integer_of_4301_digits_is_refused() -> None:
    # One digit past what Python converts: a ValueError (so a 500) before.
    with pytest.raises(QueryParameterError, match="'minimum' takes at most 2000 characters"):
        QUERIES["quantities"].bind(minimum="9" * 4301)


@pytest.mark.parametrize("value", ["9" * 2000, str(2**63), str(-(2**63) - 1), "0" * 30 + "1" * 20])
def test_integer_out_of_64_bits_is_refused(value: str) -> None:
    with pytest.raises(
        QueryParameterError, match=r"'minimum' must be an integer from -9223"
    ) as err:
        QUERIES["quantities"].bind(minimum=value)
    assert len(str(err.value)) < 300  # the value is shown shortened


@pytest.mark.parametrize("value", [2**63 - 1, -(2**63), "+0009"])
def test_integer_in_64_bits_binds(value: object) -> None:
    number = int(str(value))
    assert f'VALUES ?minimum {{ "{number}"^^' in QUERIES["quantities"].bind(minimum=value)


@pytest.mark.parametrize("value", ["nul\x00", "bell\x07", "esc\x1b[31m", "del\x7f"])
def test_string_with_control_character_is_refused(value: str) -> None:
    with pytest.raises(QueryParameterError, match=r"'name' must be .*control characters"):
        QUERIES["search-statements"].bind(name=value)


def test_overlong_value_is_refused_naming_the_parameter() -> None:
    with pytest.raises(
        QueryParameterError, match=r"'name' takes at most 2000 characters, not 2001"
    ):
        QUERIES["search-statements"].bind(name="a" * 2001)


NASTY_STRINGS = [
    'Frank" } ; DROP ALL ; { "',
    "back\\slash and \\\\ two",
    "line\nbreak\r\ttab",
    'it\'s "quoted"',
    "Tony García",
]


@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_string_arrives_intact_on_rdflib_and_oxigraph(value: str) -> None:
    query = parse_query(
        "echo",
        '# title: T\n# description: D.\n# param: s string "S"\n'
        "SELECT ?s WHERE {\n  FILTER(BOUND(?s))\n}",
    )
    text = query.bind(s=value)
    assert [str(row[0]) for row in Graph().query(text)] == [value]  # type: ignore[index]
    assert [s["s"].value for s in ox.Store().query(text)] == [value]


@pytest.mark.parametrize("value", ["\\u0022 } ; DROP ALL ; {", "x\\U00000022"])
def test_string_with_unicode_escape_is_refused(value: str) -> None:
    with pytest.raises(QueryParameterError, match="without \\\\u or \\\\U escapes"):
        QUERIES["search-statements"].bind(name=value)


def test_injection_in_a_string_finds_nothing(run: Callable[..., Rows]) -> None:
    assert run("search-statements", name='Frank") } } ; DROP ALL ; { {') == []


# --- Another base ------------------------------------------------------------------

LOCAL = "http://127.0.0.1:8000/"


def test_bind_moves_data_iris_to_another_base() -> None:
    """Defaults and given values, in full or with a prefix, follow the data to ``base``."""
    assert f"VALUES ?entity {{ <{LOCAL}id/soto-cano> }}" in ENTITY.bind(base=LOCAL)
    moved = f"VALUES ?entity {{ <{LOCAL}id/dana-frank> }}"
    for value in ("hk:dana-frank", str(HK["dana-frank"]), f"{LOCAL}id/dana-frank"):
        assert moved in ENTITY.bind(entity=value, base=LOCAL)
    text = QUERIES["uncorroborated-claims"].bind(base=LOCAL, other="src:al-jazeera-explainer")
    assert f"<{LOCAL}source/unsigned-commentary> <{LOCAL}source/al-jazeera-explainer>" in text
    body = text.split("\nPREFIX", 1)[1]
    assert not any(DEFAULT_BASE + path in body for path in DATA_KINDS.values())


def test_bind_leaves_other_iris_alone() -> None:
    for iri in ("https://example.org/nobody", str(HKO.Claim), DEFAULT_BASE + "elsewhere/x"):
        assert f"VALUES ?entity {{ <{iri}> }}" in ENTITY.bind(entity=iri, base=LOCAL)
    assert ENTITY.bind(base=DEFAULT_BASE) == ENTITY.bind() == ENTITY.bind(base=None)


@pytest.mark.parametrize(
    "base", ["", "relative/path/", "http://x/> } ; DROP ALL ; {", "http://x y/"]
)
def test_bad_base_is_refused(base: str) -> None:
    with pytest.raises(QueryParameterError, match="base must be an absolute IRI"):
        ENTITY.bind(base=base)


def test_no_parameter_may_be_called_base() -> None:
    with pytest.raises(QueryHeaderError, match="may not be called 'base'"):
        parse_query("q", '# title: T\n# description: D.\n# param: base iri "B"\n' + GOOD_BODY)


@pytest.fixture(scope="module")
def rebased() -> Graph:
    """The curated graph, loaded under the base ``LOCAL``."""
    return load_graph(DEFAULT_GRAPH_DIR, base=LOCAL)


#: The columns of IRIs in the answers of the queries below.
IRI_COLUMNS = {"claim", "item", "entity"}


@pytest.mark.parametrize("name", ["threat-evidence", "mentioned-in-both-sources", "timeline"])
def test_rebased_query_finds_the_rebased_data(
    name: str, run: Callable[..., Rows], rebased: Graph
) -> None:
    """On data loaded under another base, the defaults find the same rows, rebased."""

    def moved(rows: Rows) -> Rows:
        return [
            {
                k: v.replace(DEFAULT_BASE, LOCAL) if v and k in IRI_COLUMNS else v
                for k, v in r.items()
            }
            for r in rows
        ]

    expected = run(name)
    assert expected
    assert run_query(rebased, QUERIES[name], base=LOCAL) == moved(expected)
    if QUERIES[name].parameters[0].type == "iri":
        assert run_query(rebased, QUERIES[name]) == [], "canonical IRIs find nothing there"


# --- Headers ----------------------------------------------------------------------

GOOD_BODY = "SELECT ?x WHERE {\n  ?x ?p ?who\n}\n"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# description: D.\n", "no '# title:' line"),
        ("# title: T\n", "no '# description:' line"),
        ('# title: T\n# description: D.\n# param: who uri "W"\n', "bad parameter"),
        ("# title: T\n# description: D.\n# param: who iri W\n", "bad parameter"),
        ('# title: T\n# description: D.\n# param: whom iri "W"\n', "'whom' is not used"),
        (
            '# title: T\n# description: D.\n# param: who iri "W"\n# param: who iri "X"\n',
            "declared twice",
        ),
        ('# title: T\n# description: D.\n# param: who iri "W" default=x y\n', "bad default"),
        ("# title: T\n# description: D.\n# titel: typo\n", "unexpected header line"),
    ],
)
def test_bad_header_is_refused(header: str, message: str) -> None:
    with pytest.raises(QueryHeaderError, match=message):
        parse_query("q", header + GOOD_BODY)


def test_query_without_where_group_is_refused() -> None:
    with pytest.raises(QueryHeaderError, match=re.escape("no 'WHERE {'")):
        parse_query("q", "# title: T\n# description: D.\nSELECT * { ?s ?p ?o }")


def test_load_queries_names_them_by_file_stem(tmp_path: Path) -> None:
    (tmp_path / "b-query.rq").write_text("# title: B\n# description: D.\n" + GOOD_BODY)
    (tmp_path / "a-query.rq").write_text("# title: A\n# description: D.\n" + GOOD_BODY)
    (tmp_path / "notes.txt").write_text("not a query")
    queries = load_queries(tmp_path)
    assert list(queries) == ["a-query", "b-query"]
    assert isinstance(queries["a-query"], NamedQuery)
    assert queries["a-query"].title == "A"


# --- Answers: what the sources say ----------------------------------------------------


def test_speaker_statements_castro(run: Callable[..., Rows]) -> None:
    (row,) = run("speaker-statements")
    assert row["speakerName"] == "Xiomara Castro"
    assert row["venue"] == "Spanish statement broadcast on national television"
    assert row["date"] == "2025-01-01"
    assert row["language"] == "es"
    assert "lose all reason to exist" in (row["words"] or "")
    assert "without paying a cent" in (row["words"] or "")
    assert int(row["claims"] or 0) >= 4  # the threat, 'lose all reason', bases, payment


def test_speaker_statements_of_another_speaker(run: Callable[..., Rows]) -> None:
    rows = run("speaker-statements", speaker=str(HK["dana-frank"]))
    assert set(column(rows, "speakerName")) == {"Dana Frank"}
    hypocrisy = only(rows, statement="https://w3id.org/honduras-kg/statement/frank-hypocrisy")
    assert hypocrisy["addressedTo"] == "Al Jazeera"
    assert "The hypocrisy to say" in (hypocrisy["words"] or "")


def test_search_statements_by_name_or_alias(run: Callable[..., Rows]) -> None:
    olson = run("search-statements")
    assert set(column(olson, "speakerName")) == {"Eric Olson"}
    assert any("very weak hand" in (r["words"] or "") for r in olson)
    frank = run("search-statements", name="fRaNk")
    assert set(column(frank, "speakerName")) == {"Dana Frank"}
    assert len(frank) == len({r["statement"] for r in frank}), "one row per statement"
    garcia = run("search-statements", name="García")  # an alias, with its accent
    assert column(garcia, "speakerName") == ["Tony Garcia"]
    assert "250,000" in (garcia[0]["paraphrase"] or "")


def test_threat_evidence(run: Callable[..., Rows]) -> None:
    rows = run("threat-evidence")
    links = {r["claim"]: r["link"] for r in rows}
    assert (links[claim("soto-cano-would-lose-reason-to-exist")] or "").startswith("1 ")
    assert (links[claim("castro-threatened-military-cooperation")] or "").startswith("2 ")
    assert (links[claim("honduras-threatened-to-expel-us-troops")] or "").startswith("3 ")
    assert claim("commentary-trump-threatened-deportations") not in links, "Trump's, not Castro's"
    assert claim("olson-us-considering-withdrawal") not in links, "the US's plan, not a threat"
    assert column(rows, "link") == sorted(column(rows, "link"))  # type: ignore[type-var]
    # Links 1 to 3 are threats; link 4 is related evidence that is not one.
    threats = [r for r in rows if not (r["link"] or "").startswith("4 ")]
    assert set(column(threats, "modality")) == {"threatened"}
    related = [r for r in rows if (r["link"] or "").startswith("4 ")]
    assert "threatened" not in column(related, "modality")
    assert set(column(related, "source")) == {COMMENTARY}
    castro = [r for r in rows if r["claim"] == claim("soto-cano-would-lose-reason-to-exist")]
    assert {r["attributedTo"] for r in castro} == {"Xiomara Castro"}
    assert {r["condition"] for r in castro} == {"Trump's mass-deportation plan"}
    assert any("lose all reason to exist" in (r["quote"] or "") for r in castro)
    # The commentary says Honduras is 'contemplating' severing the cooperation that
    # Castro threatened to reconsider: its own characterisation, not a threat.
    severing = only(
        rows,
        claim=claim("commentary-honduras-contemplates-severing"),
        quote=next(r["quote"] for r in rows if "bold diplomatic move" in (r["quote"] or "")),
    )
    assert (severing["link"] or "").startswith("4 ")
    assert "contemplating severing" in (severing["quote"] or "")
    assert (severing["modality"], severing["standing"]) == ("stated", "unattributed")
    assert (severing["attributedTo"], severing["condition"]) == (None, None)
    assert severing["source"] == COMMENTARY


def test_timeline(run: Callable[..., Rows]) -> None:
    rows = run("timeline")
    keys = [(r["start"], r["end"], r["kind"], r["item"]) for r in rows]
    assert keys == sorted(keys)  # type: ignore[type-var]
    assert set(column(rows, "precision")) == {"day", "month", "year", "period"}
    found = {(r["item"], r["start"], r["precision"]) for r in rows}
    assert (claim("hernandez-extradited-to-us"), "2022", "year") in found
    assert (claim("hernandez-serving-sentence"), "2024-06", "month") in found
    assert (claim("soto-cano-used-during-2009-coup"), "2009", "year") in found
    assert (claim("key-bridge-collapse-in-baltimore"), "2024-03", "month") in found
    assert (
        "https://w3id.org/honduras-kg/statement/castro-new-years-message",
        "2025-01-01",
        "day",
    ) in found
    hostile = only(rows, item=claim("castro-mass-expulsion-hostile"))
    assert (hostile["start"], hostile["dateText"]) == (
        "2025-01-01",
        "In her New Year\N{RIGHT SINGLE QUOTATION MARK}s message",
    )
    contra = only(rows, item=claim("soto-cano-contra-war"))
    assert (contra["start"], contra["end"], contra["precision"]) == ("1980", "1989", "period")
    assert contra["dateText"] == "in the 1980s"
    sentence = only(rows, item=claim("hernandez-serving-sentence"))
    assert (sentence["kind"], sentence["end"]) == ("since", "")


def test_timeline_window(run: Callable[..., Rows]) -> None:
    rows = run("timeline", from_date="2024-01-01", to_date="2024-12-31")
    assert {r["start"] for r in rows} == {"2024-03", "2024-06"}
    later = run("timeline", from_date="2025-01-01")
    assert claim("hernandez-serving-sentence") in column(later, "item"), "still serving"
    assert claim("hernandez-extradited-to-us") not in column(later, "item")
    mid_2022 = run("timeline", from_date="2022-06-30", to_date="2022-06-30")
    assert claim("hernandez-extradited-to-us") in column(mid_2022, "item"), "a year spans it"


def test_hernandez_chain(run: Callable[..., Rows]) -> None:
    rows = run("hernandez-chain")
    assert [int(s or 0) for s in column(rows, "step")] == sorted(
        int(s or 0) for s in column(rows, "step")
    )
    steps = {int(r["step"] or 0): [] for r in rows}
    for r in rows:
        steps[int(r["step"] or 0)].append(r)
        assert r["quote"] and r["source"] == AJ
    assert set(steps) == {1, 2, 3, 4}
    assert any("Washington supported" in (r["quote"] or "") for r in steps[1])
    extradition = only(steps[2], claim=claim("hernandez-extradited-to-us"))
    assert (extradition["when"], extradition["reason"]) == (
        "2022",
        "drug crimes and money laundering",
    )
    sentence = only(steps[3], claim=claim("hernandez-serving-sentence"))
    assert (sentence["when"], sentence["figure"]) == ("2024-06", "45-year jail term")
    hypocrisy = only(steps[4], claim=claim("frank-hypocrisy-of-soto-cano-justification"))
    assert hypocrisy["attributedTo"] == "Dana Frank"
    assert "The hypocrisy to say" in (hypocrisy["quote"] or "")


def test_modality_counts(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("modality-counts")
    counts = {r["name"]: int(r["claims"] or 0) for r in rows}
    assert set(counts) == {
        "happened",
        "stated",
        "threatened",
        "pledged",
        "predicted",
        "reported",
        "denied",
    }
    assert counts["denied"] == 0
    assert sum(counts.values()) == len(set(real_graph.subjects(RDF.type, HKO.Claim)))
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    for r in rows:
        assert int(r["claims"] or 0) == int(r["attributedClaims"] or 0) + int(
            r["unattributedClaims"] or 0
        )
    assert only(rows, name="reported")["attributedClaims"] == "0"  # all second-hand, unnamed


def test_claims_by_modality(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("claims-by-modality")
    assert sorted(column(rows, "claim")) == sorted(  # type: ignore[type-var]
        str(c) for c in real_graph.subjects(RDF.type, HKO.Claim)
    )
    assert column(rows, "modality") == sorted(column(rows, "modality"))  # type: ignore[type-var]
    assert only(rows, claim=claim("castro-threatened-military-cooperation"))["modality"] == (
        "threatened"
    )
    assert only(rows, claim=claim("trump-pledged-tariff"))["modality"] == "pledged"
    assert only(rows, claim=claim("garcia-250000-could-be-expelled"))["modality"] == "predicted"
    # Al Jazeera's own assessments, not events.
    assert only(rows, claim=claim("honduras-cannot-stay-silent"))["modality"] == "stated"
    assert only(rows, claim=claim("honduras-not-equipped-to-host"))["modality"] == "stated"
    # The commentary characterises the threat as a contemplation: stated, not a threat.
    assert only(rows, claim=claim("commentary-honduras-contemplates-severing"))["modality"] == (
        "stated"
    )


def test_unattributed_claims(run: Callable[..., Rows]) -> None:
    rows = run("unattributed-claims")
    assert set(column(rows, "standing")) == {"unattributed"}
    welcomed = only(rows, claim=claim("commentary-rights-groups-welcomed"))
    assert welcomed["attributionNote"] == "Human rights organizations have welcomed"
    assert welcomed["group"] == "Unnamed human rights organisations"
    assert welcomed["source"] == COMMENTARY
    assert "Unsigned" in (welcomed["sourceStanding"] or "")
    analysts = only(rows, claim=claim("analysts-honduras-wants-no-rupture"))
    assert (analysts["attributionNote"], analysts["source"]) == ("say analysts", AJ)
    leverage = only(rows, claim=claim("analysts-honduras-lacks-leverage"))
    assert (leverage["attributionNote"], leverage["source"]) == ("Some analysts", AJ)
    assert claim("castro-threatened-military-cooperation") not in column(rows, "claim")


def test_expert_predictions(run: Callable[..., Rows]) -> None:
    rows = run("expert-predictions")
    assert {"Dana Frank", "Eric Olson", "Tony Garcia"} <= set(column(rows, "name"))
    assert column(rows, "name") == sorted(column(rows, "name"))  # type: ignore[type-var]
    garcia = only(rows, name="Tony Garcia")
    # 2025 is the year the forecast is about, not a date of the claim.
    assert "250,000" in (garcia["quote"] or "") and garcia["when"] is None
    assert claim("olson-relations-turn-for-worse") in column(rows, "claim")
    assert claim("frank-cold-war-framework") in column(rows, "claim")
    assert claim("commentary-complex-negotiations") not in column(rows, "claim"), "unnamed"
    assert claim("olson-very-weak-hand") not in column(rows, "claim"), "stated, not predicted"


def test_quantities(run: Callable[..., Rows]) -> None:
    rows = run("quantities")
    values = [int(v or 0) for v in column(rows, "value")]
    assert values == sorted(values, reverse=True)
    personnel = only(rows, value="1000")
    assert (personnel["comparator"], personnel["unit"]) == ("more than", "people")
    remittances = only(rows, value="27")
    assert (remittances["unit"], remittances["referenceYear"]) == ("percent", "2022")
    assert remittances["comparator"] is None, "the source gives the figure without one"
    diaspora = only(rows, value="500000")
    assert (diaspora["comparator"], diaspora["estimatedBy"]) == ("more than", "Pew Research Center")
    expulsions = only(rows, value="250000", claim=claim("garcia-250000-could-be-expelled"))
    assert (expulsions["comparator"], expulsions["estimatedBy"]) == ("about", "Tony Garcia")
    assert (expulsions["referenceYear"], expulsions["modality"]) == ("2025", "predicted")
    assert (only(rows, value="45")["unit"], only(rows, value="45")["comparator"]) == ("years", None)
    tariff = only(rows, value="25", claim=claim("trump-pledged-tariff"))
    assert (tariff["unit"], tariff["modality"], tariff["comparator"]) == (
        "percent",
        "pledged",
        None,
    )
    assert {only(rows, value=v)["comparator"] for v in ("6", "1")} == {None}
    assert "tariff" in (tariff["measures"] or "")
    assert all(r["quote"] and r["source"] for r in rows)


def test_quantities_minimum(run: Callable[..., Rows]) -> None:
    rows = run("quantities", minimum=1000)
    assert rows and all(int(v or 0) >= 1000 for v in column(rows, "value"))
    assert "45" not in column(rows, "value")


def test_source_conflicts(run: Callable[..., Rows]) -> None:
    rows = run("source-conflicts")
    pairs = {frozenset((r["claimA"], r["claimB"])): r for r in rows}
    office = pairs[
        frozenset((claim("trump-president-elect"), claim("commentary-trump-former-president")))
    ]
    assert {office["roleStatusA"], office["roleStatusB"]} == {"elect", "former"}
    assert {office["sourceA"], office["sourceB"]} == {AJ, COMMENTARY}
    assert "former President" in (office["quoteA"] or "") + (office["quoteB"] or "")
    assert "President-elect" in (office["quoteA"] or "") + (office["quoteB"] or "")
    # No conflict of pledge against threat: Al Jazeera too speaks of "threats of mass
    # deportations" (the review of issue 11).
    assert (
        frozenset(
            (
                claim("trump-pledged-mass-deportations"),
                claim("commentary-trump-threatened-deportations"),
            )
        )
        not in pairs
    )
    strength = pairs[
        frozenset(
            (
                claim("castro-threatened-military-cooperation"),
                claim("commentary-honduras-contemplates-severing"),
            )
        )
    ]
    assert {strength["modalityA"], strength["modalityB"]} == {"threatened", "stated"}
    assert "contemplating severing" in (strength["quoteA"] or "") + (strength["quoteB"] or "")
    assert all(r["sourceA"] != r["sourceB"] and r["comment"] for r in rows)


def test_entity_relations_both_directions(run: Callable[..., Rows]) -> None:
    rows = run("entity-relations")
    seen = {(r["direction"], r["relation"], r["otherName"]) for r in rows}
    assert ("outgoing", "hosts", "US military") in seen
    assert ("outgoing", "serves", "Counter-narcotics operations") in seen
    assert ("incoming", "hosted by", "Honduras") in seen
    assert ("incoming", "criticised by", "Dana Frank") in seen
    assert all(r["source"] and r["quote"] for r in rows)
    hernandez = run("entity-relations", entity=str(HK["juan-orlando-hernandez"]))
    assert ("outgoing", "extradited to", "United States") in {
        (r["direction"], r["relation"], r["otherName"]) for r in hernandez
    }
    assert run("entity-relations", entity="https://example.org/nobody") == []


def test_who_said_what_about_whom(run: Callable[..., Rows]) -> None:
    rows = run("who-said-what-about-whom")
    pairs = {(r["speakerName"], r["aboutName"]) for r in rows}
    assert ("Xiomara Castro", "Soto Cano Air Base") in pairs
    assert ("Dana Frank", "Juan Orlando Hernández") in pairs
    assert ("Eric Olson", "Donald Trump") in pairs
    keys = [(r["speakerName"], r["aboutName"], r["statement"]) for r in rows]
    assert keys == sorted(keys)  # type: ignore[type-var]


def test_roles_and_affiliations(run: Callable[..., Rows]) -> None:
    rows = run("roles-and-affiliations")
    trump = {
        (r["roleStatus"], r["source"], r["asOf"]) for r in rows if r["personName"] == "Donald Trump"
    }
    assert trump == {("elect", AJ, "2025-01"), ("former", COMMENTARY, None)}
    hernandez = only(rows, personName="Juan Orlando Hernández")
    assert (hernandez["role"], hernandez["roleStatus"], hernandez["timesHeld"]) == (
        "President of Honduras",
        "former",
        "2",
    )
    frank = only(rows, personName="Dana Frank")
    assert (frank["kind"], frank["role"], frank["organisation"], frank["roleStatus"]) == (
        "affiliation",
        "professor emerita of history",
        "University of California, Santa Cruz",
        "emerita",
    )
    zelaya = only(rows, personName="Manuel Zelaya")
    assert (zelaya["roleStatus"], zelaya["date"]) == ("removed", "2009")
    assert only(rows, personName="Xiomara Castro")["roleStatus"] == "incumbent"


def test_threats_vs_outcomes(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("threats-vs-outcomes")
    threats = claims_with(real_graph, HKO.modality, HKO.Threatened) | claims_with(
        real_graph, HKO.modality, HKO.Pledged
    )
    assert set(column(rows, "threat")) == threats
    assert set(column(rows, "threatModality")) == {"threatened", "pledged"}
    assert claim("commentary-honduras-contemplates-severing") not in threats, "contemplated"
    castro = [r for r in rows if r["threat"] == claim("castro-threatened-military-cooperation")]
    no_plans = only(castro, outcome=claim("trump-team-no-concrete-plans"))
    assert (no_plans["via"], no_plans["outcomeNegated"]) == ("condition", "true")
    assert only(rows, threat=claim("trump-pledged-tariff"))["outcome"] is None
    assert only(rows, threat=claim("tariff-on-mexico"))["outcome"] is None, "states are parties"
    troops = {
        r["outcome"] for r in rows if r["threat"] == claim("honduras-threatened-to-expel-us-troops")
    }
    assert claim("soto-cano-personnel") in troops, "the troops are still there"


def test_claims_per_source(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("claims-per-source")
    aj = only(rows, source=str(SRC["al-jazeera-explainer"]))
    commentary = only(rows, source=str(SRC["unsigned-commentary"]))
    assert (aj["publisher"], aj["file"]) == ("Al Jazeera", "002_b7661002ce40fbd3.txt")
    assert int(aj["attributedClaims"] or 0) > int(aj["unattributedClaims"] or 0)
    assert int(aj["statements"] or 0) > 0
    assert commentary["publisher"] is None and commentary["date"] is None
    assert (commentary["attributedClaims"], commentary["statements"]) == ("0", "0")
    assert "Unsigned" in (commentary["standing"] or "")
    for r in rows:
        assert int(r["claims"] or 0) == int(r["attributedClaims"] or 0) + int(
            r["unattributedClaims"] or 0
        )
    assert sum(int(r["claims"] or 0) for r in rows) == len(
        set(real_graph.subjects(RDF.type, HKO.Claim))
    )


def test_mentioned_in_both_sources(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("mentioned-in-both-sources")
    names = set(column(rows, "name"))
    assert {"Donald Trump", "Honduras", "US\N{EN DASH}Honduras military cooperation"} <= names
    assert "Soto Cano Air Base" not in names, "the commentary never names the base"
    assert not {"Government of Honduras", "Undocumented immigrants in the United States"} & names
    for r in rows:
        sources = set(
            real_graph.objects(HK[(r["entity"] or "").rsplit("/", 1)[1]], HKO.mentionedIn)
        )
        assert sources == {SRC["al-jazeera-explainer"], SRC["unsigned-commentary"]}
    swapped = run(
        "mentioned-in-both-sources",
        first=str(SRC["unsigned-commentary"]),
        second=str(SRC["al-jazeera-explainer"]),
    )
    assert set(column(swapped, "entity")) == set(column(rows, "entity"))


def test_uncorroborated_claims(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("uncorroborated-claims")
    commentary = claims_with(real_graph, PROV.wasDerivedFrom, SRC["unsigned-commentary"])
    assert set(column(rows, "claim")) <= commentary
    former = only(rows, claim=claim("commentary-trump-former-president"))
    assert former["status"] == "contradicted (recorded conflict)"
    assert former["conflictingClaim"] == claim("trump-president-elect")
    # The commentary's "a bold declaration of national sovereignty" and Frank's "a
    # significant assertion of Honduran ... sovereignty": the same relation and object.
    sovereignty = only(rows, claim=claim("commentary-declaration-of-sovereignty"))
    assert sovereignty["status"] == "near match only"
    assert "assertion of Honduran sovereignty" in (sovereignty["nearMatches"] or "")
    assert "declaration of national sovereignty" in (sovereignty["quote"] or "")
    # "struck a nerve" (hko:upsets) has no counterpart in Al Jazeera's text.
    nerve = only(rows, claim=claim("commentary-struck-a-nerve"))
    assert nerve["status"] == "no matching claim"
    assert "already fragile" in (nerve["quote"] or "")
    # Al Jazeera reports a threat to reconsider (Castro's) or to expel US troops; the
    # commentary, contemplated severing: a recorded conflict, one row for each claim.
    severing = [r for r in rows if r["claim"] == claim("commentary-honduras-contemplates-severing")]
    assert {r["status"] for r in severing} == {"contradicted (recorded conflict)"}
    assert {r["conflictingClaim"] for r in severing} == {
        claim("castro-threatened-military-cooperation"),
        claim("honduras-threatened-to-expel-us-troops"),
    }
    assert only(rows, claim=claim("commentary-rights-groups-welcomed"))["status"] == (
        "no matching claim"
    )
    # Al Jazeera too says the US military is present in Honduras.
    assert claim("commentary-us-presence-and-training") not in column(rows, "claim")
    reverse = run(
        "uncorroborated-claims",
        source=str(SRC["al-jazeera-explainer"]),
        other=str(SRC["unsigned-commentary"]),
    )
    assert only(reverse, claim=claim("trump-president-elect"))["status"] == (
        "contradicted (recorded conflict)"
    )


def test_base_roles(run: Callable[..., Rows]) -> None:
    rows = run("base-roles")
    roles = {(r["role"], r["what"]) for r in rows}
    assert {
        ("serves", "Counter-narcotics operations"),
        ("serves", "Disaster relief and emergency assistance"),
        ("serves", "Rapid deployment of US forces"),
        ("serves", "Surveillance and interdiction"),
        ("used during", "Contra War"),
        ("used during", "2009 Honduran military coup"),
        ("hosts", "US military"),
    } <= roles
    assert only(rows, role="used during", what="Contra War")["when"] == "in the 1980s"
    coup = only(rows, role="used during", what="2009 Honduran military coup")
    assert (coup["when"], coup["attributedTo"]) == ("2009", "Dana Frank")
    assert "1,000" in (only(rows, role="hosts")["figure"] or "")


def test_negated_claims(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("negated-claims")
    assert set(column(rows, "claim")) == claims_with(real_graph, HKO.negated, Literal(True))
    assert {claim("us-does-not-pay-for-base"), claim("castro-us-pays-nothing")} <= set(
        column(rows, "claim")
    )
    assert only(rows, claim=claim("trump-team-no-concrete-plans"))["subjectName"] == "Trump's team"


def test_hedged_claims(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("hedged-claims")
    assert set(column(rows, "claim")) == claims_with(real_graph, HKO.hedge, None)
    words = set(column(rows, "words"))
    assert {"may", "likely", "would likely", "seem eager", "I sense"} <= words
    # Olson: Republicans "already seem eager to categorise" the Honduran government.
    eager = only(rows, claim=claim("olson-republicans-categorise-with-nicaragua"))
    assert (eager["hedge"], eager["words"], eager["attributedTo"]) == (
        "seemingly",
        "seem eager",
        "Eric Olson",
    )
    # Olson: "In the end, I sense that Honduras is making threats with a very weak hand".
    sense = only(rows, claim=claim("olson-very-weak-hand"))
    assert (sense["hedge"], sense["words"]) == ("personal impression", "I sense")
    for row in rows:
        assert (row["words"] or "").lower() in (row["quote"] or "").lower(), row["claim"]


def test_curation_history(run: Callable[..., Rows], real_graph: Graph) -> None:
    rows = run("curation-history")
    assert column(rows, "ended") == sorted(column(rows, "ended"))  # type: ignore[type-var]
    assert set(column(rows, "curator")) == {"honduras-kg maintainers"}
    written = sum(int(r["claimsWritten"] or 0) for r in rows)
    assert written == len(set(real_graph.subjects(RDF.type, HKO.Claim)))
    first = rows[0]
    assert (first["claimsRevised"], first["started"]) == ("0", "2026-11-23T18:05:26")
    for row in rows:
        pass_iri = URIRef(row["pass"] or "")
        revised = claims_with(real_graph, HKO.revisedIn, pass_iri)
        assert int(row["claimsRevised"] or 0) == len(revised)


# --- Docs -------------------------------------------------------------------------------


def test_every_query_is_in_the_cookbook() -> None:
    text = DOCS.read_text(encoding="utf-8")
    headings = re.findall(r"^## `([a-z0-9-]+)`: (.+)$", text, re.MULTILINE)
    assert dict(headings) == {name: q.title for name, q in QUERIES.items()}


def test_a_query_nested_deeper_than_the_limit_is_refused_at_load() -> None:
    text = "# title: Deep\n# description: Deep.\nSELECT * WHERE " + "{" * 13 + "}" * 13
    with pytest.raises(QueryHeaderError, match=r"deep: .*max_query_depth"):
        parse_query("deep", text)
    assert parse_query("deep", text, max_depth=13).name == "deep"

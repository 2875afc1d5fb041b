"""honduras_kg.curation.passes: curation provenance derived from the history of the claims."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from honduras_kg.curation.passes import curation_turtle, passes
from honduras_kg.namespaces import CLAIM, CUR, HKO, PROV

CLAIMS = """@prefix claim: <https://w3id.org/honduras-kg/claim/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
"""


def commit(repo: Path, when: str, text: str) -> None:
    """Write graph/claims-a.ttl and commit it as the curator, at ``when``."""
    (repo / "graph" / "claims-a.ttl").write_text(CLAIMS + text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", f"claims of {when}"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository in which claim:one is written on 1 May, revised on 3 May; claim:two added."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for key, value in (("user.name", "Curator"), ("user.email", "c@example.org")):
        subprocess.run(["git", "-C", str(tmp_path), "config", key, value], check=True)
    (tmp_path / "graph").mkdir()
    commit(tmp_path, "2026-05-01T09:00:00+00:00", 'claim:one rdfs:label "One"@en .\n')
    commit(tmp_path, "2026-05-01T10:00:00+00:00", 'claim:one rdfs:label "One."@en .\n')
    commit(
        tmp_path,
        "2026-05-03T10:30:00+02:00",  # 08:30 UTC
        'claim:one rdfs:label "One, revised"@en .\nclaim:two rdfs:label "Two"@en .\n',
    )
    return tmp_path


def test_a_pass_is_a_day_of_commits(history: Path) -> None:
    days = passes(history)
    assert list(days) == ["2026-05-01", "2026-05-03"]
    assert [c.time for c in days["2026-05-01"]] == ["2026-05-01T09:00:00", "2026-05-01T10:00:00"]
    assert {c.author for cs in days.values() for c in cs} == {"Curator"}


def test_each_claim_is_generated_by_its_first_pass_and_revised_by_later_ones(
    history: Path,
) -> None:
    graph = Graph().parse(data=curation_turtle(history), format="turtle")
    first, later = CUR["pass-2026-05-01"], CUR["pass-2026-05-03"]
    assert graph.value(CLAIM.one, PROV.wasGeneratedBy) == first
    assert set(graph.objects(CLAIM.one, HKO.revisedIn)) == {later}
    assert graph.value(CLAIM.two, PROV.wasGeneratedBy) == later
    assert graph.value(CLAIM.two, HKO.revisedIn) is None
    # Who and when come from the commits.
    assert graph.value(first, PROV.wasAssociatedWith) == CUR.maintainers
    assert "'Curator'" in str(graph.value(CUR.maintainers, RDFS.comment))
    assert graph.value(first, PROV.startedAtTime) == Literal(
        "2026-05-01T09:00:00", datatype=XSD.dateTime
    )
    assert graph.value(first, PROV.endedAtTime) == Literal(
        "2026-05-01T10:00:00", datatype=XSD.dateTime
    )
    # In UTC, whatever the zone the commit was made in.
    assert graph.value(later, PROV.startedAtTime) == Literal(
        "2026-05-03T08:30:00", datatype=XSD.dateTime
    )


def test_the_curated_graph_says_who_curated_every_claim(real_graph: Graph) -> None:
    claims = set(real_graph.subjects(RDF.type, HKO.Claim))
    assert claims
    for claim in claims:
        activity = real_graph.value(claim, PROV.wasGeneratedBy)
        assert activity is not None, claim
        assert real_graph.value(activity, PROV.wasAssociatedWith) == CUR.maintainers
        assert real_graph.value(activity, PROV.endedAtTime) is not None

"""Response models that only the web API has: the problem body and the graph view's data.

The lookups' answers need none: their frozen dataclasses
(:mod:`honduras_kg.lookups.results`) are the response models themselves, and
:mod:`honduras_kg.web.openapi` gives their schemas the examples of
:mod:`honduras_kg.web.examples`. Every model here and in the routes is a
:class:`ResponseModel`: its validator is built when it first answers, not when
the server starts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from honduras_kg.lookups.results import Claim, Hop
from honduras_kg.web import examples as ex

__all__ = [
    "GraphEdge",
    "GraphNode",
    "GraphPath",
    "GraphView",
    "LegendItem",
    "Problem",
    "ResponseModel",
]


class ResponseModel(BaseModel):
    """A web API model whose validator and serializer are built on first use (pydantic's
    ``defer_build``, inherited by every subclass's config): none is needed at start-up."""

    model_config = ConfigDict(defer_build=True)


class Problem(ResponseModel):
    """An error, as ``application/problem+json`` (RFC 9457)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "id: no entity 'soto-canoe'; did you mean soto-cano?",
                }
            ]
        },
    )

    type: str = Field(description="Always `about:blank`: the title says what went wrong.")
    title: str
    status: int
    detail: str = Field(description="What went wrong, naming the parameter at fault.")


class GraphNode(ResponseModel):
    """A node as vis-network draws it (pyvis builds it); more vis-network keys may come."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="The node's IRI.")
    label: str
    type: str = Field(description="person, state, organisation, place, base, event, ...")
    entity: str = Field(description="The entity id (the IRI's last segment).")
    description: str | None
    sources: list[str] = Field(description="IRIs of the sources that mention it.")
    shape: str
    color: str
    size: float = Field(description="Scaled from the centrality named by `size_by`.")
    highlighted: bool = Field(description="The focus, or a node on the path.")
    facts: list[Claim] = Field(description="Claims about it whose object is a value, not a node.")
    x: float | None = Field(None, description="Precomputed position (large graphs only).")
    y: float | None = None


class GraphEdge(ResponseModel):
    """An edge: one claim (or a statement's or source's link), with its evidence."""

    model_config = ConfigDict(extra="allow")

    id: str
    from_: str = Field(alias="from", description="The subject's IRI.")
    to: str = Field(description="The object's IRI.")
    label: str = Field(description="The relation's label.")
    kind: str = Field(description="`claim`, or the kind of a statement's or source's link.")
    modality: str | None = Field(description="happened, threatened, stated, denied, ...")
    unattributed: bool
    attributed_to: str | None = Field(description="IRI of whoever makes the claim.")
    attributed_to_label: str | None = Field(None, description="Their name.")
    negated: bool
    claim: str | None = Field(description="The claim's (or statement's) IRI.")
    source_iri: str | None
    source_label: str | None
    quotes: list[str] = Field(description="Verbatim from the source.")
    date: str | None
    color: str
    dashes: bool | list[int] = Field(description="vis-network's dash pattern for the modality.")


class LegendItem(ResponseModel):
    """What one colour, shape or line style means."""

    kind: Literal["node", "edge"]
    label: str
    color: str
    shape: str | None = None
    dashes: bool | list[int] | None = None
    dasharray: str | None = Field(None, description="The same dashes as SVG's stroke-dasharray.")
    modalities: list[str] | None = Field(None, description="What an edge style stands for.")


class GraphPath(ResponseModel):
    """The highlighted path, hop by hop with the evidence; `reason` when there is none."""

    nodes: list[str] = Field(description="IRIs along the path.")
    hops: list[Hop]
    reason: str | None
    claims: list[str] = Field(default=[], description="IRIs of the claims it rests on.")
    entities: list[str] = Field(default=[], description="Those claims' subjects and objects.")
    kind: str | None = Field(default=None, description="`argument` or `chain` (/api/paths).")
    why: list[str] = Field(default=[], description="Why it is the best-ranked answer.")


class GraphView(ResponseModel):
    """One view of the network, ready for vis-network."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.GRAPH_VIEW]})

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    options: dict = Field(description="vis-network options (physics, layout, interaction).")
    legend: list[LegendItem]
    path: GraphPath | None = Field(description="Present when `from` and `to` are given.")
    more: int = Field(0, description="Entities near `focus` that `limit` left out.")

"""Example answers for the OpenAPI schema: real answers from the curated graph, abridged.

:data:`EXAMPLES` gives the example of each lookup's answer type, which
:mod:`honduras_kg.web.openapi` puts in its schema; the graph view's and the
problem's are on their models (:mod:`honduras_kg.web.models`). ``docs/rest.md``
shows the same answers. ``…`` marks where an answer was cut.
"""

from __future__ import annotations

from typing import Any

from honduras_kg.lookups import results

BASE = "https://w3id.org/honduras-kg/"

JOH = {
    "id": "juan-orlando-hernandez",
    "iri": BASE + "id/juan-orlando-hernandez",
    "label": "Juan Orlando Hernández",
    "type": "person",
}

SOTO = {
    "id": "soto-cano",
    "iri": BASE + "id/soto-cano",
    "label": "Soto Cano Air Base",
    "type": "base",
}

HONDURAS = {"id": "honduras", "iri": BASE + "id/honduras", "label": "Honduras", "type": "state"}

US = {
    "id": "united-states",
    "iri": BASE + "id/united-states",
    "label": "United States",
    "type": "state",
}

AL_JAZEERA = {
    "id": "al-jazeera",
    "iri": BASE + "id/al-jazeera",
    "label": "Al Jazeera",
    "type": "organisation",
}

SOURCE = {
    "id": "al-jazeera-explainer",
    "iri": BASE + "source/al-jazeera-explainer",
    "label": "Al Jazeera explainer on Honduras's threat to reconsider military ties with the US",
}

DAY = {
    "value": "2025-01-01",
    "precision": "day",
    "kind": "date",
    "start": "2025-01-01",
    "end": "2025-01-01",
    "text": "In her New Year\u2019s message",
}

CLAIM = {
    "id": "honduras-hosts-us-base",
    "iri": BASE + "claim/honduras-hosts-us-base",
    "label": "Honduras hosts a significant US military base, Soto Cano",
    "subject": HONDURAS,
    "predicate": "https://w3id.org/honduras-kg/ontology#hosts",
    "predicate_label": "hosts",
    "object": SOTO,
    "value": None,
    "modality": "happened",
    "standing": "attributed",
    "attributed_to": AL_JAZEERA,
    "attribution_note": None,
    "negated": False,
    "date": None,
    "sources": [SOURCE],
    "quotes": ["a country which hosts a significant US military base"],
    "about": [],
    "condition": None,
    "condition_text": None,
    "stated_in": None,
    "quantity": None,
    "conflicts": [],
    "qualifiers": {},
}

RELATION = {
    "direction": "in",
    "predicate": CLAIM["predicate"],
    "label": "hosted by",
    "other": HONDURAS,
    "value": None,
    "claim": CLAIM,
}

CONTRA_WAR = {
    "id": "contra-war",
    "iri": BASE + "id/contra-war",
    "label": "Contra war",
    "type": "event",
}

EXTRADITED = {
    "direction": "out",
    "predicate": "https://w3id.org/honduras-kg/ontology#extraditedTo",
    "label": "extradited to",
    "other": US,
    "value": None,
    "claim": {
        **CLAIM,
        "id": "hernandez-extradited-to-us",
        "iri": BASE + "claim/hernandez-extradited-to-us",
        "label": "Juan Orlando Hernández was extradited to the US in 2022 for drug crimes "
        "and money laundering",
        "subject": JOH,
        "predicate": "https://w3id.org/honduras-kg/ontology#extraditedTo",
        "predicate_label": "extradited to",
        "object": US,
        "date": {
            "value": "2022",
            "precision": "year",
            "kind": "date",
            "start": "2022-01-01",
            "end": "2022-12-31",
            "text": None,
        },
        "quotes": ["…"],
    },
}

SOURCE_INFO = {
    **SOURCE,
    "description": "News explainer published by Al Jazeera in early January 2025, quoting "
    "Castro's broadcast and the experts Dana Frank and Eric Olson.",
    "publisher": AL_JAZEERA,
    "date": {
        "value": "2025-01",
        "precision": "month",
        "kind": "date",
        "start": "2025-01-01",
        "end": "2025-01-31",
        "text": None,
    },
    "date_description": "Written in early January 2025 …",
    "standing": "Named publisher (Al Jazeera); the experts quoted are named and 'told Al Jazeera'.",
    "file": "002_b7661002ce40fbd3.txt",
    "claims": 110,
    "statements": 15,
    "url": None,
}

ENTITY = {
    **JOH,
    "types": ["https://schema.org/Person"],
    "aliases": ["Hernandez", "Hernández", "JOH", "Juan Orlando Hernandez"],
    "description": "Twice president of Honduras, extradited to the US in 2022 for drug "
    "crimes and money laundering and serving a 45-year jail term in New York.",
    "wikidata": "http://www.wikidata.org/entity/Q5951723",
    "same_as": ["http://www.wikidata.org/entity/Q5951723"],
    "mentioned_in": [SOURCE],
    "properties": [],
    "centrality": {"degree": 5, "betweenness": 0.0398, "pagerank": 0.0253},
    "relations": [],
    "statements_by": 0,
    "statements_about": 1,
}

RELATIONS = {"entity": SOTO, "total": 1, "relations": [RELATION]}

SEARCH_PAGE = {
    "query": "hernandez",
    "type": None,
    "total": 3,
    "limit": 1,
    "offset": 0,
    "results": [
        {
            **JOH,
            "description": "Twice president of Honduras, extradited to the US in 2022 "
            "for drug crimes and money laundering and serving a 45-year jail term in "
            "New York.",
            "match": "exact alias",
            "matched": "Hernandez",
        }
    ],
}

STATEMENTS = {
    "total": 1,
    "statements": [
        {
            "id": "olson-weak-hand",
            "iri": BASE + "statement/olson-weak-hand",
            "label": "Eric Olson: Honduras is making threats with a very weak hand",
            "speaker": {
                "id": "eric-olson",
                "iri": BASE + "id/eric-olson",
                "label": "Eric Olson",
                "type": "person",
            },
            "date": None,
            "venue": "told Al Jazeera",
            "words": "In the end, I sense that Honduras is making threats with a very weak hand",
            "paraphrase": None,
            "about": [HONDURAS],
            "addressed_to": [AL_JAZEERA],
            "occasion": None,
            "sources": [SOURCE],
            "quotes": [
                "“In the end, I sense that Honduras is making threats with a very "
                "weak hand,” Olson told Al Jazeera."
            ],
            "claims": ["olson-honduras-weak-hand"],
        }
    ],
}

NEIGHBOURHOOD = {
    "center": SOTO,
    "depth": 1,
    "max_nodes": 2,
    "reachable": 14,
    "truncated": True,
    "nodes": [{**SOTO, "distance": 0}, {**HONDURAS, "distance": 1}],
    "edges": [
        {
            "claim": "honduras-hosts-us-base",
            "subject": "honduras",
            "object": "soto-cano",
            "predicate": "https://w3id.org/honduras-kg/ontology#hosts",
            "label": "hosts",
            "modality": "happened",
            "standing": "attributed",
            "negated": False,
        }
    ],
}

PATHS = {
    "start": JOH,
    "end": SOTO,
    "k": 1,
    "date_from": None,
    "date_to": None,
    "exclude_unattributed": False,
    "paths": [
        {
            "length": 3,
            "nodes": [JOH, US, CONTRA_WAR, SOTO],
            "hops": [{"start": JOH, "end": US, "relations": [EXTRADITED]}],
        }
    ],
    "reason": None,
}

TIMELINE = {
    "entity": None,
    "date_from": "2025-01-01",
    "date_to": None,
    "total": 1,
    "entries": [
        {
            "kind": "statement",
            "id": "castro-new-years-message",
            "iri": BASE + "statement/castro-new-years-message",
            "label": "Castro's New Year's message on US military cooperation",
            "date": DAY,
            "modality": None,
            "entities": [],
            "sources": [SOURCE],
            "quotes": ["…"],
        }
    ],
    "limit": 100,
    "offset": 0,
}

SOURCE_DETAIL = {"source": SOURCE_INFO, "claims": [CLAIM], "statements": []}

STATS = {
    "triples": 2834,
    "entities": 78,
    "entities_by_type": {"group": 14, "topic": 14, "state": 10},
    "claims": 132,
    "claims_by_modality": {"happened": 56, "stated": 47, "predicted": 16},
    "claims_by_standing": {"attributed": 106, "unattributed": 26},
    "claims_by_source": {"al-jazeera-explainer": 112, "unsigned-commentary": 20},
    "statements": 15,
    "sources": 2,
    "centrality": {
        "degree": [{**HONDURAS, "value": 13}],
        "betweenness": [{**HONDURAS, "value": 0.343424}],
        "pagerank": [{**HONDURAS, "value": 0.053087}],
    },
}

GRAPH_VIEW = {
    "nodes": [
        {
            "id": SOTO["iri"],
            "label": SOTO["label"],
            "type": "base",
            "entity": "soto-cano",
            "description": "US military base in Honduras, operational since the 1980s, …",
            "sources": [BASE + "source/al-jazeera-explainer"],
            "shape": "triangle",
            "color": "#2e7d32",
            "size": 40.0,
            "font": {"color": "#212121"},
            "highlighted": True,
            "facts": [],
        },
    ],
    "edges": [
        {
            "id": BASE + "claim/soto-cano-would-lose-reason-to-exist#2",
            "from": SOTO["iri"],
            "to": HONDURAS["iri"],
            "label": "would lose all reason to exist in",
            "kind": "claim",
            "modality": "threatened",
            "unattributed": False,
            "attributed_to": BASE + "id/xiomara-castro",
            "attributed_to_label": "Xiomara Castro",
            "negated": False,
            "claim": BASE + "claim/soto-cano-would-lose-reason-to-exist",
            "source_iri": BASE + "source/al-jazeera-explainer",
            "source_label": (
                "Al Jazeera explainer on Honduras's threat to reconsider military ties with the US"
            ),
            "quotes": [
                "they maintain military bases on our territory, which in this case would lose "
                "all reason to exist in Honduras"
            ],
            "date": "2025-01-01",
            "color": "#e65100",
            "dashes": [10, 6],
            "arrows": "to",
        },
    ],
    "options": {
        "physics": {"enabled": True, "solver": "forceAtlas2Based"},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    },
    "legend": [
        {"kind": "node", "label": "person", "color": "#1565c0", "shape": "dot"},
        {
            "kind": "edge",
            "label": "threatened, pledged or predicted",
            "color": "#e65100",
            "dashes": [10, 6],
        },
    ],
    "path": None,
}

#: The example answer of each type of :mod:`honduras_kg.lookups.results`.
EXAMPLES: dict[type, dict[str, Any]] = {
    results.EntityRef: SOTO,
    results.When: DAY,
    results.Claim: CLAIM,
    results.Relation: RELATION,
    results.Entity: ENTITY,
    results.Relations: RELATIONS,
    results.SearchPage: SEARCH_PAGE,
    results.Statements: STATEMENTS,
    results.Neighbourhood: NEIGHBOURHOOD,
    results.Paths: PATHS,
    results.Timeline: TIMELINE,
    results.SourceInfo: SOURCE_INFO,
    results.SourceDetail: SOURCE_DETAIL,
    results.Stats: STATS,
}

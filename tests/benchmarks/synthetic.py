"""A synthetic graph in the project's data model, of any size, for the benchmarks.

:func:`write_graph` writes Turtle files that the app reads as the curated
graph's: entities (typed, labelled, described, mentioned in a source) and
``hko:Claim`` nodes between them (``rdf:subject``/``rdf:predicate``/
``rdf:object``, modality, standing, source, quote, sometimes a date), with a
copy of ``graph/ontology.ttl`` for the relation labels. Who links to whom
follows preferential attachment: each new entity is the subject or object of
two or three claims with earlier ones, picked in proportion to their degree,
so a few hubs gather hundreds of claims and most entities have two or three,
as in a news graph. The same ``seed`` gives the same files, byte for byte.

The quotes are made up: the files are for loading and drawing, not for the
curation gate (``honduras-kg validate`` would reject them).
"""

from __future__ import annotations

import json
import random
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ONTOLOGY", "Synthetic", "write_graph"]

#: The project's ontology, copied beside the synthetic data for its labels.
ONTOLOGY = Path(__file__).resolve().parents[2] / "graph" / "ontology.ttl"

PREFIXES = """\
@prefix hk:      <https://w3id.org/honduras-kg/id/> .
@prefix hko:     <https://w3id.org/honduras-kg/ontology#> .
@prefix claim:   <https://w3id.org/honduras-kg/claim/> .
@prefix src:     <https://w3id.org/honduras-kg/source/> .
@prefix schema:  <https://schema.org/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

#: Entity classes with their share of the entities, and how their labels read.
KINDS: dict[str, tuple[int, str]] = {
    "schema:Person": (40, "{first} {last}"),
    "schema:Organization": (14, "{Word} Institute"),
    "schema:GovernmentOrganization": (6, "Ministry of {Word}"),
    "schema:Country": (5, "Republic of {Word}"),
    "hko:Group": (3, "{word} officials"),
    "schema:City": (8, "San {Word}"),
    "hko:MilitaryBase": (3, "{Word} Air Base"),
    "hko:Region": (2, "{Word} Region"),
    "schema:Event": (8, "{Word} summit"),
    "hko:Plan": (3, "{Word} plan"),
    "hko:Topic": (5, "{Word} policy"),
    "hko:Position": (3, "Minister of {Word}"),
}
FIRST = ("Ana", "Luis", "María", "José", "Carmen", "Jorge", "Rosa", "Pedro", "Elena", "Raúl")
LAST = ("Hernández", "López", "Castro", "Mejía", "Zelaya", "Flores", "Reyes", "Ortiz", "Suazo")
SYLLABLES = ("ta", "ro", "mi", "ca", "lo", "ne", "sa", "pe", "du", "ri", "ga", "vo", "len", "mar")

#: Modalities with their share of the claims (roughly the curated graph's mix).
MODALITIES = {
    "Happened": 45,
    "Stated": 20,
    "Reported": 10,
    "Predicted": 8,
    "Threatened": 8,
    "Pledged": 7,
    "Denied": 2,
}
#: Relations of the ontology, as ``(local name, label)``.
PREDICATES = (
    ("affects", "affects"),
    ("reshapes", "reshapes"),
    ("locatedIn", "located in"),
    ("holdsPosition", "holds position"),
    ("pressedToRespondTo", "pressed to respond to"),
    ("hasMilitaryPresenceIn", "has military presence in"),
    ("threatened", "threatened"),
    ("supported", "supported"),
    ("affiliatedWith", "affiliated with"),
    ("criticised", "criticised"),
    ("wants", "wants"),
    ("opposes", "opposes"),
    ("participant", "involved"),
    ("leads", "leads"),
)
SOURCES = 12
#: The data files :func:`write_graph` writes, besides the ontology.
FILES = ("sources.ttl", "entities.ttl", "claims.ttl")
UNATTRIBUTED_SHARE = 0.2
DATED_SHARE = 0.3


@dataclass(frozen=True)
class Synthetic:
    """What :func:`write_graph` wrote: counts, and the best-connected entity's id."""

    directory: Path
    nodes: int
    claims: int
    hub: str
    hub_degree: int


def write_graph(directory: Path | str, nodes: int = 5000, seed: int = 1) -> Synthetic:
    """Write a graph of ``nodes`` entities into ``directory`` (created if need be).

    >>> import tempfile
    >>> from honduras_kg.curation.load import load_graph
    >>> from honduras_kg.network import to_networkx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     made = write_graph(tmp, nodes=60, seed=3)
    ...     net = to_networkx(load_graph(tmp))
    >>> net.number_of_nodes(), net.number_of_edges() == made.claims
    (60, True)
    >>> 2 * 60 <= made.claims <= 3 * 60 and made.hub_degree == max(d for _, d in net.degree())
    True

    The same seed, the same files:

    >>> with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
    ...     _, _ = write_graph(a, nodes=30), write_graph(b, nodes=30)
    ...     [(Path(a) / f).read_bytes() == (Path(b) / f).read_bytes() for f in FILES]
    [True, True, True]
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    entities = [_entity(number, rng) for number in range(nodes)]
    links = _attach(nodes, rng)
    (directory / "sources.ttl").write_text(PREFIXES + "".join(map(_source, range(SOURCES))))
    (directory / "entities.ttl").write_text(PREFIXES + "".join(e.turtle for e in entities))
    claims = [_claim(n, entities[a], entities[b], rng) for n, (a, b) in enumerate(links)]
    (directory / "claims.ttl").write_text(PREFIXES + "".join(claims))
    shutil.copyfile(ONTOLOGY, directory / ONTOLOGY.name)
    degree = Counter(n for link in links for n in link)
    hub, hub_degree = min(degree.items(), key=lambda item: (-item[1], item[0]))
    return Synthetic(directory, nodes, len(links), entities[hub].id, hub_degree)


def _attach(nodes: int, rng: random.Random) -> list[tuple[int, int]]:
    """Claims as (subject, object) entity numbers, by preferential attachment."""
    links = [(0, 1), (1, 2), (2, 0)][: max(nodes - 1, 0)]
    ends = [n for link in links for n in link]  # each entity once per claim it is in
    for new in range(3, nodes):
        wanted = min(rng.choice((2, 3)), new)
        targets: set[int] = set()
        while len(targets) < wanted:
            targets.add(rng.choice(ends))
        for old in sorted(targets):
            links.append((new, old) if rng.random() < 0.5 else (old, new))
            ends += (new, old)
    return links


@dataclass(frozen=True)
class _Entity:
    id: str
    kind: str
    label: str
    sources: tuple[int, ...]
    turtle: str


def _entity(number: int, rng: random.Random) -> _Entity:
    kind = rng.choices(list(KINDS), weights=[share for share, _ in KINDS.values()])[0]
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    label = KINDS[kind][1].format(
        first=rng.choice(FIRST), last=rng.choice(LAST), word=word, Word=word.capitalize()
    )
    id = f"{_slug(label)}-{number}"
    sources = tuple(sorted(rng.sample(range(SOURCES), rng.choice((1, 1, 2)))))
    mentions = " , ".join(f"src:{_source_id(s)}" for s in sources)
    turtle = (
        f"\nhk:{id} a {kind} ;\n"
        f"    rdfs:label {_text(label)} ;\n"
        f"    schema:description {_text(f'{label}, entity {number} of a synthetic graph.')} ;\n"
        f"    hko:mentionedIn {mentions} .\n"
    )
    return _Entity(id, kind, label, sources, turtle)


def _claim(number: int, subject: _Entity, object: _Entity, rng: random.Random) -> str:
    local, relation = rng.choice(PREDICATES)
    modality = rng.choices(list(MODALITIES), weights=list(MODALITIES.values()))[0]
    source = _source_id(rng.choice(subject.sources))
    sentence = f"{subject.label} {relation} {object.label}"
    if rng.random() < UNATTRIBUTED_SHARE:
        standing = 'hko:Unattributed ; hko:attributionNote "say analysts"'
    else:
        standing = f"hko:Attributed ; hko:attributedTo hk:{subject.id}"
    date = ""
    if rng.random() < DATED_SHARE:
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        date = f'    hko:date "{day}"^^xsd:date ;\n'
    return (
        f"\nclaim:claim-{number} a hko:Claim ;\n"
        f"    rdfs:label {_text(sentence)} ;\n"
        f"    rdf:subject hk:{subject.id} ; rdf:predicate hko:{local} ; "
        f"rdf:object hk:{object.id} ;\n"
        f"    hko:modality hko:{modality} ; hko:standing {standing} ;\n"
        f"{date}"
        f"    prov:wasDerivedFrom src:{source} ;\n"
        f"    hko:quote {json.dumps(sentence + ', the source says.', ensure_ascii=False)} .\n"
    )


def _source(number: int) -> str:
    return (
        f"\nsrc:{_source_id(number)} a hko:Source , schema:NewsArticle ;\n"
        f"    rdfs:label {_text(f'Synthetic news article {number + 1}')} ;\n"
        f'    dcterms:date "2025-{number % 12 + 1:02d}"^^xsd:gYearMonth ;\n'
        f'    hko:file "{_source_id(number)}.txt" .\n'
    )


def _source_id(number: int) -> str:
    return f"synthetic-source-{number + 1:02d}"


def _text(text: str) -> str:
    """An English Turtle literal (JSON's string escapes are valid Turtle)."""
    return json.dumps(text, ensure_ascii=False) + "@en"


def _slug(text: str) -> str:
    """``text`` as an id: accents gone, lower case, words joined by hyphens.

    >>> _slug("María Hernández")
    'maria-hernandez'
    """
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in bare.lower()).split())

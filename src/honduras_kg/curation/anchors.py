"""Anchors: every evidence quote located in its source text, as a W3C Web Annotation.

A quote is checked "verbatim modulo whitespace and quote marks"
(:func:`~honduras_kg.curation.quotes.normalise_text`), so the curated literal
may differ from the text it quotes by a line break or a curly apostrophe. The
anchor records what the text really holds, the way annotation tools such as
Hypothesis do: an ``oa:TextQuoteSelector`` (``oa:exact``, the raw passage, with
32 characters of ``oa:prefix`` and ``oa:suffix``) and an
``oa:TextPositionSelector`` (``oa:start``, ``oa:end``: code-point offsets into
the text file as stored). Each source gets the SHA-256 of its file
(``spdx:checksum``, as DCAT-AP and ADMS record checksums), so a changed text
is noticed even where the texts are not at hand.

``honduras-kg anchor`` writes them, generated and never typed by hand, to
``graph/anchors.ttl`` (:func:`write_anchors`); the gate checks them
(:mod:`honduras_kg.curation.anchor_checks`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from honduras_kg.curation.load import data_files, load_files
from honduras_kg.curation.located import short_name
from honduras_kg.curation.quotes import QUOTED_PROPERTIES, normalise_text, source_files
from honduras_kg.namespaces import ANNO, DATA_KINDS, DEFAULT_BASE, OA, PREFIXES, RDF, SPDX

__all__ = [
    "ANCHORS_FILE",
    "CONTEXT_CHARS",
    "Anchor",
    "Anchoring",
    "SourceText",
    "SourceTexts",
    "anchor_iri",
    "anchor_quotes",
    "anchors_turtle",
    "checksum_of",
    "quoted",
    "quoted_sources",
    "read_anchors",
    "write_anchors",
]

#: The generated file of anchors in a graph directory.
ANCHORS_FILE = "anchors.ttl"
#: How much text the prefix and the suffix of a quote selector hold, as Hypothesis keeps.
CONTEXT_CHARS = 32

_TOKENS = re.compile(r"\s+|.", re.DOTALL)


@dataclass(frozen=True)
class SourceText:
    """A source text as stored, its normalised form, and where each normalised character was."""

    raw: str
    normalised: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> SourceText:
        """Normalise ``raw`` as :func:`normalise_text` does, remembering the offsets.

        >>> text = SourceText.of("  Castro\\u2019s\\n  message ")
        >>> text.normalised, text.starts[:3], text.starts[-1]
        ("Castro's message", (2, 3, 4), 19)
        """
        characters: list[str] = []
        starts: list[int] = []
        for token in _TOKENS.finditer(raw):
            # One character each: a run of whitespace becomes a space, a quote mark a straight one.
            characters.append(" " if token.group().isspace() else normalise_text(token.group()))
            starts.append(token.start())
        joined = "".join(characters)
        lead = len(joined) - len(joined.lstrip())
        normalised = joined.strip()
        return cls(raw, normalised, tuple(starts[lead : lead + len(normalised)]))

    def find(self, quote: str) -> tuple[int, int] | None:
        """The raw span (start, end) of the first passage that reads ``quote``, if any.

        >>> text = SourceText.of("She said: \\u201cwe would\\n lose\\u201d it.")
        >>> start, end = text.find('"we would lose"')
        >>> text.raw[start:end]
        '“we would\\n lose”'
        """
        wanted = normalise_text(quote)
        at = self.normalised.find(wanted) if wanted else -1
        if at < 0:
            return None
        return self.starts[at], self.starts[at + len(wanted) - 1] + 1


@dataclass
class SourceTexts:
    """The source texts of a directory, each read once (as stored: no newline translation)."""

    directory: Path
    _cache: dict[str, SourceText | None] = field(default_factory=dict)

    def get(self, name: str) -> SourceText | None:
        """The text of the file ``name``, or ``None`` if the directory has no such file."""
        if name not in self._cache:
            path = self.directory / name
            self._cache[name] = (
                SourceText.of(path.read_bytes().decode("utf-8")) if path.is_file() else None
            )
        return self._cache[name]

    def sha256(self, name: str) -> str | None:
        """The SHA-256 of the file ``name``, in lower-case hex, or ``None`` if there is none."""
        path = self.directory / name
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def names(self) -> list[str]:
        """The ``*.txt`` files of the directory, sorted."""
        return sorted(p.name for p in self.directory.glob("*.txt"))


@dataclass(frozen=True)
class Anchor:
    """One quote of ``node`` located in ``source``: what a Web Annotation of ours holds."""

    node: URIRef
    source: URIRef
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    iri: URIRef


def anchor_iri(node: Node, quote: str) -> URIRef:
    """The stable IRI of the annotation that anchors ``quote`` of ``node``.

    Built from the node's kind and name and a digest of the normalised quote,
    so it changes only when the quote's words do.

    >>> from honduras_kg.namespaces import CLAIM
    >>> iri = anchor_iri(CLAIM["castro-threat"], "Soto Cano\\n would")
    >>> iri == anchor_iri(CLAIM["castro-threat"], "Soto Cano would")
    True
    >>> str(iri).rsplit("/", 1)[1][:-12]
    'claim-castro-threat-'
    """
    iri = str(node)
    kind, local = "node", iri.rstrip("/").rsplit("/", 1)[-1]
    for prefix, path in DATA_KINDS.items():
        if iri.startswith(DEFAULT_BASE + path):
            kind, local = prefix, iri[len(DEFAULT_BASE + path) :]
    digest = hashlib.sha256(f"{iri}\n{normalise_text(quote)}".encode()).hexdigest()[:12]
    return ANNO[f"{kind}-{local}-{digest}"]


def quoted(graph: Graph) -> Iterator[tuple[Node, Node, Literal]]:
    """Every (node, quoted property, quote) of ``graph``, in a stable order.

    >>> from honduras_kg.namespaces import CLAIM, HKO
    >>> g = Graph()
    >>> _ = g.add((CLAIM.c, HKO.quote, Literal("we would lose it")))
    >>> [(short_name(n), short_name(p), str(q)) for n, p, q in quoted(g)]
    [('claim:c', 'hko:quote', 'we would lose it')]
    """
    for prop in QUOTED_PROPERTIES:
        for node, quote in sorted(graph.subject_objects(prop)):
            if isinstance(quote, Literal):
                yield node, prop, quote


@dataclass
class Anchoring:
    """What :func:`anchor_quotes` found: the anchors, the fingerprints, and what it could not do.

    Attributes:
        anchors: One per (node, quote), ordered by node, then by place in the text.
        checksums: The SHA-256 of each source's text file, by source.
        missed: One sentence for each quote or source text that could not be anchored.
    """

    anchors: list[Anchor] = field(default_factory=list)
    checksums: dict[URIRef, str] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)


def anchor_quotes(graph: Graph, texts: SourceTexts) -> Anchoring:
    """Locate every quote of ``graph`` in the text of one of its node's sources."""
    found = Anchoring()
    for src, name in quoted_sources(graph):
        digest = texts.sha256(name)
        if digest is None:
            found.missed.append(f'{short_name(src)}: its text "{name}" is not in {texts.directory}')
        else:
            found.checksums[src] = digest
    anchors: dict[URIRef, Anchor] = {}
    for node, prop, quote in quoted(graph):
        anchor = _anchor(graph, texts, node, str(quote))
        if anchor is None:
            found.missed.append(
                f"{short_name(node)}: its {short_name(prop)} {short_name(quote)} "
                "does not occur in the text of its source."
            )
        else:
            anchors.setdefault(anchor.iri, anchor)
    found.anchors = sorted(anchors.values(), key=lambda a: (str(a.node), a.start, str(a.iri)))
    return found


def quoted_sources(graph: Graph) -> list[tuple[Node, str]]:
    """The sources that quotes are taken from, each with its text file's name, sorted."""
    nodes = {node for node, _, _ in quoted(graph)}
    return sorted({pair for node in nodes for pair in source_files(graph, node)})


def _anchor(graph: Graph, texts: SourceTexts, node: Node, quote: str) -> Anchor | None:
    for src, name in source_files(graph, node):
        text = texts.get(name)
        span = text.find(quote) if text is not None else None
        if text is not None and span is not None and isinstance(node, URIRef):
            start, end = span
            return Anchor(
                node=node,
                source=URIRef(src),
                exact=text.raw[start:end],
                prefix=text.raw[max(0, start - CONTEXT_CHARS) : start],
                suffix=text.raw[end : end + CONTEXT_CHARS],
                start=start,
                end=end,
                iri=anchor_iri(node, quote),
            )
    return None


def checksum_of(graph: Graph, source: Node) -> str | None:
    """The SHA-256 recorded for ``source`` (``spdx:checksum``), or ``None``.

    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix spdx: <http://spdx.org/rdf/terms#> .
    ...     <urn:src> spdx:checksum <urn:src#sha256> .
    ...     <urn:src#sha256> spdx:algorithm spdx:checksumAlgorithm_sha256 ;
    ...         spdx:checksumValue "AB12"^^<http://www.w3.org/2001/XMLSchema#hexBinary> .''')
    >>> checksum_of(g, URIRef("urn:src")), checksum_of(g, URIRef("urn:other"))
    ('ab12', None)
    """
    for checksum in graph.objects(source, SPDX.checksum):
        if (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256) in graph:
            value = graph.value(checksum, SPDX.checksumValue)
            if value is not None:
                return str(value).lower()
    return None


def read_anchors(graph: Graph) -> dict[URIRef, Anchor | None]:
    """The annotations of ``graph`` by IRI; ``None`` for one that lacks a part (a shape says so).

    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix oa: <http://www.w3.org/ns/oa#> .
    ...     <urn:a> a oa:Annotation ; oa:hasBody <urn:claim> .''')
    >>> read_anchors(g)
    {rdflib.term.URIRef('urn:a'): None}
    """
    return {
        iri: _read_anchor(graph, iri)
        for iri in sorted(graph.subjects(RDF.type, OA.Annotation))
        if isinstance(iri, URIRef)
    }


def _read_anchor(graph: Graph, iri: URIRef) -> Anchor | None:
    body, target = graph.value(iri, OA.hasBody), graph.value(iri, OA.hasTarget)
    source = graph.value(target, OA.hasSource) if target is not None else None
    selectors = list(graph.objects(target, OA.hasSelector)) if target is not None else []
    by_type = {kind: s for s in selectors for kind in graph.objects(s, RDF.type)}
    quote, position = by_type.get(OA.TextQuoteSelector), by_type.get(OA.TextPositionSelector)
    values = [graph.value(quote, p) for p in (OA.exact, OA.prefix, OA.suffix)] if quote else []
    offsets = [graph.value(position, p) for p in (OA.start, OA.end)] if position else []
    parts = [body, source, *values, *offsets]
    if len(parts) != 7 or not all(isinstance(p, URIRef | Literal) for p in parts):
        return None
    try:
        start, end = (int(offset) for offset in offsets)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    exact, prefix, suffix = (str(value) for value in values)
    return Anchor(URIRef(body), URIRef(source), exact, prefix, suffix, start, end, iri)  # type: ignore[arg-type]


# --- The generated file -------------------------------------------------------

_HEADER = """\
# GENERATED by `honduras-kg anchor --sources DIR`: do not edit by hand.
# Run it again after changing a quote (hko:quote, hko:words, hko:paraphrase) or a
# source text; `honduras-kg validate` says when this file is out of date.
#
# Each evidence quote is a W3C Web Annotation (http://www.w3.org/ns/oa#): its body
# is the claim or statement, its target the source, selected by the exact passage
# as the text holds it (with {context} characters of prefix and suffix) and by its
# code-point offsets into the text file as stored. Each source carries the
# SHA-256 of that file (spdx:checksum).
"""

_TURTLE_PREFIXES = ("anno", "claim", "stmt", "src", "oa", "spdx", "xsd")


def anchors_turtle(anchoring: Anchoring) -> str:
    """The Turtle text of ``anchoring``: the file :func:`write_anchors` writes."""
    lines = [_HEADER.format(context=CONTEXT_CHARS)]  # ends with its newline: a blank line
    lines += [f"@prefix {p + ':':7} <{PREFIXES[p]}> ." for p in _TURTLE_PREFIXES]
    for source, digest in sorted(anchoring.checksums.items()):
        checksum = f"<{source}#sha256>"
        lines += [
            "",
            f"{short_name(source)} spdx:checksum {checksum} .",
            f"{checksum} a spdx:Checksum ;",
            "    spdx:algorithm spdx:checksumAlgorithm_sha256 ;",
            f'    spdx:checksumValue "{digest}"^^xsd:hexBinary .',
        ]
    for anchor in anchoring.anchors:
        lines += ["", *_annotation_lines(anchor)]
    return "\n".join(lines) + "\n"


def _annotation_lines(anchor: Anchor) -> list[str]:
    target, quote, position = (f"<{anchor.iri}#{part}>" for part in ("target", "quote", "position"))
    return [
        f"{short_name(anchor.iri)} a oa:Annotation ;",
        "    oa:motivatedBy oa:describing ;",
        f"    oa:hasBody {short_name(anchor.node)} ;",
        f"    oa:hasTarget {target} .",
        f"{target} a oa:SpecificResource ;",
        f"    oa:hasSource {short_name(anchor.source)} ;",
        f"    oa:hasSelector {quote} , {position} .",
        f"{quote} a oa:TextQuoteSelector ;",
        f"    oa:exact {_string(anchor.exact)} ;",
        f"    oa:prefix {_string(anchor.prefix)} ;",
        f"    oa:suffix {_string(anchor.suffix)} .",
        f"{position} a oa:TextPositionSelector ;",
        # Plain integers: Oxigraph stores xsd:nonNegativeInteger as xsd:integer anyway.
        f"    oa:start {anchor.start} ;",
        f"    oa:end {anchor.end} .",
    ]


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text: str) -> str:
    r"""``text`` as a one-line Turtle string.

    >>> print(_string('a "b"\n\\c'))
    "a \"b\"\n\\c"
    """
    escaped = "".join(_ESCAPES.get(c, f"\\u{ord(c):04X}" if ord(c) < 0x20 else c) for c in text)
    return f'"{escaped}"'


def write_anchors(
    graph_dir: Path | str, sources_dir: Path | str, *, out: Path | str | None = None
) -> Anchoring:
    """Anchor every quote of ``graph_dir`` in the texts of ``sources_dir``; write the file.

    The quotes are read from every data file but the anchors file itself, so a
    stale one never matters; ``out`` defaults to ``graph_dir/anchors.ttl``. What
    could be anchored is written even when some quote could not be (see
    ``Anchoring.missed``): the gate reports those as quote problems.

    Raises ``FileNotFoundError`` when ``sources_dir`` is not a directory, and
    :class:`~honduras_kg.errors.GraphFileError` for a file that does not parse.
    """
    graph_dir, sources_dir = Path(graph_dir), Path(sources_dir)
    out = Path(out) if out is not None else graph_dir / ANCHORS_FILE
    if not sources_dir.is_dir():
        raise FileNotFoundError(f"the sources directory {sources_dir} does not exist")
    paths = [p for p in data_files(graph_dir) if p.resolve() != out.resolve()]
    anchoring = anchor_quotes(load_files(paths), SourceTexts(sources_dir))
    out.write_text(anchors_turtle(anchoring), encoding="utf-8")
    return anchoring

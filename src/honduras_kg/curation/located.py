"""Parsed Turtle files that remember where each resource is written.

The gate parses every file on its own, so that a syntax error names its file
and line, and so that a problem found in the merged graph can be traced back
to the file (and line) where its subject is described.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from honduras_kg.curation.report import Problem
from honduras_kg.errors import GraphFileError
from honduras_kg.namespaces import PREFIXES, RDF, bind_prefixes

__all__ = ["SYNTAX_FIX", "Located", "ParsedFile", "parse_error", "parse_file", "short_name"]

#: What to do about a file that is not valid Turtle, whichever parser found it.
SYNTAX_FIX = (
    "Correct the syntax at or just before this line (a missing ' .' or ' ;', "
    "an unclosed quote, an undeclared prefix)."
)

# A local name that reads back as the same IRI when written prefix:local.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[\w.-]*[\w-])?")

# Longest namespace first, so that the most specific prefix wins.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


@dataclass(frozen=True)
class ParsedFile:
    """One Turtle file: where it is, its text, and its triples."""

    path: Path
    text: str
    graph: Graph


def short_name(node: Node) -> str:
    """A term as a curator writes it: a prefixed name where one fits.

    >>> short_name(URIRef("https://w3id.org/honduras-kg/claim/castro-threat"))
    'claim:castro-threat'
    >>> short_name(URIRef("https://example.org/x"))
    '<https://example.org/x>'
    >>> short_name(Literal("five", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    '"five"^^xsd:integer'
    """
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in _NAMESPACES:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and (not local or _LOCAL_NAME.fullmatch(local)):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(node, Literal):
        text = f'"{_clip(str(node), 60)}"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^{short_name(node.datatype)}" if node.datatype else text
    return "[ ]"


def parse_file(path: Path) -> ParsedFile | Problem:
    """Parse one Turtle file, or say where and why it does not parse."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(path, "The file does not exist.", "Create it, or pass the right path.")
    except OSError as error:
        return _unreadable(path, f"The file cannot be read: {error}.", "Check its permissions.")
    try:
        text = _universal_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _not_utf8(path, data, error)
    graph = Graph(bind_namespaces="none")
    try:
        with _quiet_literal_warnings():
            graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except SyntaxError as error:
        line = getattr(error, "lines", None)
        # BadSyntax keeps the bare reason only in _why; str(error) adds a dump of the input.
        why = getattr(error, "_why", None) or str(error).splitlines()[0]
        return Problem(
            rule="parse",
            file=path,
            line=line + 1 if isinstance(line, int) else None,
            subject=None,
            message=f"The file is not valid Turtle: {why}.",
            fix=SYNTAX_FIX,
        )
    except ValueError as error:  # rdflib's check of a term, such as a language tag
        return _unreadable(
            path, f"The file is not valid Turtle: {error}", "Correct the term it names."
        )
    return ParsedFile(path, text, graph)


def _unreadable(path: Path, message: str, fix: str) -> Problem:
    return Problem(rule="parse", file=path, line=None, subject=None, message=message, fix=fix)


def parse_error(path: Path, error: Exception) -> GraphFileError:
    """``error``, raised while parsing ``path``, as the gate reports it: file, line and fix.

    The loaders parse fast and call this only when a file fails, so that
    start-up names the file and line exactly as ``honduras-kg validate`` does.

    >>> bad = Path(__file__).parents[3] / "tests/data/broken/parse/bad-syntax.ttl"
    >>> str(parse_error(bad, SyntaxError())).split(": ", 1)[0].endswith("bad-syntax.ttl:7")
    True
    """
    found = parse_file(path)
    if isinstance(found, ParsedFile):  # it parses on its own: say what the parser said
        return GraphFileError(path, None, f"cannot be parsed: {str(error).splitlines()[0]}")
    return GraphFileError(path, found.line, f"{found.message} {found.fix}")


def _not_utf8(path: Path, data: bytes, error: UnicodeDecodeError) -> Problem:
    offset = error.start
    return Problem(
        rule="parse",
        file=path,
        line=data.count(b"\n", 0, offset) + 1,
        subject=None,
        message=f"The file is not UTF-8: byte {data[offset]:#04x} at byte offset {offset} "
        f"cannot be decoded ({error.reason}).",
        fix="Save the file as UTF-8 text.",
    )


def _universal_newlines(text: str) -> str:
    # As read_text() reads: the line numbers of every editor.
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _quiet_literal_warnings() -> Iterator[None]:
    # rdflib logs a traceback for every ill-typed literal ("five"^^xsd:integer);
    # the SHACL datatype checks report those, in words a curator can act on.
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Located:
    """The merged graph of several parsed files, with where each resource is written."""

    def __init__(self, files: list[ParsedFile]) -> None:
        """Merge ``files`` (in order) and index where each resource appears."""
        self.files = files
        self.graph = bind_prefixes(Graph())
        self._home: dict[Node, ParsedFile] = {}
        for rank in ("typed", "subject", "anywhere"):
            for parsed in files:
                for node in _nodes(parsed.graph, rank):
                    self._home.setdefault(node, parsed)
        for parsed in files:
            self.graph += parsed.graph

    def name(self, node: Node) -> str:
        """``short_name`` of ``node``; a blank node is named through what points to it."""
        owner = self._owner(node)
        if owner is None:
            return short_name(node)
        subject, predicate = owner
        return f"{self.name(subject)} {short_name(predicate)} [ ]"

    def where(self, node: Node) -> tuple[Path | None, int | None]:
        """The file that describes ``node`` (or first uses it) and the line, where known."""
        while (owner := self._owner(node)) is not None:
            node = owner[0]
        parsed = self._home.get(node)
        if parsed is None:
            return None, None
        return parsed.path, _line_of(parsed, node)

    def line_of_text(self, node: Node, text: str) -> tuple[Path | None, int | None]:
        """Where ``text`` (say, the start of a quote) is written, else where ``node`` is."""
        path, line = self.where(node)
        parsed = self._home.get(node)
        snippet = text.strip()[:40]
        if parsed is not None and snippet:
            for number, written in enumerate(parsed.text.splitlines(), start=1):
                if snippet in written:
                    return path, number
        return path, line

    def _owner(self, node: Node) -> tuple[Node, Node] | None:
        if not isinstance(node, BNode):
            return None
        for subject, predicate in self.graph.subject_predicates(node):
            return subject, predicate
        return None


def _nodes(graph: Graph, rank: str) -> Iterator[Node]:
    if rank == "typed":
        yield from graph.subjects(RDF.type)
    elif rank == "subject":
        yield from graph.subjects()
    else:
        for triple in graph:
            yield from triple


def _line_of(parsed: ParsedFile, node: Node) -> int | None:
    if not isinstance(node, URIRef):
        return None
    iri = str(node)
    tokens = [re.escape(f"<{iri}>")]
    for prefix, namespace in parsed.graph.namespaces():
        local = iri[len(str(namespace)) :]
        if iri.startswith(str(namespace)) and _LOCAL_NAME.fullmatch(local):
            tokens.append(re.escape(f"{prefix}:{local}"))
    token = "(?:" + "|".join(tokens) + r")(?![\w-]|\.[\w-])"
    # Comment lines may name the resource too; they are not where it is written.
    lines = [
        (number, line)
        for number, line in enumerate(parsed.text.splitlines(), start=1)
        if not line.lstrip().startswith("#")
    ]
    for pattern in (rf"^\s*{token}", rf"(?<![\w:/#.-]){token}"):
        for number, line in lines:
            if re.search(pattern, line):
                return number
    return None


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

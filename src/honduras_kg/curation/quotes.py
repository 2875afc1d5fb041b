"""Evidence quotes: every quoted passage must occur, verbatim, in its source text.

"Verbatim" forgives what a curator cannot see or type reliably: runs of
whitespace (line breaks included) count as one space, and curly, low and
prime quote marks count as the straight ones. Dashes stay as they are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from honduras_kg.curation.located import Located, short_name
from honduras_kg.curation.report import Problem
from honduras_kg.data import PACKAGED
from honduras_kg.namespaces import HKO, PROV

if TYPE_CHECKING:
    from honduras_kg.curation.anchors import SourceTexts

__all__ = [
    "QUOTED_PROPERTIES",
    "check_quotes",
    "longest_matching_prefix",
    "no_sources_dir",
    "normalise_text",
    "resolve_sources_dir",
    "source_files",
]

#: Properties whose values must occur verbatim in the source text.
QUOTED_PROPERTIES = (HKO.quote, HKO.words, HKO.paraphrase)

# Single curly, low and prime marks become ', double ones ".
_QUOTE_MARKS = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"}
)
_WHITESPACE = re.compile(r"\s+")


def normalise_text(s: str) -> str:
    """``s`` with whitespace collapsed and stripped, and quote marks made straight.

    >>> normalise_text("  In her New Year\\u2019s\\n  message,  \\u201cwe would\\u201d  ")
    'In her New Year\\'s message, "we would"'
    >>> dashes = "en \\u2013 and em \\u2014 dashes stay"
    >>> normalise_text(dashes) == dashes
    True
    """
    return _WHITESPACE.sub(" ", s.translate(_QUOTE_MARKS)).strip()


def longest_matching_prefix(needle: str, haystack: str) -> int:
    """The length of the longest start of ``needle`` that occurs in ``haystack``.

    >>> longest_matching_prefix("military bases in Honduras", "their military base on our soil")
    13
    """
    # If a prefix occurs, every shorter one does too: bisect on the length.
    low, high = 0, len(needle)
    while low < high:
        middle = (low + high + 1) // 2
        if needle[:middle] in haystack:
            low = middle
        else:
            high = middle - 1
    return low


def resolve_sources_dir(
    graph_dir: Path, sources_dir: Path | str | None = None
) -> tuple[Path | None, str]:
    """Find the directory of source texts, or say why there is none.

    Tried in order: ``sources_dir`` (the CLI passes ``--sources`` or the
    ``HONDURAS_KG_SOURCES_DIR`` setting), then ``<graph_dir>/../../shared/seeds``
    if it exists.

    Returns:
        The directory (``None`` if none was found) and, when ``None``, why.
    """
    if sources_dir:
        path = Path(sources_dir)
        if path.is_dir():
            return path, ""
        return None, f"The sources directory {path} does not exist."
    graph_dir = Path(graph_dir).resolve()
    fallback = graph_dir.parent.parent / "shared" / "seeds"
    if fallback.is_dir():
        return fallback, ""
    if PACKAGED.resolve() in graph_dir.parents:
        return None, "No sources directory was given, and an installed package has no source texts."
    return None, f"No sources directory was given, and {fallback} does not exist."


def check_quotes(located: Located, texts: SourceTexts) -> list[Problem]:
    """Check every quoted passage (``QUOTED_PROPERTIES``) against its source's text.

    Args:
        located: The merged data graph.
        texts: The source texts (:class:`~honduras_kg.curation.anchors.SourceTexts`).
    """
    missing: set[Node] = set()
    problems: list[Problem] = []
    for prop in QUOTED_PROPERTIES:
        for node, quote in sorted(located.graph.subject_objects(prop)):
            problems += _check_one(located, texts, missing, node, prop, quote)
    return problems


def _check_one(
    located: Located, texts: SourceTexts, missing: set[Node], node: Node, prop: Node, quote: Node
) -> list[Problem]:
    """Problems with one quoted passage; ``missing`` collects sources already reported."""
    problems: list[Problem] = []
    readable: list[tuple[str, str]] = []
    for src, name in source_files(located.graph, node):
        text = texts.get(name)
        if text is not None:
            readable.append((name, text.normalised))
        elif src not in missing:
            missing.add(src)
            problems.append(_missing_source_file(located, src, name, texts.directory))
    wanted = normalise_text(str(quote))
    if readable and not any(wanted in text for _, text in readable):
        problems.append(_not_found(located, node, prop, str(quote), readable[0], texts))
    return problems


def source_files(graph: Graph, node: Node) -> list[tuple[Node, str]]:
    """The sources of ``node`` (``prov:wasDerivedFrom``) with the name of each one's text file."""
    return [
        (src, str(name))
        for src in sorted(graph.objects(node, PROV.wasDerivedFrom))
        for name in sorted(graph.objects(src, HKO.file))
    ]


def no_sources_dir(reason: str) -> Problem:
    """The problem of a sources directory that was named but is not there."""
    return Problem(
        rule="quote",
        file=None,
        line=None,
        subject=None,
        message=f"{reason} Without the source texts the evidence quotes cannot be re-read.",
        fix="Pass the directory of source texts with --sources, or set HONDURAS_KG_SOURCES_DIR.",
    )


def _missing_source_file(located: Located, src: Node, name: str, directory: Path) -> Problem:
    file, line = located.where(src)
    return Problem(
        rule="quote",
        file=file,
        line=line,
        subject=located.name(src),
        message=f'The source text "{name}" named by its hko:file is not in {directory}.',
        fix="Correct the hko:file name, or copy the text into the sources directory.",
    )


def _not_found(
    located: Located,
    node: Node,
    prop: Node,
    quote: str,
    source: tuple[str, str],
    texts: SourceTexts,
) -> Problem:
    name, text = source
    wanted = normalise_text(quote)
    file, line = located.line_of_text(node, quote)
    message = f"The {short_name(prop)} {_excerpt(wanted, 0, 70)} does not occur in {name}."
    elsewhere = [
        other
        for other in texts.names()
        if other != name and (body := texts.get(other)) and wanted in body.normalised
    ]
    if elsewhere:
        fix = f"It occurs in {elsewhere[0]}: check the node's prov:wasDerivedFrom."
    else:
        fix = _where_it_departs(wanted, text) + " Copy the passage verbatim from the source."
    return Problem("quote", file, line, located.name(node), message, fix)


def _where_it_departs(wanted: str, text: str) -> str:
    matched = longest_matching_prefix(wanted, text)
    if matched == 0:
        return "Not even its first character occurs in the source: check how the quote starts."
    start = text.find(wanted[:matched])
    return (
        f"The first {matched} of {len(wanted)} characters match, up to "
        f"{_excerpt(wanted, max(0, matched - 40), matched)}; "
        f"then the quote reads {_excerpt(wanted, matched, matched + 30)} "
        f"where the source reads {_excerpt(text, start + matched, start + matched + 30)}."
    )


def _excerpt(text: str, start: int, end: int) -> str:
    inner = text[start:end]
    return '"' + ("…" if start > 0 else "") + inner + ("…" if end < len(text) else "") + '"'

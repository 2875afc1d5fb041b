"""The gate's ``anchor`` rule: the generated anchors agree with the quotes, and with the texts.

Always checked, texts or not: every quote has its annotation
(:func:`~honduras_kg.curation.anchors.anchor_iri`) and every annotation its
quote; an annotation's body is its node, its source one of the node's sources,
its ``oa:exact`` the quote (under ``normalise_text``), and its offsets as far
apart as ``oa:exact`` is long; every source has a SHA-256 fingerprint.

Checked where the texts are at hand: ``oa:exact``, ``oa:prefix`` and
``oa:suffix`` are what the text holds at ``oa:start``..``oa:end``, and each
fingerprint is that of the text file.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from honduras_kg.curation.anchors import (
    ANCHORS_FILE,
    Anchor,
    SourceTexts,
    anchor_iri,
    checksum_of,
    quoted,
    quoted_sources,
    read_anchors,
)
from honduras_kg.curation.located import Located, short_name
from honduras_kg.curation.quotes import normalise_text, source_files
from honduras_kg.curation.report import Problem
from honduras_kg.namespaces import HKO

__all__ = ["ANCHOR_FIX", "check_anchors"]

#: How to bring the anchors up to date.
ANCHOR_FIX = f"Run `honduras-kg anchor --sources DIR` to write {ANCHORS_FILE} again."


def check_anchors(located: Located, texts: SourceTexts | None) -> list[Problem]:
    """Check the annotations of ``located`` against its quotes, and against ``texts`` if given."""
    graph = located.graph
    found = read_anchors(graph)
    expected: set[URIRef] = set()
    problems: list[Problem] = []
    for node, prop, quote in quoted(graph):
        files = source_files(graph, node)
        if not files:
            continue  # a shape reports a node without a source
        iri = anchor_iri(node, str(quote))
        expected.add(iri)
        if iri not in found:
            if texts is None or _occurs(texts, files, str(quote)):
                file, line = located.line_of_text(node, str(quote))
                message = f"The {short_name(prop)} {short_name(quote)} has no annotation."
                problems.append(
                    Problem("anchor", file, line, located.name(node), message, ANCHOR_FIX)
                )
        elif (anchor := found[iri]) is not None:
            problems += _disagreements(located, anchor, node, str(quote), files)
    for iri in sorted(set(found) - expected):
        problems.append(_problem(located, iri, "anchors a quote the graph does not have."))
    if texts is not None:
        for anchor in (a for a in found.values() if a is not None):
            problems += _against_text(located, anchor, texts)
    return problems + _checksums(located, texts)


def _occurs(texts: SourceTexts, files: list[tuple[Node, str]], quote: str) -> bool:
    """True if ``quote`` is in the text of one of ``files`` (else the quote rule reports it)."""
    return any((text := texts.get(name)) and text.find(quote) for _, name in files)


def _disagreements(
    located: Located, anchor: Anchor, node: Node, quote: str, files: list[tuple[Node, str]]
) -> list[Problem]:
    """What is wrong with ``anchor`` of ``node``'s ``quote``, seen without the texts."""
    wrong = []
    if anchor.node != node:
        wrong.append(f"has the body {short_name(anchor.node)}, not {short_name(node)}.")
    if anchor.source not in {src for src, _ in files}:
        wrong.append(f"points to {short_name(anchor.source)}, which is not a source of its node.")
    if normalise_text(anchor.exact) != normalise_text(quote):
        wrong.append(f"has the oa:exact {_passage(anchor.exact)}, not the quote.")
    if anchor.start < 0 or anchor.end - anchor.start != len(anchor.exact):
        wrong.append(
            f"spans {anchor.start}..{anchor.end}, {anchor.end - anchor.start} characters, "
            f"but its oa:exact has {len(anchor.exact)}."
        )
    return [_problem(located, anchor.iri, message) for message in wrong]


def _against_text(located: Located, anchor: Anchor, texts: SourceTexts) -> list[Problem]:
    """What ``anchor``'s selectors say that the text of its source does not."""
    name = located.graph.value(anchor.source, HKO.file)
    text = texts.get(str(name)) if name is not None else None
    if text is None:
        return []  # the quote rule reports a missing text
    start, end, raw = anchor.start, anchor.end, text.raw
    wrong = []
    if raw[start:end] != anchor.exact:
        wrong.append(
            f"says {name} holds its oa:exact at {start}..{end}, "
            f"where it holds {_passage(raw[start:end])}."
        )
    elif raw[max(0, start - len(anchor.prefix)) : start] != anchor.prefix:
        wrong.append(f"has an oa:prefix that is not the text before {start} in {name}.")
    elif raw[end : end + len(anchor.suffix)] != anchor.suffix:
        wrong.append(f"has an oa:suffix that is not the text after {end} in {name}.")
    return [_problem(located, anchor.iri, message) for message in wrong]


def _checksums(located: Located, texts: SourceTexts | None) -> list[Problem]:
    """Every source of a quote has a fingerprint; with the texts, the right one."""
    graph = located.graph
    problems = []
    for src, name in quoted_sources(graph):
        recorded = checksum_of(graph, src)
        actual = texts.sha256(name) if texts is not None else None
        if recorded is None and (texts is None or actual is not None):
            problems.append(_problem(located, src, "has no SHA-256 fingerprint (spdx:checksum)."))
        elif recorded is not None and actual is not None and recorded != actual:
            file, line = located.where(src)
            message = (
                f"The text {name} is not the one the quotes were anchored in: its SHA-256 "
                f"is {actual[:12]}…, the recorded one {recorded[:12]}…."
            )
            fix = f"Check the quotes against the changed text, then r{ANCHOR_FIX[1:]}"
            problems.append(Problem("anchor", file, line, located.name(src), message, fix))
    return problems


def _problem(located: Located, subject: Node, what: str) -> Problem:
    file, line = located.where(subject)
    name = located.name(subject)
    return Problem("anchor", file, line, name, f"{name} {what}", ANCHOR_FIX)


def _passage(text: str) -> str:
    return short_name(Literal(text))

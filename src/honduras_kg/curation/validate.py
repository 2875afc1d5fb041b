"""The validation gate: everything a curated graph must satisfy before it is committed.

``validate`` runs seven rules over the files of a graph directory and returns a
``Report`` that lists every ``Problem`` it finds:

- ``parse``: every data file, the ontology and the shapes parse as Turtle;
- ``shacl``: the data (with the ontology) conforms to ``shapes.ttl``;
- ``dangling``: every IRI we mint (``hk:``, ``claim:``, ``src:``, ...) that is
  used is also described, with an ``rdf:type``;
- ``undeclared``: every ``hko:`` term used is declared in the ontology;
- ``quote``: every evidence quote occurs verbatim in its source text;
- ``anchor``: every quote has its W3C Web Annotation (``anchors.ttl``, written
  by ``honduras-kg anchor``) and every annotation its quote, and the selectors
  and fingerprints agree with the texts;
- ``facts``: the plain facts the load step derives from the claims follow from
  them, both ways (:mod:`honduras_kg.curation.derived`).

Without the source texts (none given, none beside the checkout) the quotes
are not re-read: ``quote`` does not run, ``anchor`` checks what it can
without them, and the report says so under ``skipped``. That is a notice,
not a problem: a clone without the texts can still check and load its graph.

When a file does not parse, the other files are still parsed and reported,
but the graph-level rules (all but ``parse``) are skipped: they would only
report the consequences of the missing triples.
"""

from __future__ import annotations

from pathlib import Path

from honduras_kg.curation.anchor_checks import check_anchors
from honduras_kg.curation.anchors import SourceTexts
from honduras_kg.curation.derived import check_derived_facts
from honduras_kg.curation.integrity import check_dangling, check_undeclared
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, SHAPES_FILE, data_files
from honduras_kg.curation.located import Located, ParsedFile, parse_file
from honduras_kg.curation.quotes import (
    check_quotes,
    no_sources_dir,
    normalise_text,
    resolve_sources_dir,
)
from honduras_kg.curation.report import RULES, Problem, Report
from honduras_kg.curation.shapes import check_shapes

__all__ = [
    "DEFAULT_GRAPH_DIR",
    "ONTOLOGY_FILE",
    "RULES",
    "Problem",
    "Report",
    "normalise_text",
    "validate",
]

#: The ontology's file name in a graph directory.
ONTOLOGY_FILE = "ontology.ttl"


def validate(
    graph_dir: Path | str = DEFAULT_GRAPH_DIR,
    *,
    sources_dir: Path | str | None = None,
    ontology: Path | str | None = None,
    shapes: Path | str | None = None,
) -> Report:
    """Check the curated files of ``graph_dir`` and report every problem found.

    Args:
        graph_dir: The directory of Turtle files (every ``*.ttl`` but the shapes is data).
        sources_dir: The directory of source texts that quotes are re-read from;
            by default ``<graph_dir>/../../shared/seeds`` if it exists, else none.
        ontology: The ontology file; by default ``graph_dir/ontology.ttl``.
        shapes: The SHACL shapes file; by default ``graph_dir/shapes.ttl``.

    Returns:
        A ``Report``; ``report.ok`` is true when nothing is wrong.
    """
    graph_dir = Path(graph_dir)
    ontology_path = Path(ontology) if ontology is not None else graph_dir / ONTOLOGY_FILE
    shapes_path = Path(shapes) if shapes is not None else graph_dir / SHAPES_FILE
    data_paths = _data_paths(graph_dir, ontology_path)
    report = Report(files=[*data_paths, shapes_path])
    parsed = [parse_file(path) for path in [*data_paths, shapes_path]]
    report.problems += [p for p in parsed if isinstance(p, Problem)]
    if len(data_paths) < 2:
        report.problems.append(_no_data(graph_dir))
    if report.problems:
        report.skipped.append(
            f"the rules {', '.join(RULES[1:])} did not run, because not every file "
            "could be read; fix the parse problems first."
        )
    else:
        files = [p for p in parsed if isinstance(p, ParsedFile)]
        _graph_rules(report, graph_dir, files, sources_dir)
        report.triples = sum(len(f.graph) for f in files[:-1])
    report.problems.sort(key=_order)
    return report


def _graph_rules(
    report: Report, graph_dir: Path, files: list[ParsedFile], sources_dir: Path | str | None
) -> None:
    """Run the rules that need the whole graph; ``files`` is the ontology, the data, the shapes."""
    *data, shapes = files
    located = Located(data)
    report.problems += check_shapes(located, shapes.graph)
    report.problems += check_dangling(located)
    report.problems += check_undeclared(located, data[0].graph)
    directory, reason = resolve_sources_dir(graph_dir, sources_dir)
    if directory is not None:
        texts = SourceTexts(directory)
        report.problems += check_quotes(located, texts) + check_anchors(located, texts)
    elif sources_dir:  # named, but not there: the texts were asked for
        report.problems += [no_sources_dir(reason), *check_anchors(located, None)]
    else:
        report.skipped.append(_not_reread(reason))
        report.problems += check_anchors(located, None)
    report.problems += check_derived_facts(located)


def _not_reread(reason: str) -> str:
    return (
        f"{reason} So the quotes were not re-read against the source texts: the gate "
        "checked that each quote has its annotation, whose exact text is the quote, but not "
        "that the text holds it there. To re-read them, pass the directory of source texts "
        "with --sources DIR, or set HONDURAS_KG_SOURCES_DIR."
    )


def _data_paths(graph_dir: Path, ontology: Path) -> list[Path]:
    """The ontology first, then the data files of ``graph_dir`` (the ontology only once)."""
    rest = [p for p in data_files(graph_dir) if p.resolve() != ontology.resolve()]
    return [ontology, *rest]


def _no_data(graph_dir: Path) -> Problem:
    return Problem(
        rule="parse",
        file=graph_dir,
        line=None,
        subject=None,
        message="The graph directory holds no data files (*.ttl besides the ontology and shapes).",
        fix="Pass the directory that holds the curated Turtle files.",
    )


def _order(problem: Problem) -> tuple[int, str, int, str, str]:
    return (
        RULES.index(problem.rule),
        str(problem.file or ""),
        problem.line or 0,
        problem.subject or "",
        problem.message,
    )

"""The validation gate: everything a curated graph must satisfy before it is committed.

``validate`` runs six rules over the files of a graph directory and returns a
``Report`` that lists every ``Problem`` it finds:

- ``parse``: every data file, the ontology and the shapes parse as Turtle;
- ``shacl``: the data (with the ontology) conforms to ``shapes.ttl``;
- ``dangling``: every IRI we mint (``hk:``, ``claim:``, ``src:``, ...) that is
  used is also described, with an ``rdf:type``;
- ``undeclared``: every ``hko:`` term used is declared in the ontology;
- ``quote``: every evidence quote occurs verbatim in its source text;
- ``facts``: the plain facts the load step derives from the claims follow from
  them, both ways (:mod:`honduras_kg.curation.derived`).

When a file does not parse, the other files are still parsed and reported,
but the graph-level rules (all but ``parse``) are skipped: they would only
report the consequences of the missing triples.
"""

from __future__ import annotations

from pathlib import Path

from honduras_kg.curation.derived import check_derived_facts
from honduras_kg.curation.integrity import check_dangling, check_undeclared
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, SHAPES_FILE, data_files
from honduras_kg.curation.located import Located, ParsedFile, parse_file
from honduras_kg.curation.quotes import check_quotes, normalise_text, resolve_sources_dir
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
        sources_dir: The directory of source texts that quotes are checked against;
            by default ``<graph_dir>/../../shared/seeds``.
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
        report.problems += _graph_rules(graph_dir, files, sources_dir)
        report.triples = sum(len(f.graph) for f in files[:-1])
    report.problems.sort(key=_order)
    return report


def _graph_rules(
    graph_dir: Path, files: list[ParsedFile], sources_dir: Path | str | None
) -> list[Problem]:
    """Run the rules that need the whole graph; ``files`` is the ontology, the data, the shapes."""
    *data, shapes = files
    located = Located(data)
    directory, reason = resolve_sources_dir(graph_dir, sources_dir)
    return [
        *check_shapes(located, shapes.graph),
        *check_dangling(located),
        *check_undeclared(located, data[0].graph),
        *check_quotes(located, directory, reason),
        *check_derived_facts(located),
    ]


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

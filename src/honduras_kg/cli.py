"""The ``honduras-kg`` command: a thin layer over the package's plain functions.

Each command parses its options, calls one or two functions and prints.
Exit codes: 0 success; 1 the graph failed (validation found problems, or a
file could not be read) or the server could not start (its port taken, its
store refused); 2 a usage error (a bad option or setting).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from honduras_kg.config import STORES, Settings
from honduras_kg.errors import GraphFileError, HondurasKGError
from honduras_kg.formats import EXPORT_KINDS, Kind, by_name, of_kind

if TYPE_CHECKING:
    from rdflib import Graph

    from honduras_kg.curation.report import Report

__all__ = ["main"]

# Every command's own modules (rdflib's loader, networkx, the lookups) are imported
# inside it: `serve` and its query workers, which import this module again when
# started as the console script, pay only for what serving needs.

#: The most actors `stats --top` ranks (honduras_kg.lookups.MAX_TOP).
_MAX_TOP = 100

_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


class FormatChoice(click.Choice):
    """The registry's format names of ``kinds``; an alias ("nt", "ttl") gives its name."""

    def __init__(self, choices: list[str], *, kinds: tuple[Kind, ...]) -> None:
        super().__init__(choices)
        self.kinds = kinds

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        fmt = by_name(value, self.kinds) if isinstance(value, str) else None
        return super().convert(fmt.name if fmt else value, param, ctx)


graph_option = click.option(
    "--graph",
    "graph_dir",
    type=_DIR,
    help="Directory of the curated Turtle files.  "
    "[default: $HONDURAS_KG_GRAPH_DIR, else graph/ (the checkout's, or the wheel's copy)]",
)


sources_option = click.option(
    "--sources",
    "sources_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of the source texts that quotes are checked against.  "
    "[default: $HONDURAS_KG_SOURCES_DIR, else ../shared/seeds beside the checkout; "
    "none when installed from a wheel]",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="honduras-kg", prog_name="honduras-kg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """A curated knowledge graph of the 2025 US-Honduras military-cooperation dispute.

    Settings come from HONDURAS_KG_* environment variables (see docs/cli.md);
    options override them.
    """
    if ctx.obj is None:
        try:
            ctx.obj = Settings.from_env()
        except ValueError as err:
            raise click.UsageError(f"bad setting in the environment: {err}") from err


@main.command()
@graph_option
@click.option(
    "--host", help="Interface to listen on.  [default: $HONDURAS_KG_HOST, else 127.0.0.1]"
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to listen on.  [default: $HONDURAS_KG_PORT, else 8000]",
)
@click.option(
    "--store",
    type=click.Choice(STORES),
    help="Store backend.  [default: $HONDURAS_KG_STORE, else oxigraph]",
)
@click.option(
    "--store-path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Serve an on-disk Oxigraph store filled by `honduras-kg load --store-path`.",
)
@click.option(
    "--sparql-endpoint", help="Serve from this SPARQL 1.1 server (implies --store remote)."
)
@click.option("--workers", "query_workers", type=click.IntRange(1), help="Query worker processes.")
@click.option(
    "--timeout",
    "query_timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may run.",
)
@click.pass_obj
def serve(settings: Settings, graph_dir: Path | None, **options: object) -> None:
    """Serve the graph: SPARQL endpoint, named queries and query page.

    Starts the web application on HOST:PORT (http://127.0.0.1:8000/ by
    default) on an embedded Oxigraph store loaded from the graph directory,
    or on the store the options name. Stop it with Ctrl+C.
    """
    from honduras_kg.web import server

    if options.get("sparql_endpoint"):
        options["store"] = "remote"
    settings = settings.replace(graph_dir=graph_dir, **options)
    if settings.store == "remote" and not settings.sparql_endpoint:
        raise click.UsageError("--store remote needs --sparql-endpoint")
    try:
        sock = server.listen(settings.host, settings.port)
    except OSError as err:
        raise click.ClickException(err.strerror or str(err)) from None
    with sock:
        click.echo(f"honduras-kg: starting the {settings.store} store on {server.url(sock)}")
        _log_queries()
        try:
            server.run(settings, sock, say=lambda line: click.echo(f"honduras-kg: {line}"))
        except (HondurasKGError, FileNotFoundError) as err:
            raise click.ClickException(f"cannot start: {err}") from None


@main.command()
@graph_option
@click.option(
    "--store-path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Fill an on-disk Oxigraph store in this directory (created if missing).",
)
@click.option("--into", "endpoint", help="Push into this SPARQL 1.1 update endpoint.")
@click.option("--user", help="User name for --into (HTTP digest or basic).")
@click.option("--password", help="Password for --into.")
@sources_option
@click.option(
    "--no-gate",
    is_flag=True,
    help="Skip the gate, for synthetic or experimental data: what is served is then unchecked.",
)
@click.pass_obj
def load(
    settings: Settings,
    graph_dir: Path | None,
    store_path: Path | None,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    sources_dir: Path | None,
    no_gate: bool,
) -> None:
    """Check the curated graph, then load it into an on-disk store or a SPARQL server.

    Runs the gate first (the checks of `validate`) and loads nothing if it
    finds a problem. Each curated file becomes one named graph; loading again
    replaces them (idempotent). Give exactly one of --store-path and --into.
    """
    from honduras_kg.store import load_into_directory, push_graph_dir

    if (store_path is None) == (endpoint is None):
        raise click.UsageError("give exactly one of --store-path and --into")
    settings = settings.replace(graph_dir=graph_dir, sources_dir=sources_dir)
    if not no_gate:
        report = _gate(settings)
        click.echo(report.format())
        if not report.ok:
            raise click.ClickException(
                "the gate refused the graph, so nothing was loaded; fix the problems above "
                "(or, for synthetic or experimental data, load it unchecked with --no-gate)"
            )
    try:
        if store_path is not None:
            counts = load_into_directory(store_path, settings.graph_dir, base=settings.base)
        else:
            assert endpoint is not None
            counts = push_graph_dir(
                endpoint, settings.graph_dir, base=settings.base, user=user, password=password
            )
    except (HondurasKGError, FileNotFoundError) as err:
        raise click.ClickException(str(err)) from None
    for graph, triples in counts.items():
        click.echo(f"{triples:6d}  {graph}")
    click.echo(f"{sum(counts.values()):6d}  triples in {len(counts)} graphs")


@main.command()
@click.argument("name", required=False)
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable)."
)
@click.option(
    "--format",
    "fmt",
    type=FormatChoice(["table", *(f.name for f in of_kind("results"))], kinds=("results",)),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
def query(settings: Settings, name: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (list them when NAME is omitted).

    Runs on the embedded store loaded from the graph directory.
    """
    from honduras_kg.formats import serialize_select
    from honduras_kg.sparql.guard import inspect_query
    from honduras_kg.sparql.named import load_queries
    from honduras_kg.store import open_store

    try:
        queries = load_queries(settings.queries_dir, max_depth=settings.max_query_depth)
    except HondurasKGError as err:  # a header or nesting the endpoint would refuse
        raise click.ClickException(str(err)) from err
    if name is None:
        for known in queries.values():
            click.echo(f"{known.name:28s} {known.title}")
        return
    if name not in queries:
        raise click.UsageError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    values = dict(_split_param(p) for p in params)
    try:
        store = open_store(settings)
    except (HondurasKGError, FileNotFoundError) as err:
        raise click.ClickException(f"cannot open the store: {err}") from None
    try:
        sparql = queries[name].bind(base=settings.base, **values)
        # The endpoint's guard, limits included, before any parser sees the text.
        inspect_query(
            sparql, max_length=settings.max_query_length, max_depth=settings.max_query_depth
        )
        result = store.query(sparql)
    except (HondurasKGError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    finally:
        store.close()
    if fmt == "table":
        click.echo(_table(result.variables, result.rows))
    else:
        chosen = by_name(fmt, ["results"])
        assert chosen is not None  # FormatChoice took only a results format's name
        click.echo(serialize_select(result.variables, result.rows, chosen).decode(), nl=False)


def _log_queries() -> None:
    """Send the one-line-per-query log (``honduras_kg.query``) to standard error,
    and the query workers' (``honduras_kg.sparql.pool``: how each is confined, why one died)."""
    import logging

    for name, prefix in (("honduras_kg.query", "query"), ("honduras_kg.sparql.pool", "pool")):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(f"%(asctime)s {prefix} %(message)s"))
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    return key, value


def _table(variables, rows) -> str:
    """Rows as aligned text columns (cells cut at 60 characters)."""
    cells = [[(row.get(v) or {}).get("value", "")[:60] for v in variables] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} rows)"


@main.command()
@graph_option
@click.option(
    "--top",
    type=click.IntRange(1, _MAX_TOP),
    default=10,
    show_default=True,
    help="How many actors to rank.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def stats(settings: Settings, graph_dir: Path | None, top: int, as_json: bool) -> None:
    """Print counts of what the graph holds, and the top actors.

    Counts triples, entities by type, claims by modality, standing and source,
    statements and sources; ranks actors (people, states, organisations,
    groups) by degree, betweenness and PageRank on the claim network. The
    same numbers as ``GET /api/stats`` (one function answers both).
    """
    from honduras_kg.lookups import format_stats
    from honduras_kg.stats import graph_stats

    settings = settings.replace(graph_dir=graph_dir)
    summary = graph_stats(_load(settings), top=top, base=settings.base)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(summary), indent=2))
    else:
        click.echo(format_stats(summary))


@main.command()
@graph_option
@sources_option
@click.pass_obj
def validate(settings: Settings, graph_dir: Path | None, sources_dir: Path | None) -> None:
    """Check the curated files; exit 1 on any problem.

    Runs the gate (parsing, SHACL shapes, references, evidence quotes
    against the source texts) and prints its report.
    """
    report = _gate(settings.replace(graph_dir=graph_dir, sources_dir=sources_dir))
    click.echo(report.format())
    if not report.ok:
        raise click.exceptions.Exit(1)


@main.command()
@graph_option
@sources_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.  [default: anchors.ttl in the graph directory]",
)
@click.pass_obj
def anchor(
    settings: Settings, graph_dir: Path | None, sources_dir: Path | None, out: Path | None
) -> None:
    """Anchor every evidence quote in its source text; write anchors.ttl.

    Locates each quote (hko:quote, hko:words, hko:paraphrase) in the text of
    its source and writes a W3C Web Annotation for it, with a quote selector
    and a position selector, and the SHA-256 of each text. Run it again after
    changing a quote; exit 1 if a quote could not be anchored.
    """
    from honduras_kg.curation.anchors import ANCHORS_FILE, write_anchors
    from honduras_kg.curation.quotes import resolve_sources_dir

    settings = settings.replace(graph_dir=graph_dir, sources_dir=sources_dir)
    directory, reason = resolve_sources_dir(settings.graph_dir, settings.sources_dir)
    if directory is None:
        raise click.UsageError(
            f"{reason} Anchoring needs the source texts: pass --sources DIR, "
            "or set HONDURAS_KG_SOURCES_DIR."
        )
    try:
        anchoring = write_anchors(settings.graph_dir, directory, out=out)
    except (FileNotFoundError, GraphFileError) as err:
        raise click.ClickException(f"cannot anchor: {err}") from None
    written = out or settings.graph_dir / ANCHORS_FILE
    click.echo(
        f"wrote {written}: {len(anchoring.anchors)} annotations, "
        f"{len(anchoring.checksums)} source fingerprints"
    )
    for missed in anchoring.missed:
        click.echo(f"not anchored: {missed}")
    if anchoring.missed:
        raise click.ClickException(
            "some quotes could not be anchored (above); `honduras-kg validate` says how to fix them"
        )


def _gate(settings: Settings) -> Report:
    """The gate's report on ``settings.graph_dir``: what `validate` prints and `load` obeys."""
    # Imported here: only the commands that check the graph pay for SHACL.
    from honduras_kg.curation.validate import validate as run_validation

    return run_validation(settings.graph_dir, sources_dir=settings.sources_dir)


@main.command()
@graph_option
@click.option(
    "--format",
    "fmt",
    type=FormatChoice([f.name for f in of_kind(*EXPORT_KINDS)], kinds=EXPORT_KINDS),
    help="Output format.  [default: from the --out extension]",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.  [default: standard output]",
)
@click.pass_obj
def export(settings: Settings, graph_dir: Path | None, fmt: str | None, out: Path | None) -> None:
    """Write the graph out as RDF, as a network, or its evidence as Web Annotations.

    RDF formats (turtle, ntriples, jsonld, rdfxml, trig, nquads) hold every
    triple; network formats (graphml, gexf, csv) hold the claim network:
    entities as nodes, one edge per claim between two entities; annotations
    holds each evidence quote anchored in its source text, as a W3C Web
    Annotation collection (JSON-LD).
    """
    from honduras_kg.export import serialize

    fmt = fmt or _format_of(out)
    data = serialize(_load(settings.replace(graph_dir=graph_dir)), fmt)
    if out is None:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
    else:
        out.write_bytes(data)
        click.echo(f"wrote {out} ({fmt}, {len(data)} bytes)", err=True)


@main.command()
@graph_option
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write.",
)
@click.option("--focus", help="Entity id: draw only its neighbourhood.")
@click.option(
    "--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops around --focus."
)
@click.pass_obj
def render(
    settings: Settings, graph_dir: Path | None, out: Path, focus: str | None, depth: int
) -> None:
    """Write the graph view as one self-contained HTML file that works offline."""
    from honduras_kg.errors import NotFound
    from honduras_kg.lookups import ReadModel, graph_view
    from honduras_kg.network.standalone import standalone_html

    settings = settings.replace(graph_dir=graph_dir)
    index = ReadModel.from_graph(_load(settings), base=settings.base)
    try:
        data = graph_view(index, focus=focus or "", depth=depth)
    except NotFound as err:
        raise click.ClickException(str(err)) from err
    page = standalone_html(data, title=f"honduras-kg: {focus}" if focus else "honduras-kg graph")
    out.write_text(page, encoding="utf-8")
    click.echo(f"wrote {out} ({len(data['nodes'])} nodes, {len(data['edges'])} edges)", err=True)


def _format_of(out: Path | None) -> str:
    if out is None:
        raise click.UsageError("give --format, or an --out file whose extension names one")
    from honduras_kg.export import guess_format

    try:
        return guess_format(out).value
    except ValueError as err:
        raise click.UsageError(f"{err}; give --format") from err


def _load(settings: Settings) -> Graph:
    """The graph, or a clean error (exit 1) if its files cannot be read."""
    from honduras_kg.curation.load import load_graph

    try:
        return load_graph(settings.graph_dir, base=settings.base)
    except (FileNotFoundError, GraphFileError) as err:
        raise click.ClickException(f"cannot load the graph: {err}") from err

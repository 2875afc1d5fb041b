"""The store layer: one narrow protocol (:class:`Store`), three backends.

* :class:`OxigraphStore`: embedded Oxigraph, in memory or on disk (read-only);
  the default.
* :class:`RdflibStore`: an rdflib ``Dataset`` in memory; the reference.
* :class:`RemoteStore`: any SPARQL 1.1 server, over HTTP
  (:func:`push_graph_dir` loads our files into it).

Each holds one named graph per curated data file, ``<{base}graph/{file stem}>``
(:func:`graph_iri`), filled by :func:`fill_store` for Oxigraph; a query that
names no graph sees their union. Queries
may use the project's prefixes (:data:`honduras_kg.namespaces.PREFIXES`)
without declaring them, and relative IRIs resolve against the endpoint's IRI
(:func:`service_iri`). A graph that a query or the protocol names and the
store does not hold is an empty graph on every backend: never fetched.
Answers come back as a :class:`QueryResult`.

>>> from honduras_kg.config import Settings
>>> store = open_store(Settings(store="oxigraph"))
>>> store.query("ASK { hk:honduras a schema:Country }").boolean
True
>>> store.close()
"""

from __future__ import annotations

from honduras_kg.config import Settings
from honduras_kg.store.base import QueryKind, QueryResult, Store, Term
from honduras_kg.store.build import build_dump, fill_store
from honduras_kg.store.loading import (
    curated_graphs,
    graph_iri,
    graph_prefix,
    service_iri,
    store_graphs,
)
from honduras_kg.store.ondisk import load_into_directory, open_checked
from honduras_kg.store.oxigraph import OxigraphStore
from honduras_kg.store.remote import RemoteStore, push_graph_dir

__all__ = [
    "OxigraphStore",
    "QueryKind",
    "QueryResult",
    "RdflibStore",
    "RemoteStore",
    "Store",
    "Term",
    "build_dump",
    "curated_graphs",
    "fill_store",
    "graph_iri",
    "graph_prefix",
    "load_into_directory",
    "open_checked",
    "open_store",
    "push_graph_dir",
    "service_iri",
    "store_graphs",
]


def open_store(settings: Settings) -> Store:
    """The store ``settings.store`` names, over ``settings.graph_dir`` or a server.

    ``oxigraph`` opens ``settings.store_path`` read-only when it is set (fill
    it first with :func:`load_into_directory`; :func:`open_checked` refuses it
    unless its manifest matches), otherwise loads the curated
    files into memory; ``rdflib`` loads them into memory; ``remote`` asks
    ``settings.sparql_endpoint`` (loaded with :func:`push_graph_dir`).

    Raises ``ValueError`` for a remote store without an endpoint,
    :class:`~honduras_kg.errors.StoreError` for an on-disk store that will not
    open or is refused, and :class:`~honduras_kg.errors.GraphFileError` for a
    curated file that does not parse.
    """
    if settings.store == "rdflib":
        from honduras_kg.store.rdflib_store import RdflibStore

        return RdflibStore.from_graph_dir(settings.graph_dir, base=settings.base)
    if settings.store == "remote":
        return _remote(settings)
    if settings.store_path is not None:
        return open_checked(settings.store_path, base=settings.base)
    return OxigraphStore.from_graph_dir(settings.graph_dir, base=settings.base)


def __getattr__(name: str) -> object:
    # Imported when first asked for: it brings rdflib's SPARQL engine (and pyparsing),
    # a few tenths of a second at start-up that a server on Oxigraph never needs.
    if name == "RdflibStore":
        from honduras_kg.store.rdflib_store import RdflibStore

        return RdflibStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _remote(settings: Settings) -> RemoteStore:
    if not settings.sparql_endpoint:
        raise ValueError("the remote store needs a SPARQL endpoint (sparql_endpoint)")
    return RemoteStore(
        settings.sparql_endpoint,
        update_endpoint=settings.sparql_update_endpoint,
        user=settings.sparql_user,
        password=settings.sparql_password,
        graph_prefix=graph_prefix(settings.base),
        base_iri=service_iri(settings.base),
    )

"""What the web layer works with, built once per app at start-up."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from honduras_kg import lookups
from honduras_kg.config import Settings
from honduras_kg.errors import HondurasKGError
from honduras_kg.formats import of_kind
from honduras_kg.lookups import ReadModel
from honduras_kg.lookups.dates import window
from honduras_kg.lookups.paths import ties_under
from honduras_kg.lru import ByteLRU
from honduras_kg.sparql.guard import quick_plan
from honduras_kg.sparql.named import NamedQuery, load_queries
from honduras_kg.sparql.pool import PoolLimits, QueryPool
from honduras_kg.store import OxigraphStore, Store, build_dump, open_store, service_iri
from honduras_kg.store.manifest import read_manifest, source_files

__all__ = ["STATIC_DIR", "Answer", "AnswerCache", "Services", "start_services"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@dataclass(frozen=True)
class Answer:
    """A query's answer, written in one format."""

    body: bytes
    headers: dict[str, str]
    rows: int


class AnswerCache:
    """Written answers, by query, dataset and format, up to ``capacity`` bytes (LRU).

    Sound because the store is read-only; disabled (capacity 0) for a remote
    store. An answer larger than the whole capacity is not kept.

    >>> cache = AnswerCache(1024)
    >>> cache.put(("ASK {}", (), (), "json"), Answer(b'{"boolean": true}', {}, 1))
    >>> cache.get(("ASK {}", (), (), "json")).body
    b'{"boolean": true}'
    """

    def __init__(self, capacity: int) -> None:
        self._answers: ByteLRU[tuple, Answer] = ByteLRU(capacity)

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._answers.size

    def get(self, key: tuple) -> Answer | None:
        """The answer kept for ``key``, if any."""
        return self._answers.get(key)

    def put(self, key: tuple, answer: Answer) -> None:
        """Keep ``answer``, if it fits."""
        headers = sum(len(name) + len(value) for name, value in answer.headers.items())
        size = len(answer.body) + headers + sum(len(str(part)) for part in key)
        self._answers.put(key, answer, size)


@dataclass
class Services:
    """The store, the query pool, the named queries and the read model of one running app.

    ``index`` is the read model the lookups ask (:mod:`honduras_kg.lookups`):
    it holds no copy of the graph; ``index.etag`` identifies the data as an
    ``ETag`` value.
    """

    settings: Settings
    store: Store
    pool: QueryPool
    queries: dict[str, NamedQuery]
    graph_names: frozenset[str]
    answers: AnswerCache
    index: ReadModel
    static_dir: Path = field(default=STATIC_DIR)

    def service_description(self, endpoint: str) -> str:
        """A SPARQL 1.1 Service Description of the endpoint, as N-Triples."""
        return _service_description(endpoint, self.graph_names, self.store.name)

    def warm_up(self) -> None:
        """Build, in a background thread, what the first lookups of each kind would wait
        for. The app calls this once it is built: on a small graph the warm-up takes as
        long as building the app, and the two would slow each other. (Not on rdflib, the
        reference backend: its parser and warnings are process-wide state, one query at
        a time.)"""
        if self.settings.store != "rdflib":
            threading.Thread(target=_warm, args=(self.index,), name="warm-up", daemon=True).start()

    async def close(self) -> None:
        """Stop the pool and close the store."""
        await self.pool.close()
        self.store.close()


async def start_services(settings: Settings) -> Services:
    """Open the store, make the read model and start the query workers."""
    factory = _worker_store_factory(settings)
    # An on-disk store is checked against its manifest once, here; the workers trust it.
    store = open_store(settings) if settings.store_path is not None else factory()
    cacheable = settings.store != "remote"  # a remote store's data may change under us
    pool = QueryPool(factory, _limits(settings), cache=cacheable)
    # The workers start in processes of their own. The lookups and pages need none of
    # them, so the first answer does not wait for them (SPARQL queries do).
    pool.launch()
    try:
        index = await asyncio.to_thread(_read_model, store, settings)
    except BaseException:
        await pool.close()
        store.close()
        raise
    services = Services(
        settings=settings,
        store=store,
        pool=pool,
        queries=load_queries(settings.queries_dir, max_depth=settings.max_query_depth),
        graph_names=store.graph_names(),
        answers=AnswerCache(settings.answer_cache_bytes if cacheable else 0),
        index=index,
    )
    return services


def _warm(index: ReadModel) -> None:
    """Ask once what each kind of lookup needs built (the label index, the metrics, the
    network and the ties that paths walk unfiltered, the timeline's order, the stats), and
    what the guard reads queries with (its lexer's patterns), before readers ask: one who
    asks sooner waits for what is being built (on a million triples, up to a minute)."""
    started = time.perf_counter()
    try:
        quick_plan("ASK {}")
        lookups.search(index, "a", limit=1)
        # The network first of the large ones: neighbourhoods, paths and the graph view.
        index.network  # noqa: B018 (built on first use)
        ties_under(index, window(None, None), exclude_unattributed=False)  # what paths walk
        lookups.timeline(index, limit=1)
        lookups.stats(index)
    except HondurasKGError as err:  # the store closed under it: the app is stopping
        log.debug("warm-up stopped: %s", err)
        return
    log.info("read model warmed up in %.1f s", time.perf_counter() - started)


def _read_model(store: Store, settings: Settings) -> ReadModel:
    """The read model of ``store``: it reads nothing yet, so start-up does not grow with
    the graph (each lookup asks the store when it is asked)."""
    return ReadModel.from_store(store, base=settings.base, fingerprint=_fingerprint(settings))


def _fingerprint(settings: Settings) -> str | None:
    """What identifies the data: the files it was loaded from (unknown for a remote store)."""
    if settings.store == "remote":
        return None
    if settings.store_path is not None:
        files = read_manifest(settings.store_path).files
    else:
        files = source_files(settings.graph_dir)
    digest = hashlib.sha256(f"{settings.base}\n".encode())
    for name, checksum in sorted(files.items()):
        digest.update(f"{name} {checksum}\n".encode())
    return digest.hexdigest()


def _limits(settings: Settings) -> PoolLimits:
    return PoolLimits(
        workers=settings.query_workers,
        timeout=settings.query_timeout,
        row_limit=settings.row_limit,
        queue_wait=settings.queue_wait,
        max_answer_bytes=settings.max_answer_bytes,
        cache_bytes=settings.answer_cache_bytes,
        worker_memory=settings.worker_memory,
        # The remote store's workers must reach its server; embedded ones need no network.
        isolate_network=settings.store != "remote",
    )


def _worker_store_factory(settings: Settings):
    """How the app and each query worker open a store: in-memory ones load one dump.

    The in-memory store is built once, here, and handed to every worker as
    N-Quads, which load without parsing Turtle or building anything again.
    An on-disk store's manifest is checked once, by :func:`open_store` in the
    app; workers open it without counting its triples again.
    """
    if settings.store == "oxigraph" and settings.store_path is None:
        dump = build_dump(settings.graph_dir, base=settings.base)
        return functools.partial(OxigraphStore.from_dump, dump, base_iri=service_iri(settings.base))
    if settings.store == "oxigraph":
        return functools.partial(
            OxigraphStore.open_read_only, settings.store_path, base_iri=service_iri(settings.base)
        )
    return functools.partial(open_store, settings)


@functools.lru_cache(maxsize=8)
def _service_description(endpoint: str, graph_names: frozenset[str], backend: str) -> str:
    graph = Graph()
    service, dataset = URIRef(endpoint + "#service"), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add(
        (
            dataset,
            URIRef("http://purl.org/dc/terms/description"),
            Literal(f"Curated honduras-kg graph on the {backend} backend; read-only."),
        )
    )
    for fmt in of_kind("results", "graph"):
        if fmt.iri:
            graph.add((service, SD.resultFormat, URIRef(fmt.iri)))
    for name in sorted(graph_names):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph.serialize(format="nt")

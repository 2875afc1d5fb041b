"""The on-disk Oxigraph store: filled beside the old one and swapped in whole; opened checked.

``load_into_directory(S)`` never writes into ``S`` itself:

1. it takes the lock ``.S.lock`` beside ``S`` (one load at a time);
2. it tidies what an interrupted load left: ``.S.previous`` is put back if ``S``
   is missing, and any other ``.S.previous`` or ``.S.loading`` is deleted;
3. it fills ``.S.loading`` (as :func:`~honduras_kg.store.build.fill_store` does: Oxigraph
   parses each curated file as it loads it; a broken file stops it here, and
   ``.S.loading`` is deleted), counts what it holds, and writes its manifest
   last (:mod:`honduras_kg.store.manifest`);
4. it renames ``S`` to ``.S.previous``, then ``.S.loading`` to ``S``, then deletes
   ``.S.previous``.

A load killed at any point leaves the old ``S`` whole, or the new one whole.
Killed between the two renames of step 4, it leaves the old store in
``.S.previous``, which the next load puts back before it starts.

``open_checked(S)`` opens ``S`` read-only and refuses it unless its manifest
matches what it holds and the settings' base IRI.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.errors import StoreError
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store.build import add_derived, fill_curated, triple_counts
from honduras_kg.store.loading import service_iri
from honduras_kg.store.manifest import (
    MANIFEST_NAME,
    Manifest,
    changed_sources,
    check_manifest,
    read_manifest,
    source_files,
    write_manifest,
)
from honduras_kg.store.oxigraph import OxigraphStore

__all__ = ["load_into_directory", "open_checked", "stale_sources"]


def load_into_directory(
    path: Path | str, graph_dir: Path | str = DEFAULT_GRAPH_DIR, *, base: str = DEFAULT_BASE
) -> dict[str, int]:
    """Fill the on-disk store ``path`` with the curated files, replacing it whole when done.

    Returns the number of triples per graph. Servers that have the old store
    open keep reading it until they restart. Raises
    :class:`~honduras_kg.errors.StoreError` if the directory cannot be filled
    (or holds something other than a store), ``FileNotFoundError`` if
    ``graph_dir`` holds no data file, and
    :class:`~honduras_kg.errors.GraphFileError` for a broken one.
    """
    target = Path(path).resolve()
    with _locked(target):
        _prepare(target)
        files = source_files(graph_dir)  # before parsing: a file edited meanwhile shows as changed
        if not files:
            raise FileNotFoundError(f"no Turtle data files in {graph_dir}")
        fresh = _sibling(target, "loading")
        try:
            counts = _fill(fresh, graph_dir, base)
            write_manifest(fresh, Manifest(base=base, graphs=counts, files=files))
            _swap(fresh, target)
        except OSError as err:
            raise StoreError(f"cannot load into {target}: {err}") from err
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # left only by a failed load
    return counts


def open_checked(path: Path | str, *, base: str = DEFAULT_BASE) -> OxigraphStore:
    """The store in ``path``, read-only, once its manifest is found to describe it.

    Raises :class:`~honduras_kg.errors.StoreError`, with what to do in one
    line, for a missing directory or manifest, a manifest of another format,
    another base IRI, or graphs and triple counts other than the store holds.
    """
    directory = Path(path)
    if not directory.is_dir():
        raise StoreError(f"no store in {directory}{_interrupted_hint(directory)}")
    manifest = read_manifest(directory)
    store = OxigraphStore.open_read_only(directory, base_iri=service_iri(base))
    try:
        check_manifest(manifest, directory=directory, held=_held(store, manifest), base=base)
    except StoreError:
        store.close()
        raise
    return store


def _held(store: OxigraphStore, manifest: Manifest) -> Mapping[str, int]:
    """What ``store`` holds, triples per graph. Counting per graph takes a query over every
    triple (a second at a million), so when the graph names and the total agree with the
    manifest its counts are taken as they are; otherwise they are counted, to say where."""
    listed = manifest.graphs
    graphs = {g for g in listed if g}
    if store.graph_names() == graphs and store.triple_total() == sum(listed.values()):
        return listed
    return store.triple_counts()


def stale_sources(path: Path | str, graph_dir: Path | str) -> list[str]:
    """Data files of ``graph_dir`` changed since the store in ``path`` was loaded.

    Empty when nothing changed, and when the store or ``graph_dir`` cannot
    tell (opening the store is what refuses a bad manifest).
    """
    try:
        manifest = read_manifest(Path(path))
    except StoreError:
        return []
    return changed_sources(manifest, graph_dir)


def _sibling(target: Path, role: str) -> Path:
    return target.with_name(f".{target.name}.{role}")


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold ``.S.lock`` for the whole load, or fail at once if another load holds it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(_sibling(target, "lock"), "a")  # noqa: SIM115 (closed below)
    except OSError as err:
        raise StoreError(f"cannot load into {target}: {err}") from err
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another load into {target} is running; wait for it") from None
        yield  # the lock goes with the file descriptor


def _prepare(target: Path) -> None:
    """Undo what an interrupted load left beside ``target``; refuse a target that is no store."""
    previous = _sibling(target, "previous")
    try:
        if previous.exists() and not target.exists():
            os.rename(previous, target)  # killed between the two renames: the old store goes back
        for leftover in (_sibling(target, "loading"), previous):
            if leftover.exists():
                shutil.rmtree(leftover)
    except OSError as err:
        raise StoreError(f"cannot tidy what a load into {target} left: {err}") from err
    if target.exists() and not target.is_dir():
        raise StoreError(f"{target} is a file, not a store directory")
    # A store has our manifest, or at least RocksDB's CURRENT (one loaded before manifests).
    is_store = (target / MANIFEST_NAME).exists() or (target / "CURRENT").exists()
    if target.is_dir() and not is_store and any(target.iterdir()):
        raise StoreError(
            f"{target} holds files but no Oxigraph store; a load replaces the whole "
            "directory, so give it a new or empty one"
        )


def _fill(directory: Path, graph_dir: Path | str, base: str) -> dict[str, int]:
    """Fill a new store in ``directory`` from ``graph_dir``; return what it then holds.

    The curated graphs are parsed into memory, and written to disk by a second
    thread while this one derives the other graphs from the copy in memory
    (Oxigraph lets go of the GIL while it writes): the two take about as long,
    and overlap. The derived graphs are written last, in one more bulk load.
    """
    # In memory: the derived graphs' queries run several times faster there than on a
    # fresh on-disk store.
    staged = ox.Store()
    fill_curated(staged, graph_dir, base=base)
    disk = _new_store(directory)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="write") as writer:
            writing = writer.submit(_write, disk, staged.dump(format=ox.RdfFormat.N_QUADS))
            derived = add_derived(staged, base=base)
            writing.result()
        for iri, ntriples in derived:
            disk.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        disk.flush()
        disk.optimize()
    except OSError as err:
        raise StoreError(f"cannot fill the Oxigraph store in {directory}: {err}") from err
    finally:
        disk = None  # the last reference closes the store, and releases its lock
    return triple_counts(staged)


def _new_store(directory: Path) -> ox.Store:
    try:
        return ox.Store(str(directory))
    except OSError as err:
        raise StoreError(f"cannot create an Oxigraph store in {directory}: {err}") from err


def _write(store: ox.Store, quads: bytes) -> None:
    """Write the N-Quads ``quads`` into ``store`` (the hook point of the load's kill tests)."""
    store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)


def _swap(fresh: Path, target: Path) -> None:
    """Put ``fresh`` where ``target`` is, keeping the old store until that has worked."""
    previous = _sibling(target, "previous")
    try:
        if target.exists():
            os.rename(target, previous)
        os.rename(fresh, target)
    except OSError as err:
        if previous.exists() and not target.exists():
            os.rename(previous, target)
        raise StoreError(
            f"cannot swap the new store into {target} ({err.strerror}); if it is a mount "
            "point, give a directory inside it"
        ) from err
    _sync_directory(target.parent)
    shutil.rmtree(previous, ignore_errors=True)


def _sync_directory(directory: Path) -> None:
    # The renames reach the disk only once their directory is flushed.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _interrupted_hint(directory: Path) -> str:
    if _sibling(directory.resolve(), "previous").is_dir():
        return (
            f" (a load was interrupted while swapping; run `honduras-kg load --store-path "
            f"{directory}` to put the previous store back and load again)"
        )
    return f": fill it with `honduras-kg load --store-path {directory}`"

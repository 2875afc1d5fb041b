"""``python paused_load.py POINT ARGS...``: run ``honduras-kg ARGS``, pausing for good at POINT.

At the pause it prints ``paused`` (flushed), so that a test can kill it there:

- ``while-writing``: the new on-disk store holds part of what it will hold;
- ``before-swap``: the new store is complete, with its manifest, not yet swapped in;
- ``between-renames``: the old store has been moved aside, the new one not yet in place.
"""

from __future__ import annotations

import os
import sys
import time


def pause() -> None:
    print("paused", flush=True)
    time.sleep(600)


def write_half(store, quads: bytes) -> None:
    """``ondisk._write``, pausing for good once half of the quads are on disk."""
    import pyoxigraph as ox

    lines = quads.splitlines(keepends=True)
    store.bulk_load(b"".join(lines[: len(lines) // 2]), format=ox.RdfFormat.N_QUADS)
    store.flush()
    pause()


def install(point: str) -> None:
    from honduras_kg.store import ondisk

    if point == "while-writing":
        ondisk._write = write_half
    elif point == "before-swap":
        real_write = ondisk.write_manifest
        ondisk.write_manifest = lambda *a, **kw: (real_write(*a, **kw), pause())
    elif point == "between-renames":
        real_rename = os.rename
        ondisk.os.rename = lambda *a, **kw: (real_rename(*a, **kw), pause())
    else:
        raise SystemExit(f"unknown pause point {point!r}")


if __name__ == "__main__":
    install(sys.argv[1])
    from honduras_kg.cli import main

    main(sys.argv[2:])

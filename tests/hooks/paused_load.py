"""``python paused_load.py POINT ARGS...``: run ``honduras-kg ARGS``, pausing for good at POINT.

At the pause it prints ``paused`` (flushed), so that a test can kill it there:

- ``after-first-graph``: the new store holds the first curated graph only;
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


class PauseAfterFirst:
    """``fill_graph``, pausing for good once the first graph has been filled."""

    def __init__(self, fill_graph):
        self.fill_graph = fill_graph
        self.filled = 0

    def __call__(self, *args, **kwargs):
        if self.filled == 1:
            pause()
        self.fill_graph(*args, **kwargs)
        self.filled += 1


def install(point: str) -> None:
    from honduras_kg.store import build, ondisk

    if point == "after-first-graph":
        build.fill_graph = PauseAfterFirst(build.fill_graph)
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

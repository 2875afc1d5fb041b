"""``python slow_start.py ARGS...``: run ``honduras-kg ARGS`` with a start-up that never ends.

Each query worker prints ``worker PID`` and then sleeps before opening its store,
and the lookup index prints ``indexing`` and sleeps in its thread: a test can
send a signal while both are under way and check that nothing is left behind.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import time

from honduras_kg.store import open_store


def slow_in_workers(settings):
    """``open_store``, after a long sleep when called in a query worker."""
    if multiprocessing.parent_process() is not None:
        print(f"worker {os.getpid()}", flush=True)
        time.sleep(600)
    return open_store(settings)


class SlowIndex:
    """Stands in for ``ReadModel``: building it never ends."""

    @classmethod
    def from_store(cls, store, **options):
        print("indexing", flush=True)
        time.sleep(600)


if __name__ == "__main__":
    from honduras_kg.cli import main
    from honduras_kg.web import services

    services._worker_store_factory = lambda settings: functools.partial(slow_in_workers, settings)
    services.ReadModel = SlowIndex
    main(sys.argv[1:])

"""``python slow_workers.py ARGS...``: run ``honduras-kg ARGS`` with query workers that
never finish starting (each prints ``worker PID``, then sleeps before opening its store),
so a test can check what the server answers without them."""

from __future__ import annotations

import functools
import sys

if __name__ == "__main__":
    from slow_start import slow_in_workers  # beside this script, on its path

    from honduras_kg.cli import main
    from honduras_kg.web import services

    services._worker_store_factory = lambda settings: functools.partial(slow_in_workers, settings)
    main(sys.argv[1:])

"""The machine, the versions, and a server's CPU time and memory, for the benchmark scripts.

Read-only look-ups: ``/proc``, package metadata, ``wrk -v`` and read-only git calls.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

__all__ = ["cpu_seconds", "facts", "resident_kib", "venv_versions"]

ROOT = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: The packages whose versions the report names.
VERSIONED = ("pyoxigraph", "rdflib", "fastapi", "starlette", "uvicorn")


def cpu_seconds(pid: int) -> float | None:
    """CPU time of ``pid`` and its children (the query workers), from ``/proc``; else None."""
    if not Path(f"/proc/{pid}/stat").exists():
        return None
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def resident_kib(pid: int) -> tuple[int, int] | None:
    """Resident memory (``VmRSS``) of ``pid``, and of all its descendants summed; else None.

    >>> own, below = resident_kib(os.getpid())
    >>> own > 0 and below >= 0
    True
    """
    own = vm_rss(pid)
    if own is None:
        return None
    return own, sum(vm_rss(child) or 0 for child in descendants(pid))


def vm_rss(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (a server's query workers and their helpers)."""
    parent_of = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent_of[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [], {pid}
    while frontier:
        frontier = {child for child, parent in parent_of.items() if parent in frontier}
        found += sorted(frontier)
    return found


def facts(*, load_generator: bool = True) -> dict[str, str]:
    """The machine and the versions that matter (wrk's only with ``load_generator``)."""
    found = {
        "CPUs": str(os.cpu_count()),
        "CPU": cpu_model(),
        "system": platform.platform(),
        "Python": platform.python_version(),
    }
    if load_generator:
        found["load generator"] = wrk_version()
    found["code"] = code_version()
    return found | {name: importlib.metadata.version(name) for name in VERSIONED}


def venv_versions(python: Path) -> dict[str, str]:
    code = "from importlib.metadata import version as v; print(v('rdflib-endpoint'), v('rdflib'))"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    endpoint, rdflib = out.stdout.split()
    return {"rdflib-endpoint": endpoint, "rdflib in rdflib-endpoint's venv": rdflib}


def code_version() -> str:
    """The commit, and whether ``src/`` differs from it (read-only git calls)."""
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return "unknown"
    changed = subprocess.run([*git, "status", "--porcelain", "--", "src"], capture_output=True)
    return head.stdout.strip() + (" with uncommitted changes in src/" if changed.stdout else "")


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def wrk_version() -> str:
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (out.stdout or out.stderr).split("\n", 1)[0].split(" Copyright")[0].strip()

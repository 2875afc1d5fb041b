"""Confine a query worker with what the operating system offers: no network, bounded memory.

A query worker (:mod:`honduras_kg.sparql.pool`) runs whatever SPARQL it is sent. The
guard refuses queries that would reach out, and as defence in depth a worker
of an embedded store confines itself when it starts, before it opens the store
(some steps need a process with one thread):

* **No network** (Linux): the worker moves into a network namespace of its own,
  where no interface is up, so every connection fails with "Network is
  unreachable". As root, ``unshare(CLONE_NEWNET)``; otherwise together with a
  user namespace (``CLONE_NEWUSER``), where the kernel allows unprivileged
  ones. Elsewhere (macOS, Windows), nothing.
* **Bounded memory**: ``RLIMIT_AS`` caps the worker's address space, so a
  query that needs too much fails in that worker (a ``MemoryError``, or an
  allocation failure that stops it) instead of exhausting the machine. On
  glibc, malloc keeps to two arenas, so that threads do not each reserve
  64 MiB of address space and the limit means the same on every machine.
  ``RLIMIT_CORE`` is 0: a query that crashes the engine leaves no core file.

Each step is best effort: what did not take effect is said in the
:class:`Confinement` the worker reports, and the worker goes on. The module
uses the standard library only.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass

__all__ = ["CLONE_NEWNET", "CLONE_NEWUSER", "Confinement", "confine", "namespace_flags"]

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
_FLAGS = (("CLONE_NEWUSER", CLONE_NEWUSER), ("CLONE_NEWNET", CLONE_NEWNET))
_M_ARENA_MAX = -8  # glibc's mallopt parameter


@dataclass(frozen=True)
class Confinement:
    """What a worker's confinement achieved, in words for the log.

    >>> print(Confinement(network_isolated=False, network="not asked", memory="not asked"))
    network: not asked; memory: not asked
    """

    network_isolated: bool
    network: str
    memory: str

    def __str__(self) -> str:
        return f"network: {self.network}; memory: {self.memory}"


def confine(*, isolate_network: bool, memory: int | None) -> Confinement:
    """Cut this process off the network and cap its address space at ``memory`` bytes.

    Call it first thing in a new process: creating a user namespace needs a
    process with a single thread. Never raises for what the system refuses.
    """
    isolated, network = _isolate_network() if isolate_network else (False, "not isolated (asked)")
    return Confinement(isolated, network, _limit_memory(memory))


def namespace_flags(euid: int) -> int:
    """The ``unshare`` flags for a network namespace of its own, as user ``euid``.

    Root may create one directly; anyone else needs a user namespace with it.

    >>> namespace_flags(0) == CLONE_NEWNET
    True
    >>> namespace_flags(1000) == CLONE_NEWUSER | CLONE_NEWNET
    True
    """
    return CLONE_NEWNET if euid == 0 else CLONE_NEWUSER | CLONE_NEWNET


def _isolate_network() -> tuple[bool, str]:
    libc = _libc()
    if libc is None:
        return False, f"not isolated: no network namespaces on {sys.platform}"
    if not hasattr(libc, "unshare"):
        return False, "not isolated: the C library has no unshare()"
    uid, gid = os.geteuid(), os.getegid()
    flags = namespace_flags(uid)
    if libc.unshare(flags) != 0:
        error = os.strerror(ctypes.get_errno())
        return False, f"not isolated: unshare({_flag_names(flags)}) failed: {error}"
    if flags & CLONE_NEWUSER:
        _keep_ids(uid, gid)
    return True, f"isolated (a namespace of its own: {_flag_names(flags)})"


def _keep_ids(uid: int, gid: int) -> None:
    """Map our own ids into the new user namespace, so that the process keeps its ids.

    Without the maps it runs as the overflow user (nobody); files are still
    checked against its real ids, so a failure here is harmless.
    """
    maps = (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1"))
    for name, text in maps:
        try:
            with open(f"/proc/self/{name}", "w") as file:
                file.write(text)
        except OSError:
            return


def _limit_memory(limit: int | None) -> str:
    if limit is None:
        return "not limited (asked)"
    try:
        import resource
    except ImportError:
        return f"not limited: no resource limits on {sys.platform}"
    _fewer_arenas()
    # A crash a query can cause at will must not write a core file the size of the worker.
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError) as err:
        return f"not limited: setrlimit(RLIMIT_AS) failed: {err}"
    return f"address space limited to {soft / 1024**2:g} MiB, no core dumps"


def _fewer_arenas() -> None:
    # glibc gives a busy thread an arena of its own, reserving 64 MiB of address space each.
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 2)


def _libc() -> ctypes.CDLL | None:
    """The C library, on Linux (where this process's own symbols include it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _flag_names(flags: int) -> str:
    return "|".join(name for name, bit in _FLAGS if flags & bit)

"""Modules imported when first used, not when the modules that use them are.

networkx takes about 0.15 s to import, and a server needs it only once it
builds a network (in the background, after it started) or answers a path;
the CLI's quick commands and the query workers never need it. Importing is
thread-safe (importlib holds a lock per module), so any thread may be first.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

__all__ = ["LazyModule", "networkx"]


class LazyModule:
    """Stands for the module ``name``, importing it at the first attribute asked for.

    >>> json = LazyModule("json")
    >>> json.dumps([1])
    '[1]'
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        # Only called for what is not cached yet: each attribute goes through here once.
        module: ModuleType = importlib.import_module(self._name)
        value = getattr(module, attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


if TYPE_CHECKING:
    import networkx
else:
    networkx = LazyModule("networkx")

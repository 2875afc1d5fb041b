"""A least-recently-used cache bounded in bytes, for the answer caches.

Answers vary from a few bytes to tens of megabytes, so a cap on the number of
entries bounds nothing: both answer caches (the query pool's results and the
web layer's written answers) are capped by the sizes their owners give.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["ByteLRU"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteLRU(Generic[K, V]):
    """The most recently used values whose sizes add up to at most ``capacity`` bytes.

    A value larger than the whole capacity is not kept; capacity 0 keeps nothing.

    >>> cache = ByteLRU(11)
    >>> cache.put("a", "first", 6), cache.put("b", "second", 4)
    (True, True)
    >>> cache.get("a")
    'first'
    >>> cache.put("c", "third", 5)  # "b" was used least recently: it goes
    True
    >>> cache.get("b") is None, cache.size
    (True, 11)
    >>> cache.put("huge", "x" * 99, 99)
    False
    """

    def __init__(self, capacity: int) -> None:
        if capacity < 0:
            raise ValueError(f"capacity must not be negative: {capacity}")
        self.capacity = capacity
        self.size = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        """The value for ``key``, now the most recently used, or ``None``."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V, size: int) -> bool:
        """Keep ``value`` (of ``size`` bytes), dropping the least recently used to make room.

        Returns whether it was kept: not when ``size`` exceeds the capacity.
        """
        self._drop(key)
        if size > self.capacity:
            return False
        while self._entries and self.size + size > self.capacity:
            self._drop(next(iter(self._entries)))
        self._entries[key] = (value, size)
        self.size += size
        return True

    def _drop(self, key: K) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.size -= entry[1]

"""The byte-bounded LRU cache behind both answer caches."""

from __future__ import annotations

import pytest

from honduras_kg.lru import ByteLRU


def test_the_least_recently_used_go_first_until_the_new_value_fits():
    cache: ByteLRU[str, str] = ByteLRU(100)
    for key in "abcd":
        assert cache.put(key, key * 25, 25)
    cache.get("a")  # now b is the least recently used
    assert cache.put("e", "e" * 40, 40)
    assert [key for key in "abcde" if cache.get(key) is not None] == ["a", "d", "e"]
    assert cache.size == 90


def test_putting_a_key_again_replaces_its_size():
    cache: ByteLRU[str, str] = ByteLRU(100)
    cache.put("a", "small", 10)
    cache.put("a", "large", 70)
    assert (len(cache), cache.size, cache.get("a")) == (1, 70, "large")


def test_a_value_larger_than_the_capacity_is_not_kept_and_evicts_nothing():
    cache: ByteLRU[str, str] = ByteLRU(100)
    cache.put("a", "a", 60)
    assert not cache.put("huge", "h", 101)
    assert (cache.get("a"), cache.get("huge"), cache.size) == ("a", None, 60)


def test_capacity_zero_keeps_nothing():
    cache: ByteLRU[str, str] = ByteLRU(0)
    assert not cache.put("a", "a", 1)
    assert len(cache) == 0


def test_a_negative_capacity_is_refused():
    with pytest.raises(ValueError, match="negative"):
        ByteLRU(-1)

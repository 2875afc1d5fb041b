"""Settings: one frozen value, built from defaults or from the environment.

This module is the only place that reads environment variables; everything
else receives a :class:`Settings` (the CLI builds one and passes it down).

>>> Settings().port
8000
>>> Settings.from_env({"HONDURAS_KG_PORT": "9000", "HONDURAS_KG_HOST": "0.0.0.0"}).port
9000
>>> env_var("graph_dir")
'HONDURAS_KG_GRAPH_DIR'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

# The defaults come from honduras_kg.data, not from the loaders (rdflib, the SPARQL lexer):
# every process reads its settings, and a query worker needs neither.
from honduras_kg.data import GRAPH_DIR as DEFAULT_GRAPH_DIR
from honduras_kg.data import QUERIES_DIR as DEFAULT_QUERIES_DIR
from honduras_kg.data import SOURCES_DIR
from honduras_kg.namespaces import DEFAULT_BASE

__all__ = [
    "DEFAULT_ANSWER_CACHE_BYTES",
    "DEFAULT_BASE",
    "DEFAULT_GRAPH_DIR",
    "DEFAULT_HOST",
    "DEFAULT_MAX_ANSWER_BYTES",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_QUERY_DEPTH",
    "DEFAULT_MAX_QUERY_LENGTH",
    "DEFAULT_PORT",
    "DEFAULT_QUERIES_DIR",
    "DEFAULT_QUERY_TIMEOUT",
    "DEFAULT_QUERY_WORKERS",
    "DEFAULT_QUEUE_WAIT",
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_SOURCES_DIR",
    "DEFAULT_STORE",
    "DEFAULT_WORKER_MEMORY",
    "ENV_PREFIX",
    "STORES",
    "Settings",
    "env_var",
]

#: Prefix of every environment variable the project reads.
ENV_PREFIX = "HONDURAS_KG_"

#: The source texts sit in ``shared/seeds`` beside the repository checkout, where
#: there are any; a fresh clone elsewhere, or an installed package, has none
#: (``None``: validate then says it did not re-read the quotes).
DEFAULT_SOURCES_DIR = SOURCES_DIR if SOURCES_DIR is not None and SOURCES_DIR.is_dir() else None

#: Loopback only, unless a deployment says otherwise.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

#: The store backends (``honduras_kg.store.open_store``); the first is the default.
STORES = ("oxigraph", "rdflib", "remote")
DEFAULT_STORE = STORES[0]


#: Limits on ad-hoc queries (see ``honduras_kg.sparql.pool`` and ``honduras_kg.sparql.guard``).
DEFAULT_QUERY_WORKERS = 2
DEFAULT_QUERY_TIMEOUT = 10.0
DEFAULT_ROW_LIMIT = 10_000
DEFAULT_QUEUE_WAIT = 2.0
DEFAULT_MAX_QUERY_LENGTH = 20_000
DEFAULT_MAX_QUERY_DEPTH = 12
DEFAULT_WORKER_MEMORY = 2 * 1024**3

#: Limits on what one request may send and receive, and on what the server keeps.
DEFAULT_MAX_BODY_BYTES = 1024**2
DEFAULT_MAX_ANSWER_BYTES = 32 * 1024**2
DEFAULT_ANSWER_CACHE_BYTES = 64 * 1024**2


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"must be at least 1: {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(f"must be more than 0: {value}")
    return value


_BYTE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _byte_size(text: str) -> int:
    """A size in bytes, with an optional K, M or G (powers of 1024; "KiB", "MB" read the same).

    >>> _byte_size("64M"), _byte_size("1048576"), _byte_size("2 GiB")
    (67108864, 1048576, 2147483648)
    """
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if match is None:
        raise ValueError(f"not a size in bytes (e.g. 1048576, 64M, 2G): {text!r}")
    value = int(match.group(1)) * _BYTE_UNITS[match.group(2).upper()]
    if value < 1:
        raise ValueError(f"must be at least 1 byte: {text!r}")
    return value


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(f"port out of range: {port}")
    return port


def _store(text: str) -> str:
    if text not in STORES:
        raise ValueError(f"store must be one of {', '.join(STORES)}: {text!r}")
    return text


def _meta(text: str, parse: Callable[[str], Any] = str) -> dict[str, Any]:
    return {"help": text, "parse": parse}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the data is and how to serve it. Every field has a ``DEFAULT_*``.

    Each field's metadata carries its ``help`` text (documented in
    ``docs/cli.md``) and the ``parse`` function applied to its environment
    variable.
    """

    graph_dir: Path = field(
        default=DEFAULT_GRAPH_DIR, metadata=_meta("directory of the curated Turtle files", Path)
    )
    sources_dir: Path | None = field(
        default=DEFAULT_SOURCES_DIR,
        metadata=_meta("directory of the source texts that quotes are checked against", Path),
    )
    base: str = field(
        default=DEFAULT_BASE, metadata=_meta("base IRI of the data (entities, claims, sources)")
    )
    host: str = field(default=DEFAULT_HOST, metadata=_meta("interface the server listens on"))
    port: int = field(default=DEFAULT_PORT, metadata=_meta("port the server listens on", _port))
    store: str = field(
        default=DEFAULT_STORE, metadata=_meta("store backend: oxigraph, rdflib or remote", _store)
    )
    store_path: Path | None = field(
        default=None,
        metadata=_meta("on-disk Oxigraph directory (unset: load graph_dir into memory)", Path),
    )
    sparql_endpoint: str | None = field(
        default=None, metadata=_meta("query URL of the SPARQL 1.1 server (remote store)")
    )
    sparql_update_endpoint: str | None = field(
        default=None, metadata=_meta("update URL of the SPARQL 1.1 server (loading it)")
    )
    sparql_user: str | None = field(
        default=None, metadata=_meta("user name for the SPARQL server (HTTP digest or basic)")
    )
    sparql_password: str | None = field(
        default=None, repr=False, metadata=_meta("password for the SPARQL server")
    )

    queries_dir: Path = field(
        default=DEFAULT_QUERIES_DIR, metadata=_meta("directory of the named queries (*.rq)", Path)
    )
    query_workers: int = field(
        default=DEFAULT_QUERY_WORKERS,
        metadata=_meta("worker processes that run SPARQL queries", _positive_int),
    )
    query_timeout: float = field(
        default=DEFAULT_QUERY_TIMEOUT,
        metadata=_meta("seconds a query may run before its worker is stopped", _positive_float),
    )
    row_limit: int = field(
        default=DEFAULT_ROW_LIMIT,
        metadata=_meta("most rows (or triples) one answer carries", _positive_int),
    )
    queue_wait: float = field(
        default=DEFAULT_QUEUE_WAIT,
        metadata=_meta("seconds a query waits for a free worker before a 503", _positive_float),
    )
    max_query_length: int = field(
        default=DEFAULT_MAX_QUERY_LENGTH,
        metadata=_meta("longest query text accepted, in characters", _positive_int),
    )
    max_query_depth: int = field(
        default=DEFAULT_MAX_QUERY_DEPTH,
        metadata=_meta(
            "deepest nesting of brackets, braces and parentheses a query may have", _positive_int
        ),
    )
    worker_memory: int = field(
        default=DEFAULT_WORKER_MEMORY,
        metadata=_meta("address space each query worker may use, in bytes", _byte_size),
    )
    max_body_bytes: int = field(
        default=DEFAULT_MAX_BODY_BYTES,
        metadata=_meta("largest request body accepted, in bytes", _byte_size),
    )
    max_answer_bytes: int = field(
        default=DEFAULT_MAX_ANSWER_BYTES,
        metadata=_meta("largest answer one query may give, in bytes", _byte_size),
    )
    answer_cache_bytes: int = field(
        default=DEFAULT_ANSWER_CACHE_BYTES,
        metadata=_meta("bytes of answers kept in each answer cache", _byte_size),
    )

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"base IRI must end with '/': {self.base!r}")
        _port(str(self.port))
        _store(self.store)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, overridden by each ``HONDURAS_KG_<FIELD>`` variable that is set.

        Raises ``ValueError`` for a value that does not parse (a port that is
        not a number, a base IRI without a trailing slash).
        """
        env = os.environ if environ is None else environ
        values = {
            f.name: _parse(f, env[env_var(f.name)]) for f in fields(cls) if env.get(env_var(f.name))
        }
        try:
            return cls(**values)
        except ValueError as err:
            raise ValueError(f"{ENV_PREFIX}*: {err}") from err

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``None`` values are ignored).

        >>> Settings().replace(port=1234, host=None).port
        1234
        """
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _parse(setting: Field[Any], text: str) -> Any:
    try:
        return setting.metadata["parse"](text)
    except ValueError as err:
        raise ValueError(f"{env_var(setting.name)}={text!r}: {err}") from err


def env_var(name: str) -> str:
    """The environment variable for the setting ``name``."""
    return ENV_PREFIX + name.upper()

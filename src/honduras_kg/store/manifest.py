"""The manifest of an on-disk store: what it holds, what it was loaded from, and by whom.

``honduras-kg load --store-path S`` writes ``S/manifest.json`` last, once the
store is complete; ``serve`` reads it and refuses a store it does not match.
It is JSON::

    {
      "format": 1,
      "package": "honduras-kg",
      "version": "0.1.0",
      "created": "2025-06-01T12:00:00Z",
      "base": "https://w3id.org/honduras-kg/",
      "sources": {"fingerprint": "sha256:…", "files": {"claims.ttl": "sha256:…", …}},
      "graphs": {"https://w3id.org/honduras-kg/graph/claims": 1234, …}
    }

``sources`` fingerprints the data files of ``graph/`` (every ``*.ttl`` but the
shapes) the store was loaded from; ``graphs`` counts the triples of each named
graph as the store held them when it was written.

>>> m = Manifest(base="urn:x/", graphs={"urn:x/graph/a": 3}, files={"a.ttl": "sha256:00"})
>>> Manifest.from_json(m.to_json()) == m
True
>>> m.triples
3
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from honduras_kg import __version__
from honduras_kg.curation.load import data_files
from honduras_kg.errors import StoreError

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "Manifest",
    "changed_sources",
    "check_manifest",
    "fingerprint",
    "read_manifest",
    "source_files",
    "write_manifest",
]

#: Bumped when the layout of the store or of this file changes; serve reads only its own.
FORMAT_VERSION = 1

#: The manifest's file name inside the store directory.
MANIFEST_NAME = "manifest.json"

_PACKAGE = "honduras-kg"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Manifest:
    """What a store directory holds (``graphs``) and was loaded from (``files``, ``base``)."""

    base: str
    graphs: Mapping[str, int]
    files: Mapping[str, str]
    version: str = __version__
    created: str = field(default_factory=_now)
    format: int = FORMAT_VERSION

    @property
    def fingerprint(self) -> str:
        """One SHA-256 over every source file's name and digest."""
        return fingerprint(self.files)

    @property
    def triples(self) -> int:
        """Triples in the whole store."""
        return sum(self.graphs.values())

    def to_json(self) -> str:
        """The manifest as written to ``manifest.json``."""
        return json.dumps(
            {
                "format": self.format,
                "package": _PACKAGE,
                "version": self.version,
                "created": self.created,
                "base": self.base,
                "sources": {"fingerprint": self.fingerprint, "files": dict(self.files)},
                "graphs": dict(self.graphs),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read ``manifest.json``; raises ``ValueError`` for anything but a manifest of ours.

        A manifest of another format version reads (so that its version can be
        named); :func:`check_manifest` refuses it.
        """
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("package") != _PACKAGE:
            raise ValueError("not a honduras-kg manifest")
        if data.get("format") != FORMAT_VERSION:
            return cls(
                base="",
                graphs={},
                files={},
                version=str(data.get("version")),
                format=_int(data.get("format")),
            )
        sources = data["sources"]
        manifest = cls(
            base=_text(data["base"]),
            graphs={_text(iri): _int(n) for iri, n in data["graphs"].items()},
            files={_text(name): _text(digest) for name, digest in sources["files"].items()},
            version=_text(data["version"]),
            created=_text(data["created"]),
        )
        if sources.get("fingerprint") != manifest.fingerprint:
            raise ValueError("its fingerprint does not match its list of files")
        return manifest


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {value!r}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, found {value!r}")
    return value


def fingerprint(files: Mapping[str, str]) -> str:
    """``sha256:`` over each file's name and digest, in name order.

    >>> fingerprint({"a.ttl": "sha256:00"}) == fingerprint({"a.ttl": "sha256:00"})
    True
    >>> fingerprint({"a.ttl": "sha256:00"}) == fingerprint({"b.ttl": "sha256:00"})
    False
    """
    lines = "".join(f"{name}\0{files[name]}\n" for name in sorted(files))
    return "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()


def source_files(graph_dir: Path | str) -> dict[str, str]:
    """``{file name: "sha256:…"}`` for the data files of ``graph_dir`` (empty if it has none)."""
    return {path.name: _sha256(path) for path in data_files(graph_dir)}


def _sha256(path: Path) -> str:
    with open(path, "rb") as file:  # in chunks: a data file may be large
        return "sha256:" + hashlib.file_digest(file, "sha256").hexdigest()


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write ``directory/manifest.json`` and flush it to disk."""
    with open(directory / MANIFEST_NAME, "w", encoding="utf-8") as out:
        out.write(manifest.to_json() + "\n")
        out.flush()
        os.fsync(out.fileno())


def read_manifest(directory: Path) -> Manifest:
    """The manifest of the store in ``directory``.

    Raises :class:`~honduras_kg.errors.StoreError` if it is missing or unreadable.
    """
    again = _load_again(directory)
    try:
        text = (directory / MANIFEST_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(
            f"the store in {directory} has no {MANIFEST_NAME}: it was not filled by "
            f"`honduras-kg load`, or that load did not finish; {again}"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise StoreError(f"cannot read {directory / MANIFEST_NAME} ({err}); {again}") from None
    try:
        return Manifest.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise StoreError(
            f"{directory / MANIFEST_NAME} is not a valid manifest ({err}); {again}"
        ) from None


def check_manifest(
    manifest: Manifest, *, directory: Path, held: Mapping[str, int], base: str
) -> None:
    """Refuse (:class:`~honduras_kg.errors.StoreError`) a store its manifest does not describe.

    ``held`` is what the store holds, triples per graph; ``base`` is the
    settings' base IRI.

    >>> m = Manifest(base="urn:x/", graphs={"urn:g": 2}, files={})
    >>> check_manifest(m, directory=Path("S"), held={"urn:g": 2}, base="urn:x/")
    >>> check_manifest(m, directory=Path("S"), held={"urn:g": 1}, base="urn:x/")
    Traceback (most recent call last):
    ...
    honduras_kg.errors.StoreError: the store in S does not hold what its manifest lists \
(<urn:g>: 1 triples, the manifest says 2): it is damaged, or was changed after it was \
loaded; load it again: honduras-kg load --store-path S
    """
    again = _load_again(directory)
    if manifest.format != FORMAT_VERSION:
        raise StoreError(
            f"the store in {directory} was written in store format {manifest.format} "
            f"(honduras-kg {manifest.version}); this honduras-kg ({__version__}) reads format "
            f"{FORMAT_VERSION}; {again}"
        )
    if manifest.base != base:
        raise StoreError(
            f"the store in {directory} was loaded with the base IRI {manifest.base}, but the "
            f"settings say {base}: serve it with HONDURAS_KG_BASE={manifest.base}, or {again}"
        )
    differences = _differences(manifest.graphs, held)
    if differences:
        raise StoreError(
            f"the store in {directory} does not hold what its manifest lists "
            f"({differences}): it is damaged, or was changed after it was loaded; {again}"
        )


def _differences(listed: Mapping[str, int], held: Mapping[str, int]) -> str:
    """The first few graphs whose counts differ, in words; ``""`` when none does."""
    names = sorted(set(listed) | set(held))
    wrong = [name for name in names if listed.get(name) != held.get(name)]

    def say(name: str) -> str:
        graph = f"<{name}>" if name else "the default graph"
        if name not in listed:
            return f"{graph}: {held[name]} triples, not in the manifest"
        return f"{graph}: {held.get(name, 0)} triples, the manifest says {listed[name]}"

    text = "; ".join(say(name) for name in wrong[:3])
    return text + (f"; and {len(wrong) - 3} more" if len(wrong) > 3 else "")


def changed_sources(manifest: Manifest, graph_dir: Path | str) -> list[str]:
    """The data files of ``graph_dir`` that differ from those the store was loaded from.

    Each as ``"people.ttl (changed)"``, ``"(added)"`` or ``"(removed)"``; empty
    when they are the same, or when ``graph_dir`` holds no data files (a
    server that has the store but not the checkout).
    """
    now = source_files(graph_dir) if Path(graph_dir).is_dir() else {}
    if not now:
        return []
    then = manifest.files
    found = []
    for name in sorted(set(now) | set(then)):
        if name not in then:
            found.append(f"{name} (added)")
        elif name not in now:
            found.append(f"{name} (removed)")
        elif now[name] != then[name]:
            found.append(f"{name} (changed)")
    return found


def _load_again(directory: Path) -> str:
    return f"load it again: honduras-kg load --store-path {directory}"

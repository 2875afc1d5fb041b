"""Where the curated data is: ``graph/`` and ``queries/``, installed or in a checkout.

The repository keeps ``graph/*.ttl`` and ``queries/*.rq`` at its top. The
wheel carries them as package data, in ``honduras_kg/data/graph`` and
``honduras_kg/data/queries``: ``pyproject.toml`` maps them there at build
time. An editable install (``pip install -e .``) copies nothing, so it reads
the checkout's own directories, and an edit to ``graph/`` is seen without
reinstalling. This module is the one place that tells the two apart.

The source texts that quotes are re-read from are never shipped: in a
checkout they sit in ``../shared/seeds`` beside it; an installed package has
none (:data:`SOURCES_DIR` is ``None``) unless a setting names a directory.
Without them the gate checks each quote against its anchor in
``graph/anchors.ttl``, which is shipped.

>>> {"ontology.ttl", "anchors.ttl"} <= {p.name for p in GRAPH_DIR.glob("*.ttl")}
True
>>> (QUERIES_DIR / "timeline.rq").is_file()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["CHECKOUT", "GRAPH_DIR", "PACKAGED", "QUERIES_DIR", "SOURCES_DIR", "locate"]

#: This package's own directory, where a built wheel puts ``graph/`` and ``queries/``.
#: Wheels install as plain files, so the resource root is a real directory.
PACKAGED = Path(str(resources.files(__name__)))


def _checkout() -> Path | None:
    # An editable install imports the package from <checkout>/src/honduras_kg;
    # pyproject.toml beside src/ says this is the repository, not site-packages.
    root = PACKAGED.resolve().parents[2]
    if PACKAGED.resolve().parents[1].name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


#: The repository checkout this package is imported from, or ``None`` when installed.
CHECKOUT = _checkout()


def locate(name: str) -> Path:
    """The data directory ``name`` (``"graph"`` or ``"queries"``).

    The installed copy if the wheel put one here, else the checkout's
    directory; when neither exists, the installed path, so that an error
    names where the data should have been.

    >>> locate("graph") == GRAPH_DIR
    True
    """
    packaged = PACKAGED / name
    if packaged.is_dir() or CHECKOUT is None:
        return packaged
    return CHECKOUT / name


#: The curated Turtle files (``graph/``).
GRAPH_DIR = locate("graph")

#: The named queries (``queries/``).
QUERIES_DIR = locate("queries")

#: The source texts, ``../shared/seeds`` beside a checkout; ``None`` when installed.
SOURCES_DIR = CHECKOUT.parent / "shared" / "seeds" if CHECKOUT else None

"""What the tests need from outside Python, and what happens when it is missing.

On a fresh machine the README's test command must pass as it stands: a test
that needs a Debian package or the source texts skips, naming what to install
or where to point. Under ``CI=true`` nothing may be skipped for that reason:
CI installs everything (``.ci/run``), so a missing piece is a failure there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["in_ci", "require"]


def in_ci() -> bool:
    """True when the tests run under CI (``CI=true``), where nothing may be missing."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def require(path: Path, what: str, how: str) -> None:
    """Skip the calling test (fail it under CI) unless ``path`` exists.

    ``what`` names the missing piece for the reader ("Debian's virtuoso-opensource"),
    ``how`` says how to get it ("apt-get install -y virtuoso-opensource").
    """
    if path.exists():
        return
    reason = f"{path} is missing: this test needs {what} ({how})"
    if in_ci():
        pytest.fail(f"{reason}; under CI=true it must be installed", pytrace=False)
    pytest.skip(reason)

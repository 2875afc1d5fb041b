"""A real browser for the page tests: Debian's Chromium, driven by Playwright.

One browser per test session (it costs a second or more to start), one live
server per module, one fresh page per test. Each page records every request
that leaves loopback and every console error; a test fails on either (see
:class:`Watched`). Without Debian's Chromium the tests skip, naming the
package (they fail under ``CI=true``: see ``tests/system.py``); without
Playwright, which the test extra installs, they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from honduras_kg.config import Settings

from ..system import require
from ..web.conftest import live_server

CHROMIUM = Path("/usr/bin/chromium")
#: Without the background-networking flags Chromium keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian's packages; a clear failure when it is missing."""
    require(CHROMIUM, "a headless browser, Debian's chromium", "apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A live server on the curated graph; its base URL."""
    with live_server(Settings()) as url:
        yield url


@dataclass
class Watched:
    """A browser page with what it asked of the network and said on its console."""

    page: object
    outside: list[tuple[str, str | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No request left loopback, nothing went wrong on the console, no dialog opened,
        and the page as it is now has no serious accessibility violation."""
        assert not self.outside, f"requests that left 127.0.0.1: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.dialogs, f"dialogs (script ran): {self.dialogs}"
        assert_accessible(self.page)


def watch(page) -> Watched:
    """Start recording ``page``'s outside requests, console errors and dialogs."""
    watched = Watched(page)

    def on_request(request) -> None:
        if urlsplit(request.url).hostname not in LOCAL_HOSTS and request.url.startswith("http"):
            watched.outside.append((request.url, None))

    def on_failed(request) -> None:
        for i, (url, _) in enumerate(watched.outside):
            if url == request.url:
                watched.outside[i] = (url, request.failure)

    def on_dialog(dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("dialog", on_dialog)
    return watched


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    """A fresh page (in a context of its own) for one test, watched (:class:`Watched`)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    seen = watch(page)
    yield seen
    context.close()


#: axe-core impacts a page may not have (the issue's bar: no serious or critical violation).
BLOCKING_IMPACTS = {"serious", "critical"}


def accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one line each.

    axe-core comes inside ``axe-playwright-python`` (the test extra), so nothing
    is fetched; it runs in the page as it is now, after whatever the test did.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}; "
        + ", ".join(str(node["target"]) for node in rule["nodes"][:5])
        for rule in results.response["violations"]
        if rule.get("impact") in BLOCKING_IMPACTS
    ]


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on ``page``."""
    violations = accessibility_violations(page)
    assert not violations, "accessibility violations:\n" + "\n".join(violations)


def screenshot(page, name: str) -> Path:
    """Keep a PNG of ``page`` in tests/artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="module")
def hostile_site(hostile_dir: Path) -> Iterator[str]:
    """A live server on the hostile fixture graph."""
    with live_server(Settings(graph_dir=hostile_dir, query_workers=1)) as url:
        yield url

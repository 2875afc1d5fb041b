"""The wheel carries the curated data: built, installed in a fresh venv, run from elsewhere.

The wheel is built as a PEP 517 front end would (``python -m build``): an
sdist from the checkout, then the wheel from the unpacked sdist, so both are
shown to carry ``graph/`` and ``queries/``. hatchling, the build backend, comes
with the test extras, so nothing is fetched. The wheel goes into a new venv
made without pip; that venv sees the test venv's site-packages through a
``.pth`` line, for the dependencies only: a directory named that way does not
have its own ``.pth`` files run, so the editable install's path to ``src/``
stays out, and the package is imported from the wheel's copy (checked).
Every command runs with a temporary directory as its working directory and
no ``HONDURAS_KG_*`` variable set.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph

from honduras_kg.stats import graph_stats

from .system import require

CHECKOUT = Path(__file__).resolve().parents[1]
SEEDS = CHECKOUT.parent / "shared" / "seeds"
GRAPH_FILES = sorted(p.name for p in (CHECKOUT / "graph").glob("*.ttl"))
QUERY_FILES = sorted(p.name for p in (CHECKOUT / "queries").glob("*.rq"))

#: Seconds the installed server may take to answer its first request.
SERVE_START = 60


@dataclass(frozen=True)
class Installed:
    """The built wheel and the venv it was installed into."""

    wheel: Path
    sdist_names: list[str]
    venv: Path
    cwd: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``honduras-kg ARGS`` from the venv, outside the checkout."""
        command = [str(self.venv / "bin" / "honduras-kg"), *args]
        return subprocess.run(
            command, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=120
        )


def _backend(hook: str, source: Path, out: Path) -> Path:
    """Call hatchling's PEP 517 ``hook`` in ``source``; the path of what it built."""
    code = f"import sys, hatchling.build as b; print(b.{hook}(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return out / done.stdout.strip().splitlines()[-1]


def _clean_env() -> dict[str, str]:
    """This process's environment without settings or paths that would point at the checkout."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    return {
        k: v for k, v in os.environ.items() if k not in drop and not k.startswith("HONDURAS_KG_")
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    sdist = _backend("build_sdist", CHECKOUT, root)
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        # Extraction filters came in 3.11.4; from 3.12 on, leaving one out is a warning.
        archive.extractall(root, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    wheel = _backend("build_wheel", root / names[0].split("/")[0], root)

    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (Path(site) / "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install"]
    subprocess.run([*pip, "--no-deps", "--no-index", "-q", wheel], check=True, capture_output=True)

    cwd = root / "elsewhere"
    cwd.mkdir()
    return Installed(wheel, names, venv, cwd, _clean_env())


def test_the_wheel_carries_graph_and_queries_and_no_source_texts(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = archive.namelist()
    data = "honduras_kg/data/"
    assert sorted(n.removeprefix(data + "graph/") for n in names if "/graph/" in n) == GRAPH_FILES
    assert sorted(n.removeprefix(data + "queries/") for n in names if "/queries/" in n) == (
        QUERY_FILES
    )
    assert "shapes.ttl" in GRAPH_FILES and "timeline.rq" in QUERY_FILES
    texts = {p.name for p in SEEDS.glob("*")} | {"harbour-report.txt", "harbour-rumour.txt"}
    assert not [n for n in names if Path(n).name in texts or "seeds" in n]
    assert not [n for n in names if n.startswith(("graph/", "queries/", "tests/", "src/"))]
    # The sdist keeps the repository's layout, so a wheel built from it has the data too.
    top = installed.sdist_names[0].split("/")[0]
    for name in GRAPH_FILES:
        assert f"{top}/graph/{name}" in installed.sdist_names
    for name in QUERY_FILES:
        assert f"{top}/queries/{name}" in installed.sdist_names


def test_the_venv_imports_the_wheel_not_the_checkout(installed: Installed) -> None:
    code = (
        "import json, honduras_kg, honduras_kg.data as d, honduras_kg.config as c; "
        "print(json.dumps([honduras_kg.__file__, str(d.GRAPH_DIR), str(d.QUERIES_DIR), "
        "str(c.Settings().graph_dir), str(d.CHECKOUT), str(c.Settings().sources_dir)]))"
    )
    done = subprocess.run(
        [installed.venv / "bin" / "python", "-c", code],
        cwd=installed.cwd,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    )
    module, graph_dir, queries_dir, setting, checkout, sources = json.loads(done.stdout)
    package = installed.venv.resolve()
    for path in (module, graph_dir, queries_dir, setting):
        assert Path(path).resolve().is_relative_to(package), path
    assert checkout == "None" and sources == "None"
    assert sorted(p.name for p in Path(graph_dir).glob("*.ttl")) == GRAPH_FILES


def test_stats_from_the_wheel_counts_the_curated_graph(
    installed: Installed, real_graph: Graph
) -> None:
    done = installed.run("stats", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    want = json.loads(json.dumps(asdict(graph_stats(real_graph))))
    assert got["triples"] == want["triples"] == len(real_graph) > 0
    assert got["entities"] == want["entities"] > 0
    assert got["claims"] == want["claims"] > 0
    assert got == want


def test_validate_from_the_wheel_checks_the_anchors_and_says_it_did_not_reread_the_quotes(
    installed: Installed,
) -> None:
    done = installed.run("validate")
    assert done.returncode == 0, done.stdout
    assert ": no problems." in done.stdout
    assert "an installed package has no source texts" in done.stdout
    assert "the quotes were not re-read against the source texts" in done.stdout
    assert "--sources DIR" in done.stdout and "HONDURAS_KG_SOURCES_DIR" in done.stdout


def test_validate_from_the_wheel_passes_against_the_source_texts(installed: Installed) -> None:
    require(SEEDS, "the source texts", "shared/seeds beside the checkout")
    done = installed.run("validate", "--sources", str(SEEDS))
    assert done.returncode == 0, done.stdout
    assert "no problems" in done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(installed: Installed) -> Iterator[str]:
    """``honduras-kg serve`` from the wheel on a free port; its base URL once it answers."""
    port = _free_port()
    log = installed.cwd / "serve.log"
    with log.open("w") as out:
        # Its own session, so that stopping it also stops its query workers.
        process = subprocess.Popen(
            [installed.venv / "bin" / "honduras-kg", "serve", "--port", str(port)],
            cwd=installed.cwd,
            env=installed.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group: the server and its query workers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had stopped already (the test reports why)
        pass
    process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVE_START
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve stopped:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    pytest.fail(f"serve did not answer within {SERVE_START} s:\n{log.read_text()}")


def _get(url: str, accept: str = "*/*") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def test_serve_from_the_wheel_answers(server: str, real_graph: Graph) -> None:
    status, body = _get(server + "/api/stats", "application/json")
    assert status == 200 and json.loads(body)["triples"] == len(real_graph)
    status, body = _get(server + "/")
    assert status == 200 and b"<html" in body.lower()
    status, body = _get(
        server + "/sparql?query=" + quote("ASK {}"), "application/sparql-results+json"
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    status, body = _get(server + "/api/queries", "application/json")
    assert status == 200 and len(json.loads(body)) == len(QUERY_FILES)

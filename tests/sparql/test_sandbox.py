"""Confinement: each case runs in a fresh interpreter (a namespace cannot be left again).

The module is loaded from its file, standard library only, so that the
unprivileged cases can run under the system's Python as ``nobody``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import honduras_kg.sparql.sandbox

SANDBOX = Path(honduras_kg.sparql.sandbox.__file__)
LINUX = sys.platform.startswith("linux")

#: Loads the sandbox (its source comes on standard input: the user ``nobody`` may not read the
#: checkout), confines itself as asked, tries to connect to a port, prints the outcome.
SCRIPT = """
import socket, sys, threading, time, types
sandbox = types.ModuleType("sandbox")
sys.modules["sandbox"] = sandbox
exec(compile(sys.stdin.read(), "sandbox.py", "exec"), sandbox.__dict__)
if sys.argv[2] == "threaded":
    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
confinement = sandbox.confine(isolate_network=True, memory=None)
print(confinement.network_isolated, confinement.network, sep="\\n")
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
    print("connected")
except OSError as err:
    print("refused:", err)
"""


def confined(python: str, port: int, *, threaded: bool = False, user: str | None = None):
    """Run the script; return (isolated?, what the sandbox said, what the connection did)."""
    mode = "threaded" if threaded else "single"
    done = subprocess.run(
        [python, "-c", SCRIPT, str(port), mode],
        input=SANDBOX.read_text(),
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
        user=user,
        check=True,
    )
    isolated, said, outcome = done.stdout.strip().splitlines()
    return isolated == "True", said, outcome


def python_for_nobody() -> str | None:
    """A Python that the user ``nobody`` may run (ours may sit in root's home)."""
    if not LINUX or os.geteuid() != 0:
        return None
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists():
            check = subprocess.run([candidate, "-c", "pass"], user="nobody", capture_output=True)
            if check.returncode == 0:
                return candidate
    return None


NOBODY_PYTHON = python_for_nobody()
needs_nobody = pytest.mark.skipif(
    NOBODY_PYTHON is None, reason="needs root, Linux and a Python that 'nobody' may run"
)


@pytest.mark.skipif(not LINUX, reason="network namespaces are Linux's")
def test_confine_cuts_the_process_off_the_network(listener):
    isolated, said, outcome = confined(sys.executable, listener.port)
    if not isolated:
        pytest.skip(f"this system refused the namespace: {said}")
    expected = "CLONE_NEWNET" if os.geteuid() == 0 else "CLONE_NEWUSER|CLONE_NEWNET"
    assert said == f"isolated (a namespace of its own: {expected})"
    assert outcome.startswith("refused") and "unreachable" in outcome
    assert listener.connections == 0


@needs_nobody
def test_an_unprivileged_process_gets_a_user_namespace_with_it(listener):
    isolated, said, outcome = confined(NOBODY_PYTHON, listener.port, user="nobody")
    if not isolated:
        pytest.skip(f"unprivileged user namespaces are off here: {said}")
    assert "CLONE_NEWUSER|CLONE_NEWNET" in said
    assert outcome.startswith("refused")
    assert listener.connections == 0


@needs_nobody
def test_when_the_namespace_is_refused_the_process_says_so_and_goes_on(listener):
    """A user namespace needs a single-threaded process: with two threads, unshare fails."""
    isolated, said, outcome = confined(NOBODY_PYTHON, listener.port, threaded=True, user="nobody")
    assert not isolated
    assert said.startswith("not isolated: unshare(CLONE_NEWUSER|CLONE_NEWNET) failed")
    assert outcome == "connected"
    assert listener.connections == 1


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is enforced on Linux")
def test_the_memory_limit_turns_a_large_allocation_into_memory_error():
    script = (
        "import resource, sys\n"
        f"sys.path.insert(0, {str(SANDBOX.parent)!r})\n"
        "import sandbox\n"
        "print(sandbox.confine(isolate_network=False, memory=512 * 1024**2).memory)\n"
        "from resource import RLIMIT_AS, RLIMIT_CORE, getrlimit\n"
        "print(getrlimit(RLIMIT_AS)[0], getrlimit(RLIMIT_CORE)[0])\n"
        "try:\n"
        "    bytearray(1024**3)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    said, limits, outcome = done.stdout.strip().splitlines()
    assert said == "address space limited to 512 MiB, no core dumps"
    assert limits == f"{512 * 1024**2} 0"
    assert outcome == "MemoryError"

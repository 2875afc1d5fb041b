"""Run ``honduras-kg`` in a child process, read what it prints, and see whether it is gone."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

HOOKS = Path(__file__).parent / "hooks"


class Child:
    """``honduras-kg ARGS`` (or a hook script of ``tests/hooks`` with ARGS) in a process."""

    def __init__(self, *args: str, hook: str | None = None) -> None:
        command = (
            [sys.executable, str(HOOKS / hook)] if hook else [sys.executable, "-m", "honduras_kg"]
        )
        self.process = subprocess.Popen(
            [*command, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            # Read standard error as it comes, so that a full pipe never blocks the child.
            threading.Thread(target=self._read_errors, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.end()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self._errors.extend(self.process.stderr)

    def wait_for(self, done: Callable[[list[str]], bool], timeout: float = 60) -> list[str]:
        """Read lines until ``done(lines)``; fail if the process ends or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        while not done(self.lines):
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"timed out; the child printed {self.lines}") from None
            if line is None:
                raise AssertionError(f"the child ended; it printed {self.lines} {self.stderr()}")
            self.lines.append(line)
        return self.lines

    def stderr(self) -> str:
        """Standard error so far (all of it once the process has ended)."""
        if self.process.poll() is not None:
            self._readers[1].join(timeout=5)
        return "".join(self._errors)

    def end(self, timeout: float = 20) -> int:
        """Wait for the process to end (killing it if it does not); its exit status."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"the child did not end within {timeout} s") from None
        finally:
            self.process.wait()
            for reader in self._readers:
                reader.join(timeout=5)
            for pipe in (self.process.stdout, self.process.stderr):
                if pipe is not None:
                    pipe.close()


def gone(pid: int, timeout: float = 10) -> bool:
    """Whether process ``pid`` has ended (a zombie counts as ended) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def kill_load_at(point: str, store_dir: Path, graph_dir: Path) -> None:
    """Run ``load`` into ``store_dir`` in a child, and SIGKILL it at ``point``.

    The points are those of ``tests/hooks/paused_load.py``.
    """
    args = (point, "load", "--store-path", str(store_dir), "--graph", str(graph_dir), "--no-gate")
    with Child(*args, hook="paused_load.py") as child:
        child.wait_for(lambda lines: "paused" in lines)
        child.process.send_signal(signal.SIGKILL)
        assert child.end() == -signal.SIGKILL

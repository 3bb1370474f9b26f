"""Runs the real emulator as a child process on a free port, as a user would start it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType


class EmulatorProcess:
    """``connect-emulator serve`` in a child process; ``url`` is known once it listens."""

    def __init__(
        self,
        *args: str,
        data_dir: Path | None = None,
        start_timeout: float = 30,
        env: dict[str, str] | None = None,
    ) -> None:
        self._args = list(args)
        self._extra_env = env or {}
        self._scratch = tempfile.TemporaryDirectory(prefix="connect-emulator-test-")
        self.data_dir = data_dir or Path(self._scratch.name) / "data"
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(self._scratch.name) / "server.log"
        self.url = ""

    def start(self) -> EmulatorProcess:
        ready = Path(self._scratch.name) / "ready"
        ready.unlink(missing_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_EMULATOR_")}
        env.update(self._extra_env)
        command = [
            sys.executable,
            "-m",
            "connect_emulator",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
            "--ready-file",
            str(ready),
            *self._args,
        ]
        # The child keeps its own copy of the descriptor; ours is closed at once.
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if ready.exists() and ready.read_text().strip():
                self.url = ready.read_text().strip()
                self._wait_healthy(deadline)
                return self
            if self._process.poll() is not None:
                raise RuntimeError(f"emulator exited at start:\n{self.log()}")
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"emulator did not start in time:\n{self.log()}")

    def _wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_emulator/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"emulator never became healthy:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what a crash looks like."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def close(self) -> None:
        self.stop()
        self._scratch.cleanup()

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

"""Starting and stopping the three servers under test, each pinned to core 0.

Every server is a child process of the benchmark, started on a free loopback port, stopped
with SIGTERM (SIGKILL after ten seconds) by its own pid. Start-up time is measured from just
before the process is spawned until it is ready: its ready file written (the emulator, the
ceiling), then its first successful HTTP answer.
"""

from __future__ import annotations

import ctypes
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.signing import Key

ROOT = Path(__file__).resolve().parent.parent
SERVER_CORE = "0"
EMULATOR = ROOT / ".venv" / "bin" / "connect-emulator"
MOTO_SERVER = ROOT / "bench" / ".venv" / "bin" / "moto_server"
_START_TIMEOUT = 120.0
_PR_SET_PDEATHSIG = 1


class ServerError(RuntimeError):
    pass


@dataclass(slots=True)
class Server:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""
    ready_file_seconds: float | None = None  # spawn -> ready file written
    ready_seconds: float = 0.0  # spawn -> first good HTTP answer
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    def memory_kib(self) -> dict[str, int]:
        """VmRSS (resident now) and VmHWM (peak resident) from /proc/<pid>/status."""
        found: dict[str, int] = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _die_with_parent() -> None:
    """In the child: SIGTERM when the benchmark dies, so no server outlives it."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _spawn(name: str, command: list[str], workdir: Path) -> tuple[Server, float]:
    log = workdir / f"{name}.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["taskset", "-c", SERVER_CORE, *command],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads run while servers start)
        )
    return Server(name, process, log), started


def _wait_for_file(server: Server, ready_file: Path, started: float) -> None:
    while time.monotonic() - started < _START_TIMEOUT:
        if ready_file.exists() and ready_file.read_text().endswith("\n"):
            server.ready_file_seconds = time.monotonic() - started
            server.url = ready_file.read_text().strip()
            return
        if server.process.poll() is not None:
            break
        time.sleep(0.002)
    server.stop()
    raise ServerError(f"{server.name} did not start:\n{server.log_tail()}")


def _wait_for_http(server: Server, path: str, started: float) -> None:
    while time.monotonic() - started < _START_TIMEOUT:
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as answer:
                if answer.status == 200:
                    server.ready_seconds = time.monotonic() - started
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:  # anything but a server error means it serves
                server.ready_seconds = time.monotonic() - started
                return
        except OSError:
            pass
        if server.process.poll() is not None:
            break
        time.sleep(0.002)
    server.stop()
    raise ServerError(f"{server.name} did not answer:\n{server.log_tail()}")


def start_ceiling(workdir: Path) -> Server:
    ready = workdir / "ceiling.url"
    ready.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.ceiling", "--port", "0", "--ready-file", str(ready)]
    server, started = _spawn("ceiling", command, workdir)
    _wait_for_file(server, ready, started)
    _wait_for_http(server, "/instance", started)
    return server


def write_credentials(key: Key, workdir: Path) -> Path:
    path = workdir / "credentials.json"
    path.write_text(json.dumps(key.credentials_document()), encoding="utf-8")
    return path


EMULATOR_SHIPPED = "connect-emulator"
EMULATOR_UVLOOP = "connect-emulator+uvloop"


def start_emulator(
    data_dir: Path, credentials: Path, workdir: Path, *, variant: str = EMULATOR_SHIPPED
) -> Server:
    """connect-emulator as documented: SQLite in ``data_dir``, signatures verified.

    ``variant`` EMULATOR_UVLOOP runs the same command on uvloop
    (bench/loop_server.py).
    """
    ready = workdir / "emulator.url"
    ready.unlink(missing_ok=True)
    program = (
        [str(EMULATOR)]
        if variant == EMULATOR_SHIPPED
        else [str(ROOT / ".venv" / "bin" / "python"), "-m", "bench.loop_server", "uvloop"]
    )
    command = [
        *program,
        "serve",
        "--port",
        "0",
        "--data-dir",
        str(data_dir),
        "--credentials",
        str(credentials),
        "--limits",
        "dev",
        "--log-level",
        "warning",
        "--provisioning-delay",
        "0",
        "--ready-file",
        str(ready),
    ]
    server, started = _spawn(variant, command, workdir)
    _wait_for_file(server, ready, started)
    _wait_for_http(server, "/_emulator/health", started)
    return server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_moto(workdir: Path) -> Server:
    if not MOTO_SERVER.exists():
        raise ServerError(f"{MOTO_SERVER} is missing: run bench/setup")
    port = _free_port()
    command = [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)]
    server, started = _spawn("moto", command, workdir)
    server.url = f"http://127.0.0.1:{port}"
    _wait_for_http(server, "/moto-api/", started)
    return server

"""What the numbers were measured on, and how busy the rest of the machine was meanwhile.

A 2-core machine shared with other work gives noisy figures. Every measurement records the
CPU that processes other than the server used on the server's core (``other_cpu_pct``) and
the time the hypervisor took from that core (``steal_pct``), so a disturbed figure shows.
"""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.servers import MOTO_SERVER, ROOT, SERVER_CORE
from bench.wrk import wrk_version

_TICKS = os.sysconf("SC_CLK_TCK")


def _core_ticks(core: str) -> tuple[int, int, int]:
    """(user+nice+system, steal, all) ticks of one core, from /proc/stat."""
    for line in Path("/proc/stat").read_text().splitlines():
        fields = line.split()
        if fields[0] == f"cpu{core}":
            user, nice, system, _idle, _iowait, _irq, _softirq, steal = map(int, fields[1:9])
            return user + nice + system, steal, sum(map(int, fields[1:9]))
    raise RuntimeError(f"no cpu{core} in /proc/stat")


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads), from /proc/<pid>/stat."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _machine_ticks() -> tuple[int, int]:
    """(busy, all) ticks of the whole machine, from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, fields[1:9])
    total = user + nice + system + idle + iowait + irq + softirq + steal
    return total - idle - iowait, total


def settle(limit_seconds: float, below_pct: float = 10.0, window: float = 0.3) -> float:
    """Waits (at most ``limit_seconds``) for a moment the machine is nearly idle.

    Returns the CPU use (% of all cores) of the last window looked at.
    """
    deadline = time.monotonic() + limit_seconds
    while True:
        busy, total = _machine_ticks()
        time.sleep(window)
        busy_now, total_now = _machine_ticks()
        used = 100 * (busy_now - busy) / max(total_now - total, 1)
        if used < below_pct or time.monotonic() >= deadline:
            return round(used, 1)


class CoreWatch:
    """CPU use on the server's core between ``start`` and ``stop``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._core = _core_ticks(SERVER_CORE)
        self._process = process_cpu_seconds(pid)
        self.server_cpu_seconds = 0.0
        self.other_cpu_pct = 0.0
        self.steal_pct = 0.0

    def stop(self) -> CoreWatch:
        busy, steal, total = _core_ticks(SERVER_CORE)
        self.server_cpu_seconds = process_cpu_seconds(self.pid) - self._process
        elapsed = max(total - self._core[2], 1)
        other = (busy - self._core[0]) - self.server_cpu_seconds * _TICKS
        self.other_cpu_pct = round(max(0.0, 100 * other / elapsed), 1)
        self.steal_pct = round(100 * (steal - self._core[1]) / elapsed, 1)
        return self


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


def _moto_version() -> str:
    python = MOTO_SERVER.parent / "python"
    found = subprocess.run(
        [str(python), "-c", "import moto; print(moto.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "missing"


def _git(*args: str) -> str:
    found = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return found.stdout.strip()


def describe_source() -> dict[str, object]:
    """The commit measured, its src/ tree, and the files of src/ that differ from it."""
    return {
        "commit": _git("rev-parse", "--short", "HEAD"),
        "src_tree": _git("rev-parse", "--short", "HEAD:src"),
        "uncommitted_src_changes": _git("status", "--porcelain", "--", "src").splitlines(),
    }


def describe_machine() -> dict[str, object]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "server_core": SERVER_CORE,
        "versions": {
            "connect-emulator": _package("connect-emulator"),
            "uvicorn": _package("uvicorn"),
            "uvloop": _package("uvloop"),
            "httptools": _package("httptools"),
            "botocore": _package("botocore"),
            "moto": _moto_version(),
            "wrk": wrk_version(),
        },
    }

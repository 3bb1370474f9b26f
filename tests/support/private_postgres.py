"""A PostgreSQL cluster of one test's own: made in a temporary directory with ``initdb``, on a
free port, and removed afterwards, so that the test may stop and start its database.

The machine's PostgreSQL (``tests/support/postgres.py``) is shared by every other test, and
by other people's runs on the same machine: restarting it would fail theirs. The server
programs are found in ``CONNECT_EMULATOR_TEST_PG_BIN``, else beside ``pg_ctl`` on the PATH, else
in ``/usr/lib/postgresql/<version>/bin`` (Debian and Ubuntu), newest first. ``initdb`` refuses
to run as root, so under root the cluster runs as the ``postgres`` user.

Without the programs the tests skip, saying how to run them; with ``CI`` set they fail, as the
other PostgreSQL tests do.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

import pytest

BIN_ENV = "CONNECT_EMULATOR_TEST_PG_BIN"
# Read at import: the tests' clean-environment fixture removes CONNECT_EMULATOR_* variables.
_CONFIGURED_BIN = os.environ.get(BIN_ENV)
_IN_CI = bool(os.environ.get("CI"))
_PROGRAMS = ("initdb", "pg_ctl")
# pg_ctl waits for the server to have started or stopped, at most this long.
_PG_CTL_SECONDS = 30
_WAIT = ("-w", "-t", str(_PG_CTL_SECONDS))


def find_programs() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, if there is one."""
    candidates = []
    if _CONFIGURED_BIN:
        candidates.append(Path(_CONFIGURED_BIN))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += versions
    for directory in candidates:
        if all(os.access(directory / program, os.X_OK) for program in _PROGRAMS):
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """One cluster, trust authentication for the user ``postgres`` on 127.0.0.1 only."""

    def __init__(self, programs: Path) -> None:
        self._programs = programs
        # Under root, everything of the cluster's belongs to the postgres user.
        self._user = "postgres" if os.geteuid() == 0 else None
        # Not under pytest's tmp_path: its parent directories are private to the test's user.
        self.directory = Path(tempfile.mkdtemp(prefix="connect-emulator-pg-"))
        if self._user is not None:
            account = pwd.getpwnam(self._user)
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self.data = self.directory / "data"
        self.log_path = self.directory / "postgres.log"
        self.port = _free_port()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        # -N: no fsync of the new files; nothing here must survive a crash of the machine.
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-N",
            "--encoding=UTF8",
            "--locale=C",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                # Its own socket directory: nothing shared with the machine's cluster.
                f"unix_socket_directories = '{self.directory}'\n"
                # A clean stop checkpoints everything: a restart loses nothing without fsync,
                # and the load does not wait on the disk the other tests share.
                "fsync = off\n"
            )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), *_WAIT, "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast``: every session ended and rolled back, then a checkpoint; as a service stop."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, *_WAIT, "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError, OSError):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _run(self, program: str, *args: str) -> None:
        command = [str(self._programs / program), *args]
        done = subprocess.run(
            command,
            check=False,  # the failure is raised below, with the output and the log
            capture_output=True,
            text=True,
            timeout=_PG_CTL_SECONDS + 30,
            user=self._user,
            cwd=self.directory,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n"
                f"{self.log()}"
            )


def _unavailable(message: str) -> NoReturn:
    if _IN_CI:
        pytest.fail(f"CI is set but {message}", pytrace=False)
    pytest.skip(message)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """A started cluster, removed afterwards; a skip (a failure in CI) when none can be made."""
    programs = find_programs()
    if programs is None:
        _unavailable(
            "the PostgreSQL server programs (initdb, pg_ctl) are not installed; install them "
            f"(Debian: postgresql) or set {BIN_ENV} to their directory"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root, and there is no postgres user to run initdb as")
    cluster = PrivateCluster(programs)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()

"""The emulator inside your own test process: no child process, no port to choose.

    from connect_emulator.testing import emulator

    with emulator() as emu:
        connect = emu.client()                      # a boto3 Connect client, ready to use
        created = connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="my-test-centre",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
        emu.control.set_lifecycle("000000000000", "manual")   # the control API
        emu.endpoint                                # "http://127.0.0.1:<free port>"

The server runs uvicorn on an event loop of its own in a daemon thread, in memory, on a free
loopback port, with instant provisioning and deletion. Leaving the ``with`` block stops it and
waits for its thread: nothing is left running and no socket stays open.

boto3 is not a dependency of connect-emulator: ``client()`` imports it when called.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import uvicorn

from connect_emulator.app import build_emulator
from connect_emulator.config import DEFAULT_DATA_DIR, DEFAULT_MAX_BODY_BYTES, Settings
from connect_emulator.control import ControlClient
from connect_emulator.server import bind, loop_factory, serve_on, url_of, uvicorn_config

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_connect.type_defs import InstanceTypeDef

__all__ = [
    "DEFAULT_ACCOUNT",
    "TEST_ACCESS_KEY",
    "TEST_SECRET_KEY",
    "EmulatorNotRunning",
    "RunningEmulator",
    "emulator",
    "wait_for_status",
]

# Any well-formed signature is accepted (unless the emulator is given a credentials_file).
# A key id that is not 12 digits is this account.
TEST_ACCESS_KEY = "test"
TEST_SECRET_KEY = "test"
DEFAULT_ACCOUNT = "000000000000"

_ACCOUNT = re.compile(r"\d{12}")

_SESSION_LOCK = threading.Lock()
_SESSION: Any = None


class EmulatorNotRunning(RuntimeError):
    """The emulator did not start, or stopped on its own."""


class RunningEmulator:
    """An emulator served from a thread of this process; a context manager.

    ``emulator(...)`` makes one; ``start()``/``stop()`` do what ``with`` does, for test
    frameworks that set up and tear down in separate methods (unittest's ``setUpClass``).
    """

    def __init__(self, settings: Settings, *, start_timeout: float = 10.0) -> None:
        self.settings = settings
        self._start_timeout = start_timeout
        self._endpoint: str | None = None
        self._control: ControlClient | None = None
        self._server: uvicorn.Server | None = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    # Where it is

    @property
    def endpoint(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:40123``: give it to any AWS client."""
        if self._endpoint is None:
            raise EmulatorNotRunning("The emulator is not running: use it inside `with`.")
        return self._endpoint

    @property
    def control(self) -> ControlClient:
        """The control API: reset, time travel, lifecycle pacing, failures and faults."""
        if self._control is None:
            raise EmulatorNotRunning("The emulator is not running: use it inside `with`.")
        return self._control

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # Clients

    def client(
        self, region: str = "us-east-1", account: str | None = None, **config: Any
    ) -> ConnectClient:
        """A boto3 Connect client for this emulator.

        ``account`` (12 digits) becomes the access key id, which the emulator takes as the
        account; without it the client is account ``000000000000``. Keyword arguments go to
        ``botocore.config.Config``, e.g. ``retries={"mode": "standard", "max_attempts": 3}``
        or ``parameter_validation=False``.
        """
        if account is not None and not _ACCOUNT.fullmatch(account):
            raise ValueError(f"account must be 12 digits, not {account!r}")
        try:
            import boto3  # noqa: PLC0415 (boto3 is optional: only this method needs it)
            from botocore.config import Config  # noqa: PLC0415
        except ImportError as error:
            raise ModuleNotFoundError(
                "RunningEmulator.client() needs boto3, which connect-emulator does not "
                "install: pip install boto3"
            ) from error
        endpoint = self.endpoint
        # One session for every client of every emulator: a new session reads the service
        # model again (a quarter of a second). Sessions are not thread-safe: hence the lock.
        with _SESSION_LOCK:
            global _SESSION  # noqa: PLW0603
            if _SESSION is None:
                _SESSION = boto3.session.Session()
            session: boto3.session.Session = _SESSION
            return session.client(
                "connect",
                endpoint_url=endpoint,
                region_name=region,
                aws_access_key_id=account or TEST_ACCESS_KEY,
                aws_secret_access_key=TEST_SECRET_KEY,
                config=Config(**config),
            )

    def reset(self) -> None:
        """Forgets every instance, token and control (lifecycle, failures, faults, clock)."""
        self.control.reset()

    # Life

    def start(self) -> RunningEmulator:
        if self._thread is not None:
            raise RuntimeError("This emulator has already been started.")
        sock = bind(self.settings.host, self.settings.port)
        try:
            emulator = build_emulator(self.settings)
        except BaseException:
            sock.close()
            raise
        config = uvicorn_config(emulator, own_logging=False)
        self._server = _Server(config)
        self._socket = sock
        self._thread = threading.Thread(
            target=self._serve,
            args=(self._server, self._socket),
            name=f"connect-emulator {url_of(self._socket)}",
            daemon=True,
        )
        self._thread.start()
        if not self._ready.wait(self._start_timeout):
            self.stop()
            raise EmulatorNotRunning(f"The emulator did not start in {self._start_timeout} s.")
        if self._failure is not None or not self._server.started:
            failure, self._failure = self._failure, None
            self.stop()
            raise EmulatorNotRunning("The emulator failed to start.") from failure
        self._endpoint = url_of(self._socket)
        self._control = ControlClient(self._endpoint, token=self.settings.control_token)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stops serving and waits for the thread; the socket is closed when this returns."""
        thread, server, sock = self._thread, self._server, self._socket
        self._endpoint = None
        self._control = None
        if thread is None or server is None or sock is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        sock.close()
        if thread.is_alive():
            raise EmulatorNotRunning(f"The emulator's thread did not stop in {2 * timeout} s.")
        failure, self._failure = self._failure, None
        if failure is not None:
            raise EmulatorNotRunning("The emulator's server failed while it ran.") from failure

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            with asyncio.Runner(loop_factory=loop_factory()) as runner:
                runner.run(serve_on(server, sock, self._ready.set))
        except BaseException as error:  # reported by start() or stop()
            self._failure = error
        finally:
            self._ready.set()

    def __enter__(self) -> RunningEmulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._endpoint or "not running"
        return f"<RunningEmulator {where}>"


def emulator(
    *,
    provisioning_delay: float = 0.0,
    deletion_delay: float = 0.0,
    seed: int | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    data_dir: str | Path | None = None,
    control_token: str | None = None,
    directories_file: str | Path | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    start_timeout: float = 10.0,
    **settings: Any,
) -> RunningEmulator:
    """An emulator to run in this process: ``with emulator() as emu: ...``.

    The defaults suit tests: in memory (``data_dir`` keeps state in SQLite there instead),
    a free loopback port, and instances that become ACTIVE, or gone after DeleteInstance,
    on the lifecycle worker's next step. ``seed`` makes ids and injected faults reproducible.
    Any other field of ``connect_emulator.config.Settings`` can be given too, e.g.
    ``limits_profile="aws"`` or ``credentials_file=...``.
    """
    configured = Settings(
        host=host,
        port=port,
        in_memory=data_dir is None,
        provisioning_delay=provisioning_delay,
        deletion_delay=deletion_delay,
        seed=seed,
        control_token=control_token,
        directories_file=None if directories_file is None else Path(directories_file),
        max_body_bytes=max_body_bytes,
        data_dir=DEFAULT_DATA_DIR if data_dir is None else Path(data_dir),
        **settings,
    )
    return RunningEmulator(configured, start_timeout=start_timeout)


def wait_for_status(
    client: ConnectClient,
    instance_id: str,
    status: str = "ACTIVE",
    *,
    timeout: float = 10.0,
    interval: float = 0.02,
) -> InstanceTypeDef:
    """Polls DescribeInstance until the instance has ``status``; returns the instance.

    Raises ``TimeoutError`` naming the last status seen. Provisioning is asynchronous in the
    emulator as in AWS, even with no delay: right after CreateInstance an instance is
    CREATION_IN_PROGRESS.
    """
    deadline = time.monotonic() + timeout
    while True:
        instance = client.describe_instance(InstanceId=instance_id)["Instance"]
        seen = instance.get("InstanceStatus")
        if seen == status:
            return instance
        if time.monotonic() >= deadline:
            raise TimeoutError(f"instance {instance_id} is {seen}, not {status}, after {timeout} s")
        time.sleep(interval)


class _Server(uvicorn.Server):
    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn ends a failed start with sys.exit(). A SystemExit escapes asyncio's task
        # machinery and leaves a task whose exception is never retrieved: its finalizer then
        # runs during some later garbage collection of the test process. An Exception does not.
        try:
            await super().serve(sockets)
        except SystemExit as error:
            raise RuntimeError(f"uvicorn stopped with exit status {error.code}") from None

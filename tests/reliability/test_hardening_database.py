"""A PostgreSQL that stops answering (issue 14): a TCP proxy between the server and the
database stops forwarding, as a network partition or a frozen database host would. Every
database wait is bounded, so requests fail promptly with InternalServiceException in the AWS
shape instead of hanging (health is answered throughout); the outage is logged once with its
traceback, then as counts; and service resumes by itself once the database answers again."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.integration.helpers import create
from tests.support.postgres import require_server
from tests.support.server import EmulatorProcess

# Short bounds for the test (the defaults are 5 s): a statement may take 1 s, connecting 2 s.
BOUNDS = "connect_timeout=2&options=-c%20statement_timeout%3D1000"


class FreezableProxy:
    """Forwards TCP connections to ``target`` until frozen; frozen, it keeps every connection
    open and accepts new ones, but passes no byte either way until thawed."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._forwarding = threading.Event()
        self._forwarding.set()
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        self._forwarding.clear()

    def thaw(self) -> None:
        self._forwarding.set()

    def close(self) -> None:
        self._closed.set()
        self._forwarding.set()
        self._listener.close()
        for sock in self._sockets:
            with suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(0.1)
        while not self._closed.is_set():
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                data = b""
            while not self._forwarding.is_set() and not self._closed.is_set():
                time.sleep(0.05)  # frozen: hold what came (and the end of the stream)
            if not data:
                with suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)
                return
            try:
                sink.sendall(data)
            except OSError:
                return


@pytest.fixture
def database_url() -> Iterator[str]:
    with require_server().database() as url:
        yield url


def via(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0] + "@" if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{port}", query=BOUNDS))


def health(url: str) -> int:
    with urllib.request.urlopen(url + "/_emulator/health", timeout=20) as reply:
        return int(reply.status)


def test_a_database_that_stops_answering_fails_requests_promptly_then_recovers(
    database_url: str,
) -> None:
    target = urlsplit(database_url)
    proxy = FreezableProxy((target.hostname or "127.0.0.1", target.port or 5432))
    server = EmulatorProcess(
        "--database-url", via(database_url, proxy.port), "--provisioning-delay", "0"
    )
    try:
        server.start()
        connect = boto3.client(
            "connect",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            # Long enough to tell a bounded wait from a hang; no retries to blur it.
            config=Config(read_timeout=30, retries={"total_max_attempts": 1}),
        )
        instance_id = create(connect)["Id"]

        proxy.freeze()
        waits = []
        for _ in range(3):
            started = time.monotonic()
            with pytest.raises(ClientError) as failure:
                connect.describe_instance(InstanceId=instance_id)
            assert failure.value.response["Error"]["Code"] == "InternalServiceException"
            assert failure.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
            waits.append(time.monotonic() - started)
            assert waits[-1] < 15
            assert health(server.url) == 200  # the event loop is not stuck on the database
        time.sleep(2.5)  # an outage long enough to be reported as counts

        proxy.thaw()
        thawed = time.monotonic()
        deadline = thawed + 20
        while True:
            try:
                described = connect.describe_instance(InstanceId=instance_id)
                break
            except ClientError:
                assert time.monotonic() < deadline, "service did not resume with the database"
                time.sleep(0.1)
        assert described["Instance"]["Id"] == instance_id
        resumed = time.monotonic() - thawed
        assert create(connect)["Id"]

        log = server.log()
        # One logged failure with its traceback (a chained exception prints more than one
        # "Traceback" header inside that one record), then counts, then the recovery.
        assert log.count("database unavailable (") == 1, log
        assert log.count(" ERROR ") == 1, log
        assert "database unavailable" in log
        assert "database still unavailable" in log
        assert "database is back" in log
        print(
            "database hang (statement_timeout 1 s): failed requests answered 500 after "
            + ", ".join(f"{wait:.2f}" for wait in waits)
            + f" s; served again {resumed:.2f} s after the database; 1 traceback, "
            f"{log.count('database still unavailable')} count lines"
        )
    finally:
        server.close()
        proxy.close()

"""SigV4-signed raw HTTP requests, built once in Python and replayed by wrk.

Requests look like boto3's own (the same headers, the same JSON body with a ``ClientToken``),
signed by botocore's ``SigV4Auth``. A signature stays acceptable for five minutes (the
server's clock-skew window) and carries no nonce, so one signed DescribeInstance can be
replayed for minutes; every CreateInstance needs its own alias, hence its own signature (and
every CreateQueue its own Name).

Signing costs ~100 us per request, so large pools are signed by two processes.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGION = "us-east-1"
# What boto3 1.44.5 sends, so every server parses a realistic header block.
USER_AGENT = (
    "Boto3/1.44.5 md/Botocore#1.44.5 ua/2.1 os/linux md/arch#x86_64 lang/python#3.11 "
    "md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.44.5"
)
# A signature is accepted for five minutes of clock skew; every measurement is signed just
# before it starts and lasts less than this.
MAX_REPLAY_SECONDS = 240
_PARALLEL_ABOVE = 4000


@dataclass(frozen=True, slots=True)
class Key:
    access_key_id: str
    secret_access_key: str
    account_id: str

    @staticmethod
    def generate(account_id: str) -> Key:
        return Key("AKIDBENCH" + secrets.token_hex(6).upper(), secrets.token_hex(20), account_id)

    def credentials_document(self) -> dict[str, dict[str, str]]:
        """This key as a ``connect-emulator serve --credentials`` file."""
        return {
            self.access_key_id: {
                "secret_access_key": self.secret_access_key,
                "account_id": self.account_id,
            }
        }


def _uuid() -> str:
    return str(uuid.UUID(bytes=os.urandom(16), version=4))


class Signer:
    """Signs requests for one server (its ``host:port`` is part of every signature)."""

    def __init__(self, key: Key, host: str) -> None:
        self.key = key
        self.host = host
        self._auth = SigV4Auth(
            Credentials(key.access_key_id, key.secret_access_key), "connect", REGION
        )

    def describe(self, instance_id: str) -> bytes:
        return self.raw("GET", f"/instance/{quote(instance_id, safe='')}")

    def list(self, next_token: str | None = None) -> bytes:
        query = "" if next_token is None else f"?nextToken={quote(next_token, safe='')}"
        return self.raw("GET", "/instance" + query)

    def create(self, alias: str) -> bytes:
        body = {
            "IdentityManagementType": "CONNECT_MANAGED",
            "InstanceAlias": alias,
            "InboundCallsEnabled": True,
            "OutboundCallsEnabled": True,
            "ClientToken": _uuid(),  # boto3 fills the idempotency token in by itself
        }
        return self.raw("PUT", "/instance", json.dumps(body).encode())

    def describe_queue(self, instance_id: str, queue_id: str) -> bytes:
        return self.raw("GET", f"/queues/{quote(instance_id, safe='')}/{quote(queue_id, safe='')}")

    def list_queues(self, instance_id: str, max_results: int) -> bytes:
        path = f"/queues-summary/{quote(instance_id, safe='')}?maxResults={max_results}"
        return self.raw("GET", path)

    def create_queue(self, instance_id: str, body: Mapping[str, Any]) -> bytes:
        """CreateQueue has no ClientToken: ``body`` is all of it (Name, HoursOfOperationId, ...)."""
        return self.raw("PUT", f"/queues/{quote(instance_id, safe='')}", json.dumps(body).encode())

    def raw(self, method: str, path_and_query: str, body: bytes | None = None) -> bytes:
        """The request as bytes on the wire, signed now."""
        headers = {"Content-Type": "application/json"} if body is not None else {}
        headers["User-Agent"] = USER_AGENT
        request = AWSRequest(
            method=method, url=f"http://{self.host}{path_and_query}", data=body, headers=headers
        )
        self._auth.add_auth(request)
        # Added after signing, as botocore does: neither is signed.
        request.headers["amz-sdk-invocation-id"] = _uuid()
        request.headers["amz-sdk-request"] = "attempt=1; max=3"
        if body is not None:
            request.headers["Content-Length"] = str(len(body))
        lines = [f"{method} {path_and_query} HTTP/1.1", f"Host: {self.host}"]
        lines.extend(f"{name}: {value}" for name, value in request.headers.items())
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


def _sign_creates(key: Key, host: str, aliases: Sequence[str]) -> list[bytes]:
    signer = Signer(key, host)
    return [signer.create(alias) for alias in aliases]


def create_pool(key: Key, host: str, aliases: Sequence[str]) -> list[bytes]:
    """One signed CreateInstance per alias; big pools are signed on both cores."""
    if len(aliases) < _PARALLEL_ABOVE:
        return _sign_creates(key, host, aliases)
    half = len(aliases) // 2
    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = pool.map(_sign_creates, [key, key], [host, host], [aliases[:half], aliases[half:]])
        return [request for part in parts for request in part]


def _sign_queue_creates(
    key: Key, host: str, instance_id: str, template: Mapping[str, Any], names: Sequence[str]
) -> list[bytes]:
    signer = Signer(key, host)
    return [signer.create_queue(instance_id, {"Name": name, **template}) for name in names]


def queue_create_pool(
    key: Key, host: str, instance_id: str, template: Mapping[str, Any], names: Sequence[str]
) -> list[bytes]:
    """One signed CreateQueue per name (``template`` gives the other members), as create_pool."""
    if len(names) < _PARALLEL_ABOVE:
        return _sign_queue_creates(key, host, instance_id, template, names)
    half = len(names) // 2
    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = pool.map(
            _sign_queue_creates,
            [key, key],
            [host, host],
            [instance_id, instance_id],
            [template, template],
            [names[:half], names[half:]],
        )
        return [request for part in parts for request in part]


def write_pool(path: Path, requests: Iterable[bytes]) -> int:
    """Writes requests for bench/replay.lua: each one followed by a NUL byte."""
    count = 0
    with path.open("wb") as out:
        for request in requests:
            out.write(request)
            out.write(b"\0")
            count += 1
    return count

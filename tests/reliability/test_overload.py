"""Far more concurrent connections than the server can serve at once: it stays up, answers
(or sheds) every one cleanly, and serves normally once the load is gone."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from urllib.parse import urlsplit

from tests.reliability.wire import request_bytes
from tests.support.server import EmulatorProcess

CONNECTIONS = 600


async def one(host: str, port: int, raw: bytes) -> int | str:
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 20)
        writer.write(raw)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        writer.close()
        return int(head.split(b" ", 2)[1])
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
        return type(error).__name__


async def storm(url: str) -> list[int | str]:
    target = urlsplit(url)
    raw = request_bytes("GET", b"/instance/00000000-0000-4000-8000-000000000000")
    host, port = target.hostname or "127.0.0.1", target.port or 80
    return await asyncio.gather(*(one(host, port, raw) for _ in range(CONNECTIONS)))


def test_a_connection_storm_is_answered_and_the_server_recovers(
    abused_server: EmulatorProcess,
) -> None:
    started = time.monotonic()
    outcomes = asyncio.run(storm(abused_server.url))
    elapsed = time.monotonic() - started
    statuses = [o for o in outcomes if isinstance(o, int)]
    # Every connection got its answer: the unknown instance's 404; never a 5xx.
    assert statuses.count(404) == CONNECTIONS, sorted({str(o) for o in outcomes})
    assert elapsed < 60
    print(f"connection storm: {CONNECTIONS} connections at once, all answered in {elapsed:.1f} s")
    with urllib.request.urlopen(abused_server.url + "/_emulator/health", timeout=5) as reply:
        assert reply.status == 200

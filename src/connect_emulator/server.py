"""Runs an emulator on a socket with uvicorn: the command line and the test harness share it.

The socket is bound here, not by uvicorn, so port 0 works: the real port is known before the
server starts serving.
"""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import Callable, Coroutine
from typing import Any

import uvicorn
import uvicorn.config

from connect_emulator.app import Emulator
from connect_emulator.config import Settings
from connect_emulator.domain.ids import RandomIds
from connect_emulator.gateway.connection import ConnectionLimits, connection_class
from connect_emulator.gateway.dispatcher import BatchDispatcher

# The request line and headers together; a SigV4-signed request needs about 1 KiB.
MAX_HEAD_BYTES = 16 * 1024


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Inherited by every accepted connection (Linux): without it a response written in
        # two parts (head, body) waits for the client's delayed ACK, 40 ms per request.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except BaseException:
        sock.close()  # a port in use must not leak the socket as well
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if sock.family == socket.AF_INET6 else f"http://{host}:{port}"


def connection_limits(settings: Settings) -> ConnectionLimits:
    """What each client connection may take, from the server's settings."""
    return ConnectionLimits(
        max_head_bytes=MAX_HEAD_BYTES,
        max_body_bytes=settings.max_body_bytes,
        head_timeout=settings.head_timeout,
        body_timeout=settings.body_timeout,
        max_connections=settings.max_connections,
    )


def uvicorn_config(
    emulator: Emulator,
    log_level: str | None = "info",
    *,
    own_logging: bool = True,
    limits: ConnectionLimits | None = None,
) -> uvicorn.Config:
    """The one uvicorn configuration, for the command line and the in-process harness.

    ``own_logging=False`` leaves the process's logging alone: uvicorn's own set-up
    (``logging.config.dictConfig``) closes every handler, a test runner's included.
    ``limits``: the defaults of ``serve`` when not given, with the app's body limit.
    """
    app = emulator.app
    if limits is None:
        limits = connection_limits(Settings(max_body_bytes=app.max_body_bytes))
    return uvicorn.Config(
        app,
        loop="asyncio",
        # Requests skip the ASGI cycle: connections hand them to the dispatcher, which answers
        # a batch of the store's per turn of the loop (gateway/connection.py,
        # gateway/dispatcher.py).
        http=connection_class(
            BatchDispatcher(app.handlers, emulator.store.open_batch, app.max_body_bytes),
            RandomIds(),
            limits,
        ),
        # Clients talk to the emulator directly; no proxy headers are trusted.
        proxy_headers=False,
        lifespan="on",
        access_log=False,
        log_level=log_level if own_logging else None,
        log_config=uvicorn.config.LOGGING_CONFIG if own_logging else None,
        server_header=False,
        timeout_graceful_shutdown=5,
    )


def uvicorn_server(
    emulator: Emulator, log_level: str = "info", settings: Settings | None = None
) -> uvicorn.Server:
    limits = None if settings is None else connection_limits(settings)
    return uvicorn.Server(uvicorn_config(emulator, log_level, limits=limits))


async def serve_on(
    server: uvicorn.Server,
    sock: socket.socket,
    on_ready: Callable[[], None] = lambda: None,
    *,
    stop_when_readable: int | None = None,
) -> None:
    """Serves until ``server.should_exit``; calls ``on_ready`` once requests are accepted.

    ``stop_when_readable``: a descriptor (the supervisor's pipe) that becomes readable, at
    end-of-file, when the parent process is gone; the server then stops as on SIGTERM.
    """
    if stop_when_readable is not None:
        loop = asyncio.get_running_loop()
        watched = stop_when_readable

        def parent_gone() -> None:
            loop.remove_reader(watched)  # end-of-file stays readable: once is enough
            server.should_exit = True

        loop.add_reader(watched, parent_gone)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started:
        on_ready()
    await task


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Runs the server's coroutine on the loop ``loop_factory`` chooses (uvicorn's own
    ``loop`` setting applies only when uvicorn runs the loop itself)."""
    # Everything built so far (the service model, compiled validators and serializers: a few
    # hundred thousand objects) lives as long as the process. Frozen, the collector stops
    # re-scanning it in every full collection, which showed as multi-millisecond stalls in p99.
    gc.collect()
    gc.freeze()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(coroutine)


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The standard library's loop (None). uvloop was measured side by side (bench/,
    docs/performance.md): its p99 was 1.2-6.8x worse in every pair, its throughput no better."""
    return None

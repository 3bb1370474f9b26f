"""Runs an emulator on a socket with uvicorn: the command line and the test harness share it.

The socket is bound here, not by uvicorn, so port 0 works: the real port is known before the
server starts serving.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Callable

import uvicorn

from connect_emulator.app import Emulator


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if sock.family == socket.AF_INET6 else f"http://{host}:{port}"


def uvicorn_server(emulator: Emulator, log_level: str = "info") -> uvicorn.Server:
    config = uvicorn.Config(
        emulator.app,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http="httptools",
        lifespan="on",
        access_log=False,
        log_level=log_level,
        server_header=False,
    )
    return uvicorn.Server(config)


async def serve_on(
    server: uvicorn.Server, sock: socket.socket, on_ready: Callable[[], None] = lambda: None
) -> None:
    """Serves until ``server.should_exit``; calls ``on_ready`` once requests are accepted."""
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started:
        on_ready()
    await task

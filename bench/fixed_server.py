"""connect-emulator with the server fix docs/performance.md proposes: a what-if, not a release.

``connect-emulator serve`` runs uvicorn inside a plain ``asyncio.run``, so uvicorn's
``loop="uvloop"`` never takes effect (uvicorn applies it only in ``Server.run``), and its
socket (``server.bind``) is made with protocol 0, so the stdlib loop's ``_set_nodelay`` skips
it: accepted connections keep Nagle's algorithm, and since every response is written as
headers then body, the body waits for the client's delayed ACK, about 40 ms per request.

This runs the shipped command line unchanged, with uvloop installed as the event loop policy
first: uvloop sets TCP_NODELAY on every accepted connection. The benchmark reports it beside
the shipped server as "connect-emulator+fix".

    python -m bench.fixed_server serve --port 0 ...   (the options of connect-emulator)
"""

from __future__ import annotations

import asyncio

import uvloop

from connect_emulator import cli


def main() -> None:
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    cli.main()


if __name__ == "__main__":
    main()

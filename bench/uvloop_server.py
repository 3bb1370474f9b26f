"""connect-emulator on uvloop: a what-if beside the shipped server, not a release.

``connect-emulator serve`` runs uvicorn inside a plain ``asyncio.run``, so uvicorn's
``loop="uvloop"`` never takes effect (uvicorn applies it only in ``Server.run``): the shipped
server runs on the stdlib event loop, whatever docs/architecture.md says. This runs the
shipped command line unchanged with uvloop installed as the event loop policy first, which is
what the one-line fix in cli.py (``asyncio.Runner(loop_factory=...)``, as testing.py does)
would do. The benchmark reports it as "connect-emulator+uvloop".

    python -m bench.uvloop_server serve --port 0 ...   (the options of connect-emulator)
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

"""connect-emulator on a chosen event loop: a what-if beside the shipped server, not a release.

The shipped command runs the standard library's loop (``connect_emulator.server.loop_factory``).
This runs the shipped command line unchanged on the loop named first, so the two can be
compared in one run (docs/performance.md, "Event loop"):

    python -m bench.loop_server uvloop serve --port 0 ...   (then connect-emulator's options)
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

import uvloop

from connect_emulator import cli, server

LOOPS = ("asyncio", "uvloop")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in LOOPS:
        raise SystemExit(f"usage: python -m bench.loop_server {{{','.join(LOOPS)}}} serve ...")
    chosen = sys.argv[1]
    factory: Callable[[], asyncio.AbstractEventLoop] | None = (
        uvloop.new_event_loop if chosen == "uvloop" else None
    )
    # Before 13a99ab the command ran asyncio.run, which follows the policy; since, it asks
    # server.loop_factory. Both are set, so either version runs on the chosen loop.
    asyncio.set_event_loop_policy(
        uvloop.EventLoopPolicy() if chosen == "uvloop" else asyncio.DefaultEventLoopPolicy()
    )
    if hasattr(server, "loop_factory"):
        server.loop_factory = lambda: factory
    cli.main(sys.argv[2:])


if __name__ == "__main__":
    main()

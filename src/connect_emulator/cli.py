"""The ``connect-emulator`` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from connect_emulator.app import build_emulator, package_version
from connect_emulator.config import (
    DEFAULT_DATA_DIR,
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    Settings,
)
from connect_emulator.storage.lockfile import DataDirInUse

LOG = logging.getLogger("connect_emulator")

_ENV = "CONNECT_EMULATOR_"


def _env(name: str, default: str) -> str:
    return os.environ.get(_ENV + name, default)


def _env_flag(name: str) -> bool:
    return _env(name, "").lower() in {"1", "true", "yes", "on"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-emulator",
        description="A local emulator of Amazon Connect's instance-management API.",
    )
    parser.add_argument("--version", action="version", version=package_version())
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="run the emulator's HTTP server",
        description="Run the emulator. Every option can also be set by the environment "
        "variable named after it; the command line wins.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument(
        "--host",
        default=_env("HOST", DEFAULT_HOST),
        help="address to listen on [env CONNECT_EMULATOR_HOST]",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=int(_env("PORT", str(DEFAULT_PORT))),
        help="port to listen on; 0 picks a free one [env CONNECT_EMULATOR_PORT]",
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        default=Path(_env("DATA_DIR", str(DEFAULT_DATA_DIR))),
        help="directory holding the SQLite state [env CONNECT_EMULATOR_DATA_DIR]",
    )
    serve.add_argument(
        "--in-memory",
        action="store_true",
        default=_env_flag("IN_MEMORY"),
        help="keep state in memory only; it is gone when the server stops "
        "[env CONNECT_EMULATOR_IN_MEMORY=1]",
    )
    serve.add_argument(
        "--provisioning-delay",
        type=float,
        default=float(_env("PROVISIONING_DELAY", "2")),
        help="seconds an instance stays CREATION_IN_PROGRESS before it becomes ACTIVE "
        "[env CONNECT_EMULATOR_PROVISIONING_DELAY]",
    )
    serve.add_argument(
        "--deletion-delay",
        type=float,
        default=float(_env("DELETION_DELAY", "1")),
        help="seconds a deleted instance stays visible (as ACTIVE) before it is gone "
        "[env CONNECT_EMULATOR_DELETION_DELAY]",
    )
    serve.add_argument(
        "--control-token",
        default=_env("CONTROL_TOKEN", "") or None,
        help="serve the control API (/_emulator/...) on any address to requests carrying this "
        "token in x-emulator-token; without it the control API is served on loopback only "
        "[env CONNECT_EMULATOR_CONTROL_TOKEN]",
    )
    serve.add_argument(
        "--directories",
        type=Path,
        default=Path(_env("DIRECTORIES", "")) if _env("DIRECTORIES", "") else None,
        help='JSON file declaring directories ([{"account", "directory_id", "usable"}]); '
        "once any are declared for an account, only those exist for it "
        "[env CONNECT_EMULATOR_DIRECTORIES]",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        default=int(_env("MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES))),
        help="largest request body accepted; larger ones get 413 "
        "[env CONNECT_EMULATOR_MAX_BODY_BYTES]",
    )
    serve.add_argument(
        "--seed",
        type=int,
        default=int(_env("SEED", "-1")),
        help="seed for reproducible ids; -1 uses the OS's randomness [env CONNECT_EMULATOR_SEED]",
    )
    serve.add_argument(
        "--ready-file",
        type=Path,
        default=Path(_env("READY_FILE", "")) if _env("READY_FILE", "") else None,
        help="write the server's URL to this file once it listens "
        "[env CONNECT_EMULATOR_READY_FILE]",
    )
    serve.add_argument(
        "--log-level",
        default=_env("LOG_LEVEL", "info"),
        choices=["debug", "info", "warning", "error"],
        help="log verbosity [env CONNECT_EMULATOR_LOG_LEVEL]",
    )
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        host=args.host,
        port=args.port,
        data_dir=args.data_dir,
        in_memory=args.in_memory,
        provisioning_delay=args.provisioning_delay,
        deletion_delay=args.deletion_delay,
        control_token=args.control_token,
        directories_file=args.directories,
        max_body_bytes=args.max_body_bytes,
        seed=None if args.seed < 0 else args.seed,
        ready_file=args.ready_file,
        log_level=args.log_level,
    )


def serve(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    emulator = build_emulator(settings)
    # Binding here (not in uvicorn) lets port 0 work: we learn the real port before serving.
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((settings.host, settings.port))
    sock.listen(2048)
    host, port = sock.getsockname()[:2]
    url = f"http://{'[' + host + ']' if family == socket.AF_INET6 else host}:{port}"
    config = uvicorn.Config(
        emulator.app,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http="httptools",
        lifespan="on",
        access_log=False,
        log_level=settings.log_level,
        server_header=False,
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:
            LOG.info("connect-emulator %s listening on %s", package_version(), url)
            if settings.ready_file is not None:
                settings.ready_file.write_text(url + "\n", encoding="utf-8")
        await task

    asyncio.run(run())


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        try:
            serve(settings_from(args))
        except DataDirInUse as error:
            raise SystemExit(f"connect-emulator: {error}") from None


if __name__ == "__main__":
    main()

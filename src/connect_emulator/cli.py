"""The ``connect-emulator`` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from connect_emulator.app import build_emulator, package_version
from connect_emulator.config import (
    DEFAULT_DATA_DIR,
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    Settings,
)
from connect_emulator.domain.limits import PROFILES
from connect_emulator.server import bind, serve_on, url_of, uvicorn_server
from connect_emulator.storage.lockfile import DataDirInUse

LOG = logging.getLogger("connect_emulator")

_ENV = "CONNECT_EMULATOR_"


def _env(name: str, default: str) -> str:
    return os.environ.get(_ENV + name, default)


def _env_flag(name: str) -> bool:
    return _env(name, "").lower() in {"1", "true", "yes", "on"}


def _env_path(name: str) -> Path | None:
    value = _env(name, "")
    return Path(value) if value else None


def _env_int(name: str) -> int | None:
    value = _env(name, "")
    return int(value) if value else None


def _env_float(name: str) -> float | None:
    value = _env(name, "")
    return float(value) if value else None


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
        default=_env_path("DIRECTORIES"),
        help='JSON file declaring directories ([{"account", "directory_id", "usable"}]); '
        "once any are declared for an account, only those exist for it "
        "[env CONNECT_EMULATOR_DIRECTORIES]",
    )
    serve.add_argument(
        "--credentials",
        type=Path,
        default=_env_path("CREDENTIALS"),
        help='JSON file {"<access key id>": {"secret_access_key": ..., "account_id": ...}}; '
        "with it every SigV4 signature is verified and unknown keys are refused "
        "[env CONNECT_EMULATOR_CREDENTIALS]",
    )
    serve.add_argument(
        "--allow-unauthenticated-network-access",
        action="store_true",
        default=_env_flag("ALLOW_UNAUTHENTICATED_NETWORK_ACCESS"),
        help="listen beyond loopback WITHOUT --credentials: anyone who can reach the port can "
        "act as any account [env CONNECT_EMULATOR_ALLOW_UNAUTHENTICATED_NETWORK_ACCESS=1]",
    )
    serve.add_argument(
        "--limits",
        choices=sorted(PROFILES),
        default=_env("LIMITS", "dev"),
        help="quota and rate profile: dev (no limits) or aws (AWS's defaults) "
        "[env CONNECT_EMULATOR_LIMITS]",
    )
    serve.add_argument(
        "--instance-quota",
        type=int,
        default=_env_int("INSTANCE_QUOTA"),
        help="live instances per account and Region (overrides the profile) "
        "[env CONNECT_EMULATOR_INSTANCE_QUOTA]",
    )
    serve.add_argument(
        "--churn-quota",
        type=int,
        default=_env_int("CHURN_QUOTA"),
        help="instance creations plus deletions per account and Region per 30 days "
        "[env CONNECT_EMULATOR_CHURN_QUOTA]",
    )
    serve.add_argument(
        "--api-rate",
        type=float,
        default=_env_float("API_RATE"),
        help="requests per second per account, Region and operation "
        "[env CONNECT_EMULATOR_API_RATE]",
    )
    serve.add_argument(
        "--api-burst",
        type=int,
        default=_env_int("API_BURST"),
        help="burst size of each rate bucket (with --api-rate) [env CONNECT_EMULATOR_API_BURST]",
    )
    serve.add_argument(
        "--account-limits",
        type=Path,
        default=_env_path("ACCOUNT_LIMITS"),
        help='JSON file {"<account id>": {"instance_quota": N, ...}} of per-account limits '
        "[env CONNECT_EMULATOR_ACCOUNT_LIMITS]",
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
        default=_env_path("READY_FILE"),
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
        credentials_file=args.credentials,
        allow_unauthenticated_network_access=args.allow_unauthenticated_network_access,
        limits_profile=args.limits,
        instance_quota=args.instance_quota,
        churn_quota=args.churn_quota,
        api_rate=args.api_rate,
        api_burst=args.api_burst,
        account_limits_file=args.account_limits,
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
    if not (
        settings.on_loopback
        or settings.credentials_file is not None
        or settings.allow_unauthenticated_network_access
    ):
        raise SystemExit(
            f"connect-emulator: refusing to listen on {settings.host} without --credentials: "
            "anyone reaching the port could act as any account. Configure credentials, or pass "
            "--allow-unauthenticated-network-access if that is really what you want."
        )
    emulator = build_emulator(settings)
    sock = bind(settings.host, settings.port)
    url = url_of(sock)

    def announce() -> None:
        LOG.info("connect-emulator %s listening on %s", package_version(), url)
        if settings.ready_file is not None:
            settings.ready_file.write_text(url + "\n", encoding="utf-8")

    asyncio.run(serve_on(uvicorn_server(emulator, settings.log_level), sock, announce))


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        try:
            serve(settings_from(args))
        except (DataDirInUse, ValueError) as error:
            raise SystemExit(f"connect-emulator: {error}") from None


if __name__ == "__main__":
    main()

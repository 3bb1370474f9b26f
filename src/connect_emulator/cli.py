"""The ``connect-emulator`` command line.

serve          run the server (``--workers N``: N processes sharing one PostgreSQL)
migrate        bring the database's schema up to date, then exit
serve-worker   (internal) one of the processes ``serve --workers`` starts
"""

from __future__ import annotations

import argparse
import errno
import logging
import math
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from connect_emulator.app import build_emulator, package_version
from connect_emulator.config import Settings
from connect_emulator.domain.limits import PROFILES
from connect_emulator.server import bind, run, serve_on, url_of, uvicorn_server
from connect_emulator.storage.lockfile import DataDirInUse
from connect_emulator.storage.opening import StorageUnavailable, open_store
from connect_emulator.workers.processes import ChildSpec, Supervisor

LOG = logging.getLogger("connect_emulator")

_ENV = "CONNECT_EMULATOR_"


class UsageError(Exception):
    """A wrong option value, environment variable or file: one line naming it, exit 1."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a wrong option is one line: argparse's own error prints the whole usage
    (a screenful for ``serve``) before the line that matters."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _FromEnvironment:
    """An option's default: its CONNECT_EMULATOR_ variable, converted only when the option is
    not on the command line. The command line wins, so a wrong variable that it overrides
    stops nothing; one that is used is reported naming the variable (argparse would name the
    option, which the user never typed)."""

    def __init__(self, variable: str, convert: Callable[[str], Any], fallback: Any) -> None:
        self.variable = variable
        self._convert = convert
        self._fallback = fallback

    def resolve(self) -> Any:
        raw = os.environ.get(self.variable, "")
        if not raw:
            return self._fallback
        try:
            return self._convert(raw)
        except (argparse.ArgumentTypeError, ValueError) as error:
            raise UsageError(f"{self.variable}: {error}") from None

    def __str__(self) -> str:  # the default --help shows
        return os.environ.get(self.variable) or str(self._fallback)


def _env_value(variable: str, convert: Callable[[str], Any], fallback: Any) -> Any:
    return _FromEnvironment(variable, convert, fallback)


def _resolve_environment(args: argparse.Namespace) -> None:
    for name, value in vars(args).items():
        if isinstance(value, _FromEnvironment):
            setattr(args, name, value.resolve())


# Converters shared by an option and its variable. Each raises ArgumentTypeError with what it
# expected: argparse prefixes the option's name, _FromEnvironment the variable's.


def _integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    if maximum is not None:
        expected = f"a whole number from {minimum} to {maximum}"
    elif minimum is not None:
        expected = f"a whole number, {minimum} or more"
    else:
        expected = "a whole number"

    def integer(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if (
            value is None
            or (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)
        ):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return integer


def _number(*, above_zero: bool = False) -> Callable[[str], float]:
    expected = "a number above 0" if above_zero else "a number, 0 or more"

    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or (above_zero and value == 0):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return number


def _choice(options: Sequence[str]) -> Callable[[str], str]:
    def choice(text: str) -> str:
        if text not in options:
            raise argparse.ArgumentTypeError(f"expected one of {', '.join(options)}, got {text!r}")
        return text

    return choice


def _flag(text: str) -> bool:
    if text.lower() in {"1", "true", "yes", "on"}:
        return True
    if text.lower() in {"0", "false", "no", "off"}:
        return False
    raise argparse.ArgumentTypeError(
        f"expected 1, true, yes, on or 0, false, no, off, got {text!r}"
    )


_PORT = _integer(0, 65535)
_SECONDS = _number()
_COUNT = _integer(0)
_LOG_LEVELS = ["debug", "info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Option:
    """One ``serve`` option: the one declaration its flag, its environment variable (named
    after the flag), its default (the Settings field's) and its --help are derived from."""

    setting: str  # the Settings field it fills
    flag: str
    help: str
    # Text to value, raising ArgumentTypeError; None keeps the text as given.
    parse: Callable[[str], Any] | None = None
    # On when present (store_true); its variable is read as a flag (1/true/yes/on, 0/...).
    switch: bool = False
    choices: Sequence[str] | None = None
    # The command line's own default and its translation into the setting, where the two
    # differ (--seed's -1 is the setting's None).
    default: Any = None
    to_setting: Callable[[Any], Any] | None = None

    @property
    def variable(self) -> str:
        return _ENV + self.flag.removeprefix("--").replace("-", "_").upper()

    @property
    def fallback(self) -> Any:
        """The default without the environment: the command line's, else the setting's."""
        if self.to_setting is not None:
            return self.default
        return getattr(_DEFAULTS, self.setting)

    def setting_value(self, value: Any) -> Any:
        return value if self.to_setting is None else self.to_setting(value)


_DEFAULTS = Settings()
_ABOVE_ZERO = _number(above_zero=True)

OPTIONS: tuple[Option, ...] = (
    Option("host", "--host", "address to listen on"),
    Option("port", "--port", "port to listen on; 0 picks a free one", _PORT),
    Option("data_dir", "--data-dir", "directory holding the SQLite state", Path),
    Option(
        "in_memory",
        "--in-memory",
        "keep state in memory only; it is gone when the server stops",
        switch=True,
    ),
    Option(
        "database_url",
        "--database-url",
        "keep the state in PostgreSQL (postgresql://user@host:5432/db) instead of SQLite; "
        "any number of server processes may share it, and --data-dir is not used",
    ),
    Option(
        "workers",
        "--workers",
        "server processes sharing the port and the state; more than 1 needs --database-url",
        _integer(1),
    ),
    Option(
        "provisioning_delay",
        "--provisioning-delay",
        "seconds an instance stays CREATION_IN_PROGRESS before it becomes ACTIVE",
        _SECONDS,
    ),
    Option(
        "deletion_delay",
        "--deletion-delay",
        "seconds a deleted instance stays visible (as ACTIVE) before it is gone",
        _SECONDS,
    ),
    Option(
        "control_token",
        "--control-token",
        "serve the control API (/_emulator/...) on any address to requests carrying this "
        "token in x-emulator-token; without it the control API is served on loopback only",
    ),
    Option(
        "directories_file",
        "--directories",
        'JSON file declaring directories ([{"account", "directory_id", "usable", "reason"}]); '
        "once any are declared for an account, only those exist for it",
        Path,
    ),
    Option(
        "credentials_file",
        "--credentials",
        'JSON file {"<access key id>": {"secret_access_key": ..., "account_id": ...}}; '
        "with it every SigV4 signature is verified and unknown keys are refused",
        Path,
    ),
    Option(
        "allow_unauthenticated_network_access",
        "--allow-unauthenticated-network-access",
        "listen beyond loopback WITHOUT --credentials: anyone who can reach the port can "
        "act as any account",
        switch=True,
    ),
    Option(
        "limits_profile",
        "--limits",
        "quota and rate profile: dev (no limits) or aws (AWS's defaults)",
        choices=sorted(PROFILES),
    ),
    Option(
        "instance_quota",
        "--instance-quota",
        "live instances per account and Region (overrides the profile)",
        _COUNT,
    ),
    Option(
        "churn_quota",
        "--churn-quota",
        "instance creations plus deletions per account and Region per 30 days",
        _COUNT,
    ),
    Option(
        "api_rate",
        "--api-rate",
        "requests per second per account, Region and operation",
        _ABOVE_ZERO,
    ),
    Option(
        "api_burst",
        "--api-burst",
        "burst size of each rate bucket (with --api-rate)",
        _integer(1),
    ),
    Option(
        "account_limits_file",
        "--account-limits",
        'JSON file {"<account id>": {"instance_quota": N, ...}} of per-account limits',
        Path,
    ),
    Option(
        "max_body_bytes",
        "--max-body-bytes",
        "largest request body accepted; larger ones get 413",
        _COUNT,
    ),
    Option(
        "head_timeout",
        "--head-timeout",
        "seconds a client has to send a request's line and headers, from their first "
        "byte; later ones get 408 and the connection is closed",
        _ABOVE_ZERO,
    ),
    Option(
        "body_timeout",
        "--body-timeout",
        "seconds a client has to send a request's body once its headers are in; "
        "later ones get 408 and the connection is closed",
        _ABOVE_ZERO,
    ),
    Option(
        "max_connections",
        "--max-connections",
        "client connections open at once (per server process); further ones get 503 and are closed",
        _integer(1),
    ),
    Option(
        "seed",
        "--seed",
        "seed for reproducible ids; -1 uses the OS's randomness",
        _integer(-1),
        default=-1,
        to_setting=lambda seed: None if seed < 0 else seed,
    ),
    Option(
        "ready_file",
        "--ready-file",
        "write the server's URL to this file once it listens",
        Path,
    ),
    Option("log_level", "--log-level", "log verbosity", choices=_LOG_LEVELS),
)


_OPTION = {option.setting: option for option in OPTIONS}


def _add_option(parser: argparse.ArgumentParser, option: Option) -> None:
    # The default is the variable, read (and checked) only if the option is not given.
    if option.switch:
        default = _env_value(option.variable, _flag, option.fallback)
        parser.add_argument(
            option.flag,
            dest=option.setting,
            action="store_true",
            default=default,
            help=f"{option.help} [env {option.variable}=1]",
        )
        return
    parse: Callable[[str], Any] = option.parse or str
    parser.add_argument(
        option.flag,
        dest=option.setting,
        type=parse,
        # argparse checks a choice itself (its message lists them); the variable, _choice.
        choices=option.choices,
        # Named after the flag, as without dest (a choice shows its choices).
        metavar=None if option.choices is not None else option.variable.removeprefix(_ENV),
        default=_env_value(
            option.variable,
            parse if option.choices is None else _choice(option.choices),
            option.fallback,
        ),
        help=f"{option.help} [env {option.variable}]",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="connect-emulator",
        description="A local emulator of Amazon Connect's instance-management API.",
    )
    parser.add_argument("--version", action="version", version=package_version())
    # The metavar lists the public commands only: serve-worker is started by serve itself.
    commands = parser.add_subparsers(dest="command", required=True, metavar="{serve,migrate}")
    serve = commands.add_parser(
        "serve",
        help="run the emulator's HTTP server",
        description="Run the emulator. Every option can also be set by the environment "
        "variable named after it; the command line wins.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    for option in OPTIONS:
        _add_option(serve, option)
    _add_migrate(commands)
    _add_serve_worker(commands)
    return parser


def _add_migrate(commands: argparse._SubParsersAction[_Parser]) -> None:
    migrate = commands.add_parser(
        "migrate",
        help="bring the database's schema up to date, then exit",
        description="Apply the schema migrations the database lacks, then exit. Servers also "
        "do this at start-up; any number of them may do it at once.",
    )
    # serve's two options of the same names, with their variables.
    database_url, data_dir = _OPTION["database_url"], _OPTION["data_dir"]
    where = migrate.add_mutually_exclusive_group()
    where.add_argument(
        database_url.flag,
        help=f"the PostgreSQL database [env {database_url.variable}]",
    )
    where.add_argument(
        data_dir.flag,
        type=Path,
        help=f"the directory holding the SQLite state [env {data_dir.variable}, "
        f"default {data_dir.fallback}]",
    )


def _add_serve_worker(commands: argparse._SubParsersAction[_Parser]) -> None:
    # No help= : argparse then leaves it out of the command list.
    worker = commands.add_parser("serve-worker")
    worker.add_argument("--settings", type=Path, required=True)
    worker.add_argument("--index", type=int, required=True)
    worker.add_argument("--generation", type=int, required=True)
    worker.add_argument("--listen-fd", type=int, required=True)
    worker.add_argument("--parent-fd", type=int, required=True)
    worker.add_argument("--ready-file", type=Path, required=True)


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        **{
            option.setting: option.setting_value(getattr(args, option.setting))
            for option in OPTIONS
        }
    )


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        # The process id tells the processes of a multi-process server apart.
        format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
    )


def check_settings(settings: Settings) -> None:
    """Refuses combinations that cannot work, before anything starts."""
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
    if settings.in_memory and settings.database_url is not None:
        raise SystemExit(
            "connect-emulator: --in-memory and --database-url exclude each other: "
            "the state is either in this process's memory or in PostgreSQL."
        )
    if settings.workers < 1:
        raise SystemExit("connect-emulator: --workers must be 1 or more.")
    if settings.workers > 1 and settings.database_url is None:
        raise SystemExit(
            f"connect-emulator: --workers {settings.workers} needs --database-url: SQLite's "
            "state belongs to one process. Start PostgreSQL and pass "
            "--database-url postgresql://..., or run one worker."
        )
    check_paths(settings)


def check_paths(settings: Settings) -> None:
    """Refuses files and directories that cannot be used, naming the option that gave them
    (the loaders then name the file for what is wrong inside it)."""
    files = {
        "--credentials": settings.credentials_file,
        "--directories": settings.directories_file,
        "--account-limits": settings.account_limits_file,
    }
    for option, path in files.items():
        if path is not None and not path.is_file():
            problem = "is not a file" if path.exists() else "does not exist"
            raise UsageError(f"{option} {path}: {problem}")
    if settings.database_path is not None:
        if settings.data_dir.exists() and not settings.data_dir.is_dir():
            raise UsageError(f"--data-dir {settings.data_dir}: is not a directory")
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"--data-dir {settings.data_dir}: {error.strerror}") from None
    ready = settings.ready_file
    if ready is not None and not ready.parent.is_dir():
        raise UsageError(f"--ready-file {ready}: directory {ready.parent} does not exist")


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, or one line saying why not (a port in use, an unknown host)."""
    try:
        return bind(host, port)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRINUSE:
            reason += ": another server listens there; choose another --port (0 picks a free one)"
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None


def serve(settings: Settings) -> None:
    _configure_logging(settings.log_level)
    check_settings(settings)
    if settings.workers > 1:
        serve_workers(settings)
        return
    # Bound first: a port in use is reported before the state is opened (and its log line).
    sock = listen(settings.host, settings.port)
    try:
        emulator = build_emulator(settings)
    except BaseException:
        sock.close()
        raise
    url = url_of(sock)

    def announce() -> None:
        LOG.info("connect-emulator %s listening on %s", package_version(), url)
        if settings.ready_file is not None:
            settings.ready_file.write_text(url + "\n", encoding="utf-8")

    run(serve_on(uvicorn_server(emulator, settings.log_level, settings), sock, announce))


def serve_workers(settings: Settings) -> None:
    """``serve --workers N``: this process binds the port and supervises N server processes."""
    # Migrated once here, so an unreachable database is one clear error, not N of them.
    open_store(settings.database_url, None).close()
    sock = listen(settings.host, settings.port)
    url = url_of(sock)
    with tempfile.TemporaryDirectory(prefix="connect-emulator-workers-") as scratch:
        # A file only this user can read (the directory is private): settings hold secrets.
        settings_file = Path(scratch) / "settings.json"
        settings_file.write_text(settings.to_json(), encoding="utf-8")

        def command(child: ChildSpec) -> list[str]:
            return [
                sys.executable,
                "-m",
                "connect_emulator",
                "serve-worker",
                f"--settings={settings_file}",
                f"--index={child.index}",
                f"--generation={child.generation}",
                f"--listen-fd={child.listen_fd}",
                f"--parent-fd={child.parent_fd}",
                f"--ready-file={child.ready_file}",
            ]

        def announce() -> None:
            LOG.info(
                "connect-emulator %s listening on %s with %d workers",
                package_version(),
                url,
                settings.workers,
            )
            if settings.ready_file is not None:
                settings.ready_file.write_text(url + "\n", encoding="utf-8")

        supervisor = Supervisor(
            settings.workers,
            command,
            listen_fd=sock.fileno(),
            scratch=Path(scratch),
            on_ready=announce,
        )
        status = supervisor.run()
    sock.close()
    if status:
        raise SystemExit(status)


def serve_worker(args: argparse.Namespace) -> None:
    """One of the processes of ``serve --workers``: serves on the socket it inherited."""
    settings = Settings.from_json(args.settings.read_text("utf-8"))
    # Each its own ids: with one seed, every worker, and a replacement of a worker, would draw
    # the ids its sibling or predecessor already used.
    seed = (
        None
        if settings.seed is None
        else settings.seed + args.index + settings.workers * args.generation
    )
    settings = replace(settings, workers=1, seed=seed, ready_file=args.ready_file)
    _configure_logging(settings.log_level)
    emulator = build_emulator(settings)
    sock = socket.socket(fileno=args.listen_fd)

    def announce() -> None:
        LOG.info("worker %d serving", args.index)
        args.ready_file.write_text("ready\n", encoding="utf-8")

    server = uvicorn_server(emulator, settings.log_level, settings)
    run(serve_on(server, sock, announce, stop_when_readable=args.parent_fd))


def migrate(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    database_url = args.database_url
    data_dir = args.data_dir
    if database_url is None and data_dir is None:
        database_url = os.environ.get(_OPTION["database_url"].variable) or None
        data_dir = Path(os.environ.get(_OPTION["data_dir"].variable) or _DEFAULTS.data_dir)
    path = None if database_url is not None else data_dir / "connect-emulator.sqlite3"
    store = open_store(database_url, path, migrate=False)
    try:
        applied = store.migrate()
    finally:
        store.close()
    done = f"applied {len(applied)} migration(s)" if applied else "nothing to apply"
    print(f"{store.describe()}: schema up to date, {done}")


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        _resolve_environment(args)
        if args.command == "serve":
            serve(settings_from(args))
        elif args.command == "migrate":
            migrate(args)
        elif args.command == "serve-worker":
            serve_worker(args)
    except (UsageError, DataDirInUse, StorageUnavailable, ValueError) as error:
        raise SystemExit(f"connect-emulator: {error}") from None
    except OSError as error:
        # Start-up's other reads and writes: the file and the reason are the whole story.
        if error.filename is None:
            raise
        raise SystemExit(f"connect-emulator: {error.filename}: {error.strerror}") from None


if __name__ == "__main__":
    main()

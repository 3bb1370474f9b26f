"""Server settings: one dataclass, filled from the command line or the environment.

Each field is one ``serve`` option, declared once in ``cli.OPTIONS`` (its flag, its variable
CONNECT_EMULATOR_<FLAG>, its help; its default is the field's); the command line wins.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4577
DEFAULT_DATA_DIR = Path(".connect-emulator")
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Slow clients: seconds for a request head from its first byte, and for a body from the end
# of its head; open connections at once. Generous for any real client, even on a slow link.
DEFAULT_HEAD_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0
DEFAULT_MAX_CONNECTIONS = 1000


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    data_dir: Path = DEFAULT_DATA_DIR
    in_memory: bool = False
    # PostgreSQL (postgresql://...): state shared by every process on it; no data directory.
    database_url: str | None = None
    # Server processes sharing the listening socket (more than one needs database_url).
    workers: int = 1
    provisioning_delay: float = 2.0
    deletion_delay: float = 1.0
    # None: served on loopback only. A token: served anywhere, to requests that carry it.
    control_token: str | None = None
    # JSON file declaring directories; once any are declared, only those exist.
    directories_file: Path | None = None
    # JSON file of access keys; with it every signature is verified.
    credentials_file: Path | None = None
    # Listening beyond loopback without credentials needs this, said out loud.
    allow_unauthenticated_network_access: bool = False
    limits_profile: str = "dev"
    instance_quota: int | None = None
    churn_quota: int | None = None
    api_rate: float | None = None
    api_burst: int | None = None
    # JSON file {"<account>": {limits}}: one account's own quotas and rates.
    account_limits_file: Path | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    head_timeout: float = DEFAULT_HEAD_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    log_level: str = "info"
    # Reproducible ids (tests, demos); None draws them from the operating system.
    seed: int | None = None
    # Written with the server's URL once it listens: how callers find a port-0 server.
    ready_file: Path | None = None

    @property
    def on_loopback(self) -> bool:
        return self.host in {"127.0.0.1", "::1", "localhost"} or self.host.startswith("127.")

    @property
    def database_path(self) -> Path | None:
        """The SQLite file; None in memory, or when the state lives in PostgreSQL."""
        if self.in_memory or self.database_url is not None:
            return None
        return self.data_dir / "connect-emulator.sqlite3"

    def to_json(self) -> str:
        """For a worker process started by ``serve --workers``: it runs with these settings."""
        return json.dumps(
            {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}
        )

    @classmethod
    def from_json(cls, text: str) -> Settings:
        document: dict[str, Any] = json.loads(text)
        paths = {f.name for f in fields(cls) if "Path" in str(f.type)}
        values: dict[str, Any] = {
            name: Path(value) if name in paths and value is not None else value
            for name, value in document.items()
        }
        return cls(**values)

"""Server settings: one dataclass, filled from the command line or the environment.

Each option has an environment variable (CONNECT_EMULATOR_<NAME>); the command line wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4577
DEFAULT_DATA_DIR = Path(".connect-emulator")
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    data_dir: Path = DEFAULT_DATA_DIR
    in_memory: bool = False
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
        return None if self.in_memory else self.data_dir / "connect-emulator.sqlite3"

"""The composition root: the one place that builds concrete parts and wires them together."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from connect_emulator.auth.authenticator import Authenticator
from connect_emulator.auth.credentials import load_credentials_file
from connect_emulator.config import Settings
from connect_emulator.console.access import Gate
from connect_emulator.console.overview import Overview
from connect_emulator.console.page import Services
from connect_emulator.console.recent import RecentRequests
from connect_emulator.console.render import Renderer
from connect_emulator.console.routes import Console
from connect_emulator.console.web import Reply
from connect_emulator.domain.attributes import AttributeService
from connect_emulator.domain.clock import SystemClock
from connect_emulator.domain.controls import Controls
from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.ids import RandomIds
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.lifecycle import Lifecycle
from connect_emulator.domain.limits import PROFILES, AccountLimits, Limits, Rate, limits_from_json
from connect_emulator.domain.model import Directory
from connect_emulator.domain.pagination import load_page_tokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies
from connect_emulator.domain.tagging import TagService
from connect_emulator.gateway.asgi import GatewayApp, Handlers
from connect_emulator.gateway.emulator_routes import EmulatorRoutes
from connect_emulator.gateway.pipeline import Pipeline
from connect_emulator.gateway.throttling import RateLimiter
from connect_emulator.protocol.http import HttpResponse
from connect_emulator.protocol.spec import load_service_model
from connect_emulator.provider.connect import ConnectProvider
from connect_emulator.provider.registry import dispatch_table
from connect_emulator.provider.resources import WireRenderer, resource_table
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families import FAMILIES
from connect_emulator.resources.tagging import ResourceTags
from connect_emulator.storage.lockfile import DataDirLock
from connect_emulator.storage.opening import ServerStore, open_store
from connect_emulator.workers.lifecycle import LifecycleWorker

LOG = logging.getLogger(__name__)

# Signatures are dated by the client's real clock, never by the emulator's travelled one.
_WALL_CLOCK = SystemClock()

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_DIRECTORY_ID = re.compile(r"d-[0-9a-f]{10}")


@dataclass(frozen=True, slots=True)
class Emulator:
    app: GatewayApp
    store: ServerStore
    # For bench/hotpath.py, which runs the lifecycle's due jobs by hand (no worker runs there).
    controls: Controls


def package_version() -> str:
    try:
        return version("connect-emulator")
    except PackageNotFoundError:
        return "unknown"


def build_emulator(settings: Settings) -> Emulator:
    # The files first: a wrong one is refused, naming itself, before any state is opened.
    directories = (
        [] if settings.directories_file is None else load_directories(settings.directories_file)
    )
    account_limits = (
        {}
        if settings.account_limits_file is None
        else load_account_limits(settings.account_limits_file)
    )
    credentials = (
        None
        if settings.credentials_file is None
        else load_credentials_file(settings.credentials_file)
    )
    # A SQLite file belongs to one server; PostgreSQL is shared, so it takes no data-dir lock.
    path = settings.database_path
    lock = None if path is None else DataDirLock(settings.data_dir)
    try:
        store = open_store(settings.database_url, path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    LOG.info("state in %s", store.describe())
    clock = SystemClock()
    ids = RandomIds(settings.seed)
    policies = Policies(
        LifecyclePolicy(
            provisioning_delay=settings.provisioning_delay,
            deletion_delay=settings.deletion_delay,
        )
    )
    limits = AccountLimits(default_limits(settings))
    # An instance becoming ACTIVE gets its default resources (bound late: made below).
    lifecycle = Lifecycle(
        store,
        clock,
        on_activated=lambda tx, ids: resources.defaults_due(tx, ids),  # noqa: PLW0108
        on_advance=lambda tx, job: resources.advance(tx, job),  # noqa: PLW0108
    )
    # The worker adopts shared controls each step; the controls wake it after time travel.
    worker = LifecycleWorker(lifecycle, clock, on_step=lambda: controls.refresh())  # noqa: PLW0108 (bound late: made below)
    controls = Controls(
        store,
        clock,
        policies,
        lifecycle,
        limits,
        wake_worker=worker.wake,
        stepped_families=frozenset(f.key for f in FAMILIES if f.advance is not None),
    )
    # One starting process at a time: the first makes the shared page-token key, the others
    # read it (two racing processes would each keep their own and reject the other's tokens).
    with store.exclusive():
        for directory in directories:
            controls.declare_directory(directory)
        for account, document in account_limits.items():
            controls.set_limits(account, document)
        page_tokens = load_page_tokens(store, ids)
    controls.refresh()
    instances = InstanceService(
        store,
        clock,
        ids,
        policies,
        page_tokens=page_tokens,
        limits=limits,
        wake_worker=worker.wake,
    )
    model = load_service_model()
    resources = ResourceService(
        store,
        clock,
        ids,
        page_tokens,
        limits=limits,
        families=FAMILIES,
        policies=policies,
        wake_worker=worker.wake,
        render=WireRenderer(model),
    )
    attributes = AttributeService(store, clock, page_tokens)
    recent = RecentRequests(_WALL_CLOCK.now)
    pipeline = Pipeline(
        model,
        Authenticator(credentials, clock=_wall_clock_utc),
        dispatch_table(
            ConnectProvider(
                instances,
                TagService(store, clock, ResourceTags(resources)),
                attributes,
            )
        )
        | resource_table(resources, model),
        ids,
        faults=controls.faults,
        rate_limiter=RateLimiter(
            lambda account, operation: limits.cached(account).rate_for(operation),
            time.monotonic,
        ),
        record=recent.record,
    )

    async def shutdown() -> None:
        await worker.stop()
        store.close()
        if lock is not None:
            lock.release()

    console = Console(
        Services(
            overview=Overview(store, instances, resources),
            instances=instances,
            attributes=attributes,
            controls=controls,
            resources=resources,
            invoke=pipeline.invoke,
            recent=recent,
            render=Renderer(),
        ),
        Gate(enabled=settings.on_loopback, token=settings.control_token),
    )
    routes = EmulatorRoutes(
        package_version(),
        controls,
        control_enabled=settings.on_loopback,
        control_token=settings.control_token,
        reject=pipeline.reject,
        console=lambda request: _http_response(console(request)),
    )
    app = GatewayApp(
        Handlers(api=pipeline.handle, emulator=routes, reject=pipeline.reject),
        max_body_bytes=settings.max_body_bytes,
        on_startup=worker.start,
        on_shutdown=shutdown,
    )
    return Emulator(app=app, store=store, controls=controls)


def default_limits(settings: Settings) -> Limits:
    """The profile's limits, with each limit given on its own taking precedence."""
    limits = PROFILES[settings.limits_profile]
    if settings.instance_quota is not None:
        limits = replace(limits, instance_quota=settings.instance_quota)
    if settings.churn_quota is not None:
        limits = replace(limits, churn_quota=settings.churn_quota)
    if settings.api_rate is not None:
        burst = settings.api_burst or max(1, round(settings.api_rate))
        limits = replace(limits, api_rate=Rate(settings.api_rate, burst), operation_rates={})
    return limits


def load_account_limits(path: Path) -> dict[str, object]:
    """``{"<account>": {limits}}``, each checked here: a wrong file is refused naming itself
    before the server starts, not as an error of some later control call."""
    document = _read_json(path)
    if not isinstance(document, dict):
        raise ValueError(f"{path}: expected a JSON object of account id -> limits")
    for account, limits in document.items():
        if not _ACCOUNT_ID.fullmatch(account):
            raise ValueError(f"{path}: {account!r} is not an account id (12 digits)")
        try:
            limits_from_json(limits, PROFILES["dev"])
        except InvalidInput as error:
            raise ValueError(f"{path}: account {account}: {error.message}") from None
    return document


def load_directories(path: Path) -> list[Directory]:
    """Directories from a JSON list of {"account", "directory_id", "usable"?, "reason"?}."""
    document = _read_json(path)
    if not isinstance(document, list):
        raise ValueError(f"{path}: expected a JSON list of directories")
    directories = []
    for number, item in enumerate(document, 1):
        where = f"{path}: directory {number}"
        if not isinstance(item, dict) or "account" not in item or "directory_id" not in item:
            raise ValueError(f"{where}: needs account and directory_id")
        account, directory_id = str(item["account"]), str(item["directory_id"])
        usable, reason = item.get("usable", True), item.get("reason")
        if not _ACCOUNT_ID.fullmatch(account):
            raise ValueError(f"{where}: account {account!r} is not 12 digits")
        # The pattern the control API's route takes, and CreateInstance's DirectoryId.
        if not _DIRECTORY_ID.fullmatch(directory_id):
            raise ValueError(f"{where}: directory_id {directory_id!r} is not d- and 10 hex digits")
        if not isinstance(usable, bool):
            raise ValueError(f"{where}: usable must be true or false")
        if reason is not None and not isinstance(reason, str):
            raise ValueError(f"{where}: reason must be a string")
        directories.append(Directory(account, directory_id, usable, reason))
    return directories


def _read_json(path: Path) -> object:
    """A settings file's JSON, or ValueError naming the file and what is wrong with it."""
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None


def _http_response(reply: Reply) -> HttpResponse:
    return HttpResponse(reply.status, reply.headers, reply.body)


def _wall_clock_utc() -> datetime:
    return datetime.fromtimestamp(_WALL_CLOCK.now(), UTC)

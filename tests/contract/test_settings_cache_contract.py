"""CreateInstance keeps settings in process (domain/settings_cache.py), yet a control written
through another connection (another server process on the same data) holds at its next call."""

from __future__ import annotations

import pytest

from connect_emulator.domain.clock import FakeClock
from connect_emulator.domain.creation import CreateInstanceCommand
from connect_emulator.domain.errors import NotFound, QuotaExceeded
from connect_emulator.domain.ids import RandomIds
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.limits import AccountLimits, Limits
from connect_emulator.domain.model import Caller, Directory, IdentityManagementType
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies, Progression
from connect_emulator.domain.ports import NEVER, Store
from tests.contract.conftest import Backend
from tests.contract.helpers import ACCOUNT, REGION

CALLER = Caller(ACCOUNT, REGION)


def _service(store: Store, policies: Policies, limits: AccountLimits) -> InstanceService:
    return InstanceService(
        store,
        FakeClock(),
        RandomIds(),
        policies,
        page_tokens=PageTokens(b"key"),
        limits=limits,
    )


def _command(alias: str, directory: str | None = None) -> CreateInstanceCommand:
    kind = (
        IdentityManagementType.CONNECT_MANAGED
        if directory is None
        else IdentityManagementType.EXISTING_DIRECTORY
    )
    return CreateInstanceCommand(kind, True, True, alias=alias, directory_id=directory)


@pytest.fixture
def stores(backend: Backend) -> tuple[Store, Store]:
    # In memory both are the one store: the write still goes around the service, as the
    # control API's does, and the service must still see it.
    return backend.open(), backend.open()


def test_limits_set_elsewhere_hold_at_the_next_create(
    stores: tuple[Store, Store],
) -> None:
    here, elsewhere = stores
    limits = AccountLimits(Limits())
    service = _service(here, Policies(LifecyclePolicy()), limits)
    service.create(CALLER, _command("first"))
    with elsewhere.transaction() as tx:
        AccountLimits(Limits()).set_for_account(tx, ACCOUNT, {"instance_quota": 1})
    with pytest.raises(QuotaExceeded):
        service.create(CALLER, _command("second"))
    with elsewhere.transaction() as tx:
        AccountLimits(Limits()).clear(tx, ACCOUNT)
    service.create(CALLER, _command("third"))


def test_a_lifecycle_policy_set_elsewhere_holds_at_the_next_create(
    stores: tuple[Store, Store],
) -> None:
    here, elsewhere = stores
    policies = Policies(LifecyclePolicy(provisioning_delay=2.0))
    service = _service(here, policies, AccountLimits(Limits()))
    service.create(CALLER, _command("first"))
    with elsewhere.transaction() as tx:
        Policies(LifecyclePolicy()).set_for_account(
            tx, ACCOUNT, LifecyclePolicy(progression=Progression.MANUAL)
        )
    created = service.create(CALLER, _command("second"))
    with here.transaction(write=False) as tx:
        assert tx.next_due_at() is not None
        jobs = tx.claim_due_jobs(NEVER, 10)
    assert [job.due_at for job in jobs if job.instance_id == created.id] == [NEVER]


def test_a_failure_rule_added_elsewhere_claims_the_next_create(
    stores: tuple[Store, Store],
) -> None:
    here, elsewhere = stores
    service = _service(here, Policies(LifecyclePolicy()), AccountLimits(Limits()))
    service.create(CALLER, _command("first"))
    with elsewhere.transaction() as tx:
        tx.add_failure_rule(1, None, None, "planned")
    created = service.create(CALLER, _command("second"))
    later = service.create(CALLER, _command("third"))
    with here.transaction() as tx:
        reasons = {job.instance_id: job.failure_reason for job in tx.claim_due_jobs(1e12, 10)}
    assert reasons[created.id] == "planned"
    assert reasons[later.id] is None


def test_a_directory_declared_elsewhere_is_required_at_the_next_create(
    stores: tuple[Store, Store],
) -> None:
    here, elsewhere = stores
    service = _service(here, Policies(LifecyclePolicy()), AccountLimits(Limits()))
    service.create(CALLER, _command("first", "d-1111111111"))
    with elsewhere.transaction() as tx:
        tx.put_directory(Directory(ACCOUNT, "d-2222222222", usable=True))
    with pytest.raises(NotFound):
        service.create(CALLER, _command("second", "d-1111111111"))
    service.create(CALLER, _command("third", "d-2222222222"))

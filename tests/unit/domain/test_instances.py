"""Create and describe: AWS's synchronous rules, idempotency and the lifecycle's first step."""

from __future__ import annotations

import re

import pytest

from connect_emulator.domain.clock import FakeClock
from connect_emulator.domain.creation import CreateInstanceCommand
from connect_emulator.domain.errors import AliasInUse, InvalidInput, NotFound, TokenReused
from connect_emulator.domain.ids import RandomIds
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.lifecycle import Lifecycle
from connect_emulator.domain.model import Caller, IdentityManagementType, InstanceStatus
from connect_emulator.domain.pagination import load_page_tokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies
from tests.support.memory_store import MemoryStore

CALLER = Caller(account="111111111111", region="eu-west-2")
MANAGED = IdentityManagementType.CONNECT_MANAGED


def command(alias: str | None = "acme", **changes: object) -> CreateInstanceCommand:
    values: dict[str, object] = {
        "identity_management_type": MANAGED,
        "inbound_calls": True,
        "outbound_calls": False,
        "alias": alias,
    }
    values.update(changes)
    return CreateInstanceCommand(**values)  # type: ignore[arg-type]


def test_create_returns_a_lower_case_uuid_and_a_regional_arn(instances: InstanceService) -> None:
    created = instances.create(CALLER, command())
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", created.id
    )
    assert created.arn == f"arn:aws:connect:eu-west-2:111111111111:instance/{created.id}"


def test_describe_shows_everything_the_seed_lists(
    instances: InstanceService, clock: FakeClock
) -> None:
    created = instances.create(CALLER, command(tags={"team": "blue"}))
    instance = instances.describe(CALLER, created.id)
    assert instance.status == InstanceStatus.CREATION_IN_PROGRESS
    assert instance.created_at == round(clock.now(), 3)
    assert instance.access_url == "https://acme.my.connect.aws/"
    assert instance.tags == {"team": "blue"}
    assert re.fullmatch(
        r"arn:aws:iam::111111111111:role/aws-service-role/connect\.amazonaws\.com/"
        r"AWSServiceRoleForAmazonConnect_[A-Za-z0-9]{20}",
        instance.service_role,
    )


def test_views_speak_the_domains_types_not_the_stores(instances: InstanceService) -> None:
    # Enum members and booleans, as Instance has them: the INTEGER and TEXT columns behind
    # them are storage's business (storage/rows.py converts).
    created = instances.create(CALLER, command())
    details = instances.describe(CALLER, created.id)
    (summary,) = instances.list(CALLER, 10, None).instances
    for view in (details, summary):
        assert view.status is InstanceStatus.CREATION_IN_PROGRESS
        assert view.identity_management_type is MANAGED
        assert view.inbound_calls is True
        assert view.outbound_calls is False


def test_describe_by_arn_and_not_across_accounts_or_regions(instances: InstanceService) -> None:
    created = instances.create(CALLER, command())
    assert instances.describe(CALLER, created.arn).id == created.id
    with pytest.raises(NotFound):
        instances.describe(Caller("222222222222", "eu-west-2"), created.id)
    with pytest.raises(NotFound):
        instances.describe(Caller("111111111111", "us-east-1"), created.id)
    with pytest.raises(NotFound):
        instances.describe(Caller("222222222222", "eu-west-2"), created.arn)
    with pytest.raises(InvalidInput):
        instances.describe(CALLER, "arn:aws:s3:::bucket")


def test_alias_is_unique_everywhere_and_case_insensitively(instances: InstanceService) -> None:
    instances.create(CALLER, command("Acme"))
    with pytest.raises(AliasInUse) as raised:
        instances.create(Caller("222222222222", "ap-south-1"), command("acme"))
    assert raised.value.message == "Invalid Input. Instance alias is already used."


def test_same_token_same_request_is_the_same_instance(instances: InstanceService) -> None:
    first = instances.create(CALLER, command(client_token="t-1"))
    again = instances.create(CALLER, command(client_token="t-1"))
    assert again == first


def test_same_token_other_parameters_is_refused(instances: InstanceService) -> None:
    instances.create(CALLER, command(client_token="t-1"))
    with pytest.raises(TokenReused):
        instances.create(CALLER, command("other", client_token="t-1"))


def test_tokens_belong_to_one_account(instances: InstanceService) -> None:
    first = instances.create(CALLER, command(client_token="t-1"))
    other = instances.create(Caller("222222222222", "eu-west-2"), command("b", client_token="t-1"))
    assert other.id != first.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"identity_management_type": IdentityManagementType.EXISTING_DIRECTORY},
            "DirectoryId is required",
        ),
        ({"directory_id": "d-1234567890"}, "DirectoryId is only valid"),
        ({"alias": None}, "InstanceAlias is required"),
    ],
)
def test_identity_rules(
    instances: InstanceService, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        instances.create(CALLER, command(**changes))  # type: ignore[arg-type]


def test_existing_directory_without_alias_uses_the_directory(instances: InstanceService) -> None:
    created = instances.create(
        CALLER,
        command(
            None,
            identity_management_type=IdentityManagementType.EXISTING_DIRECTORY,
            directory_id="d-1234567890",
        ),
    )
    assert instances.describe(CALLER, created.id).alias == "d-1234567890"


def test_provisioning_waits_for_the_delay_then_activates(
    instances: InstanceService, lifecycle: Lifecycle, clock: FakeClock
) -> None:
    created = instances.create(CALLER, command())
    clock.advance(1.9)
    assert lifecycle.run_due() == 0
    assert instances.describe(CALLER, created.id).status == InstanceStatus.CREATION_IN_PROGRESS
    clock.advance(0.2)
    assert lifecycle.run_due() == 1
    assert instances.describe(CALLER, created.id).status == InstanceStatus.ACTIVE
    assert lifecycle.run_due() == 0
    assert lifecycle.next_due_at() is None


def test_a_failed_provisioning_frees_the_alias(store: MemoryStore, clock: FakeClock) -> None:
    ids = RandomIds(1)
    service = InstanceService(
        store,
        clock,
        ids,
        Policies(LifecyclePolicy(provisioning_delay=0)),
        page_tokens=load_page_tokens(store, ids),
    )
    with store.transaction() as tx:
        tx.add_failure_rule(1, None, "ac*", "directory unreachable")
    created = service.create(CALLER, command())
    assert Lifecycle(store, clock).run_due() == 1
    failed = service.describe(CALLER, created.id)
    assert failed.status == InstanceStatus.CREATION_FAILED
    assert failed.status_reason == "directory unreachable"
    assert service.create(CALLER, command()).id != created.id


def test_seeded_ids_repeat() -> None:
    assert RandomIds(3).uuid() == RandomIds(3).uuid()
    assert RandomIds(3).token(20) == RandomIds(3).token(20)
    assert RandomIds().uuid() != RandomIds().uuid()

"""Three server processes on one PostgreSQL behave as one service, under concurrent load.

Every case sends its calls from many threads at once, spread over the three processes, and
checks the outcome a single sequential service would give.
"""

from __future__ import annotations

import secrets
import uuid
from functools import partial

import pytest

from tests.integration.helpers import create, unique_alias, wait_gone
from tests.scaleout.cluster import Cluster, all_at_once, eventually
from tests.scaleout.conftest import INSTANCE_QUOTA

pytestmark = pytest.mark.postgres

ALIAS_IN_USE = "Invalid Input. Instance alias is already used."


def _account() -> str:
    return f"{secrets.randbelow(10**12):012d}"


def _listed(cluster: Cluster, account: str) -> list[str]:
    """The ids of the account's instances, as each process lists them: the same on all three.

    (Their statuses may differ between the three calls: the lifecycle goes on meanwhile.)
    """
    views = [
        sorted(item["Id"] for item in client.list_instances()["InstanceSummaryList"])
        for client in cluster.clients(account)
    ]
    assert views[0] == views[1] == views[2]
    return views[0]


def test_one_client_token_sent_to_every_process_makes_one_instance(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    alias, token = unique_alias(), str(uuid.uuid4())
    outcomes = all_at_once(
        partial(create, clients[n % 3], alias, ClientToken=token) for n in range(30)
    )
    assert outcomes.errors == []
    assert len({reply["Id"] for reply in outcomes.values}) == 1
    assert len({reply["Arn"] for reply in outcomes.values}) == 1
    assert _listed(cluster, account) == [outcomes.values[0]["Id"]]


def test_one_alias_from_every_process_and_account_has_one_winner(cluster: Cluster) -> None:
    accounts = [_account() for _ in range(3)]
    clients = [cluster.client(n % 3, accounts[n // 3 % 3]) for n in range(9)]
    alias = unique_alias()
    outcomes = all_at_once(partial(create, clients[n % 9], alias) for n in range(30))
    assert len(outcomes.values) == 1
    assert outcomes.errors == [("InvalidRequestException", ALIAS_IN_USE)] * 29
    assert sum(len(_listed(cluster, account)) for account in accounts) == 1


def test_concurrent_creates_never_exceed_the_instance_quota(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    outcomes = all_at_once(partial(create, clients[n % 3]) for n in range(24))
    assert len(outcomes.values) == INSTANCE_QUOTA
    assert outcomes.error_codes == ["ServiceQuotaExceededException"] * (24 - INSTANCE_QUOTA)
    assert len(_listed(cluster, account)) == INSTANCE_QUOTA


def test_every_lifecycle_job_runs_exactly_once(cluster: Cluster) -> None:
    accounts = [_account() for _ in range(8)]
    clients = [cluster.client(n % 3, account) for n, account in enumerate(accounts * 3)]
    created = all_at_once(partial(create, client) for client in clients)
    assert created.errors == []
    ids = [reply["Id"] for reply in created.values]
    assert len(set(ids)) == 24

    def all_active() -> bool:
        listed = [
            item
            for n, account in enumerate(accounts)
            for item in cluster.client(n % 3, account).list_instances()["InstanceSummaryList"]
        ]
        return len(listed) == 24 and {item["InstanceStatus"] for item in listed} == {"ACTIVE"}

    assert eventually(all_active, timeout=10)
    assert sum(len(_listed(cluster, account)) for account in accounts) == 24
    # Each provisioning happened once, in one process or another, never twice.
    provisioned = cluster.log_lines(r"instance (\S+) is ACTIVE")
    assert sorted(found for found in provisioned if found in ids) == sorted(ids)

    # Every instance deleted through every process at once: each is removed exactly once.
    # A call that arrives after the removal (0.2 s later) is told the instance is gone.
    by_id = {reply["Id"]: clients[n] for n, reply in enumerate(created.values)}
    account_of = {reply["Id"]: reply["Arn"].split(":")[4] for reply in created.values}

    def delete(process: int, instance_id: str) -> str:
        cluster.client(process, account_of[instance_id]).delete_instance(InstanceId=instance_id)
        return instance_id

    deletes = all_at_once(
        partial(delete, n, instance_id) for instance_id in by_id for n in range(3)
    )
    assert set(deletes.values) == set(ids)
    assert set(deletes.error_codes) <= {"ResourceNotFoundException"}
    for instance_id, client in by_id.items():
        assert wait_gone(client, instance_id)
    removed = cluster.log_lines(r"instance (\S+) is gone")
    assert sorted(found for found in removed if found in ids) == sorted(ids)


def test_controls_set_through_one_process_hold_on_the_others(cluster: Cluster) -> None:
    first, second, third = (cluster.control(n) for n in range(3))
    # The clock: moved through one, seen by all.
    first.advance_clock(hours=2)
    offset = first.clock()["offset"]
    assert offset >= 7200
    assert eventually(lambda: second.clock()["offset"] == third.clock()["offset"] == offset)

    # Failure injection: planned through one, applied by a creation through another.
    account = _account()
    first.fail_next_creations(1, reason="Planned by the test", account=account)
    failing = create(cluster.client(1, account))
    client = cluster.client(2, account)
    assert eventually(
        lambda: (
            client.describe_instance(InstanceId=failing["Id"])["Instance"]["InstanceStatus"]
            == "CREATION_FAILED"
        ),
        timeout=5,
    )

    # Injected faults: set through one, raised by the others.
    first.set_faults([{"operations": ["ListInstances"], "rate": 1, "error": "ThrottlingException"}])

    def throttled(process: int) -> bool:
        outcome = all_at_once([cluster.client(process, account).list_instances])
        return outcome.error_codes == ["ThrottlingException"]

    assert eventually(lambda: throttled(1))
    assert eventually(lambda: throttled(2))

    # Reset through the third: faults and clock are back within a worker step everywhere,
    # and the state is gone for every process.
    third.reset()
    assert eventually(lambda: not throttled(0) and not throttled(1))
    assert eventually(lambda: first.clock()["offset"] == second.clock()["offset"] == 0.0)
    for process in range(3):
        assert cluster.client(process, account).list_instances()["InstanceSummaryList"] == []


def test_concurrent_changes_to_one_instance_or_setting_all_count(cluster: Cluster) -> None:
    """Read-modify-writes from different processes at once: none is lost."""
    account = _account()
    created = create(cluster.client(0, account))
    clients = cluster.clients(account)
    tagged = all_at_once(
        partial(clients[n % 3].tag_resource, resourceArn=created["Arn"], tags={f"k{n}": "v"})
        for n in range(20)
    )
    assert tagged.errors == []
    tags = clients[1].list_tags_for_resource(resourceArn=created["Arn"])["tags"]
    assert sorted(tags) == sorted(f"k{n}" for n in range(20))

    controls = [cluster.control(n) for n in range(3)]
    before = controls[0].clock()["offset"]
    advanced = all_at_once(partial(controls[n % 3].advance_clock, 1) for n in range(12))
    assert advanced.errors == []
    # Each process shows the stored offset from its next worker step on.
    assert eventually(lambda: all(c.clock()["offset"] == before + 12 for c in controls))
    # Back to the real time everywhere before the next test creates anything.
    controls[0].reset()
    assert eventually(lambda: all(c.clock()["offset"] == 0 for c in controls))


def test_planned_failures_are_used_up_exactly_once(cluster: Cluster) -> None:
    accounts = [_account() for _ in range(4)]
    cluster.control(0).fail_next_creations(3, reason="Planned by the test")
    # Twelve creations: every process with every account, three per account (under the quota).
    clients = [cluster.client(n % 3, accounts[n % 4]) for n in range(12)]
    created = all_at_once(partial(create, client) for client in clients)
    assert created.errors == []

    def statuses() -> list[str]:
        return [
            item["InstanceStatus"]
            for n, account in enumerate(accounts)
            for item in cluster.client(n % 3, account).list_instances()["InstanceSummaryList"]
        ]

    assert eventually(lambda: "CREATION_IN_PROGRESS" not in statuses(), timeout=5)
    assert sorted(statuses()) == ["ACTIVE"] * 9 + ["CREATION_FAILED"] * 3

"""What the suite does with each directory of examples/terraform, besides apply, a clean plan,
destroy and the check that nothing is left (the same for all of them).

A new example directory needs a Scenario here (test_every_example_has_a_scenario says so):
the edit, an override file merged over the example, changes several resources in place; the
checks read through boto3 what Terraform applied, from the example's outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_connect.literals import InstanceAttributeTypeType

Check = Callable[["ConnectClient", dict[str, Any]], None]


@dataclass(frozen=True)
class Scenario:
    edit: str  # the text of an override file: the in-place edit
    changed: int  # resources the edit changes (none added, none destroyed)
    applied: Check  # after the first apply, given the example's outputs
    edited: Check  # after the edit's apply


def _attributes(
    connect: ConnectClient, instance_id: str, *kinds: InstanceAttributeTypeType
) -> dict[str, str]:
    return {
        kind: connect.describe_instance_attribute(InstanceId=instance_id, AttributeType=kind)[
            "Attribute"
        ]["Value"]
        for kind in kinds
    }


_INSTANCE_ATTRIBUTES: tuple[InstanceAttributeTypeType, ...] = (
    "CONTACTFLOW_LOGS",
    "CONTACT_LENS",
    "EARLY_MEDIA",
    "MULTI_PARTY_CONFERENCE",
)


def _instance_applied(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    assert outputs["status"] == "ACTIVE"
    instance = connect.describe_instance(InstanceId=outputs["instance_id"])["Instance"]
    assert instance["Arn"] == outputs["instance_arn"]
    assert instance["InstanceAlias"] == "my-terraform-centre"
    assert instance["InstanceStatus"] == "ACTIVE"
    assert (instance["InboundCallsEnabled"], instance["OutboundCallsEnabled"]) == (True, True)
    assert instance["Tags"] == {"team": "support"}
    assert _attributes(connect, outputs["instance_id"], *_INSTANCE_ATTRIBUTES) == {
        "CONTACTFLOW_LOGS": "false",
        "CONTACT_LENS": "true",
        "EARLY_MEDIA": "true",
        "MULTI_PARTY_CONFERENCE": "false",  # not in the example: the provider's default
    }


def _instance_edited(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    assert _attributes(connect, outputs["instance_id"], *_INSTANCE_ATTRIBUTES) == {
        "CONTACTFLOW_LOGS": "true",
        "CONTACT_LENS": "false",
        "EARLY_MEDIA": "true",
        "MULTI_PARTY_CONFERENCE": "true",
    }
    tags = connect.list_tags_for_resource(resourceArn=outputs["instance_arn"])["tags"]
    assert tags == {"stage": "test", "owner": "contact-centre-ops"}


SCENARIOS: dict[str, Scenario] = {
    "instance": Scenario(
        # Two attributes flipped and one set that the example leaves to its default (each an
        # UpdateInstanceAttribute); a tag removed and two added (UntagResource, TagResource).
        edit="""\
resource "aws_connect_instance" "centre" {
  contact_flow_logs_enabled      = true
  contact_lens_enabled           = false
  multi_party_conference_enabled = true

  tags = {
    stage = "test"
    owner = "contact-centre-ops"
  }
}
""",
        changed=1,
        applied=_instance_applied,
        edited=_instance_edited,
    ),
}

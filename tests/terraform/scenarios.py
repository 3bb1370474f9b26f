"""What the suite does with each directory of examples/terraform, besides apply, a clean plan,
destroy and the check that nothing is left (the same for all of them).

A new example directory needs a Scenario here (test_every_example_has_a_scenario says so):
the edit, an override file merged over the example, changes several resources in place; the
checks read through boto3 what Terraform applied, from the example's outputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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


# The contact centre (examples/terraform/contact-centre).


def _named(summaries: Iterable[Any], name: str) -> str:
    [found] = [s["Id"] for s in summaries if s.get("Name") == name]
    return str(found)


def _queue_configs(
    connect: ConnectClient, iid: str, profile: str
) -> set[tuple[str, str, int, int]]:
    pages = connect.get_paginator("list_routing_profile_queues").paginate(
        InstanceId=iid, RoutingProfileId=profile
    )
    return {
        (c["QueueName"], c["Channel"], c["Priority"], c["Delay"])
        for page in pages
        for c in page["RoutingProfileQueueConfigSummaryList"]
    }


def _permissions(connect: ConnectClient, iid: str, profile: str) -> set[str]:
    pages = connect.get_paginator("list_security_profile_permissions").paginate(
        InstanceId=iid, SecurityProfileId=profile
    )
    return {p for page in pages for p in page["Permissions"]}


def _flow_actions(connect: ConnectClient, iid: str, flow: str) -> list[tuple[str, str]]:
    described = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=flow)["ContactFlow"]
    assert (described["Type"], described["Status"], described["State"]) == (
        "CONTACT_FLOW",
        "PUBLISHED",
        "ACTIVE",
    )
    content = json.loads(described["Content"])
    return [(a["Identifier"], a["Type"]) for a in content["Actions"]]


def _levels(connect: ConnectClient, iid: str) -> list[str]:
    """The names of the hierarchy's levels, from level one down."""
    structure: dict[str, Any] = dict(
        connect.describe_user_hierarchy_structure(InstanceId=iid)["HierarchyStructure"]
    )
    levels = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")
    return [str(level["Name"]) for key in levels if (level := structure.get(key)) is not None]


def _contact_centre_applied(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    iid, ids, defaults = outputs["instance_id"], outputs["ids"], outputs["defaults"]
    instance = connect.describe_instance(InstanceId=iid)["Instance"]
    assert (instance["InstanceAlias"], instance["InstanceStatus"]) == (
        "my-contact-centre",
        "ACTIVE",
    )

    # The data sources found the instance's own resources by name.
    assert defaults["basic_hours"] == _named(
        connect.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"],
        "Basic Hours",
    )
    queues = connect.list_queues(InstanceId=iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
    assert defaults["basic_queue"] == _named(queues, "BasicQueue")
    assert sorted(q["Name"] for q in queues) == ["BasicQueue", "Escalations", "Support"]
    assert defaults["basic_routing"] == _named(
        connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"],
        "Basic Routing Profile",
    )
    assert defaults["agent_profile"] == _named(
        connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"], "Agent"
    )
    flows = connect.get_paginator("list_contact_flows").paginate(InstanceId=iid)
    summaries = [s for page in flows for s in page["ContactFlowSummaryList"]]
    for output, name in (
        ("queue_transfer_flow", "Default queue transfer"),
        ("agent_transfer_flow", "Default agent transfer"),
        ("outbound_flow", "Default outbound"),
    ):
        assert defaults[output] == _named(summaries, name)

    hours = connect.describe_hours_of_operation(
        InstanceId=iid, HoursOfOperationId=ids["office_hours"]
    )["HoursOfOperation"]
    assert (hours["Name"], hours["TimeZone"], hours["Tags"]) == (
        "Office hours",
        "Europe/London",
        {"team": "support"},
    )
    assert sorted(c["Day"] for c in hours["Config"]) == sorted(
        ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
    )

    support = connect.describe_queue(InstanceId=iid, QueueId=ids["support_queue"])["Queue"]
    assert (support["MaxContacts"], support["HoursOfOperationId"]) == (50, ids["office_hours"])
    assert support["OutboundCallerConfig"] == {
        "OutboundCallerIdName": "Example Support",
        "OutboundFlowId": defaults["outbound_flow"],
    }
    offered = connect.list_queue_quick_connects(InstanceId=iid, QueueId=ids["support_queue"])
    assert {(q["Id"], q["QuickConnectType"]) for q in offered["QuickConnectSummaryList"]} == {
        (ids["to_escalations"], "QUEUE"),
        (ids["to_lead"], "USER"),
    }

    assert _queue_configs(connect, iid, ids["routing_profile"]) == {
        ("Support", "VOICE", 1, 0),
        ("Support", "CHAT", 1, 0),
        ("Escalations", "VOICE", 2, 30),
        ("BasicQueue", "VOICE", 3, 60),
    }
    assert _permissions(connect, iid, ids["security_profile"]) == {
        "BasicAgentAccess",
        "OutboundCallAccess",
        "AccessMetrics",
        "Users.View",
    }

    assert _levels(connect, iid) == ["Site", "Team"]
    group = connect.describe_user_hierarchy_group(
        InstanceId=iid, HierarchyGroupId=ids["london_support"]
    )["HierarchyGroup"]
    assert (group["LevelId"], group["HierarchyPath"]["LevelOne"]["Id"]) == (
        "2",
        ids["london_group"],
    )

    agent = connect.describe_user(InstanceId=iid, UserId=ids["agent_user"])["User"]
    assert (agent["Username"], agent["RoutingProfileId"], agent["HierarchyGroupId"]) == (
        "alex.agent",
        ids["routing_profile"],
        ids["london_support"],
    )
    assert agent["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30
    lead = connect.describe_user(InstanceId=iid, UserId=ids["lead_user"])["User"]
    assert set(lead["SecurityProfileIds"]) == {defaults["agent_profile"], ids["security_profile"]}
    # Each user has an agent queue, made with the user.
    agent_queues = connect.list_queues(InstanceId=iid, QueueTypes=["AGENT"])["QueueSummaryList"]
    assert sorted(q["Id"] for q in agent_queues) == sorted([ids["agent_user"], ids["lead_user"]])

    module = connect.describe_contact_flow_module(
        InstanceId=iid, ContactFlowModuleId=ids["greeting_module"]
    )["ContactFlowModule"]
    assert (module["Name"], module["Status"], module["State"]) == (
        "Greeting",
        "PUBLISHED",
        "ACTIVE",
    )
    assert _flow_actions(connect, iid, ids["inbound_flow"]) == [
        ("greet", "InvokeFlowModule"),
        ("set-queue", "UpdateContactTargetQueue"),
        ("transfer", "TransferContactToQueue"),
        ("hang-up", "DisconnectParticipant"),
    ]


def _contact_centre_edited(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    iid, ids = outputs["instance_id"], outputs["ids"]
    support = connect.describe_queue(InstanceId=iid, QueueId=ids["support_queue"])["Queue"]
    assert (support["MaxContacts"], support["Tags"]) == (
        80,
        {"team": "support", "tier": "first-line"},
    )
    escalations = connect.describe_queue(InstanceId=iid, QueueId=ids["escalations_queue"])["Queue"]
    assert (escalations["Status"], escalations["HoursOfOperationId"]) == (
        "DISABLED",
        ids["office_hours"],
    )
    hours = connect.describe_hours_of_operation(
        InstanceId=iid, HoursOfOperationId=ids["office_hours"]
    )["HoursOfOperation"]
    assert hours["Description"] == "Monday to Friday, 8:00 to 18:00, UK time"
    assert _flow_actions(connect, iid, ids["inbound_flow"]) == [
        ("set-queue", "UpdateContactTargetQueue"),
        ("transfer", "TransferContactToQueue"),
        ("hang-up", "DisconnectParticipant"),
    ]
    assert _permissions(connect, iid, ids["security_profile"]) == {
        "BasicAgentAccess",
        "OutboundCallAccess",
        "AccessMetrics",
        "Users.View",
        "Users.Edit",
        "ContactSearch.View",
    }
    profile_arn = connect.describe_security_profile(
        InstanceId=iid, SecurityProfileId=ids["security_profile"]
    )["SecurityProfile"]["Arn"]
    tags = connect.list_tags_for_resource(resourceArn=profile_arn)["tags"]
    assert tags == {"team": "support", "reviewed": "yes"}
    assert _queue_configs(connect, iid, ids["routing_profile"]) == {
        ("Support", "VOICE", 1, 0),
        ("Support", "CHAT", 2, 0),
        ("Escalations", "VOICE", 2, 15),
    }
    agent = connect.describe_user(InstanceId=iid, UserId=ids["agent_user"])["User"]
    assert agent["IdentityInfo"]["FirstName"] == "Alexandra"
    assert (agent["PhoneConfig"]["AutoAccept"], agent["Tags"]) == (True, {"team": "support"})
    lead = connect.describe_user(InstanceId=iid, UserId=ids["lead_user"])["User"]
    assert lead["SecurityProfileIds"] == [ids["security_profile"]]
    assert "HierarchyGroupId" not in lead
    group = connect.describe_user_hierarchy_group(
        InstanceId=iid, HierarchyGroupId=ids["london_support"]
    )["HierarchyGroup"]
    assert group["Name"] == "London support desk"
    assert _levels(connect, iid) == ["Site", "Department", "Team"]


_CONTACT_CENTRE_EDIT = """\
resource "aws_connect_queue" "support" {
  max_contacts = 80
  tags = {
    team = "support"
    tier = "first-line"
  }
}

resource "aws_connect_hours_of_operation" "office" {
  description = "Monday to Friday, 8:00 to 18:00, UK time"
}

resource "aws_connect_contact_flow" "inbound" {
  content = jsonencode({
    Version     = "2019-10-30"
    StartAction = "set-queue"
    Actions = [
      {
        Identifier = "set-queue"
        Type       = "UpdateContactTargetQueue"
        Parameters = { QueueId = aws_connect_queue.support.arn }
        Transitions = {
          NextAction = "transfer"
          Errors     = [{ NextAction = "hang-up", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier = "transfer"
        Type       = "TransferContactToQueue"
        Parameters = {}
        Transitions = {
          NextAction = "hang-up"
          Errors     = [{ NextAction = "hang-up", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier  = "hang-up"
        Type        = "DisconnectParticipant"
        Parameters  = {}
        Transitions = {}
      },
    ]
  })
}

resource "aws_connect_security_profile" "team_lead" {
  permissions = [
    "BasicAgentAccess",
    "OutboundCallAccess",
    "AccessMetrics",
    "Users.View",
    "Users.Edit",
    "ContactSearch.View",
  ]
  tags = {
    team     = "support"
    reviewed = "yes"
  }
}

resource "aws_connect_routing_profile" "support" {
  description = "Support first, then escalations"
  media_concurrencies {
    channel     = "VOICE"
    concurrency = 1
  }
  media_concurrencies {
    channel     = "CHAT"
    concurrency = 2
  }
  queue_configs {
    channel  = "VOICE"
    queue_id = aws_connect_queue.support.queue_id
    priority = 1
    delay    = 0
  }
  queue_configs {
    channel  = "CHAT"
    queue_id = aws_connect_queue.support.queue_id
    priority = 2
    delay    = 0
  }
  queue_configs {
    channel  = "VOICE"
    queue_id = aws_connect_queue.escalations.queue_id
    priority = 2
    delay    = 15
  }
}

resource "aws_connect_user" "agent" {
  identity_info {
    first_name = "Alexandra"
    last_name  = "Agent"
    email      = "alexandra.agent@example.com"
  }
  phone_config {
    phone_type                    = "SOFT_PHONE"
    auto_accept                   = true
    after_contact_work_time_limit = 60
  }
  tags = {
    team = "support"
  }
}

resource "aws_connect_user_hierarchy_group" "london_support" {
  name = "London support desk"
}

resource "aws_connect_contact_flow_module" "greeting" {
  description = "Welcomes the caller by name"
}

resource "aws_connect_quick_connect" "to_escalations" {
  description = "Hand the contact to second-line support"
}

resource "aws_connect_instance" "centre" {
  tags = {
    team  = "support"
    stage = "test"
  }
}

resource "aws_connect_queue" "escalations" {
  status                = "DISABLED"
  hours_of_operation_id = aws_connect_hours_of_operation.office.hours_of_operation_id
}

resource "aws_connect_user" "lead" {
  security_profile_ids = [aws_connect_security_profile.team_lead.security_profile_id]
  hierarchy_group_id   = null
}

resource "aws_connect_user_hierarchy_structure" "structure" {
  hierarchy_structure {
    level_one {
      name = "Site"
    }
    level_two {
      name = "Department"
    }
    level_three {
      name = "Team"
    }
  }
}
"""


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
    "contact-centre": Scenario(
        # Issue 16's edits (a queue's maximum, hours' description, a flow's content, a security
        # profile's permissions, tags), and one or more of every other Update* Terraform makes:
        # queue status and hours, routing profile concurrency and queue configs (disassociated,
        # then associated again), user identity, phone, security profiles and hierarchy (removed),
        # a group renamed, a hierarchy level added, module and quick connect descriptions.
        edit=_CONTACT_CENTRE_EDIT,
        changed=13,
        applied=_contact_centre_applied,
        edited=_contact_centre_edited,
    ),
}

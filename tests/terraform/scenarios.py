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
    # After destroy, given the outputs from before it: what the generic checks (no instance,
    # no ARN of the state answers) do not see, such as account-level resources.
    destroyed: Check | None = None
    # The account's lifecycle progression for the whole cycle ("immediate": asynchronous steps
    # done on the worker's next step), where the server's short delays teach nothing more.
    progression: str | None = None


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


# The integrations (examples/terraform/integrations).

_KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
_FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:customer-lookup"


def _lambda_timeout(connect: ConnectClient, iid: str, flow: str) -> tuple[str, str]:
    """The flow's InvokeLambdaFunction action: the function it calls, its time limit."""
    described = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=flow)["ContactFlow"]
    [action] = [
        a
        for a in json.loads(described["Content"])["Actions"]
        if a["Type"] == "InvokeLambdaFunction"
    ]
    parameters = action["Parameters"]
    return str(parameters["LambdaFunctionARN"]), str(parameters["InvocationTimeLimitSeconds"])


def _integrations_applied(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    iid, arn, ids = outputs["instance_id"], outputs["instance_arn"], outputs["ids"]
    instance = connect.describe_instance(InstanceId=iid)["Instance"]
    assert (instance["InstanceAlias"], instance["InstanceStatus"]) == (
        "my-integrated-centre",
        "ACTIVE",
    )

    storage = connect.describe_instance_storage_config(
        InstanceId=iid, AssociationId=ids["storage_association"], ResourceType="CALL_RECORDINGS"
    )["StorageConfig"]
    assert (storage["StorageType"], storage["S3Config"]) == (
        "S3",
        {"BucketName": "example-connect-recordings", "BucketPrefix": "recordings"},
    )
    assert connect.list_lambda_functions(InstanceId=iid)["LambdaFunctions"] == [_FUNCTION_ARN]
    assert connect.list_bots(InstanceId=iid, LexVersion="V1")["LexBots"] == [
        {"LexBot": {"Name": "OrderStatus", "LexRegion": "us-east-1"}}
    ]

    vocabulary = connect.describe_vocabulary(InstanceId=iid, VocabularyId=ids["vocabulary"])[
        "Vocabulary"
    ]
    assert (vocabulary["Name"], vocabulary["State"], vocabulary["LanguageCode"]) == (
        "Product names",
        "ACTIVE",
        "en-US",
    )
    assert vocabulary["Content"].splitlines()[0] == "Phrase\tIPA\tSoundsLike\tDisplayAs"
    assert vocabulary["Tags"] == {"team": "support"}

    assert _lambda_timeout(connect, iid, ids["inbound_flow"]) == (_FUNCTION_ARN, "3")

    number = connect.describe_phone_number(PhoneNumberId=ids["phone_number"])[
        "ClaimedPhoneNumberSummary"
    ]
    assert number["PhoneNumber"] == outputs["phone_number"]
    assert (number["TargetArn"], number["PhoneNumberStatus"]["Status"]) == (arn, "CLAIMED")
    assert (number["PhoneNumberCountryCode"], number["PhoneNumberType"]) == ("US", "DID")
    assert number["PhoneNumberDescription"] == "Main support line"
    assert number["Tags"] == {"team": "support"}
    listed = connect.list_phone_numbers_v2(TargetArn=arn)["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberId"] for n in listed] == [ids["phone_number"]]

    # The data sources found each integration.
    assert outputs["read_back"] == {
        "recordings_bucket": "example-connect-recordings",
        "recordings_prefix": "recordings",
        "function_arn": _FUNCTION_ARN,
        "bot_region": "us-east-1",
        "vocabulary_state": "ACTIVE",
        "vocabulary_id": ids["vocabulary"],
    }


def _integrations_edited(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    iid, ids = outputs["instance_id"], outputs["ids"]
    storage = connect.describe_instance_storage_config(
        InstanceId=iid, AssociationId=ids["storage_association"], ResourceType="CALL_RECORDINGS"
    )["StorageConfig"]
    assert storage["S3Config"] == {
        "BucketName": "example-connect-recordings",
        "BucketPrefix": "calls/recorded",
        "EncryptionConfig": {"EncryptionType": "KMS", "KeyId": _KMS_KEY},
    }
    assert outputs["read_back"]["recordings_prefix"] == "calls/recorded"
    vocabulary = connect.describe_vocabulary(InstanceId=iid, VocabularyId=ids["vocabulary"])[
        "Vocabulary"
    ]
    assert (vocabulary["State"], vocabulary["Tags"]) == (
        "ACTIVE",
        {"team": "support", "review": "2026-q4"},
    )
    number = connect.describe_phone_number(PhoneNumberId=ids["phone_number"])[
        "ClaimedPhoneNumberSummary"
    ]
    assert number["Tags"] == {"team": "support", "channel": "voice"}
    assert number["PhoneNumberStatus"]["Status"] == "CLAIMED"
    flow = connect.describe_contact_flow(InstanceId=iid, ContactFlowId=ids["inbound_flow"])[
        "ContactFlow"
    ]
    assert flow["Description"] == "Looks the caller up (8 s at most), thanks them and hangs up"
    assert _lambda_timeout(connect, iid, ids["inbound_flow"]) == (_FUNCTION_ARN, "8")
    tags = connect.list_tags_for_resource(resourceArn=outputs["instance_arn"])["tags"]
    assert tags == {"team": "support", "stage": "test"}


def _integrations_destroyed(connect: ConnectClient, outputs: dict[str, Any]) -> None:
    # A claimed number belongs to the account, not the instance: destroy released it.
    assert connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"] == []


_INTEGRATIONS_EDIT = f"""\
resource "aws_connect_instance_storage_config" "call_recordings" {{
  storage_config {{
    storage_type = "S3"
    s3_config {{
      bucket_name   = "example-connect-recordings"
      bucket_prefix = "calls/recorded"
      encryption_config {{
        encryption_type = "KMS"
        key_id          = "{_KMS_KEY}"
      }}
    }}
  }}
}}

resource "aws_connect_vocabulary" "products" {{
  tags = {{
    team   = "support"
    review = "2026-q4"
  }}
}}

resource "aws_connect_phone_number" "main_line" {{
  tags = {{
    team    = "support"
    channel = "voice"
  }}
}}

resource "aws_connect_contact_flow" "inbound" {{
  description = "Looks the caller up (8 s at most), thanks them and hangs up"
  content = jsonencode({{
    Version     = "2019-10-30"
    StartAction = "look-up"
    Actions = [
      {{
        Identifier = "look-up"
        Type       = "InvokeLambdaFunction"
        Parameters = {{
          LambdaFunctionARN          = aws_connect_lambda_function_association.lookup.function_arn
          InvocationTimeLimitSeconds = "8"
        }}
        Transitions = {{
          NextAction = "thank"
          Errors     = [{{ NextAction = "thank", ErrorType = "NoMatchingError" }}]
        }}
      }},
      {{
        Identifier = "thank"
        Type       = "MessageParticipant"
        Parameters = {{ Text = "Thank you for calling." }}
        Transitions = {{
          NextAction = "hang-up"
          Errors     = [{{ NextAction = "hang-up", ErrorType = "NoMatchingError" }}]
        }}
      }},
      {{
        Identifier  = "hang-up"
        Type        = "DisconnectParticipant"
        Parameters  = {{}}
        Transitions = {{}}
      }},
    ]
  }})
}}

resource "aws_connect_instance" "centre" {{
  tags = {{
    team  = "support"
    stage = "test"
  }}
}}
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
    "integrations": Scenario(
        # The storage prefix and its encryption (UpdateInstanceStorageConfig), tags of the
        # vocabulary, the phone number (its update waiter too) and the instance, a flow's
        # description and content. The Lambda and Lex associations have nothing to change in
        # place (every argument replaces them), nor has the number but its target and tags.
        edit=_INTEGRATIONS_EDIT,
        changed=5,
        applied=_integrations_applied,
        edited=_integrations_edited,
        destroyed=_integrations_destroyed,
        # The instance's, the vocabulary's and the phone number's asynchronous steps done on
        # the lifecycle worker's next step: the instance example already waits through delays.
        progression="immediate",
    ),
}

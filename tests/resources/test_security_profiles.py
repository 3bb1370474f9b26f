"""Security profiles through boto3: the four defaults, permissions read only through
ListSecurityProfilePermissions, no rename, deletes refused while a user holds the profile,
and the calls Terraform's aws_connect_security_profile and its data source make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

DEFAULTS = ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"]
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Supervisors", **extra: Any
) -> dict[str, Any]:
    return dict(
        connect.create_security_profile(InstanceId=instance.id, SecurityProfileName=name, **extra)
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, profile: str) -> dict[str, Any]:
    return dict(
        connect.describe_security_profile(InstanceId=instance.id, SecurityProfileId=profile)[
            "SecurityProfile"
        ]
    )


def _permissions(connect: ConnectClient, instance: ActiveInstance, profile: str) -> list[str]:
    pages = connect.get_paginator("list_security_profile_permissions").paginate(
        InstanceId=instance.id, SecurityProfileId=profile
    )
    return [permission for page in pages for permission in page["Permissions"]]


def _names(connect: ConnectClient, instance: ActiveInstance) -> list[str]:
    pages = connect.get_paginator("list_security_profiles").paginate(InstanceId=instance.id)
    return [s["Name"] for page in pages for s in page["SecurityProfileSummaryList"]]


def _by_name(connect: ConnectClient, instance: ActiveInstance, name: str) -> str:
    summaries = connect.list_security_profiles(InstanceId=instance.id, MaxResults=60)
    return next(s["Id"] for s in summaries["SecurityProfileSummaryList"] if s["Name"] == name)


def _user(connect: ConnectClient, instance: ActiveInstance, profile: str) -> dict[str, Any]:
    routing = connect.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    return dict(
        connect.create_user(
            InstanceId=instance.id,
            Username="agent1",
            Password="Password123",
            IdentityInfo={"FirstName": "Ann", "LastName": "Agent"},
            PhoneConfig={"PhoneType": "SOFT_PHONE"},
            SecurityProfileIds=[profile],
            RoutingProfileId=next(r["Id"] for r in routing if r["Name"] == "Basic Routing Profile"),
        )
    )


def test_an_active_instance_has_the_four_default_profiles(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_security_profiles(InstanceId=instance.id, MaxResults=60)[
        "SecurityProfileSummaryList"
    ]
    assert [s["Name"] for s in summaries] == DEFAULTS
    assert {s["Type"] for s in summaries} == {"CUSTOMER_MANAGED"}
    agent = _describe(own_connect, instance, summaries[1]["Id"])
    assert agent["SecurityProfileName"] == "Agent"
    assert agent["Description"] == "Grants agents permission to access the CCP."
    assert agent["OrganizationResourceId"] == instance.id
    assert agent["Arn"] == f"{instance.arn}/security-profile/{summaries[1]['Id']}"
    assert "Permissions" not in agent
    assert _permissions(own_connect, instance, summaries[1]["Id"]) == [
        "BasicAgentAccess",
        "OutboundCallAccess",
    ]
    admin = _permissions(own_connect, instance, summaries[0]["Id"])
    assert len(admin) > 60
    assert {"Users.Create", "SecurityProfiles.Edit", "BasicAgentAccess"} <= set(admin)


def test_create_describe_update_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    created = _create(
        own_connect,
        instance,
        "Call Center_Leads-2",
        Description="Leads",
        Permissions=["BasicAgentAccess", "Queues.View", "BasicAgentAccess"],
        Tags={"team": "a"},
        AllowedAccessControlTags={"site": "north"},
        TagRestrictedResources=["User"],
    )
    profile = created["SecurityProfileId"]
    assert created["SecurityProfileArn"] == f"{instance.arn}/security-profile/{profile}"
    described = _describe(own_connect, instance, profile)
    assert described["SecurityProfileName"] == "Call Center_Leads-2"
    assert described["Description"] == "Leads"
    assert described["Tags"] == {"team": "a"}
    assert described["AllowedAccessControlTags"] == {"site": "north"}
    assert described["TagRestrictedResources"] == ["User"]
    assert described["Type"] == "CUSTOMER_MANAGED"
    assert described["LastModifiedRegion"] == "us-east-1"
    assert "Permissions" not in described
    assert _permissions(own_connect, instance, profile) == ["BasicAgentAccess", "Queues.View"]
    summary = next(
        s
        for s in own_connect.list_security_profiles(InstanceId=instance.id)[
            "SecurityProfileSummaryList"
        ]
        if s["Id"] == profile
    )
    assert summary["Name"] == "Call Center_Leads-2"
    assert summary["Arn"] == created["SecurityProfileArn"]

    # Permissions replace the set; members not sent stay as they were.
    own_connect.update_security_profile(
        InstanceId=instance.id, SecurityProfileId=profile, Permissions=["Users.View"]
    )
    assert _permissions(own_connect, instance, profile) == ["Users.View"]
    own_connect.update_security_profile(
        InstanceId=instance.id, SecurityProfileId=profile, Description="", Permissions=[]
    )
    updated = _describe(own_connect, instance, profile)
    assert updated["Description"] == ""
    assert updated["AllowedAccessControlTags"] == {"site": "north"}
    assert updated["LastModifiedTime"] >= described["LastModifiedTime"]
    assert _permissions(own_connect, instance, profile) == []

    own_connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=profile)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, profile)
    assert _names(own_connect, instance) == DEFAULTS


def test_names_are_unique_per_instance(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "Leads")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "Leads")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "Admin")
    assert _names(own_connect, instance) == [*DEFAULTS, "Leads"]


@pytest.mark.parametrize(
    ("extra", "member"),
    [
        ({"SecurityProfileName": "Mgr/2"}, "SecurityProfileName"),
        ({"SecurityProfileName": "x" * 128}, "SecurityProfileName"),
        ({"SecurityProfileName": "Ok", "Permissions": ["p"] * 501}, "Permissions"),
        ({"SecurityProfileName": "Ok", "Permissions": ["x" * 129]}, "Permissions"),
        ({"SecurityProfileName": "Ok", "Description": "d" * 251}, "Description"),
    ],
)
def test_bad_input_is_a_400_naming_the_member_and_writes_nothing(
    raw: ConnectClient, instance: ActiveInstance, extra: dict[str, Any], member: str
) -> None:
    with pytest.raises(ClientError) as raised:
        raw.create_security_profile(InstanceId=instance.id, **extra)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert member in raised.value.response["Error"]["Message"]
    assert _names(raw, instance) == DEFAULTS


def test_unknown_ids_are_404_and_write_nothing(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    errors = own_connect.exceptions
    with pytest.raises(errors.ResourceNotFoundException):
        _describe(own_connect, instance, UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.update_security_profile(
            InstanceId=instance.id, SecurityProfileId=UNKNOWN, Description="x"
        )
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.list_security_profile_permissions(
            InstanceId=instance.id, SecurityProfileId=UNKNOWN
        )
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.list_security_profiles(InstanceId=UNKNOWN)
    # A referenced hierarchy group that does not exist: nothing is written.
    with pytest.raises(errors.ResourceNotFoundException):
        _create(own_connect, instance, "Scoped", AllowedAccessControlHierarchyGroupId=UNKNOWN)
    assert _names(own_connect, instance) == DEFAULTS


def test_a_profile_held_by_a_user_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    profile = _create(own_connect, instance, "Leads")["SecurityProfileId"]
    user = _user(own_connect, instance, profile)
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=profile)
    response: Any = raised.value.response
    assert (response["ResourceType"], response["ResourceId"]) == ("USER", user["UserArn"])
    own_connect.update_user_security_profiles(
        InstanceId=instance.id,
        UserId=user["UserId"],
        SecurityProfileIds=[_by_name(own_connect, instance, "Agent")],
    )
    own_connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=profile)


def test_the_defaults_can_be_deleted_when_unused(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    own_connect.delete_security_profile(
        InstanceId=instance.id, SecurityProfileId=_by_name(own_connect, instance, "QualityAnalyst")
    )
    assert _names(own_connect, instance) == DEFAULTS[:3]


def test_permissions_page_with_top_level_modification(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    permissions = [f"Custom.P{index}" for index in range(5)]
    profile = _create(own_connect, instance, Permissions=permissions)["SecurityProfileId"]
    first = own_connect.list_security_profile_permissions(
        InstanceId=instance.id, SecurityProfileId=profile, MaxResults=2
    )
    assert first["Permissions"] == permissions[:2]
    assert first["LastModifiedRegion"] == "us-east-1"
    assert (
        first["LastModifiedTime"] == _describe(own_connect, instance, profile)["LastModifiedTime"]
    )
    second = own_connect.list_security_profile_permissions(
        InstanceId=instance.id,
        SecurityProfileId=profile,
        MaxResults=2,
        NextToken=first["NextToken"],
    )
    assert second["Permissions"] == permissions[2:4]
    pages = own_connect.get_paginator("list_security_profile_permissions").paginate(
        InstanceId=instance.id, SecurityProfileId=profile, PaginationConfig={"PageSize": 2}
    )
    assert [p for page in pages for p in page["Permissions"]] == permissions


def test_applications_are_listed_by_their_own_operation(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    applications: list[Any] = [
        {"Namespace": "crm.example.com", "ApplicationPermissions": ["read"]},
        {"Namespace": "kb.example.com", "ApplicationPermissions": ["read", "write"]},
    ]
    profile = _create(own_connect, instance, Applications=applications)["SecurityProfileId"]
    listed = own_connect.list_security_profile_applications(
        InstanceId=instance.id, SecurityProfileId=profile, MaxResults=1
    )
    assert listed["Applications"] == applications[:1]
    rest = own_connect.list_security_profile_applications(
        InstanceId=instance.id, SecurityProfileId=profile, NextToken=listed["NextToken"]
    )
    assert rest["Applications"] == applications[1:]
    assert "NextToken" not in rest


def test_lists_page_with_tokens_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(3):
        _create(own_connect, instance, f"P{index}")
    first = own_connect.list_security_profiles(InstanceId=instance.id, MaxResults=2)
    assert [s["Name"] for s in first["SecurityProfileSummaryList"]] == DEFAULTS[:2]
    paginator = own_connect.get_paginator("list_security_profiles")
    names = [
        s["Name"]
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
        for s in page["SecurityProfileSummaryList"]
    ]
    assert names == [*DEFAULTS, "P0", "P1", "P2"]


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    arn = _create(own_connect, instance, Permissions=["Queues.View"])["SecurityProfileArn"]
    assert _describe(own_connect, instance, arn)["Arn"] == arn
    own_connect.update_security_profile(
        InstanceId=instance.arn, SecurityProfileId=arn, Permissions=["Users.View"]
    )
    assert _permissions(own_connect, instance, arn) == ["Users.View"]
    own_connect.delete_security_profile(InstanceId=instance.arn, SecurityProfileId=arn)
    assert _names(own_connect, instance) == DEFAULTS


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["SecurityProfileArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["SecurityProfileId"])["Tags"] == {"b": "2"}


def test_the_quota_counts_the_defaults(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"security_profile": 5})
    _create(own_connect, instance, "Fifth")
    with pytest.raises(ClientError) as raised:
        _create(own_connect, instance, "Sixth")
    assert raised.value.response["Error"]["Code"] == "LimitExceededException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert _names(own_connect, instance) == [*DEFAULTS, "Fifth"]


def test_terraform_security_profile_and_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """aws_connect_security_profile: create, read (Describe + every page of
    ListSecurityProfilePermissions at 60), update, tags, delete (404 afterwards)."""
    connect = own_connect

    def read(profile: str) -> tuple[dict[str, Any], list[str]]:
        described = _describe(connect, instance, profile)
        permissions: list[str] = []
        token: dict[str, str] = {}
        while True:
            page = connect.list_security_profile_permissions(
                InstanceId=instance.id, SecurityProfileId=profile, MaxResults=60, **token
            )
            permissions += page["Permissions"]
            if "NextToken" not in page:
                return described, permissions
            token = {"NextToken": page["NextToken"]}

    many = [f"Custom.P{index:02}" for index in range(70)]
    created = connect.create_security_profile(
        InstanceId=instance.id,
        SecurityProfileName="example",
        Description="example description",
        Permissions=many,
        Tags={"Name": "Example Security Profile"},
    )
    profile = created["SecurityProfileId"]
    described, permissions = read(profile)
    assert (described["SecurityProfileName"], described["OrganizationResourceId"]) == (
        "example",
        instance.id,
    )
    assert sorted(permissions) == many
    connect.update_security_profile(
        InstanceId=instance.id,
        SecurityProfileId=profile,
        Description="updated",
        Permissions=["BasicAgentAccess", "OutboundCallAccess"],
    )
    connect.untag_resource(resourceArn=created["SecurityProfileArn"], tagKeys=["Name"])
    connect.tag_resource(resourceArn=created["SecurityProfileArn"], tags={"Name": "Renamed"})
    described, permissions = read(profile)
    assert described["Description"] == "updated"
    assert described["Tags"] == {"Name": "Renamed"}
    assert sorted(permissions) == ["BasicAgentAccess", "OutboundCallAccess"]

    # The data source: List at 60 per page, the exact name, then Describe.
    pages = connect.get_paginator("list_security_profiles").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    matches = [
        s for page in pages for s in page["SecurityProfileSummaryList"] if s["Name"] == "Agent"
    ]
    assert len(matches) == 1
    assert _describe(connect, instance, matches[0]["Id"])["SecurityProfileName"] == "Agent"

    connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=profile)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=profile)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _describe(connect, instance, profile)

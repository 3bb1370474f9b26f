"""Users through boto3: the rules of the instance's identity management, PhoneConfig as
Terraform reads it back, references that must exist and block deletes, each user's AGENT
queue, and the calls Terraform's aws_connect_user and its data source make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

UNKNOWN = "00000000-0000-4000-8000-000000000000"
PASSWORD = "Password123"
NAMES = {"FirstName": "Mary", "LastName": "Major"}


def _ids(connect: ConnectClient, instance_id: str) -> dict[str, str]:
    """The ids of the defaults a user needs: a routing profile and security profiles."""
    routing = connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]
    profiles = connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"]
    found = {r["Name"]: r["Id"] for r in routing} | {p["Name"]: p["Id"] for p in profiles}
    return {
        "routing": found["Basic Routing Profile"],
        "agent": found["Agent"],
        "admin": found["Admin"],
        "manager": found["CallCenterManager"],
    }


def _create(
    connect: ConnectClient, instance_id: str, username: str = "mary", **extra: Any
) -> dict[str, Any]:
    ids = _ids(connect, instance_id)
    request: dict[str, Any] = {
        "Password": PASSWORD,
        "IdentityInfo": NAMES,
        "PhoneConfig": {"PhoneType": "SOFT_PHONE"},
        "SecurityProfileIds": [ids["agent"]],
        "RoutingProfileId": ids["routing"],
    }
    request.update(extra)
    request = {key: value for key, value in request.items() if value is not None}
    return dict(connect.create_user(InstanceId=instance_id, Username=username, **request))


def _describe(connect: ConnectClient, instance_id: str, user: str) -> dict[str, Any]:
    return dict(connect.describe_user(InstanceId=instance_id, UserId=user)["User"])


def _usernames(connect: ConnectClient, instance_id: str) -> list[str]:
    pages = connect.get_paginator("list_users").paginate(InstanceId=instance_id)
    return [s["Username"] for page in pages for s in page["UserSummaryList"]]


def _agent_queues(connect: ConnectClient, instance_id: str) -> list[str]:
    queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])
    return [q["Id"] for q in queues["QueueSummaryList"]]


def _instance(connect: ConnectClient, identity: str) -> str:
    extra = {"DirectoryId": "d-0123456789"} if identity == "EXISTING_DIRECTORY" else {}
    created = create(connect, IdentityManagementType=identity, **extra)
    assert wait_for_status(connect, created["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return str(created["Id"])


def test_create_describe_list_delete_with_the_agent_queue(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert _usernames(own_connect, instance.id) == []
    ids = _ids(own_connect, instance.id)
    created = _create(
        own_connect,
        instance.id,
        IdentityInfo={**NAMES, "Email": "mary@example.com", "Mobile": "+15555550100"},
        PhoneConfig={
            "PhoneType": "DESK_PHONE",
            "AutoAccept": True,
            "AfterContactWorkTimeLimit": 60,
            "DeskPhoneNumber": "+15555551212",
        },
        SecurityProfileIds=[ids["agent"], ids["manager"]],
        Tags={"team": "a"},
    )
    user = created["UserId"]
    assert created["UserArn"] == f"{instance.arn}/agent/{user}"
    described = _describe(own_connect, instance.id, user)
    assert described["Username"] == "mary"
    assert described["Arn"] == created["UserArn"]
    assert described["IdentityInfo"] == {
        **NAMES,
        "Email": "mary@example.com",
        "Mobile": "+15555550100",
    }
    assert described["PhoneConfig"] == {
        "PhoneType": "DESK_PHONE",
        "AutoAccept": True,
        "AfterContactWorkTimeLimit": 60,
        "DeskPhoneNumber": "+15555551212",
    }
    assert described["SecurityProfileIds"] == [ids["agent"], ids["manager"]]
    assert described["RoutingProfileId"] == ids["routing"]
    assert described["DirectoryUserId"]
    assert described["Tags"] == {"team": "a"}
    assert described["LastModifiedRegion"] == "us-east-1"
    assert "Password" not in described
    summaries = own_connect.list_users(InstanceId=instance.id)["UserSummaryList"]
    assert [(s["Id"], s["Username"], s["Arn"]) for s in summaries] == [
        (user, "mary", created["UserArn"])
    ]
    # The user's AGENT queue has the user's id and no name.
    assert _agent_queues(own_connect, instance.id) == [user]
    queue = own_connect.describe_queue(InstanceId=instance.id, QueueId=user)["Queue"]
    assert queue["QueueArn"] == f"{instance.arn}/queue/agent/{user}"
    assert "Name" not in queue

    own_connect.delete_user(InstanceId=instance.id, UserId=user)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance.id, user)
    assert _usernames(own_connect, instance.id) == []
    assert _agent_queues(own_connect, instance.id) == []


def test_phone_config_defaults_as_terraform_reads_them(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    sent_type = _create(own_connect, instance.id, "a")["UserId"]
    nothing = _create(own_connect, instance.id, "b", PhoneConfig=None)["UserId"]
    for user in (sent_type, nothing):
        assert _describe(own_connect, instance.id, user)["PhoneConfig"] == {
            "PhoneType": "SOFT_PHONE",
            "AutoAccept": False,
            "AfterContactWorkTimeLimit": 0,
        }


def test_per_channel_settings_fill_the_phone_config_and_cannot_be_doubled(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    user = _create(
        raw,
        instance.id,
        PhoneConfig=None,
        AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}],
        AfterContactWorkConfigs=[
            {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 30}}
        ],
    )["UserId"]
    described = _describe(raw, instance.id, user)
    assert described["PhoneConfig"]["AutoAccept"] is True
    assert described["PhoneConfig"]["AfterContactWorkTimeLimit"] == 0
    assert described["AutoAcceptConfigs"] == [{"Channel": "VOICE", "AutoAccept": True}]
    with pytest.raises(ClientError) as raised:
        _create(
            raw,
            instance.id,
            "other",
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True},
            AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}],
        )
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "PhoneConfig.AutoAccept" in raised.value.response["Error"]["Message"]

    raw.update_user_config(
        InstanceId=instance.id,
        UserId=user,
        AfterContactWorkConfigs=[
            {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 45}}
        ],
        VoiceEnhancementConfigs=[{"Channel": "VOICE", "VoiceEnhancementMode": "NONE"}],
    )
    updated = _describe(raw, instance.id, user)
    assert updated["PhoneConfig"]["AfterContactWorkTimeLimit"] == 45
    assert updated["AutoAcceptConfigs"] == [{"Channel": "VOICE", "AutoAccept": True}]
    assert updated["VoiceEnhancementConfigs"] == [
        {"Channel": "VOICE", "VoiceEnhancementMode": "NONE"}
    ]
    assert _usernames(raw, instance.id) == ["mary"]


def test_usernames_are_unique_per_instance(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance.id)
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance.id)
    assert _usernames(own_connect, instance.id) == ["mary"]
    assert len(_agent_queues(own_connect, instance.id)) == 1


@pytest.mark.parametrize(
    ("extra", "member"),
    [
        ({"Password": None}, "Password"),
        ({"Password": "password"}, "Password"),
        ({"IdentityInfo": {"FirstName": "Mary"}}, "IdentityInfo.LastName"),
        ({"IdentityInfo": None}, "IdentityInfo.FirstName"),
        ({"PhoneConfig": {"PhoneType": "DESK_PHONE"}}, "DeskPhoneNumber"),
        ({"PhoneConfig": {"PhoneType": "HOME_PHONE"}}, "PhoneType"),
        ({"PhoneConfig": {"AfterContactWorkTimeLimit": 2_000_001}}, "AfterContactWorkTimeLimit"),
        ({"SecurityProfileIds": []}, "SecurityProfileIds"),
        ({"SecurityProfileIds": [UNKNOWN] * 11}, "SecurityProfileIds"),
        ({"Username": "u" * 101}, "Username"),
        ({"Username": "mary@example"}, "Username"),
    ],
)
def test_bad_input_is_a_400_naming_the_member_and_writes_nothing(
    raw: ConnectClient, instance: ActiveInstance, extra: dict[str, Any], member: str
) -> None:
    username = extra.pop("Username", "mary")
    with pytest.raises(ClientError) as raised:
        _create(raw, instance.id, username, **extra)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert member in raised.value.response["Error"]["Message"]
    assert _usernames(raw, instance.id) == []
    assert _agent_queues(raw, instance.id) == []


def test_an_email_username_is_accepted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    user = _create(own_connect, instance.id, "mary.major@example.com")["UserId"]
    assert _describe(own_connect, instance.id, user)["Username"] == "mary.major@example.com"


def test_saml_instances_refuse_passwords_emails_and_directory_ids(
    own_connect: ConnectClient,
) -> None:
    instance_id = _instance(own_connect, "SAML")
    invalid = own_connect.exceptions.InvalidRequestException
    with pytest.raises(invalid, match="Password"):
        _create(own_connect, instance_id)
    with pytest.raises(invalid, match="Email"):
        _create(own_connect, instance_id, Password=None, IdentityInfo={**NAMES, "Email": "m@x.io"})
    with pytest.raises(invalid, match="DirectoryUserId"):
        _create(own_connect, instance_id, Password=None, DirectoryUserId="dir-1")
    with pytest.raises(invalid, match="64"):
        _create(own_connect, instance_id, "mary major", Password=None)
    with pytest.raises(invalid, match="FirstName"):
        _create(own_connect, instance_id, Password=None, IdentityInfo={"LastName": "Major"})
    user = _create(own_connect, instance_id, "mary.major@example.com", Password=None)["UserId"]
    assert _describe(own_connect, instance_id, user)["IdentityInfo"] == NAMES
    assert _usernames(own_connect, instance_id) == ["mary.major@example.com"]


def test_existing_directory_users_keep_the_directorys_names(
    own_connect: ConnectClient,
) -> None:
    instance_id = _instance(own_connect, "EXISTING_DIRECTORY")
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="Password"):
        _create(own_connect, instance_id)
    user = _create(
        own_connect,
        instance_id,
        Password=None,
        IdentityInfo={**NAMES, "Email": "mary@example.com"},
        DirectoryUserId="dir-user-1",
    )["UserId"]
    assert _describe(own_connect, instance_id, user)["DirectoryUserId"] == "dir-user-1"
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="FirstName"):
        own_connect.update_user_identity_info(
            InstanceId=instance_id,
            UserId=user,
            IdentityInfo={"FirstName": "Maria", "LastName": "Major", "Email": "mary@example.com"},
        )
    own_connect.update_user_identity_info(
        InstanceId=instance_id,
        UserId=user,
        IdentityInfo={
            "FirstName": "Mary",
            "LastName": "Major",
            "Email": "mary@example.com",
            "Mobile": "+15555550100",
        },
    )
    assert _describe(own_connect, instance_id, user)["IdentityInfo"]["Mobile"] == "+15555550100"


def test_unknown_references_are_404_and_write_nothing(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    ids = _ids(own_connect, instance.id)
    not_found = own_connect.exceptions.ResourceNotFoundException
    with pytest.raises(not_found):
        _create(own_connect, instance.id, RoutingProfileId=UNKNOWN)
    with pytest.raises(not_found):
        _create(own_connect, instance.id, SecurityProfileIds=[ids["agent"], UNKNOWN])
    with pytest.raises(not_found):
        _create(own_connect, instance.id, HierarchyGroupId=UNKNOWN)
    assert _usernames(own_connect, instance.id) == []
    assert _agent_queues(own_connect, instance.id) == []

    user = _create(own_connect, instance.id)["UserId"]
    with pytest.raises(not_found):
        own_connect.update_user_routing_profile(
            InstanceId=instance.id, UserId=user, RoutingProfileId=UNKNOWN
        )
    with pytest.raises(not_found):
        own_connect.update_user_security_profiles(
            InstanceId=instance.id, UserId=user, SecurityProfileIds=[UNKNOWN]
        )
    with pytest.raises(not_found):
        own_connect.update_user_hierarchy(
            InstanceId=instance.id, UserId=user, HierarchyGroupId=UNKNOWN
        )
    described = _describe(own_connect, instance.id, user)
    assert described["RoutingProfileId"] == ids["routing"]
    assert described["SecurityProfileIds"] == [ids["agent"]]
    for call in (own_connect.describe_user, own_connect.delete_user):
        with pytest.raises(not_found):
            call(InstanceId=instance.id, UserId=UNKNOWN)
    with pytest.raises(not_found):
        own_connect.update_user_phone_config(
            InstanceId=instance.id, UserId=UNKNOWN, PhoneConfig={"PhoneType": "SOFT_PHONE"}
        )


def test_the_update_operations(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    ids = _ids(own_connect, instance.id)
    own_connect.update_user_hierarchy_structure(
        InstanceId=instance.id, HierarchyStructure={"LevelOne": {"Name": "Company"}}
    )
    group = own_connect.create_user_hierarchy_group(InstanceId=instance.id, Name="Corp")
    routing = own_connect.create_routing_profile(
        InstanceId=instance.id,
        Name="Sales",
        Description="Sales",
        DefaultOutboundQueueId=own_connect.describe_routing_profile(
            InstanceId=instance.id, RoutingProfileId=ids["routing"]
        )["RoutingProfile"]["DefaultOutboundQueueId"],
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
    )
    user = _create(own_connect, instance.id)["UserId"]
    before = _describe(own_connect, instance.id, user)

    own_connect.update_user_identity_info(
        InstanceId=instance.id,
        UserId=user,
        IdentityInfo={"FirstName": "Maria", "LastName": "Major", "Email": "maria@example.com"},
    )
    own_connect.update_user_phone_config(
        InstanceId=instance.id,
        UserId=user,
        PhoneConfig={"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+15555551212"},
    )
    own_connect.update_user_routing_profile(
        InstanceId=instance.id, UserId=user, RoutingProfileId=routing["RoutingProfileArn"]
    )
    own_connect.update_user_security_profiles(
        InstanceId=instance.id, UserId=user, SecurityProfileIds=[ids["admin"], ids["manager"]]
    )
    own_connect.update_user_hierarchy(
        InstanceId=instance.id, UserId=user, HierarchyGroupId=group["HierarchyGroupArn"]
    )
    after = _describe(own_connect, instance.id, user)
    assert after["IdentityInfo"] == {
        "FirstName": "Maria",
        "LastName": "Major",
        "Email": "maria@example.com",
    }
    assert after["PhoneConfig"] == {
        "PhoneType": "DESK_PHONE",
        "DeskPhoneNumber": "+15555551212",
        "AutoAccept": False,
        "AfterContactWorkTimeLimit": 0,
    }
    # References given as ARNs are shown as ids.
    assert after["RoutingProfileId"] == routing["RoutingProfileId"]
    assert after["SecurityProfileIds"] == [ids["admin"], ids["manager"]]
    assert after["HierarchyGroupId"] == group["HierarchyGroupId"]
    assert after["LastModifiedTime"] >= before["LastModifiedTime"]

    # UpdateUserHierarchy without a group takes the user out of the hierarchy.
    own_connect.update_user_hierarchy(InstanceId=instance.id, UserId=user)
    assert "HierarchyGroupId" not in _describe(own_connect, instance.id, user)
    own_connect.delete_user_hierarchy_group(
        InstanceId=instance.id, HierarchyGroupId=group["HierarchyGroupId"]
    )


def test_profiles_held_by_a_user_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    ids = _ids(own_connect, instance.id)
    created = _create(own_connect, instance.id, SecurityProfileIds=[ids["manager"]])
    in_use = own_connect.exceptions.ResourceInUseException
    with pytest.raises(in_use) as raised:
        own_connect.delete_routing_profile(InstanceId=instance.id, RoutingProfileId=ids["routing"])
    response: Any = raised.value.response
    assert (response["ResourceType"], response["ResourceId"]) == ("USER", created["UserArn"])
    with pytest.raises(in_use):
        own_connect.delete_security_profile(
            InstanceId=instance.id, SecurityProfileId=ids["manager"]
        )
    own_connect.delete_user(InstanceId=instance.id, UserId=created["UserId"])
    own_connect.delete_security_profile(InstanceId=instance.id, SecurityProfileId=ids["manager"])


def test_lists_page_with_tokens_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(5):
        _create(own_connect, instance.id, f"user{index}")
    first = own_connect.list_users(InstanceId=instance.id, MaxResults=2)
    assert [s["Username"] for s in first["UserSummaryList"]] == ["user0", "user1"]
    second = own_connect.list_users(
        InstanceId=instance.id, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["Username"] for s in second["UserSummaryList"]] == ["user2", "user3"]
    paginator = own_connect.get_paginator("list_users")
    names = [
        s["Username"]
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
        for s in page["UserSummaryList"]
    ]
    assert names == [f"user{index}" for index in range(5)]


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    ids = _ids(own_connect, instance.id)
    profile_arn = own_connect.describe_security_profile(
        InstanceId=instance.id, SecurityProfileId=ids["agent"]
    )["SecurityProfile"]["Arn"]
    arn = _create(own_connect, instance.id, SecurityProfileIds=[profile_arn])["UserArn"]
    described = _describe(own_connect, instance.arn, arn)
    assert described["Arn"] == arn
    assert described["SecurityProfileIds"] == [ids["agent"]]
    own_connect.update_user_phone_config(
        InstanceId=instance.arn, UserId=arn, PhoneConfig={"PhoneType": "SOFT_PHONE"}
    )
    own_connect.delete_user(InstanceId=instance.arn, UserId=arn)
    assert _usernames(own_connect, instance.id) == []


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance.id, Tags={"a": "1"})
    arn = created["UserArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance.id, created["UserId"])["Tags"] == {"b": "2"}


def test_the_quota(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"user": 2})
    _create(own_connect, instance.id, "a")
    _create(own_connect, instance.id, "b")
    with pytest.raises(ClientError) as raised:
        _create(own_connect, instance.id, "c")
    assert raised.value.response["Error"]["Code"] == "LimitExceededException"
    assert _usernames(own_connect, instance.id) == ["a", "b"]
    assert len(_agent_queues(own_connect, instance.id)) == 2


def test_terraform_user_and_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """aws_connect_user: CreateUser (PhoneConfig.PhoneType always sent), read = DescribeUser,
    the five UpdateUser* operations, tags, delete (404 afterwards); the data source."""
    connect = own_connect
    ids = _ids(connect, instance.id)
    connect.update_user_hierarchy_structure(
        InstanceId=instance.id,
        HierarchyStructure={"LevelOne": {"Name": "levelone"}, "LevelTwo": {"Name": "leveltwo"}},
    )
    parent = connect.create_user_hierarchy_group(InstanceId=instance.id, Name="parent")
    child = connect.create_user_hierarchy_group(
        InstanceId=instance.id, Name="child", ParentGroupId=parent["HierarchyGroupId"]
    )
    created = connect.create_user(
        InstanceId=instance.id,
        Username="resource-test-terraform-1234567890123456789",
        Password=PASSWORD,
        RoutingProfileId=ids["routing"],
        SecurityProfileIds=[ids["agent"]],
        IdentityInfo={"FirstName": "example", "LastName": "example2"},
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 0},
        HierarchyGroupId=parent["HierarchyGroupId"],
        Tags={"Key1": "Value1"},
    )
    user = created["UserId"]
    read = _describe(connect, instance.id, user)
    assert read["DirectoryUserId"]
    assert read["PhoneConfig"] == {
        "PhoneType": "SOFT_PHONE",
        "AutoAccept": False,
        "AfterContactWorkTimeLimit": 0,
    }
    assert read["Tags"] == {"Key1": "Value1"}

    connect.update_user_hierarchy(
        InstanceId=instance.id, UserId=user, HierarchyGroupId=child["HierarchyGroupId"]
    )
    connect.update_user_identity_info(
        InstanceId=instance.id,
        UserId=user,
        IdentityInfo={"FirstName": "first", "LastName": "last", "Email": "e@example.com"},
    )
    connect.update_user_phone_config(
        InstanceId=instance.id,
        UserId=user,
        PhoneConfig={
            "PhoneType": "DESK_PHONE",
            "AutoAccept": True,
            "AfterContactWorkTimeLimit": 1,
            "DeskPhoneNumber": "+112345678913",
        },
    )
    connect.update_user_routing_profile(
        InstanceId=instance.id, UserId=user, RoutingProfileId=ids["routing"]
    )
    connect.update_user_security_profiles(
        InstanceId=instance.id,
        UserId=user,
        SecurityProfileIds=[ids["agent"], ids["manager"], ids["admin"]],
    )
    connect.tag_resource(resourceArn=created["UserArn"], tags={"Key2": "Value2a"})
    read = _describe(connect, instance.id, user)
    assert read["HierarchyGroupId"] == child["HierarchyGroupId"]
    assert read["IdentityInfo"]["Email"] == "e@example.com"
    assert read["PhoneConfig"]["DeskPhoneNumber"] == "+112345678913"
    assert sorted(read["SecurityProfileIds"]) == sorted(
        [ids["agent"], ids["manager"], ids["admin"]]
    )
    assert read["Tags"] == {"Key1": "Value1", "Key2": "Value2a"}

    # The data source: List at 60 per page, the exact user name, then Describe.
    pages = connect.get_paginator("list_users").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    matches = [
        s
        for page in pages
        for s in page["UserSummaryList"]
        if s["Username"] == "resource-test-terraform-1234567890123456789"
    ]
    assert len(matches) == 1
    assert _describe(connect, instance.id, matches[0]["Id"])["Id"] == user

    connect.delete_user(InstanceId=instance.id, UserId=user)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _describe(connect, instance.id, user)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_user(InstanceId=instance.id, UserId=user)

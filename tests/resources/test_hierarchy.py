"""The user hierarchy through boto3: the structure's levels, groups placed one level below
their parents, deletes refused while a group has children or members or a level has groups,
and the calls Terraform's aws_connect_user_hierarchy_structure and _group make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

LEVELS = ["LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"]
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _levels(connect: ConnectClient, instance: ActiveInstance, *names: str) -> None:
    connect.update_user_hierarchy_structure(
        InstanceId=instance.id,
        HierarchyStructure={
            member: {"Name": name} for member, name in zip(LEVELS, names, strict=False)
        },  # type: ignore[arg-type]
    )


def _structure(connect: ConnectClient, instance: ActiveInstance) -> dict[str, Any]:
    return dict(
        connect.describe_user_hierarchy_structure(InstanceId=instance.id)["HierarchyStructure"]
    )


def _group(
    connect: ConnectClient,
    instance: ActiveInstance,
    name: str,
    parent: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    if parent is not None:
        extra["ParentGroupId"] = parent
    return dict(connect.create_user_hierarchy_group(InstanceId=instance.id, Name=name, **extra))


def _describe(connect: ConnectClient, instance: ActiveInstance, group: str) -> dict[str, Any]:
    return dict(
        connect.describe_user_hierarchy_group(InstanceId=instance.id, HierarchyGroupId=group)[
            "HierarchyGroup"
        ]
    )


def _names(connect: ConnectClient, instance: ActiveInstance) -> list[str]:
    pages = connect.get_paginator("list_user_hierarchy_groups").paginate(InstanceId=instance.id)
    return [s["Name"] for page in pages for s in page["UserHierarchyGroupSummaryList"]]


def _user(connect: ConnectClient, instance: ActiveInstance, group: str) -> dict[str, Any]:
    routing = connect.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    profiles = connect.list_security_profiles(InstanceId=instance.id)["SecurityProfileSummaryList"]
    return dict(
        connect.create_user(
            InstanceId=instance.id,
            Username="agent1",
            Password="Password123",
            IdentityInfo={"FirstName": "Ann", "LastName": "Agent"},
            PhoneConfig={"PhoneType": "SOFT_PHONE"},
            SecurityProfileIds=[next(p["Id"] for p in profiles if p["Name"] == "Agent")],
            RoutingProfileId=next(r["Id"] for r in routing if r["Name"] == "Basic Routing Profile"),
            HierarchyGroupId=group,
        )
    )


def _in_use(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    response: Any = raised.value.response
    return response["ResourceType"], response["ResourceId"]


# The structure


def test_a_new_instance_has_no_levels_and_no_groups(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert _structure(own_connect, instance) == {}
    assert _names(own_connect, instance) == []


def test_levels_are_added_renamed_and_removed(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company", "Division", "Site")
    structure = _structure(own_connect, instance)
    assert list(structure) == LEVELS[:3]
    for number, member in enumerate(LEVELS[:3], 1):
        assert structure[member]["Arn"] == f"{instance.arn}/agent-group-level/{number}"
        assert structure[member]["LastModifiedRegion"] == "us-east-1"
    assert [structure[m]["Name"] for m in LEVELS[:3]] == ["Company", "Division", "Site"]

    _levels(own_connect, instance, "Company", "Region")
    renamed = _structure(own_connect, instance)
    assert list(renamed) == LEVELS[:2]
    assert renamed["LevelTwo"]["Name"] == "Region"
    # A level keeps its id when renamed; an unchanged one keeps its modification time too.
    assert renamed["LevelTwo"]["Id"] == structure["LevelTwo"]["Id"]
    assert renamed["LevelOne"] == structure["LevelOne"]

    _levels(own_connect, instance, *"abcde")
    assert list(_structure(own_connect, instance)) == LEVELS
    _levels(own_connect, instance)
    assert _structure(own_connect, instance) == {}


@pytest.mark.parametrize(
    ("structure", "member"),
    [
        ({"LevelOne": {"Name": "a"}, "LevelThree": {"Name": "c"}}, "LevelTwo"),
        ({"LevelTwo": {"Name": "b"}}, "LevelOne"),
        ({"LevelOne": {"Name": "x" * 51}}, "LevelOne.Name"),
        ({"LevelOne": {"Name": ""}}, "LevelOne.Name"),
        ({"LevelOne": {}}, "Name"),
    ],
)
def test_bad_structures_are_400_naming_the_member_and_change_nothing(
    raw: ConnectClient, instance: ActiveInstance, structure: dict[str, Any], member: str
) -> None:
    _levels(raw, instance, "Kept")
    with pytest.raises(ClientError) as raised:
        raw.update_user_hierarchy_structure(
            InstanceId=instance.id,
            HierarchyStructure=structure,  # type: ignore[arg-type]
        )
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    assert member in raised.value.response["Error"]["Message"]
    assert [level["Name"] for level in _structure(raw, instance).values()] == ["Kept"]


def test_a_level_with_groups_cannot_be_removed(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company", "Division", "Site")
    top = _group(own_connect, instance, "Corp")["HierarchyGroupId"]
    division = _group(own_connect, instance, "Services", top)["HierarchyGroupId"]
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        _levels(own_connect, instance, "Company")
    assert _in_use(raised) == ("HIERARCHY_LEVEL", f"{instance.arn}/agent-group-level/2")
    # Nothing changed: level three, which had no groups, is still there.
    assert list(_structure(own_connect, instance)) == LEVELS[:3]
    own_connect.delete_user_hierarchy_group(InstanceId=instance.id, HierarchyGroupId=division)
    _levels(own_connect, instance, "Corporation")
    assert [level["Name"] for level in _structure(own_connect, instance).values()] == [
        "Corporation"
    ]
    assert _names(own_connect, instance) == ["Corp"]


# The groups


def test_groups_sit_one_level_below_their_parents(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company", "Division")
    top = _group(own_connect, instance, "Corp", Tags={"team": "a"})
    child = _group(own_connect, instance, "Services", top["HierarchyGroupArn"])
    group = child["HierarchyGroupId"]
    assert child["HierarchyGroupArn"] == f"{instance.arn}/agent-group/{group}"
    described = _describe(own_connect, instance, group)
    assert (described["Name"], described["LevelId"]) == ("Services", "2")
    assert described["Arn"] == child["HierarchyGroupArn"]
    assert described["LastModifiedRegion"] == "us-east-1"
    path = described["HierarchyPath"]
    assert list(path) == ["LevelOne", "LevelTwo"]
    assert (path["LevelOne"]["Id"], path["LevelOne"]["Name"]) == (top["HierarchyGroupId"], "Corp")
    assert path["LevelOne"]["Arn"] == top["HierarchyGroupArn"]
    assert (path["LevelTwo"]["Id"], path["LevelTwo"]["Name"]) == (group, "Services")
    parent = _describe(own_connect, instance, top["HierarchyGroupId"])
    assert parent["LevelId"] == "1"
    assert parent["Tags"] == {"team": "a"}
    assert list(parent["HierarchyPath"]) == ["LevelOne"]

    # A renamed parent shows in its children's paths at once.
    own_connect.update_user_hierarchy_group_name(
        InstanceId=instance.id, HierarchyGroupId=top["HierarchyGroupId"], Name="Corporation"
    )
    path = _describe(own_connect, instance, group)["HierarchyPath"]
    assert path["LevelOne"]["Name"] == "Corporation"

    summaries = own_connect.list_user_hierarchy_groups(InstanceId=instance.id)[
        "UserHierarchyGroupSummaryList"
    ]
    assert [(s["Id"], s["Name"]) for s in summaries] == [
        (top["HierarchyGroupId"], "Corporation"),
        (group, "Services"),
    ]


def test_a_group_needs_its_level_in_the_structure(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="LevelOne"):
        _group(own_connect, instance, "Corp")
    _levels(own_connect, instance, "Company")
    top = _group(own_connect, instance, "Corp")["HierarchyGroupId"]
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="LevelTwo"):
        _group(own_connect, instance, "Services", top)
    _levels(own_connect, instance, *"abcde")
    parent = top
    for depth in range(2, 6):
        parent = _group(own_connect, instance, f"G{depth}", parent)["HierarchyGroupId"]
    assert _describe(own_connect, instance, parent)["LevelId"] == "5"
    assert len(_describe(own_connect, instance, parent)["HierarchyPath"]) == 5
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="level 6"):
        _group(own_connect, instance, "G6", parent)
    assert _names(own_connect, instance) == ["Corp", "G2", "G3", "G4", "G5"]


def test_names_are_unique_per_instance_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company", "Division")
    top = _group(own_connect, instance, "A")["HierarchyGroupId"]
    second = _group(own_connect, instance, "B", top)["HierarchyGroupId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _group(own_connect, instance, "A")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _group(own_connect, instance, "B", top)
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_user_hierarchy_group_name(
            InstanceId=instance.id, HierarchyGroupId=second, Name="A"
        )
    assert _names(own_connect, instance) == ["A", "B"]


def test_bad_group_names_are_400(raw: ConnectClient, instance: ActiveInstance) -> None:
    _levels(raw, instance, "Company")
    for name in ("x" * 101, ""):
        with pytest.raises(ClientError) as raised:
            raw.create_user_hierarchy_group(InstanceId=instance.id, Name=name)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert "Name" in raised.value.response["Error"]["Message"]
    group = _group(raw, instance, "Corp")["HierarchyGroupId"]
    with pytest.raises(ClientError) as raised:
        raw.update_user_hierarchy_group_name(
            InstanceId=instance.id, HierarchyGroupId=group, Name="x" * 101
        )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert _names(raw, instance) == ["Corp"]


def test_unknown_ids_are_404_and_write_nothing(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    errors = own_connect.exceptions
    _levels(own_connect, instance, "Company", "Division")
    with pytest.raises(errors.ResourceNotFoundException):
        _group(own_connect, instance, "Orphan", UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        _describe(own_connect, instance, UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.update_user_hierarchy_group_name(
            InstanceId=instance.id, HierarchyGroupId=UNKNOWN, Name="x"
        )
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.delete_user_hierarchy_group(InstanceId=instance.id, HierarchyGroupId=UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.describe_user_hierarchy_structure(InstanceId=UNKNOWN)
    with pytest.raises(errors.ResourceNotFoundException):
        own_connect.update_user_hierarchy_structure(InstanceId=UNKNOWN, HierarchyStructure={})
    assert _names(own_connect, instance) == []


def test_a_group_with_children_or_members_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company", "Division")
    top = _group(own_connect, instance, "Corp")
    child = _group(own_connect, instance, "Services", top["HierarchyGroupId"])
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_user_hierarchy_group(
            InstanceId=instance.id, HierarchyGroupId=top["HierarchyGroupId"]
        )
    assert _in_use(raised) == ("HIERARCHY_GROUP", child["HierarchyGroupArn"])
    user = _user(own_connect, instance, child["HierarchyGroupId"])
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_user_hierarchy_group(
            InstanceId=instance.id, HierarchyGroupId=child["HierarchyGroupId"]
        )
    assert _in_use(raised) == ("USER", user["UserArn"])
    # The user leaves the hierarchy; then child and parent can go, in that order.
    own_connect.update_user_hierarchy(InstanceId=instance.id, UserId=user["UserId"])
    own_connect.delete_user_hierarchy_group(
        InstanceId=instance.id, HierarchyGroupId=child["HierarchyGroupId"]
    )
    own_connect.delete_user_hierarchy_group(
        InstanceId=instance.id, HierarchyGroupId=top["HierarchyGroupId"]
    )
    assert _names(own_connect, instance) == []


def test_lists_page_with_tokens_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _levels(own_connect, instance, "Company")
    for index in range(5):
        _group(own_connect, instance, f"G{index}")
    first = own_connect.list_user_hierarchy_groups(InstanceId=instance.id, MaxResults=2)
    assert len(first["UserHierarchyGroupSummaryList"]) == 2
    second = own_connect.list_user_hierarchy_groups(
        InstanceId=instance.id, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["Name"] for s in second["UserHierarchyGroupSummaryList"]] == ["G2", "G3"]
    paginator = own_connect.get_paginator("list_user_hierarchy_groups")
    names = [
        s["Name"]
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
        for s in page["UserHierarchyGroupSummaryList"]
    ]
    assert names == [f"G{index}" for index in range(5)]


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    _levels(own_connect, instance, "Company", "Division")
    arn = _group(own_connect, instance, "Corp")["HierarchyGroupArn"]
    child = _group(own_connect, instance, "Services", arn)["HierarchyGroupArn"]
    assert _describe(own_connect, instance, child)["HierarchyPath"]["LevelOne"]["Arn"] == arn
    own_connect.update_user_hierarchy_group_name(
        InstanceId=instance.arn, HierarchyGroupId=arn, Name="Corporation"
    )
    own_connect.delete_user_hierarchy_group(InstanceId=instance.arn, HierarchyGroupId=child)
    own_connect.delete_user_hierarchy_group(InstanceId=instance.arn, HierarchyGroupId=arn)
    assert _structure(own_connect, instance)["LevelOne"]["Name"] == "Company"
    assert own_connect.describe_user_hierarchy_structure(InstanceId=instance.arn)[
        "HierarchyStructure"
    ]


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    _levels(own_connect, instance, "Company")
    created = _group(own_connect, instance, "Corp", Tags={"a": "1"})
    arn = created["HierarchyGroupArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["HierarchyGroupId"])["Tags"] == {"b": "2"}


def test_the_quota_counts_groups_of_every_level(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"user_hierarchy_group": 2})
    _levels(own_connect, instance, "Company", "Division")
    top = _group(own_connect, instance, "Corp")["HierarchyGroupId"]
    _group(own_connect, instance, "Services", top)
    with pytest.raises(ClientError) as raised:
        _group(own_connect, instance, "Sales", top)
    assert raised.value.response["Error"]["Code"] == "LimitExceededException"
    assert _names(own_connect, instance) == ["Corp", "Services"]


def test_terraform_hierarchy_structure_groups_and_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """aws_connect_user_hierarchy_structure (create and update are UpdateUserHierarchyStructure,
    read is Describe, delete sends an empty structure) and aws_connect_user_hierarchy_group
    (create, read = Describe, UpdateUserHierarchyGroupName, tags, delete; 404 afterwards)."""
    connect = own_connect
    connect.update_user_hierarchy_structure(
        InstanceId=instance.id,
        HierarchyStructure={"LevelOne": {"Name": "levelone"}, "LevelTwo": {"Name": "leveltwo"}},
    )
    structure = _structure(connect, instance)
    assert structure["LevelOne"]["Id"]
    assert structure["LevelOne"]["Arn"].endswith("/agent-group-level/1")

    parent = connect.create_user_hierarchy_group(
        InstanceId=instance.id, Name="parent", Tags={"Name": "Test User Hierarchy Group Parent"}
    )
    child = connect.create_user_hierarchy_group(
        InstanceId=instance.id,
        Name="child",
        ParentGroupId=parent["HierarchyGroupId"],
        Tags={"Name": "Test User Hierarchy Group Child"},
    )
    read = _describe(connect, instance, child["HierarchyGroupId"])
    # Terraform reads parent_group_id back from the path's next-to-last level.
    assert read["LevelId"] == "2"
    assert read["HierarchyPath"]["LevelOne"]["Id"] == parent["HierarchyGroupId"]
    assert read["Tags"] == {"Name": "Test User Hierarchy Group Child"}

    connect.update_user_hierarchy_group_name(
        InstanceId=instance.id, HierarchyGroupId=child["HierarchyGroupId"], Name="child2"
    )
    connect.tag_resource(resourceArn=child["HierarchyGroupArn"], tags={"Key2": "Value2a"})
    assert _describe(connect, instance, child["HierarchyGroupId"])["Name"] == "child2"

    connect.update_user_hierarchy_structure(
        InstanceId=instance.id,
        HierarchyStructure={"LevelOne": {"Name": "levelone"}, "LevelTwo": {"Name": "renamed"}},
    )
    assert _structure(connect, instance)["LevelTwo"]["Name"] == "renamed"

    # The data source: List at 60 per page, the exact name, then Describe.
    pages = connect.get_paginator("list_user_hierarchy_groups").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    matches = [
        s for page in pages for s in page["UserHierarchyGroupSummaryList"] if s["Name"] == "parent"
    ]
    assert len(matches) == 1
    assert _describe(connect, instance, matches[0]["Id"])["LevelId"] == "1"

    # Destroy: the groups (children first), then the structure.
    for group in (child, parent):
        connect.delete_user_hierarchy_group(
            InstanceId=instance.id, HierarchyGroupId=group["HierarchyGroupId"]
        )
        with pytest.raises(connect.exceptions.ResourceNotFoundException):
            _describe(connect, instance, group["HierarchyGroupId"])
    connect.update_user_hierarchy_structure(InstanceId=instance.id, HierarchyStructure={})
    assert _structure(connect, instance) == {}

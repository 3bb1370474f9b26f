"""User hierarchy: the structure's levels (1 to 5) and the groups placed on them.

Each defined level is a resource of its own family, its id the level's number, so its ARN is
``.../agent-group-level/{n}`` and a group's ``LevelId`` is a reference to it: removing a level
that still has groups is refused, and a group is made only on a level the structure defines.
A group sits one level below its parent; its ``HierarchyPath`` (the groups from level one down
to itself) is read from the parents when it is described, so a renamed parent shows at once.
"""

from __future__ import annotations

from typing import Any

from connect_emulator.domain.errors import InUse, InvalidInput
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family, Params, Reference, Result, Update
from connect_emulator.resources.scope import Scope

LEVEL_KEY = "user_hierarchy_level"
GROUP_KEY = "user_hierarchy_group"
LEVELS = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")
# From the model's documentation (the shapes carry no length limits).
MAX_LEVEL_NAME = 50
MAX_GROUP_NAME = 100


def _check_name(member: str, name: Any, limit: int) -> None:
    if not isinstance(name, str) or not 1 <= len(name) <= limit:
        raise InvalidInput(f"{member} must be 1 to {limit} characters long.")


# The structure


def _structure(scope: Scope) -> dict[str, Any]:
    levels = scope.family(LEVEL_KEY)
    structure = {}
    for number, member in enumerate(LEVELS, 1):
        record = scope.find(levels, str(number))
        if record is not None:
            structure[member] = {
                "Id": record.body["Id"],
                "Arn": scope.arn(levels, record),
                "Name": record.body["Name"],
                "LastModifiedTime": record.modified_at,
                "LastModifiedRegion": scope.caller.region,
            }
    return structure


def _describe_structure(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        return {"HierarchyStructure": _structure(scope)}


def _update_structure(engine: ResourceService, caller: Caller, params: Params) -> Result:
    """Adds, renames and removes levels; ``{}`` removes them all (Terraform's delete)."""
    update = params["HierarchyStructure"] or {}
    given = [member for member in LEVELS if update.get(member) is not None]
    if given != list(LEVELS[: len(given)]):
        missing = next(member for member in LEVELS if member not in given)
        raise InvalidInput(
            f"HierarchyStructure.{given[-1]} is given without HierarchyStructure.{missing}: "
            "levels must follow each other from LevelOne."
        )
    names = [update[member]["Name"] for member in given]
    for member, name in zip(given, names, strict=True):
        _check_name(f"HierarchyStructure.{member}.Name", name, MAX_LEVEL_NAME)

    def work(scope: Scope) -> None:
        levels = scope.family(LEVEL_KEY)
        removed = [
            record
            for number in range(len(LEVELS), len(names), -1)
            if (record := scope.find(levels, str(number))) is not None
        ]
        for record in removed:
            groups = [r.id for r in scope.tx.referrers(scope.instance_id, LEVEL_KEY, record.id)]
            if groups:
                # The level is what cannot go: the model's HIERARCHY_LEVEL names it.
                raise InUse(
                    f"Hierarchy level {record.id} still has {len(groups)} group(s), "
                    f"{groups[0]} among them: delete them first.",
                    "HIERARCHY_LEVEL",
                    scope.arn(levels, record),
                )
        for record in removed:
            scope.delete(levels, record)
        for number, name in enumerate(names, 1):
            record = scope.find(levels, str(number))
            if record is None:
                body = {"Id": scope.engine.ids.uuid(), "Name": name}
                scope.create(levels, body, check_quota=False, resource_id=str(number))
            elif record.body["Name"] != name:
                scope.save(levels, record, {**record.body, "Name": name})

    return engine.write(caller, params["InstanceId"], work)


HIERARCHY_LEVEL = Family(
    key=LEVEL_KEY,
    arn_segment="agent-group-level",
    noun="Hierarchy level",
    # The structure has no create or delete of its own: one update changes every level.
    create="UpdateUserHierarchyStructure",
    describe="DescribeUserHierarchyStructure",
    list=None,
    delete=None,
    id_param="InstanceId",
    wrapper="HierarchyStructure",
    id_member="LevelId",
    arn_member="Arn",
    created=("Id", "Arn"),
    list_member="",
    unique_name=False,
    extra={
        "UpdateUserHierarchyStructure": _update_structure,
        "DescribeUserHierarchyStructure": _describe_structure,
    },
)


# The groups


def _prepare_group(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    _check_name("Name", body.get("Name"), MAX_GROUP_NAME)
    if previous is not None:
        return
    level = 1
    if body.get("ParentGroupId") is not None:
        parent = scope.get(HIERARCHY_GROUP, body["ParentGroupId"])
        body["ParentGroupId"] = parent.id
        level = int(parent.body["LevelId"]) + 1
    if level > len(LEVELS) or scope.find(scope.family(LEVEL_KEY), str(level)) is None:
        where = LEVELS[level - 1] if level <= len(LEVELS) else f"level {level}"
        raise InvalidInput(
            f"The hierarchy structure has no {where}: define it with "
            "UpdateUserHierarchyStructure before placing a group there."
        )
    body["LevelId"] = str(level)


def _path(scope: Scope, record: ResourceRecord) -> dict[str, Any]:
    chain = [record]
    while chain[-1].body.get("ParentGroupId") is not None:
        chain.append(scope.get(HIERARCHY_GROUP, chain[-1].body["ParentGroupId"]))
    return {
        member: scope.summary(HIERARCHY_GROUP, group)
        for member, group in zip(LEVELS, reversed(chain), strict=False)
    }


def _describe_group(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        record = scope.get(HIERARCHY_GROUP, params["HierarchyGroupId"])
        view = scope.view(HIERARCHY_GROUP, record)
        view["HierarchyPath"] = _path(scope, record)
        return {"HierarchyGroup": view}


HIERARCHY_GROUP = Family(
    key=GROUP_KEY,
    arn_segment="agent-group",
    noun="Hierarchy group",
    create="CreateUserHierarchyGroup",
    describe="DescribeUserHierarchyGroup",
    list="ListUserHierarchyGroups",
    delete="DeleteUserHierarchyGroup",
    id_param="HierarchyGroupId",
    wrapper="HierarchyGroup",
    id_member="Id",
    arn_member="Arn",
    created=("HierarchyGroupId", "HierarchyGroupArn"),
    list_member="UserHierarchyGroupSummaryList",
    updates=(Update("UpdateUserHierarchyGroupName", ("Name",)),),
    # A child keeps its parent, and any group its level, from being deleted.
    references=(Reference("ParentGroupId", GROUP_KEY), Reference("LevelId", LEVEL_KEY)),
    resource_type="HIERARCHY_GROUP",
    prepare=_prepare_group,
    extra={"DescribeUserHierarchyGroup": _describe_group},
)

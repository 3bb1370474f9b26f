"""Users: agents of the instance, with the rules the instance's identity management sets.

    CONNECT_MANAGED     Password required; IdentityInfo FirstName and LastName required
    SAML                no Password, no IdentityInfo.Email, no DirectoryUserId; FirstName and
                        LastName required; Username at most 64 of [a-zA-Z0-9_-.@]
    EXISTING_DIRECTORY  no Password; FirstName, LastName and Email come from the directory and
                        cannot be changed afterwards

The Password is checked and never kept. A user's PhoneConfig always shows PhoneType, AutoAccept
and AfterContactWorkTimeLimit (Terraform reads them back); set on create together with the
per-channel member it stands for, it is refused. Each user has an AGENT queue (queues.py),
made and removed with the user.
"""

from __future__ import annotations

import re
from typing import Any

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.model import IdentityManagementType as Identity
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.families.queues import create_agent_queue, delete_agent_queue
from connect_emulator.resources.family import Family, Params, Reference, Update
from connect_emulator.resources.scope import Scope

ROUTING_PROFILE = "routing_profile"
SECURITY_PROFILE = "security_profile"
HIERARCHY_GROUP = "user_hierarchy_group"
_EMAIL_FORM = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SAML_USERNAME = re.compile(r"[a-zA-Z0-9_.@-]{1,64}")
# UserPhoneConfig member -> (its per-channel list, how the VOICE entry holds it).
_PER_CHANNEL: dict[str, tuple[str, tuple[str, ...]]] = {
    "AutoAccept": ("AutoAcceptConfigs", ("AutoAccept",)),
    "AfterContactWorkTimeLimit": (
        "AfterContactWorkConfigs",
        ("AfterContactWorkConfig", "AfterContactWorkTimeLimit"),
    ),
    "PhoneType": ("PhoneNumberConfigs", ("PhoneType",)),
    "DeskPhoneNumber": ("PhoneNumberConfigs", ("PhoneNumber",)),
    "PersistentConnection": ("PersistentConnectionConfigs", ("PersistentConnection",)),
}
_PHONE_DEFAULTS = {"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0}
# "The maximum is 2,000,000 seconds (24 days)" (the model's documentation).
MAX_AFTER_CONTACT_WORK = 2_000_000


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    identity = scope.instance.identity_management_type
    if previous is None:
        _check_new(scope, identity, body)
    _check_identity(identity, body.get("IdentityInfo") or {}, previous)
    _phone_config(body, previous)
    # Referenced ids are kept as ids, whether they came as ids or as ARNs.
    body["RoutingProfileId"] = scope.ids_of(
        scope.family(ROUTING_PROFILE), [body["RoutingProfileId"]]
    )[0]
    profiles = scope.family(SECURITY_PROFILE)
    body["SecurityProfileIds"] = list(
        dict.fromkeys(scope.ids_of(profiles, body["SecurityProfileIds"]))
    )
    if body.get("HierarchyGroupId") is not None:
        group = scope.get(scope.family(HIERARCHY_GROUP), body["HierarchyGroupId"])
        body["HierarchyGroupId"] = group.id


def _check_new(scope: Scope, identity: Identity, body: dict[str, Any]) -> None:
    username = body["Username"]
    if "@" in username and _EMAIL_FORM.fullmatch(username) is None:
        raise InvalidInput("Username may contain @ only in the form of an e-mail address.")
    if identity is Identity.SAML and _SAML_USERNAME.fullmatch(username) is None:
        raise InvalidInput(
            "Username must be at most 64 characters of [a-zA-Z0-9_-.@] in an instance that "
            "uses SAML."
        )
    password = body.pop("Password", None)
    if identity is Identity.CONNECT_MANAGED and password is None:
        raise InvalidInput("Password is required in an instance with CONNECT_MANAGED identities.")
    if identity is not Identity.CONNECT_MANAGED and password is not None:
        raise InvalidInput(f"Password must not be given in an instance with {identity} identities.")
    if identity is Identity.SAML and body.get("DirectoryUserId") is not None:
        raise InvalidInput("DirectoryUserId must not be given in an instance with SAML identities.")
    # AWS gives every user one (Terraform's tests read it back for CONNECT_MANAGED users).
    body.setdefault("DirectoryUserId", scope.engine.ids.uuid())
    phone = body.get("PhoneConfig") or {}
    for member, (configs, _) in _PER_CHANNEL.items():
        if phone.get(member) is not None and body.get(configs):
            raise InvalidInput(f"PhoneConfig.{member} cannot be given together with {configs}.")


def _check_identity(
    identity: Identity, info: dict[str, Any], previous: ResourceRecord | None
) -> None:
    if identity is not Identity.EXISTING_DIRECTORY:
        for member in ("FirstName", "LastName"):
            if not info.get(member):
                raise InvalidInput(
                    f"IdentityInfo.{member} is required in an instance with {identity} identities."
                )
    if identity is Identity.SAML and info.get("Email") is not None:
        raise InvalidInput(
            "IdentityInfo.Email must not be given in an instance with SAML identities."
        )
    if identity is Identity.EXISTING_DIRECTORY and previous is not None:
        before = previous.body.get("IdentityInfo") or {}
        for member in ("FirstName", "LastName", "Email"):
            if info.get(member) != before.get(member):
                raise InvalidInput(
                    f"IdentityInfo.{member} comes from the directory and cannot be changed."
                )


def _phone_config(body: dict[str, Any], previous: ResourceRecord | None) -> None:
    """PhoneConfig completed: from a per-channel list's VOICE entry when that list is new or
    changed, else from AWS's defaults."""
    phone = dict(body.get("PhoneConfig") or {})
    for member, (configs, path) in _PER_CHANNEL.items():
        entries = body.get(configs)
        if not entries or (previous is not None and previous.body.get(configs) == entries):
            continue
        for entry in entries:
            if entry.get("Channel") == "VOICE":
                value: Any = entry
                for part in path:
                    value = value.get(part) if isinstance(value, dict) else None
                if value is not None:
                    phone[member] = value
    for member, default in _PHONE_DEFAULTS.items():
        phone.setdefault(member, default)
    if phone["AfterContactWorkTimeLimit"] > MAX_AFTER_CONTACT_WORK:
        raise InvalidInput(
            f"PhoneConfig.AfterContactWorkTimeLimit must be at most {MAX_AFTER_CONTACT_WORK}."
        )
    if phone["PhoneType"] == "DESK_PHONE" and not phone.get("DeskPhoneNumber"):
        raise InvalidInput("PhoneConfig.DeskPhoneNumber is required for a DESK_PHONE.")
    body["PhoneConfig"] = phone


def _after_create(scope: Scope, record: ResourceRecord, request: Params) -> None:
    create_agent_queue(scope, record.id)


def _before_delete(scope: Scope, record: ResourceRecord) -> None:
    delete_agent_queue(scope, record.id)


USER = Family(
    key="user",
    arn_segment="agent",
    noun="User",
    create="CreateUser",
    describe="DescribeUser",
    list="ListUsers",
    delete="DeleteUser",
    id_param="UserId",
    wrapper="User",
    id_member="Id",
    arn_member="Arn",
    created=("UserId", "UserArn"),
    list_member="UserSummaryList",
    name_member="Username",
    updates=(
        Update("UpdateUserIdentityInfo", ("IdentityInfo",)),
        Update("UpdateUserPhoneConfig", ("PhoneConfig",)),
        Update("UpdateUserRoutingProfile", ("RoutingProfileId",)),
        Update("UpdateUserSecurityProfiles", ("SecurityProfileIds",)),
        # Without HierarchyGroupId the user leaves the hierarchy (Terraform's removal).
        Update("UpdateUserHierarchy", ("HierarchyGroupId",), clear_absent=True),
        Update(
            "UpdateUserConfig",
            (
                "AutoAcceptConfigs",
                "AfterContactWorkConfigs",
                "PhoneNumberConfigs",
                "PersistentConnectionConfigs",
                "VoiceEnhancementConfigs",
            ),
        ),
    ),
    references=(
        Reference("RoutingProfileId", ROUTING_PROFILE),
        Reference("SecurityProfileIds", SECURITY_PROFILE),
        Reference("HierarchyGroupId", HIERARCHY_GROUP),
    ),
    prepare=_prepare,
    after_create=_after_create,
    before_delete=_before_delete,
)

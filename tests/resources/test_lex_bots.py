"""Lex bots through boto3: V1 bots (AssociateLexBot and AssociateBot{LexBot}), V2 aliases
(AssociateBot{LexV2Bot}), ListBots by lexVersion, DisassociateBot as a POST, their quotas, and
Terraform's aws_connect_bot_association."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from connect_emulator.domain.limits import PROFILES
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _alias(bot: str, alias: str = "TSTALIASID") -> str:
    return f"arn:aws:lex:us-east-1:111122223333:bot-alias/{bot}/{alias}"


def _bots(connect: ConnectClient, instance_id: str, version: str) -> list[Any]:
    paginator = connect.get_paginator("list_bots")
    pages = paginator.paginate(InstanceId=instance_id, LexVersion=version)  # type: ignore[arg-type]
    return [bot for page in pages for bot in page["LexBots"]]


def test_v1_bots_either_way_are_one_list(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert own_connect.list_lex_bots(InstanceId=instance.id)["LexBots"] == []
    own_connect.associate_lex_bot(
        InstanceId=instance.id, LexBot={"Name": "OrderFlowers", "LexRegion": "us-east-1"}
    )
    own_connect.associate_bot(
        InstanceId=instance.arn, LexBot={"Name": "BookTrip", "LexRegion": "eu-west-2"}
    )
    expected = [
        {"Name": "OrderFlowers", "LexRegion": "us-east-1"},
        {"Name": "BookTrip", "LexRegion": "eu-west-2"},
    ]
    assert own_connect.list_lex_bots(InstanceId=instance.id)["LexBots"] == expected
    assert _bots(own_connect, instance.id, "V1") == [{"LexBot": bot} for bot in expected]
    assert _bots(own_connect, instance.id, "V2") == []
    # Disassociated by the other operation than associated.
    own_connect.disassociate_bot(
        InstanceId=instance.id, LexBot={"Name": "OrderFlowers", "LexRegion": "us-east-1"}
    )
    own_connect.disassociate_lex_bot(
        InstanceId=instance.id, BotName="BookTrip", LexRegion="eu-west-2"
    )
    assert own_connect.list_lex_bots(InstanceId=instance.id)["LexBots"] == []


def test_v2_aliases(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    own_connect.associate_bot(InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTAAAAAAA")})
    own_connect.associate_bot(
        InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTAAAAAAA", "PRODALIAS1")}
    )
    assert _bots(own_connect, instance.id, "V2") == [
        {"LexV2Bot": {"AliasArn": _alias("BOTAAAAAAA")}},
        {"LexV2Bot": {"AliasArn": _alias("BOTAAAAAAA", "PRODALIAS1")}},
    ]
    assert _bots(own_connect, instance.id, "V1") == []
    own_connect.disassociate_bot(
        InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTAAAAAAA")}
    )
    assert _bots(own_connect, instance.id, "V2") == [
        {"LexV2Bot": {"AliasArn": _alias("BOTAAAAAAA", "PRODALIAS1")}}
    ]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_bot(
            InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTAAAAAAA")}
        )


def test_a_bot_twice_is_resource_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    bot: Any = {"Name": "Twice", "LexRegion": "us-east-1"}
    own_connect.associate_lex_bot(InstanceId=instance.id, LexBot=bot)
    twice: list[Callable[[], object]] = [
        lambda: own_connect.associate_lex_bot(InstanceId=instance.id, LexBot=bot),
        lambda: own_connect.associate_bot(InstanceId=instance.id, LexBot=bot),
    ]
    for call in twice:
        with pytest.raises(own_connect.exceptions.ResourceConflictException) as conflict:
            call()
        assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    # The same name in another Region is another bot.
    own_connect.associate_lex_bot(
        InstanceId=instance.id, LexBot={"Name": "Twice", "LexRegion": "us-west-2"}
    )
    own_connect.associate_bot(InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTBBBBBBB")})
    with pytest.raises(own_connect.exceptions.ResourceConflictException):
        own_connect.associate_bot(
            InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTBBBBBBB")}
        )
    assert len(own_connect.list_lex_bots(InstanceId=instance.id)["LexBots"]) == 2


def test_pages_and_boto3_paginates(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    names = [f"Bot{index}" for index in range(5)]
    for name in names:
        own_connect.associate_lex_bot(
            InstanceId=instance.id, LexBot={"Name": name, "LexRegion": "us-east-1"}
        )
    first = own_connect.list_lex_bots(InstanceId=instance.id, MaxResults=2)
    assert [b["Name"] for b in first["LexBots"]] == names[:2]
    paginator = own_connect.get_paginator("list_lex_bots")
    pages = paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
    assert [b["Name"] for page in pages for b in page["LexBots"]] == names
    first_v1 = own_connect.list_bots(InstanceId=instance.id, LexVersion="V1", MaxResults=3)
    rest = own_connect.list_bots(
        InstanceId=instance.id, LexVersion="V1", NextToken=first_v1["NextToken"]
    )
    assert [b["LexBot"]["Name"] for b in first_v1["LexBots"] + rest["LexBots"]] == names


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    both: Any = {
        "LexBot": {"Name": "A", "LexRegion": "us-east-1"},
        "LexV2Bot": {"AliasArn": _alias("BOTCCCCCCC")},
    }
    calls: list[tuple[Any, str]] = [
        (lambda: raw.associate_bot(InstanceId=instance.id), "LexBot"),
        (lambda: raw.associate_bot(InstanceId=instance.id, **both), "LexV2Bot"),
        (lambda: raw.disassociate_bot(InstanceId=instance.id), "LexBot"),
        (
            lambda: raw.associate_bot(
                InstanceId=instance.id, LexV2Bot={"AliasArn": "arn:aws:lex:us-east-1:1:bot/X"}
            ),
            "AliasArn",
        ),
        (
            lambda: raw.associate_lex_bot(
                InstanceId=instance.id, LexBot={"Name": "x" * 51, "LexRegion": "us-east-1"}
            ),
            "LexBot.Name",
        ),
        (
            lambda: raw.associate_lex_bot(
                InstanceId=instance.id, LexBot={"Name": "", "LexRegion": "us-east-1"}
            ),
            "LexBot.Name",
        ),
        (lambda: raw.list_bots(InstanceId=instance.id), "lexVersion"),  # type: ignore[call-arg]
        (
            lambda: raw.list_bots(InstanceId=instance.id, LexVersion="V3"),  # type: ignore[arg-type]
            "lexVersion",
        ),
        (lambda: raw.list_lex_bots(InstanceId=instance.id, MaxResults=26), "maxResults"),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert refused.value.response["Error"]["Code"] == "InvalidRequestException"
        assert member in refused.value.response["Error"]["Message"]
    assert raw.list_lex_bots(InstanceId=instance.id)["LexBots"] == []
    assert raw.list_bots(InstanceId=instance.id, LexVersion="V2")["LexBots"] == []


def test_unknown_bots_and_instances_are_404(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_lex_bot(
            InstanceId=instance.id, BotName="No", LexRegion="us-east-1"
        )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_bots(InstanceId="00000000-0000-4000-8000-000000000000", LexVersion="V1")


def test_each_version_has_its_quota(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    assert PROFILES["aws"].resource_quotas["lex_bot"] == 70
    assert PROFILES["aws"].resource_quotas["lex_v2_bot"] == 100
    ControlClient(server.url).set_limits(account, resource_quotas={"lex_bot": 1, "lex_v2_bot": 1})
    own_connect.associate_lex_bot(
        InstanceId=instance.id, LexBot={"Name": "A", "LexRegion": "us-east-1"}
    )
    own_connect.associate_bot(InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTDDDDDDD")})
    over_quota: list[Callable[[], object]] = [
        lambda: own_connect.associate_lex_bot(
            InstanceId=instance.id, LexBot={"Name": "B", "LexRegion": "us-east-1"}
        ),
        lambda: own_connect.associate_bot(
            InstanceId=instance.id, LexBot={"Name": "B", "LexRegion": "us-east-1"}
        ),
        lambda: own_connect.associate_bot(
            InstanceId=instance.id, LexV2Bot={"AliasArn": _alias("BOTEEEEEEE")}
        ),
    ]
    for call in over_quota:
        with pytest.raises(own_connect.exceptions.ServiceQuotaExceededException) as over:
            call()
        assert over.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402


def test_terraform_bot_association(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    # LexRegion defaults to the provider's Region; AssociateBot is retried on
    # InvalidRequestException, so nothing valid may answer it.
    own_connect.associate_bot(
        InstanceId=instance.id, LexBot={"Name": "TerraformBot", "LexRegion": "us-east-1"}
    )
    state_id = f"{instance.id}:TerraformBot:us-east-1"
    instance_id, name, region = state_id.split(":")

    def read() -> list[Any]:
        found = []
        token: str | None = None
        while True:
            extra: Any = {"NextToken": token} if token else {}
            page = own_connect.list_bots(
                InstanceId=instance_id, LexVersion="V1", MaxResults=25, **extra
            )
            found += [
                b["LexBot"]
                for b in page["LexBots"]
                if b["LexBot"]["Name"] == name and b["LexBot"]["LexRegion"] == region
            ]
            token = page.get("NextToken")
            if not token:
                return found

    assert read() == [{"Name": "TerraformBot", "LexRegion": "us-east-1"}]
    bot: Any = {"Name": name, "LexRegion": region}
    own_connect.disassociate_bot(InstanceId=instance_id, LexBot=bot)
    assert read() == []
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):  # tolerated
        own_connect.disassociate_bot(InstanceId=instance_id, LexBot=bot)

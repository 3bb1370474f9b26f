"""Lambda functions of an instance through boto3: associate, list in pages, disassociate, the
quota, Terraform's aws_connect_lambda_function_association; and every integration going with
its instance."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from connect_emulator.domain.limits import PROFILES
from tests.integration.helpers import create, wait_for_status, wait_gone
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _arn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:111122223333:function:{name}"


def _listed(connect: ConnectClient, instance_id: str) -> list[str]:
    paginator = connect.get_paginator("list_lambda_functions")
    return [
        arn
        for page in paginator.paginate(InstanceId=instance_id)
        for arn in page["LambdaFunctions"]
    ]


def test_associate_list_disassociate(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    assert own_connect.list_lambda_functions(InstanceId=instance.id)["LambdaFunctions"] == []
    own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("lookup"))
    # A version or alias qualifier is part of the ARN Connect invokes.
    own_connect.associate_lambda_function(InstanceId=instance.arn, FunctionArn=_arn("route:live"))
    assert _listed(own_connect, instance.id) == [_arn("lookup"), _arn("route:live")]
    own_connect.disassociate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("lookup"))
    assert _listed(own_connect, instance.id) == [_arn("route:live")]


def test_a_function_twice_is_resource_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("once"))
    with pytest.raises(own_connect.exceptions.ResourceConflictException) as conflict:
        own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("once"))
    assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert _arn("once") in conflict.value.response["Error"]["Message"]
    assert _listed(own_connect, instance.id) == [_arn("once")]


def test_pages_of_at_most_25_and_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    arns = [_arn(f"f{index:02d}") for index in range(27)]
    for arn in arns:
        own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=arn)
    first = own_connect.list_lambda_functions(InstanceId=instance.id)
    # Without MaxResults, the largest page the model allows.
    assert first["LambdaFunctions"] == arns[:25]
    second = own_connect.list_lambda_functions(
        InstanceId=instance.id, NextToken=first["NextToken"], MaxResults=1
    )
    assert second["LambdaFunctions"] == arns[25:26]
    paginator = own_connect.get_paginator("list_lambda_functions")
    pages = list(paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 10}))
    assert [len(page["LambdaFunctions"]) for page in pages] == [10, 10, 7]
    assert [arn for page in pages for arn in page["LambdaFunctions"]] == arns


def test_unknown_functions_and_instances_are_404(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("none"))
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.associate_lambda_function(
            InstanceId="00000000-0000-4000-8000-000000000000", FunctionArn=_arn("x")
        )


def test_another_accounts_instance_is_404(connect: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_lambda_functions(InstanceId=instance.id)


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    calls: list[tuple[Any, str]] = [
        (
            lambda: raw.associate_lambda_function(InstanceId=instance.id, FunctionArn="lookup"),
            "FunctionArn",
        ),
        (
            lambda: raw.associate_lambda_function(
                InstanceId=instance.id, FunctionArn=_arn("x" * 130)
            ),
            "FunctionArn",
        ),
        (lambda: raw.list_lambda_functions(InstanceId=instance.id, MaxResults=26), "maxResults"),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in refused.value.response["Error"]["Message"]
    assert raw.list_lambda_functions(InstanceId=instance.id)["LambdaFunctions"] == []


def test_the_quota_is_service_quota_exceeded(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    assert PROFILES["aws"].resource_quotas["lambda_function"] == 50
    ControlClient(server.url).set_limits(account, resource_quotas={"lambda_function": 2})
    for name in ("a", "b"):
        own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn(name))
    with pytest.raises(own_connect.exceptions.ServiceQuotaExceededException) as over:
        own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("c"))
    assert over.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    # A disassociation makes room again.
    own_connect.disassociate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("a"))
    own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=_arn("c"))
    assert _listed(own_connect, instance.id) == [_arn("b"), _arn("c")]


def test_terraform_lambda_function_association(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    arn = _arn("terraform")
    own_connect.associate_lambda_function(InstanceId=instance.id, FunctionArn=arn)
    state_id = f"{instance.id},{arn}"
    instance_id, function_arn = state_id.split(",", 1)

    def read() -> list[str]:
        paginator = own_connect.get_paginator("list_lambda_functions")
        pages = paginator.paginate(InstanceId=instance_id, PaginationConfig={"PageSize": 25})
        return [v for page in pages for v in page["LambdaFunctions"] if v == function_arn]

    assert read() == [arn]
    own_connect.disassociate_lambda_function(InstanceId=instance_id, FunctionArn=function_arn)
    assert read() == []  # a refresh removes it from state
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):  # tolerated
        own_connect.disassociate_lambda_function(InstanceId=instance_id, FunctionArn=function_arn)


def test_deleting_the_instance_takes_every_integration(own_connect: ConnectClient) -> None:
    instance_id = create(own_connect)["Id"]
    wait_for_status(own_connect, instance_id, "ACTIVE")
    inside: Any = {"InstanceId": instance_id}
    own_connect.associate_instance_storage_config(
        **inside,
        ResourceType="CALL_RECORDINGS",
        StorageConfig={"StorageType": "S3", "S3Config": {"BucketName": "b", "BucketPrefix": "p"}},
    )
    own_connect.associate_lambda_function(**inside, FunctionArn=_arn("gone"))
    own_connect.associate_approved_origin(**inside, Origin="https://gone.example.com")
    own_connect.associate_lex_bot(**inside, LexBot={"Name": "Gone", "LexRegion": "us-east-1"})
    own_connect.associate_bot(
        **inside,
        LexV2Bot={"AliasArn": "arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID12345/TSTALIASID"},
    )
    own_connect.associate_security_key(
        **inside, Key="-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"
    )
    own_connect.associate_analytics_data_set(**inside, DataSetId="contact_record")
    own_connect.delete_instance(InstanceId=instance_id)
    lists: list[Callable[[], object]] = [
        lambda: own_connect.list_instance_storage_configs(**inside, ResourceType="CALL_RECORDINGS"),
        lambda: own_connect.list_lambda_functions(**inside),
        lambda: own_connect.list_approved_origins(**inside),
        lambda: own_connect.list_lex_bots(**inside),
        lambda: own_connect.list_bots(**inside, LexVersion="V2"),
        lambda: own_connect.list_security_keys(**inside),
        lambda: own_connect.list_analytics_data_associations(**inside),
    ]
    for listed in lists:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            listed()
    assert wait_gone(own_connect, instance_id)
    for listed in lists:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            listed()

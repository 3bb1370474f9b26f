"""Lambda functions the instance's flows may invoke, kept by function ARN (quota: 50 per
instance)."""

from __future__ import annotations

import re

from connect_emulator.domain.errors import InvalidParameter
from connect_emulator.domain.model import Caller
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import (
    associate,
    disassociate,
    integration_family,
    page,
)
from connect_emulator.resources.family import Params, Result

KEY = "lambda_function"
# A function's ARN, unqualified or with a version or alias (Lambda's own naming rules).
_FUNCTION_ARN = re.compile(
    r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?"
)


def _associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    arn = params["FunctionArn"]
    if not _FUNCTION_ARN.fullmatch(arn):
        raise InvalidParameter(
            f"FunctionArn {arn!r} is not the ARN of a Lambda function "
            "(arn:aws:lambda:<region>:<account>:function:<name>)."
        )
    associate(
        engine,
        caller,
        params,
        LAMBDA_FUNCTIONS,
        operation="AssociateLambdaFunction",
        body={"FunctionArn": arn},
        taken=f"Lambda function {arn} is already associated with the instance.",
    )
    return None


def _list(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(
        engine, caller, params, LAMBDA_FUNCTIONS, operation="ListLambdaFunctions", size=25
    )
    return {"LambdaFunctions": [r.body["FunctionArn"] for r in records], "NextToken": token}


def _disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    arn = params["FunctionArn"]
    missing = f"Lambda function {arn} is not associated with the instance."
    disassociate(engine, caller, params, LAMBDA_FUNCTIONS, value=arn, missing=missing)
    return None


LAMBDA_FUNCTIONS = integration_family(
    KEY,
    "Lambda function",
    "FunctionArn",
    {
        "AssociateLambdaFunction": _associate,
        "ListLambdaFunctions": _list,
        "DisassociateLambdaFunction": _disassociate,
    },
)

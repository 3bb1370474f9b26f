"""Prompts: an S3 URI kept (never fetched), a presigned-looking URL to read it back, and the
seven prompts every instance has."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from connect_emulator.resources.family import Family, Params, Result, Update

if TYPE_CHECKING:
    from connect_emulator.domain.model import Caller
    from connect_emulator.resources.engine import ResourceService

# The default prompts of a live instance's export.
DEFAULT_PROMPTS = (
    "Beep.wav",
    "CustomerHold.wav",
    "CustomerQueue.wav",
    "Music_Jazz_MyTimetoFly_Inst.wav",
    "Music_Pop_ThisAndThatIsLife_Inst.wav",
    "Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav",
    "Music_Rock_EverywhereTheSunShines_Inst.wav",
)
# Where the defaults "are": Amazon's own storage, which no caller can read anyway.
_DEFAULTS_BUCKET = "amazon-connect-default-prompts"
# How long the URL of GetPromptFile claims to be valid (S3's presigned-URL query).
_URL_EXPIRES = 900


def presigned_url(s3_uri: str, prompt_id: str, region: str, now: float) -> str:
    """An https URL of the prompt's object with a presigned query. Nothing serves it: it only
    has to look like S3's and be accepted back as a prompt's S3Uri."""
    if s3_uri.startswith("s3://"):
        bucket, _, key = s3_uri.removeprefix("s3://").partition("/")
        base = f"https://{bucket}.s3.{region}.amazonaws.com/{quote(key)}"
    else:
        base = s3_uri.partition("?")[0]
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    signature = hashlib.sha256(f"{prompt_id}/{stamp}".encode()).hexdigest()
    credential = quote(f"ASIAEMULATOR/{stamp[:8]}/{region}/s3/aws4_request", safe="")
    return (
        f"{base}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={stamp}"
        f"&X-Amz-SignedHeaders=host&X-Amz-Expires={_URL_EXPIRES}"
        f"&X-Amz-Credential={credential}&X-Amz-Signature={signature}"
    )


def _prompt_file(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        record = scope.get(PROMPTS, params["PromptId"])
        return {
            "PromptPresignedUrl": presigned_url(
                record.body["S3Uri"], record.id, caller.region, scope.now
            ),
            "LastModifiedTime": record.modified_at,
            "LastModifiedRegion": caller.region,
        }


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    return [{"Name": name, "S3Uri": f"s3://{_DEFAULTS_BUCKET}/{name}"} for name in DEFAULT_PROMPTS]


PROMPTS = Family(
    key="prompt",
    arn_segment="prompt",
    noun="Prompt",
    create="CreatePrompt",
    describe="DescribePrompt",
    list="ListPrompts",
    delete="DeletePrompt",
    id_param="PromptId",
    wrapper="Prompt",
    id_member="PromptId",
    arn_member="PromptARN",
    created=("PromptId", "PromptARN"),
    list_member="PromptSummaryList",
    updates=(Update("UpdatePrompt", ("Name", "Description", "S3Uri"), returns_ids=True),),
    defaults=_defaults,
    extra={"GetPromptFile": _prompt_file},
)

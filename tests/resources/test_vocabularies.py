"""Custom vocabularies through boto3: the asynchronous creation and deletion (paced by the
control API's lifecycle, failed by its planned failures, released in manual mode), the
model's own errors (ResourceConflictException, ServiceQuotaExceededException), the search,
the default vocabulary of each language, and Terraform's aws_connect_vocabulary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient, ControlError
from connect_emulator.domain.limits import PROFILES
from tests.integration.helpers import create, wait_for_status, wait_gone
from tests.resources.conftest import ActiveInstance
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_connect.literals import VocabularyLanguageCodeType

UNKNOWN = "00000000-0000-4000-8000-000000000000"
CONTENT = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles\nEtienne\t\teh-tee-en\t"
# What Terraform sends as ClientToken: its unique id, not a UUID.
TERRAFORM_TOKEN = "terraform-20261205042619123400000001"


def _create(
    connect: ConnectClient,
    instance: ActiveInstance,
    name: str = "Cities",
    language: VocabularyLanguageCodeType = "en-US",
    **extra: Any,
) -> dict[str, Any]:
    extra.setdefault("Content", CONTENT)
    return dict(
        connect.create_vocabulary(
            InstanceId=instance.id, VocabularyName=name, LanguageCode=language, **extra
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, vocabulary: str) -> dict[str, Any]:
    return dict(
        connect.describe_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary)["Vocabulary"]
    )


def _poll(connect: ConnectClient, instance: ActiveInstance, vocabulary: str) -> str | None:
    """The vocabulary's State, or None once it is gone (404), as Terraform's refresh sees it."""
    try:
        return str(_describe(connect, instance, vocabulary)["State"])
    except connect.exceptions.ResourceNotFoundException:
        return None


def _wait(
    connect: ConnectClient,
    instance: ActiveInstance,
    vocabulary: str,
    pending: str,
    timeout: float = 10,
) -> tuple[str | None, list[str | None]]:
    """Polls while the State is ``pending`` (a waiter); returns the State after it and every
    State seen on the way."""
    seen: list[str | None] = []
    deadline = time.monotonic() + timeout
    while True:
        state = _poll(connect, instance, vocabulary)
        if not seen or seen[-1] != state:
            seen.append(state)
        if state != pending or time.monotonic() > deadline:
            return state, seen
        time.sleep(0.02)


def _active(
    connect: ConnectClient,
    instance: ActiveInstance,
    name: str,
    language: VocabularyLanguageCodeType = "en-US",
) -> str:
    vocabulary = str(_create(connect, instance, name, language)["VocabularyId"])
    assert _wait(connect, instance, vocabulary, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
    return vocabulary


def _search(connect: ConnectClient, instance: ActiveInstance, **filters: Any) -> list[str]:
    pages = connect.get_paginator("search_vocabularies").paginate(InstanceId=instance.id, **filters)
    return [s["Name"] for page in pages for s in page["VocabularySummaryList"]]


def _defaults(connect: ConnectClient, instance: ActiveInstance, **extra: Any) -> list[Any]:
    listed = connect.list_default_vocabularies(InstanceId=instance.id, **extra)
    return [(d["LanguageCode"], d["VocabularyName"]) for d in listed["DefaultVocabularyList"]]


def _raises(code: str, status: int, call: Callable[[], object]) -> dict[str, Any]:
    """The error response of ``call``, checked to be ``code`` with ``status``."""
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == (
        code,
        status,
    ), response["Error"]
    return dict(response)


@pytest.fixture
def control_api(server: EmulatorProcess) -> ControlClient:
    return ControlClient(server.url)


# Operations


def test_a_new_instance_has_no_vocabularies(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert _search(own_connect, instance) == []
    assert _defaults(own_connect, instance) == []


def test_create_is_in_progress_then_active_with_the_models_members(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    created = _create(own_connect, instance, Tags={"team": "a"})
    vocabulary = created["VocabularyId"]
    assert created["State"] == "CREATION_IN_PROGRESS"
    assert created["VocabularyArn"] == f"{instance.arn}/vocabulary/{vocabulary}"
    assert _wait(own_connect, instance, vocabulary, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
    described = _describe(own_connect, instance, vocabulary)
    assert described["Name"] == "Cities"
    assert (described["Id"], described["Arn"]) == (vocabulary, created["VocabularyArn"])
    assert (described["LanguageCode"], described["Content"]) == ("en-US", CONTENT)
    assert described["Tags"] == {"team": "a"}
    assert described["LastModifiedTime"].year >= 2024
    assert "FailureReason" not in described
    # Nothing the model's Vocabulary lacks (the default mark, LastModifiedRegion).
    assert set(described) <= {
        "Name", "Id", "Arn", "LanguageCode", "State", "LastModifiedTime", "FailureReason",
        "Content", "Tags",
    }  # fmt: skip


def test_a_client_token_repeats_the_answer_and_other_input_is_a_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first = _create(own_connect, instance, ClientToken=TERRAFORM_TOKEN)
    again = _create(own_connect, instance, ClientToken=TERRAFORM_TOKEN)
    assert (again["VocabularyId"], again["VocabularyArn"]) == (
        first["VocabularyId"],
        first["VocabularyArn"],
    )
    assert again["State"] == "CREATION_IN_PROGRESS"
    response = _raises(
        "ResourceConflictException",
        409,
        lambda: _create(own_connect, instance, "Other", ClientToken=TERRAFORM_TOKEN),
    )
    assert "ClientToken" in response["Error"]["Message"]
    assert _search(own_connect, instance) == ["Cities"]


def test_a_taken_name_is_resource_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "Taken")
    response = _raises(
        "ResourceConflictException", 409, lambda: _create(own_connect, instance, "Taken", "fr-FR")
    )
    assert "Taken" in response["Error"]["Message"]
    _create(own_connect, instance, "taken")  # names are case-sensitive
    assert _search(own_connect, instance) == ["Taken", "taken"]


def test_the_quota_is_service_quota_exceeded(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    # AWS: 20 custom vocabularies per instance, a hard limit.
    assert PROFILES["aws"].resource_quota("vocabulary") == 20
    control_api.set_limits(account, resource_quotas={"vocabulary": 2})
    _create(own_connect, instance, "One")
    _create(own_connect, instance, "Two")
    response = _raises(
        "ServiceQuotaExceededException", 402, lambda: _create(own_connect, instance, "Three")
    )
    assert "2" in response["Error"]["Message"]
    # A taken name is told first, as for every other family.
    _raises("ResourceConflictException", 409, lambda: _create(own_connect, instance, "One"))
    assert _search(own_connect, instance) == ["One", "Two"]


def test_search_filters_pages_and_shows_no_content(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.fail_next_steps(
        "vocabulary", reason="Unusable", account=account, name_pattern="bad*"
    )
    settled: list[tuple[str, VocabularyLanguageCodeType]] = [
        ("city-a", "en-US"),
        ("city-b", "fr-FR"),
        ("bad-c", "en-US"),
    ]
    for name, language in settled:
        created = _create(own_connect, instance, name, language)
        _wait(own_connect, instance, created["VocabularyId"], "CREATION_IN_PROGRESS")
    for index in range(3):
        _create(own_connect, instance, f"city-{index}")
    assert _search(own_connect, instance, LanguageCode="fr-FR") == ["city-b"]
    assert _search(own_connect, instance, State="CREATION_FAILED") == ["bad-c"]
    assert _search(own_connect, instance, NameStartsWith="city-", LanguageCode="en-US") == [
        "city-a",
        "city-0",
        "city-1",
        "city-2",
    ]
    first = own_connect.search_vocabularies(InstanceId=instance.id, MaxResults=2)
    assert [s["Name"] for s in first["VocabularySummaryList"]] == ["city-a", "city-b"]
    second = own_connect.search_vocabularies(
        InstanceId=instance.id, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["Name"] for s in second["VocabularySummaryList"]] == ["bad-c", "city-0"]
    failed = second["VocabularySummaryList"][0]
    assert (failed["State"], failed["FailureReason"]) == ("CREATION_FAILED", "Unusable")
    assert all("Content" not in s for s in first["VocabularySummaryList"])
    # The paginator with a filter that skips most rows: every page full but the last.
    pages = list(
        own_connect.get_paginator("search_vocabularies").paginate(
            InstanceId=instance.id, NameStartsWith="city", PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(page["VocabularySummaryList"]) for page in pages] == [2, 2, 1]
    _raises(
        "InvalidRequestException",
        400,
        lambda: own_connect.search_vocabularies(InstanceId=instance.id, NextToken="forged"),
    )


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    vocabulary = _active(own_connect, instance, "By-arn")
    arn = _describe(own_connect, instance, vocabulary)["Arn"]
    described = own_connect.describe_vocabulary(InstanceId=instance.arn, VocabularyId=arn)
    assert described["Vocabulary"]["Id"] == vocabulary
    own_connect.associate_default_vocabulary(
        InstanceId=instance.arn, LanguageCode="en-US", VocabularyId=arn
    )
    assert _defaults(own_connect, instance) == [("en-US", "By-arn")]
    own_connect.associate_default_vocabulary(InstanceId=instance.id, LanguageCode="en-US")
    deleted = own_connect.delete_vocabulary(InstanceId=instance.arn, VocabularyId=arn)
    assert deleted["VocabularyId"] == vocabulary


def test_tags_on_the_vocabulary_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["VocabularyArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["VocabularyId"])["Tags"] == {"b": "2"}


def test_unknown_ids_are_404(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    calls: list[Callable[[], object]] = [
        lambda: own_connect.describe_vocabulary(InstanceId=instance.id, VocabularyId=UNKNOWN),
        lambda: own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=UNKNOWN),
        lambda: own_connect.associate_default_vocabulary(
            InstanceId=instance.id, LanguageCode="en-US", VocabularyId=UNKNOWN
        ),
        lambda: own_connect.search_vocabularies(InstanceId=UNKNOWN),
        lambda: own_connect.create_vocabulary(
            InstanceId=UNKNOWN, VocabularyName="x", LanguageCode="en-US", Content="x"
        ),
        # Another instance's vocabulary ARN names nothing in this one.
        lambda: own_connect.describe_vocabulary(
            InstanceId=instance.id,
            VocabularyId=f"{instance.arn[:-36]}{UNKNOWN}/vocabulary/{UNKNOWN}",
        ),
    ]
    for call in calls:
        _raises("ResourceNotFoundException", 404, call)


def test_delete_is_in_progress_then_gone_and_frees_the_name(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    vocabulary = _active(own_connect, instance, "Doomed")
    control_api.set_lifecycle(account, "delay", deletion_delay=0.4)
    deleted = own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary)
    assert (deleted["VocabularyId"], deleted["State"]) == (vocabulary, "DELETE_IN_PROGRESS")
    assert deleted["VocabularyArn"] == f"{instance.arn}/vocabulary/{vocabulary}"
    assert _poll(own_connect, instance, vocabulary) == "DELETE_IN_PROGRESS"
    assert _search(own_connect, instance, State="DELETE_IN_PROGRESS") == ["Doomed"]
    # Deleting again while it goes answers the same.
    again = own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary)
    assert again["State"] == "DELETE_IN_PROGRESS"
    # The name stays taken until the vocabulary is gone.
    _raises("ResourceConflictException", 409, lambda: _create(own_connect, instance, "Doomed"))
    assert _wait(own_connect, instance, vocabulary, "DELETE_IN_PROGRESS")[0] is None
    _raises(
        "ResourceNotFoundException",
        404,
        lambda: own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary),
    )
    _raises(
        "ResourceNotFoundException",
        404,
        lambda: own_connect.list_tags_for_resource(resourceArn=deleted["VocabularyArn"]),
    )
    assert _create(own_connect, instance, "Doomed")["VocabularyId"] != vocabulary


def test_a_vocabulary_in_progress_or_failed_can_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.fail_next_steps("vocabulary", reason="No", account=account, name_pattern="failing")
    failed = _create(own_connect, instance, "failing")["VocabularyId"]
    assert _wait(own_connect, instance, failed, "CREATION_IN_PROGRESS")[0] == "CREATION_FAILED"
    control_api.set_lifecycle(account, "manual")
    waiting = _create(own_connect, instance, "waiting")["VocabularyId"]
    for vocabulary in (failed, waiting):
        deleted = own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary)
        assert deleted["State"] == "DELETE_IN_PROGRESS"
    # Manual pacing holds creations only: the removals take the deletion delay.
    for vocabulary in (failed, waiting):
        assert _wait(own_connect, instance, vocabulary, "DELETE_IN_PROGRESS")[0] is None


def test_default_vocabularies_per_language(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    english = _active(own_connect, instance, "English")
    other = _active(own_connect, instance, "English-2")
    french = _active(own_connect, instance, "French", "fr-FR")
    before = _describe(own_connect, instance, english)["LastModifiedTime"]
    own_connect.associate_default_vocabulary(
        InstanceId=instance.id, LanguageCode="en-US", VocabularyId=english
    )
    own_connect.associate_default_vocabulary(
        InstanceId=instance.id, LanguageCode="fr-FR", VocabularyId=french
    )
    assert _defaults(own_connect, instance) == [("en-US", "English"), ("fr-FR", "French")]
    listed = own_connect.list_default_vocabularies(InstanceId=instance.id)
    assert listed["DefaultVocabularyList"][0] == {
        "InstanceId": instance.id,
        "LanguageCode": "en-US",
        "VocabularyId": english,
        "VocabularyName": "English",
    }
    # Being made the default does not modify the vocabulary.
    assert _describe(own_connect, instance, english)["LastModifiedTime"] == before
    # One default per language: another takes its place.
    own_connect.associate_default_vocabulary(
        InstanceId=instance.id, LanguageCode="en-US", VocabularyId=other
    )
    assert _defaults(own_connect, instance, LanguageCode="en-US") == [("en-US", "English-2")]
    first = own_connect.list_default_vocabularies(InstanceId=instance.id, MaxResults=1)
    assert len(first["DefaultVocabularyList"]) == 1
    rest = own_connect.list_default_vocabularies(
        InstanceId=instance.id, MaxResults=1, NextToken=first["NextToken"]
    )
    assert [d["LanguageCode"] for d in rest["DefaultVocabularyList"]] == ["fr-FR"]
    assert "NextToken" not in rest
    paged = own_connect.get_paginator("list_default_vocabularies").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 1}
    )
    assert [d["VocabularyName"] for page in paged for d in page["DefaultVocabularyList"]] == [
        "English-2",
        "French",
    ]
    # A default cannot be deleted: the instance refers to it.
    response = _raises(
        "ResourceInUseException",
        409,
        lambda: own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=french),
    )
    assert (response["ResourceType"], response["ResourceId"]) == ("INSTANCE", instance.arn)
    assert _poll(own_connect, instance, french) == "ACTIVE"
    # No VocabularyId: the language has no default any more, and the vocabulary may go.
    own_connect.associate_default_vocabulary(InstanceId=instance.id, LanguageCode="fr-FR")
    assert _defaults(own_connect, instance) == [("en-US", "English-2")]
    own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=french)
    own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=english)


def test_a_default_is_active_and_of_its_language(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    english = _active(own_connect, instance, "English")
    control_api.fail_next_steps("vocabulary", reason="No", account=account, name_pattern="Failed")
    failed = _create(own_connect, instance, "Failed")["VocabularyId"]
    _wait(own_connect, instance, failed, "CREATION_IN_PROGRESS")
    control_api.set_lifecycle(account, "manual")
    waiting = _create(own_connect, instance, "Waiting")["VocabularyId"]
    cases: list[tuple[VocabularyLanguageCodeType, str, str]] = [
        ("fr-FR", english, "en-US"),
        ("en-US", failed, "CREATION_FAILED"),
        ("en-US", waiting, "CREATION_IN_PROGRESS"),
    ]
    for language, vocabulary, named in cases:
        response = _raises(
            "InvalidRequestException",
            400,
            partial(
                own_connect.associate_default_vocabulary,
                InstanceId=instance.id,
                LanguageCode=language,
                VocabularyId=vocabulary,
            ),
        )
        assert named in response["Error"]["Message"]
    assert _defaults(own_connect, instance) == []


def test_bad_input_is_a_4xx_naming_the_member_and_writes_nothing(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    bad: list[tuple[dict[str, Any], str]] = [
        ({"VocabularyName": " x", "LanguageCode": "en-US", "Content": "x"}, "VocabularyName"),
        ({"VocabularyName": "x", "LanguageCode": "xx-XX", "Content": "x"}, "LanguageCode"),
        ({"VocabularyName": "x", "LanguageCode": "en-US", "Content": ""}, "Content"),
        ({"VocabularyName": "x" * 141, "LanguageCode": "en-US", "Content": "x"}, "VocabularyName"),
        ({"VocabularyName": "x", "LanguageCode": "en-US", "Content": "x" * 60001}, "Content"),
    ]
    for params, member in bad:
        with pytest.raises(ClientError) as raised:
            raw.create_vocabulary(InstanceId=instance.id, **params)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in raised.value.response["Error"]["Message"]
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: raw.search_vocabularies(InstanceId=instance.id, MaxResults=101), "MaxResults"),
        (lambda: raw.search_vocabularies(InstanceId=instance.id, State="GONE"), "State"),  # type: ignore[arg-type]
        (
            lambda: raw.associate_default_vocabulary(
                InstanceId=instance.id,
                LanguageCode="xx-XX",  # type: ignore[arg-type]
            ),
            "LanguageCode",
        ),
        (lambda: raw.list_default_vocabularies(InstanceId=instance.id, MaxResults=0), "MaxResults"),
        # "If this is empty, the default is set to none": absent, as the shape's length is 1..500.
        (
            lambda: raw.associate_default_vocabulary(
                InstanceId=instance.id, LanguageCode="en-US", VocabularyId=""
            ),
            "VocabularyId",
        ),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in raised.value.response["Error"]["Message"]
    assert raw.search_vocabularies(InstanceId=instance.id)["VocabularySummaryList"] == []


def test_an_instance_takes_its_vocabularies_with_it(
    server: EmulatorProcess, account: str, own_connect: ConnectClient, control_api: ControlClient
) -> None:
    control_api.set_lifecycle(account, "immediate")
    instance_id = create(own_connect)["Id"]
    assert wait_for_status(own_connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
    instance = ActiveInstance(
        instance_id, own_connect.describe_instance(InstanceId=instance_id)["Instance"]["Arn"]
    )
    active = _active(own_connect, instance, "Kept")
    control_api.set_lifecycle(account, "manual")
    waiting = _create(own_connect, instance, "Waiting")["VocabularyId"]
    arn = _describe(own_connect, instance, active)["Arn"]
    control_api.set_lifecycle(account, "immediate")
    own_connect.delete_instance(InstanceId=instance_id)
    assert wait_gone(own_connect, instance_id)
    for vocabulary in (active, waiting):
        _raises(
            "ResourceNotFoundException",
            404,
            partial(
                own_connect.describe_vocabulary, InstanceId=instance_id, VocabularyId=vocabulary
            ),
        )
    _raises(
        "ResourceNotFoundException",
        404,
        lambda: own_connect.list_tags_for_resource(resourceArn=arn),
    )
    # Its waiting step went with it: there is nothing to release.
    with pytest.raises(ControlError) as raised:
        control_api.release_step("vocabulary", waiting)
    assert raised.value.status == 404


# The asynchronous steps, through the control API


def test_delay_keeps_the_vocabulary_in_progress_for_the_provisioning_delay(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.set_lifecycle(account, "delay", provisioning_delay=0.5)
    started = time.monotonic()
    vocabulary = _create(own_connect, instance)["VocabularyId"]
    assert _poll(own_connect, instance, vocabulary) == "CREATION_IN_PROGRESS"
    state, seen = _wait(own_connect, instance, vocabulary, "CREATION_IN_PROGRESS")
    assert (state, seen) == ("ACTIVE", ["CREATION_IN_PROGRESS", "ACTIVE"])
    assert time.monotonic() - started >= 0.5


def test_manual_waits_for_the_release(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.set_lifecycle(account, "manual")
    released = _create(own_connect, instance, "Released")["VocabularyId"]
    refused = _create(own_connect, instance, "Refused")["VocabularyId"]
    time.sleep(0.3)
    assert _poll(own_connect, instance, released) == "CREATION_IN_PROGRESS"
    control_api.release_step("vocabulary", released)
    control_api.release_step("vocabulary", refused, fail_reason="Rejected by the test")
    assert _wait(own_connect, instance, released, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
    assert _wait(own_connect, instance, refused, "CREATION_IN_PROGRESS")[0] == "CREATION_FAILED"
    assert _describe(own_connect, instance, refused)["FailureReason"] == "Rejected by the test"
    # A step already taken cannot be released again; nor can a step of a family without any.
    with pytest.raises(ControlError) as raised:
        control_api.release_step("vocabulary", released)
    assert raised.value.status == 404
    with pytest.raises(ControlError) as raised:
        control_api.release_step("queue", released)
    assert raised.value.status == 400


def test_fail_next_fails_the_matching_creations_only(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.fail_next_steps(
        "vocabulary", 1, reason="Invalid IPA on line 2", account=account, name_pattern="broken-*"
    )
    fine = _create(own_connect, instance, "fine-1")["VocabularyId"]
    broken = _create(own_connect, instance, "broken-1")["VocabularyId"]
    later = _create(own_connect, instance, "broken-2")["VocabularyId"]
    assert _wait(own_connect, instance, fine, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
    assert _wait(own_connect, instance, broken, "CREATION_IN_PROGRESS")[0] == "CREATION_FAILED"
    described = _describe(own_connect, instance, broken)
    assert described["FailureReason"] == "Invalid IPA on line 2"
    # The rule was used up by the first match.
    assert _wait(own_connect, instance, later, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
    assert not [r for r in control_api.failure_rules() if r["account"] == account]


def test_content_over_50_kb_fails_its_creation(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    rows = "".join(f"Word{n:05d}\t\t\tWord {n}\n" for n in range(2600))
    big = _create(
        own_connect,
        instance,
        "Big",
        Content=("Phrase\tIPA\tSoundsLike\tDisplayAs\n" + rows)[:59000],
    )
    assert _wait(own_connect, instance, big["VocabularyId"], "CREATION_IN_PROGRESS")[0] == (
        "CREATION_FAILED"
    )
    assert "50 KB" in _describe(own_connect, instance, big["VocabularyId"])["FailureReason"]


@pytest.fixture(scope="module")
def travelling_server() -> Iterator[EmulatorProcess]:
    """A server of this module's own: moving the clock must not touch the shared server."""
    with EmulatorProcess("--provisioning-delay", "0") as process:
        yield process


def test_time_travel_finishes_long_steps(travelling_server: EmulatorProcess, account: str) -> None:
    control_api = ControlClient(travelling_server.url)
    connect = connect_client(travelling_server.url, access_key=account)
    control_api.set_lifecycle(account, "immediate")
    instance_id = create(connect)["Id"]
    assert wait_for_status(connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
    instance = ActiveInstance(instance_id, "")
    # As long as AWS takes: minutes to create, about 90 minutes to delete.
    control_api.set_lifecycle(account, "delay", provisioning_delay=300, deletion_delay=5400)
    vocabulary = _create(connect, instance)["VocabularyId"]
    time.sleep(0.2)
    assert _poll(connect, instance, vocabulary) == "CREATION_IN_PROGRESS"
    offset = control_api.clock()["offset"]
    try:
        control_api.advance_clock(301)
        assert _wait(connect, instance, vocabulary, "CREATION_IN_PROGRESS")[0] == "ACTIVE"
        connect.delete_vocabulary(InstanceId=instance_id, VocabularyId=vocabulary)
        time.sleep(0.2)
        assert _poll(connect, instance, vocabulary) == "DELETE_IN_PROGRESS"
        control_api.advance_clock(hours=1.5)
        assert _wait(connect, instance, vocabulary, "DELETE_IN_PROGRESS")[0] is None
    finally:
        control_api.set_clock_offset(offset)


# Terraform


def test_terraform_aws_connect_vocabulary(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    # Paced so that both waiters see the state they wait through.
    control_api.set_lifecycle(account, "delay", provisioning_delay=0.3, deletion_delay=0.3)
    created = own_connect.create_vocabulary(
        ClientToken=TERRAFORM_TOKEN,
        InstanceId=instance.id,
        Content=CONTENT,
        LanguageCode="en-US",
        Tags={"Key1": "Value1"},
        VocabularyName="example",
    )
    state_id = f"{instance.id}:{created['VocabularyId']}"
    instance_id, vocabulary = state_id.split(":", 1)
    # waitVocabularyCreated: Pending CREATION_IN_PROGRESS, Target ACTIVE or CREATION_FAILED.
    _, seen = _wait(own_connect, instance, vocabulary, "CREATION_IN_PROGRESS", timeout=300)
    assert seen == ["CREATION_IN_PROGRESS", "ACTIVE"]
    # resourceVocabularyRead
    read = own_connect.describe_vocabulary(InstanceId=instance_id, VocabularyId=vocabulary)[
        "Vocabulary"
    ]
    assert (read["Arn"], read["Content"], read["LanguageCode"], read["Name"]) == (
        created["VocabularyArn"],
        CONTENT,
        "en-US",
        "example",
    )
    assert read["LastModifiedTime"].isoformat()  # formatted as RFC 3339
    assert (read["State"], read["Id"], read["Tags"]) == ("ACTIVE", vocabulary, {"Key1": "Value1"})
    assert read.get("FailureReason") is None
    # Update: tags only, through the ARN.
    own_connect.tag_resource(resourceArn=read["Arn"], tags={"Key2": "Value2"})
    own_connect.untag_resource(resourceArn=read["Arn"], tagKeys=["Key1"])
    assert _describe(own_connect, instance, vocabulary)["Tags"] == {"Key2": "Value2"}
    # Delete, then waitVocabularyDeleted: Pending DELETE_IN_PROGRESS, Target gone (404).
    own_connect.delete_vocabulary(InstanceId=instance_id, VocabularyId=vocabulary)
    _, seen = _wait(own_connect, instance, vocabulary, "DELETE_IN_PROGRESS", timeout=6000)
    assert seen == ["DELETE_IN_PROGRESS", None]
    # A second destroy finds it gone: 404, which Terraform takes as done.
    _raises(
        "ResourceNotFoundException",
        404,
        lambda: own_connect.delete_vocabulary(InstanceId=instance_id, VocabularyId=vocabulary),
    )


def test_terraform_failed_creation_is_an_error_then_destroyed(
    own_connect: ConnectClient, instance: ActiveInstance, control_api: ControlClient, account: str
) -> None:
    control_api.fail_next_steps("vocabulary", reason="Bad table", account=account)
    created = own_connect.create_vocabulary(
        ClientToken="terraform-20261205042619123400000002",
        InstanceId=instance.id,
        Content=CONTENT,
        LanguageCode="en-GB",
        VocabularyName="tainted",
    )
    vocabulary = created["VocabularyId"]
    # The waiter stops at CREATION_FAILED and reports FailureReason as the error.
    assert _wait(own_connect, instance, vocabulary, "CREATION_IN_PROGRESS")[0] == "CREATION_FAILED"
    assert _describe(own_connect, instance, vocabulary)["FailureReason"] == "Bad table"
    # The tainted resource is destroyed on the next apply.
    own_connect.delete_vocabulary(InstanceId=instance.id, VocabularyId=vocabulary)
    assert _wait(own_connect, instance, vocabulary, "DELETE_IN_PROGRESS")[0] is None


def test_terraform_aws_connect_vocabulary_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _active(own_connect, instance, "tf")
    wanted = _active(own_connect, instance, "tf-longer")
    # By name: SearchVocabularies with NameStartsWith, the exact name taken from the pages.
    pages = own_connect.get_paginator("search_vocabularies").paginate(
        InstanceId=instance.id, NameStartsWith="tf-longer", PaginationConfig={"PageSize": 100}
    )
    matches = [
        s for page in pages for s in page["VocabularySummaryList"] if s["Name"] == "tf-longer"
    ]
    assert [s["Id"] for s in matches] == [wanted]
    assert _search(own_connect, instance, NameStartsWith="tf") == ["tf", "tf-longer"]
    described = _describe(own_connect, instance, matches[0]["Id"])
    assert (described["Name"], described["State"]) == ("tf-longer", "ACTIVE")

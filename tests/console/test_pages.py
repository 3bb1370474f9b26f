"""The console's pages over plain HTTP: what they show, what their forms do, and that
nothing a client wrote reaches the page unescaped."""

from __future__ import annotations

import html
import re

import pytest

from tests.console.helpers import client, create, eventually, fresh_account, status_of
from tests.console.web import PREFIX, ConsoleUser
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

XSS = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def account() -> str:
    return fresh_account()


@pytest.fixture(scope="module")
def active(console_server: EmulatorProcess, account: str) -> str:
    """An ACTIVE instance with a hostile tag."""
    connect = client(console_server.url, account)
    instance_id = create(connect, f"pages-{account}", Tags={"owner": XSS})
    eventually(lambda: status_of(connect, instance_id) == "ACTIVE")
    return instance_id


def instance_page(account: str, instance_id: str) -> str:
    return f"{PREFIX}/instances/{account}/us-east-1/{instance_id}"


def test_the_overview_lists_the_instance_with_its_tags_escaped(
    user: ConsoleUser, account: str, active: str
) -> None:
    for path in (PREFIX + "/", PREFIX + "/fragments/instances"):
        page = user.get(path)
        assert page.status == 200
        assert page.header("content-type") == "text/html; charset=utf-8"
        assert page.header("cache-control") == "no-store"
        assert f'data-instance="{active}"' in page.text
        assert f"pages-{account}" in page.text
        assert XSS not in page.text
        assert html.escape(XSS) in page.text or "&lt;script&gt;" in page.text
    assert user.get(PREFIX).status == 303  # no trailing slash: sent to the console's root


def test_the_instance_page_shows_describe_attributes_and_the_families(
    user: ConsoleUser, account: str, active: str
) -> None:
    page = user.get(instance_page(account, active))
    assert page.status == 200
    for shown in (
        f"arn:aws:connect:us-east-1:{account}:instance/{active}",
        "CONNECT_MANAGED",
        "CONTACTFLOW_LOGS",
        f"https://pages-{account}.my.connect.aws/",
        "Hours of operation",
    ):
        assert shown in page.text
    assert XSS not in page.text


def test_another_accounts_instance_is_not_found(
    user: ConsoleUser, account: str, active: str
) -> None:
    assert user.get(instance_page(fresh_account(), active)).status == 404
    assert user.get(instance_page(account, "no-such-instance")).status == 404
    assert user.get(PREFIX + "/no/such/page").status == 404


def test_a_family_lists_filters_and_shows_its_resources(
    user: ConsoleUser, account: str, active: str
) -> None:
    hours = instance_page(account, active) + "/r/hours_of_operation"
    page = user.get(hours)
    assert page.status == 200
    assert "Basic Hours" in page.text
    assert "Basic Hours" not in user.get(hours + "?name=nothing-like-it").text
    assert "Basic Hours" in user.get(hours + "?name=basic").text
    link = re.search(r'href="([^"]+/r/hours_of_operation/[0-9a-f-]+)"', page.text)
    assert link is not None
    resource = user.get(link.group(1))
    assert resource.status == 200
    assert "HoursOfOperationArn" in resource.text
    assert "America/New_York" in resource.text
    assert user.get(instance_page(account, active) + "/r/no_such_family").status == 404


def test_a_resource_name_is_escaped(
    console_server: EmulatorProcess, user: ConsoleUser, account: str, active: str
) -> None:
    connect = client(console_server.url, account)
    name = "<img src=x onerror=alert(1)>"
    connect.create_hours_of_operation(
        InstanceId=active,
        Name=name,
        TimeZone="UTC",
        Config=[
            {
                "Day": "MONDAY",
                "StartTime": {"Hours": 9, "Minutes": 0},
                "EndTime": {"Hours": 17, "Minutes": 0},
            }
        ],
    )
    page = user.get(instance_page(account, active) + "/r/hours_of_operation?name=img")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert name not in page.text


def test_the_create_form_shows_the_apis_error_beside_the_alias(user: ConsoleUser) -> None:
    form = {
        "account": "000000000000",
        "region": "us-east-1",
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": "-not valid-",
        "InboundCallsEnabled": "on",
    }
    page = user.post(PREFIX + "/create", form)
    assert page.status == 400
    beside = re.search(r'id="InstanceAlias-error"[^>]*>([^<]+)<', page.text)
    assert beside is not None
    assert "failed to satisfy constraint: Member must satisfy regular expression pattern" in (
        html.unescape(beside.group(1))
    )
    assert "1 validation error detected" in page.text  # the API's whole message, above


def test_the_create_form_creates_and_then_refuses_the_same_alias(
    console_server: EmulatorProcess, user: ConsoleUser
) -> None:
    account = fresh_account()
    form = {
        "account": account,
        "region": "eu-west-1",
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": f"form-{account}",
        "OutboundCallsEnabled": "on",
        "tags": "team=blue\nnote=a=b",
    }
    made = user.post(PREFIX + "/create", form)
    assert made.status == 303
    location = made.header("location") or ""
    instance_id = location.rsplit("/", 1)[-1]
    assert location == f"{PREFIX}/instances/{account}/eu-west-1/{instance_id}"
    connect = connect_client(console_server.url, access_key=account, region="eu-west-1")
    described = connect.describe_instance(InstanceId=instance_id)["Instance"]
    assert described["OutboundCallsEnabled"] is True
    assert described["InboundCallsEnabled"] is False
    assert described["Tags"] == {"team": "blue", "note": "a=b"}
    again = user.post(PREFIX + "/create", form)
    assert again.status == 400
    assert "Invalid Input. Instance alias is already used." in again.text
    assert 'id="InstanceAlias-error"' in again.text


def test_tags_and_attributes_change_through_the_api(
    console_server: EmulatorProcess, user: ConsoleUser, account: str, active: str
) -> None:
    connect = client(console_server.url, account)
    arn = f"arn:aws:connect:us-east-1:{account}:instance/{active}"
    base = instance_page(account, active)
    assert user.post(base + "/tags", {"add": "stage=<b>test</b>"}).status == 303
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"]["stage"] == "<b>test</b>"
    page = user.get(base)
    assert "&lt;b&gt;test&lt;/b&gt;" in page.text
    refused = user.post(base + "/tags", {"add": "aws:reserved=x"})
    assert refused.status == 400
    assert "InvalidRequestException" in refused.text
    assert user.post(base + "/tags", [("remove", "stage")]).status == 303
    assert "stage" not in connect.list_tags_for_resource(resourceArn=arn)["tags"]
    changed = user.post(base + "/attributes", {"attribute": "CONTACTFLOW_LOGS", "value": "true"})
    assert changed.status == 303
    value = connect.describe_instance_attribute(InstanceId=active, AttributeType="CONTACTFLOW_LOGS")
    assert value["Attribute"]["Value"] == "true"
    wrong = user.post(base + "/attributes", {"attribute": "NOT_AN_ATTRIBUTE", "value": "true"})
    assert wrong.status == 400
    assert "AttributeType" in html.unescape(wrong.text)


def test_delete_removes_the_instance(console_server: EmulatorProcess, user: ConsoleUser) -> None:
    account = fresh_account()
    connect = client(console_server.url, account)
    instance_id = create(connect, f"doomed-{account}")
    eventually(lambda: status_of(connect, instance_id) == "ACTIVE")
    assert user.post(instance_page(account, instance_id) + "/delete", {}).status == 303

    def gone() -> bool:
        return user.get(instance_page(account, instance_id)).status == 404

    eventually(gone)
    status = user.get(instance_page(account, instance_id) + "/status")
    assert 'data-status="GONE"' in status.text


def test_recent_requests_show_operation_account_status_and_error(
    console_server: EmulatorProcess, user: ConsoleUser
) -> None:
    account = fresh_account()
    connect = client(console_server.url, account)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_instance(InstanceId="00000000-0000-4000-8000-000000000000")
    page = user.get(PREFIX + "/requests")
    assert page.status == 200
    row = re.search(
        rf"<td>DescribeInstance</td>\s*<td>{account}</td>\s*<td>us-east-1</td>\s*<td>404</td>"
        r"\s*<td>ResourceNotFoundException</td>\s*<td>[0-9.]+ ms</td>\s*<td>api</td>",
        page.text,
    )
    assert row is not None, page.text[:3000]
    assert "<td>DescribeInstance</td>" in user.get(PREFIX + "/fragments/requests").text


def test_static_files_are_served_pinned(user: ConsoleUser) -> None:
    script = user.get(PREFIX + "/static/htmx.min.js")
    assert script.status == 200
    assert script.header("content-type") == "text/javascript; charset=utf-8"
    assert "htmx" in script.text
    assert user.get(PREFIX + "/static/console.css").status == 200
    assert user.get(PREFIX + "/static/README.md").status == 404
    assert user.get(PREFIX + "/static/../routes.py").status == 404


def test_a_long_family_list_pages(
    console_server: EmulatorProcess, user: ConsoleUser, account: str, active: str
) -> None:
    connect = client(console_server.url, account)
    for number in range(30):
        connect.create_hours_of_operation(
            InstanceId=active,
            Name=f"paged-{number:02d}",
            TimeZone="UTC",
            Config=[
                {
                    "Day": "SUNDAY",
                    "StartTime": {"Hours": 0, "Minutes": 0},
                    "EndTime": {"Hours": 1, "Minutes": 0},
                }
            ],
        )
    hours = instance_page(account, active) + "/r/hours_of_operation"
    first = user.get(hours)
    following = re.search(r'href="([^"]+\?token=[^"]+)">Next page', first.text)
    assert following is not None
    second = user.get(html.unescape(following.group(1)))
    assert second.status == 200
    names = set(re.findall(r">(paged-\d\d)<", first.text + second.text))
    assert len(names) == 30
    assert user.get(hours + "?token=forged").status == 400

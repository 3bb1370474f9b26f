"""ARNs of resources: inside an instance, ``arn:aws:connect:{region}:{account}:instance/{iid}/
{segment}/{id}`` (an AGENT queue's is ``.../queue/agent/{id}``; a flow's may end in a
qualifier such as ``:$SAVED``); of an account-level family (``Family.account_level``: phone
numbers), ``arn:aws:connect:{region}:{account}:{segment}/{id}``, under the account."""

from __future__ import annotations

import re
from typing import NamedTuple

_PARTITION = r"arn:aws[a-z-]*:connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
_CHILD_ARN = re.compile(
    _PARTITION + r"instance/(?P<instance>[A-Za-z0-9-]+)/(?P<segment>[a-z-]+)/(?:agent/)?"
    r"(?P<id>[A-Za-z0-9_.-]+)(?::[$A-Za-z0-9]+)?"
)
_ACCOUNT_ARN = re.compile(_PARTITION + r"(?P<segment>[a-z-]+)/(?P<id>[A-Za-z0-9-]+)")


class ChildArn(NamedTuple):
    region: str
    account: str
    # None: the ARN is under the account (an account-level family's).
    instance_id: str | None
    segment: str
    resource_id: str
    # The ARN is exactly ``.../{segment}/{id}``: no ``agent/``, no qualifier.
    plain: bool = True


def parse_child_arn(arn: str) -> ChildArn | None:
    """The parts of a resource ARN, inside an instance or under the account; None for others
    (an instance's own ARN parses as segment ``instance``, which no family has)."""
    match = _CHILD_ARN.fullmatch(arn)
    if match is not None:
        plain = arn.endswith(f":instance/{match['instance']}/{match['segment']}/{match['id']}")
        return ChildArn(
            match["region"],
            match["account"],
            match["instance"],
            match["segment"],
            match["id"],
            plain,
        )
    match = _ACCOUNT_ARN.fullmatch(arn)
    if match is None:
        return None
    return ChildArn(match["region"], match["account"], None, match["segment"], match["id"])


def account_arn(region: str, account: str, segment: str, resource_id: str) -> str:
    """The ARN of an account-level family's resource."""
    return f"arn:aws:connect:{region}:{account}:{segment}/{resource_id}"

"""ARNs of resources inside an instance: ``arn:aws:connect:{region}:{account}:instance/{iid}/
{segment}/{id}`` (an AGENT queue's is ``.../queue/agent/{id}``; a flow's may end in a
qualifier such as ``:$SAVED``)."""

from __future__ import annotations

import re
from typing import NamedTuple

_CHILD_ARN = re.compile(
    r"arn:aws[a-z-]*:connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"instance/(?P<instance>[A-Za-z0-9-]+)/(?P<segment>[a-z-]+)/(?:agent/)?"
    r"(?P<id>[A-Za-z0-9_.-]+)(?::[$A-Za-z0-9]+)?"
)


class ChildArn(NamedTuple):
    region: str
    account: str
    instance_id: str
    segment: str
    resource_id: str


def parse_child_arn(arn: str) -> ChildArn | None:
    match = _CHILD_ARN.fullmatch(arn)
    if match is None:
        return None
    return ChildArn(
        match["region"], match["account"], match["instance"], match["segment"], match["id"]
    )

"""Every declared family, in the order an instance's defaults are made (a default may refer
to the defaults of the families before it: BasicQueue to Basic Hours, Basic Routing Profile to
BasicQueue)."""

from __future__ import annotations

from connect_emulator.resources.families.hours import HOURS
from connect_emulator.resources.family import Family

FAMILIES: tuple[Family, ...] = (
    HOURS,
    # contact_flow, contact_flow_module (flows.py, modules.py)
    # queue, quick_connect, routing_profile (queues.py, quick_connects.py, routing_profiles.py)
    # security_profile, user_hierarchy_group, user (security_profiles.py, hierarchy.py, users.py)
    # prompt, agent_status (prompts.py, agent_statuses.py)
)

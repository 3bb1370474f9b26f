"""Every declared family, in the order an instance's defaults are made (a default may refer
to the defaults of the families before it: BasicQueue to Basic Hours, Basic Routing Profile to
BasicQueue)."""

from __future__ import annotations

from connect_emulator.resources.families.agent_statuses import AGENT_STATUSES
from connect_emulator.resources.families.analytics import ANALYTICS
from connect_emulator.resources.families.approved_origins import APPROVED_ORIGINS
from connect_emulator.resources.families.flows import FLOWS
from connect_emulator.resources.families.hierarchy import HIERARCHY_GROUP, HIERARCHY_LEVEL
from connect_emulator.resources.families.hours import HOURS
from connect_emulator.resources.families.lambda_functions import LAMBDA_FUNCTIONS
from connect_emulator.resources.families.lex_bots import LEX_BOTS, LEX_V2_BOTS
from connect_emulator.resources.families.modules import MODULES
from connect_emulator.resources.families.phone_numbers import PHONE_NUMBERS
from connect_emulator.resources.families.prompts import PROMPTS
from connect_emulator.resources.families.queues import QUEUE
from connect_emulator.resources.families.quick_connects import QUICK_CONNECT
from connect_emulator.resources.families.routing_profiles import ROUTING_PROFILE
from connect_emulator.resources.families.security_keys import SECURITY_KEYS
from connect_emulator.resources.families.security_profiles import SECURITY_PROFILE
from connect_emulator.resources.families.storage_configs import STORAGE_CONFIGS
from connect_emulator.resources.families.users import USER
from connect_emulator.resources.families.vocabularies import VOCABULARY
from connect_emulator.resources.family import Family

FAMILIES: tuple[Family, ...] = (
    HOURS,
    FLOWS,
    MODULES,
    QUEUE,
    QUICK_CONNECT,
    ROUTING_PROFILE,
    SECURITY_PROFILE,
    HIERARCHY_LEVEL,
    HIERARCHY_GROUP,
    USER,
    PROMPTS,
    AGENT_STATUSES,
    STORAGE_CONFIGS,
    LAMBDA_FUNCTIONS,
    APPROVED_ORIGINS,
    LEX_BOTS,
    LEX_V2_BOTS,
    SECURITY_KEYS,
    ANALYTICS,
    VOCABULARY,
    PHONE_NUMBERS,
)

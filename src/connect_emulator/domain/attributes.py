"""Instance attributes: DescribeInstanceAttribute, UpdateInstanceAttribute and
ListInstanceAttributes.

Every attribute is a boolean on the wire ("true"/"false"). Those never changed have AWS's
defaults (the values Terraform's provider records from ListInstanceAttributes; "false" where
AWS documents none). INBOUND_CALLS and OUTBOUND_CALLS are the instance's call flags, so
DescribeInstance and the attributes always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.errors import InvalidParameter, NotFound
from connect_emulator.domain.instances import visible
from connect_emulator.domain.model import Caller, Instance
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.ports import Store, Transaction
from connect_emulator.domain.references import parse_instance_reference

# The model's InstanceAttributeType, in the order ListInstanceAttributes pages through them.
DEFAULTS: dict[str, str] = {
    "INBOUND_CALLS": "true",
    "OUTBOUND_CALLS": "true",
    "CONTACTFLOW_LOGS": "false",
    "CONTACT_LENS": "true",
    "AUTO_RESOLVE_BEST_VOICES": "true",
    "USE_CUSTOM_TTS_VOICES": "false",
    "EARLY_MEDIA": "true",
    "MULTI_PARTY_CONFERENCE": "false",
    "HIGH_VOLUME_OUTBOUND": "false",
    "ENHANCED_CONTACT_MONITORING": "false",
    "ENHANCED_CHAT_MONITORING": "false",
    "MULTI_PARTY_CHAT_CONFERENCE": "false",
    "AUTO_MUTE_AGENT_ON_HOLD": "false",
    "MESSAGE_STREAMING": "false",
}

_BOOLEANS = {"true": "true", "false": "false"}


@dataclass(frozen=True, slots=True)
class AttributePage:
    attributes: list[tuple[str, str]]
    next_token: str | None


def attribute_values(instance: Instance) -> dict[str, str]:
    values = {**DEFAULTS, **instance.attributes}
    values["INBOUND_CALLS"] = "true" if instance.inbound_calls else "false"
    values["OUTBOUND_CALLS"] = "true" if instance.outbound_calls else "false"
    return values


class AttributeService:
    def __init__(self, store: Store, clock: Clock, page_tokens: PageTokens) -> None:
        self._store = store
        self._clock = clock
        self._pages = page_tokens

    def describe(self, caller: Caller, reference: str, attribute: str) -> str:
        with self._store.transaction(write=False) as tx:
            instance = self._instance(tx, caller, reference)
        return attribute_values(instance)[attribute]

    def list(
        self, caller: Caller, reference: str, max_results: int, next_token: str | None
    ) -> AttributePage:
        with self._store.transaction(write=False) as tx:
            instance = self._instance(tx, caller, reference)
        scope = f"ListInstanceAttributes/{caller.account}/{caller.region}/{instance.id}"
        start = 0 if next_token is None else self._pages.decode(scope, next_token)
        items = list(attribute_values(instance).items())
        end = start + max_results
        token = self._pages.encode(scope, end) if end < len(items) else None
        return AttributePage(items[start:end], token)

    def update(self, caller: Caller, reference: str, attribute: str, value: str) -> None:
        normalized = _BOOLEANS.get(value.strip().lower())
        if normalized is None:
            raise InvalidParameter(
                f"The value of {attribute} must be true or false, not {value!r}."
            )
        with self._store.transaction() as tx:
            instance = self._instance(tx, caller, reference)
            changed = {**instance.attributes}
            inbound, outbound = instance.inbound_calls, instance.outbound_calls
            if attribute == "INBOUND_CALLS":
                inbound = normalized == "true"
            elif attribute == "OUTBOUND_CALLS":
                outbound = normalized == "true"
            else:
                changed[attribute] = normalized
            tx.set_attributes(instance.id, changed, inbound=inbound, outbound=outbound)

    def _instance(self, tx: Transaction, caller: Caller, reference: str) -> Instance:
        instance_id = parse_instance_reference(caller, reference)
        instance = tx.get_instance(caller.account, caller.region, instance_id)
        if instance is None or not visible(instance, self._clock.now()):
            raise NotFound(f"Instance {reference} not found.")
        return instance

"""Security keys: public keys in PEM form, each under a 64-hex-character AssociationId.

AWS publishes no quota for them; ListSecurityKeys pages at most 2, the number of keys a
rotation needs at once (the current one and the next), so the quota is 2 per instance
(docs/decisions.md). The unique name is the key's SHA-256, not the key itself (up to 1024
characters, more than a database index should hold).
"""

from __future__ import annotations

import hashlib
import re

from connect_emulator.domain.errors import InvalidParameter, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import HEX, associate, integration_family, page
from connect_emulator.resources.family import Params, Result
from connect_emulator.resources.scope import Scope

KEY = "security_key"
_PEM = re.compile(r"-----BEGIN [A-Z ]+-----\s.*-----END [A-Z ]+-----\s*", re.DOTALL)


def _associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    key = params["Key"]
    if not _PEM.fullmatch(key.strip()):
        raise InvalidParameter(
            "Key must be a key in PEM format, from -----BEGIN PUBLIC KEY----- to "
            "-----END PUBLIC KEY-----."
        )
    association_id = engine.ids.token(64, HEX)
    body = {
        "Key": key,
        "KeyDigest": hashlib.sha256(key.encode()).hexdigest(),
        "CreationTime": round(engine.clock.now(), 3),
    }
    record = associate(
        engine,
        caller,
        params,
        SECURITY_KEYS,
        operation="AssociateSecurityKey",
        body=body,
        taken="This key is already associated with the instance.",
        resource_id=association_id,
    )
    return {"AssociationId": record.id}


def _list(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(
        engine, caller, params, SECURITY_KEYS, operation="ListSecurityKeys", size=2
    )
    keys = [
        {"AssociationId": r.id, "Key": r.body["Key"], "CreationTime": r.body["CreationTime"]}
        for r in records
    ]
    return {"SecurityKeys": keys, "NextToken": token}


def _disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    association_id = params["AssociationId"]

    def work(scope: Scope) -> None:
        record = scope.find(SECURITY_KEYS, association_id)
        if record is None:
            raise NotFound(f"Security key {association_id} is not associated with the instance.")
        scope.delete(SECURITY_KEYS, record)

    return engine.write(caller, params["InstanceId"], work)


SECURITY_KEYS = integration_family(
    KEY,
    "Security key",
    "KeyDigest",
    {
        "AssociateSecurityKey": _associate,
        "ListSecurityKeys": _list,
        "DisassociateSecurityKey": _disassociate,
    },
)

"""Who is calling: checks a request's SigV4 signature and names the caller's account and region.

With a credential store, a request must be signed correctly by a key the store knows, in the
order AWS checks it: shape and scope (``parse_signature``), the clock, the access key, then the
signature itself.

Without one (open mode), only the shape and scope are checked, so that any client configured
with any keys works out of the box. The clock is deliberately not checked there: a client with a
wrong clock, or a test that moves time, should not be refused by an emulator that is not
checking who it is anyway. The account comes from the access key id (``account_for_access_key``).

The region is the credential scope's. Every region is served by the one endpoint, so a region is
valid when it is shaped like one (``us-east-1``, ``us-gov-west-1``); anything else is refused,
in both modes, with the ``InvalidSignatureException`` "Credential should be scoped to a valid
region, not '...'." that AWS answers when the scope names a region the endpoint does not serve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from connect_emulator.auth.credentials import CredentialStore, account_for_access_key
from connect_emulator.auth.errors import unrecognized_client
from connect_emulator.auth.sigv4 import (
    DEFAULT_MAX_SKEW,
    check_time,
    parse_signature,
    verify_signature,
)
from connect_emulator.protocol.http import HttpRequest


# Made for every request: not frozen, since a frozen dataclass's __init__ costs 3-4x
# (object.__setattr__ per field). Treated as immutable all the same.
@dataclass(slots=True)
class Principal:
    """The authenticated caller."""

    access_key_id: str
    account_id: str
    region: str


class Authenticator:
    def __init__(
        self,
        credentials: CredentialStore | None,
        clock: Callable[[], datetime],
        max_skew: timedelta = DEFAULT_MAX_SKEW,
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self._max_skew = max_skew

    @property
    def open(self) -> bool:
        return self._credentials is None

    def authenticate(self, request: HttpRequest) -> Principal:
        """Return the caller, or raise the ApiError (403) AWS would answer with."""
        signed = parse_signature(request)
        if self._credentials is None:
            # An empty key id parses ("Credential=/2026..."), but names nobody even here.
            if not signed.access_key_id:
                raise unrecognized_client()
            account_id = account_for_access_key(signed.access_key_id)
            return Principal(signed.access_key_id, account_id, signed.region)
        now = self._clock()
        check_time(signed, now, self._max_skew)
        credential = self._credentials.lookup(signed.access_key_id)
        if credential is None:
            raise unrecognized_client()
        # The clock was checked above, before the key, as AWS orders it; not again.
        verify_signature(request, signed, credential.secret_access_key)
        return Principal(signed.access_key_id, credential.account_id, signed.region)

"""What the gateway knows about a request once it is authenticated and routed."""

from __future__ import annotations

from dataclasses import dataclass

from connect_emulator.domain.model import Caller


# Made for every request: not frozen, since a frozen dataclass's __init__ costs 3-4x
# (object.__setattr__ per field). Treated as immutable all the same.
@dataclass(slots=True)
class RequestContext:
    # The caller only: the request id and the operation are the pipeline's (its log and
    # record), and no provider needs them.
    account: str
    region: str

    @property
    def caller(self) -> Caller:
        return Caller(account=self.account, region=self.region)

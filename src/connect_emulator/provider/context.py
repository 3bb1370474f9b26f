"""What the gateway knows about a request once it is authenticated and routed."""

from __future__ import annotations

from dataclasses import dataclass

from connect_emulator.domain.model import Caller


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str
    operation: str
    account: str
    region: str

    @property
    def caller(self) -> Caller:
        return Caller(account=self.account, region=self.region)

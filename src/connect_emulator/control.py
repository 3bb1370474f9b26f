"""A small Python client for the emulator's control API (``/_emulator/...``).

    from connect_emulator.control import ControlClient

    control = ControlClient("http://127.0.0.1:4577")
    control.reset()
    control.advance_clock(days=1)
    control.fail_next_creations(2, reason="Directory unreachable")

Standard library only, so a test suite can use it without extra dependencies.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class ControlError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class ControlClient:
    def __init__(self, endpoint: str, *, token: str | None = None, timeout: float = 10) -> None:
        self._base = endpoint.rstrip("/") + "/_emulator"
        self._token = token
        self._timeout = timeout

    # State

    def reset(self, account: str | None = None) -> None:
        """Forgets everything (or one account's instances, tokens and controls)."""
        self._call("POST", "/reset", {"account": account} if account else {})

    def health(self) -> dict[str, Any]:
        return dict(self._call("GET", "/health"))

    # Time

    def clock(self) -> dict[str, float]:
        """``{"now": epoch seconds as the emulator sees them, "offset": seconds ahead}``."""
        return {k: float(v) for k, v in self._call("GET", "/clock").items()}

    def advance_clock(self, seconds: float = 0, *, hours: float = 0, days: float = 0) -> float:
        """Moves the emulator's clock forward; returns its new time."""
        total = seconds + hours * 3600 + days * 86400
        return float(self._call("POST", "/clock", {"advance": total})["now"])

    def set_clock(self, epoch_seconds: float) -> float:
        return float(self._call("POST", "/clock", {"to": epoch_seconds})["now"])

    def set_clock_offset(self, offset: float) -> float:
        """Puts the clock ``offset`` seconds ahead of the real one (``clock()["offset"]``
        read earlier puts it back); returns its new time."""
        return float(self._call("POST", "/clock", {"offset": offset})["now"])

    # Lifecycle

    def lifecycle(self, account: str | None = None) -> dict[str, Any]:
        suffix = f"?account={account}" if account else ""
        return dict(self._call("GET", "/lifecycle" + suffix))

    def set_lifecycle(
        self,
        account: str,
        progression: str | None = None,
        *,
        provisioning_delay: float | None = None,
        deletion_delay: float | None = None,
    ) -> dict[str, Any]:
        """``progression`` is "immediate", "delay" or "manual"."""
        body: dict[str, Any] = {}
        if progression is not None:
            body["progression"] = progression
        if provisioning_delay is not None:
            body["provisioning_delay"] = provisioning_delay
        if deletion_delay is not None:
            body["deletion_delay"] = deletion_delay
        return dict(self._call("PUT", f"/lifecycle/{account}", body))

    def provision(self, instance_id: str, *, fail_reason: str | None = None) -> None:
        """Ends a manual provisioning: ACTIVE, or CREATION_FAILED with ``fail_reason``."""
        body: dict[str, Any] = {"outcome": "ACTIVE"}
        if fail_reason is not None:
            body = {"outcome": "CREATION_FAILED", "reason": fail_reason}
        self._call("POST", f"/instances/{instance_id}/provision", body)

    def release_step(
        self, family: str, resource_id: str, *, fail_reason: str | None = None
    ) -> None:
        """Ends a resource's manual step (a phone number's claim, a vocabulary's creation):
        done, or failed with ``fail_reason``."""
        body: dict[str, Any] = {"outcome": "done"}
        if fail_reason is not None:
            body = {"outcome": "failed", "reason": fail_reason}
        self._call("POST", f"/resources/{family}/{resource_id}/step", body)

    # Quotas and rates

    def limits(self, account: str | None = None) -> dict[str, Any]:
        suffix = f"?account={account}" if account else ""
        return dict(self._call("GET", "/limits" + suffix))

    def set_limits(self, account: str, **limits: Any) -> dict[str, Any]:
        """An account's own limits, e.g. ``instance_quota=10`` or
        ``api_rate={"per_second": 5, "burst": 10}``; None removes that limit."""
        return dict(self._call("PUT", f"/limits/{account}", limits))

    # Failures, directories, faults

    def fail_next_creations(
        self,
        count: int = 1,
        *,
        reason: str = "Instance creation failed.",
        account: str | None = None,
        alias_pattern: str | None = None,
    ) -> int:
        """The next ``count`` matching creations end CREATION_FAILED with ``reason``."""
        body: dict[str, Any] = {"count": count, "reason": reason}
        if account is not None:
            body["account"] = account
        if alias_pattern is not None:
            body["alias_pattern"] = alias_pattern
        return int(self._call("POST", "/failures", body)["id"])

    def fail_next_steps(
        self,
        family: str,
        count: int = 1,
        *,
        reason: str = "The request failed.",
        account: str | None = None,
        name_pattern: str | None = None,
    ) -> int:
        """The next ``count`` asynchronous steps of ``family`` resources (phone number claims,
        vocabulary creations) whose name matches end FAILED with ``reason``."""
        body: dict[str, Any] = {"count": count, "reason": reason, "family": family}
        if account is not None:
            body["account"] = account
        if name_pattern is not None:
            body["name_pattern"] = name_pattern
        return int(self._call("POST", "/failures", body)["id"])

    def failure_rules(self) -> list[dict[str, Any]]:
        """The planned failures still to come."""
        return list(self._call("GET", "/failures")["rules"])

    def directories(self, account: str | None = None) -> list[dict[str, Any]]:
        suffix = f"?account={account}" if account else ""
        return list(self._call("GET", "/directories" + suffix)["directories"])

    def declare_directory(
        self, account: str, directory_id: str, *, usable: bool = True, reason: str | None = None
    ) -> dict[str, Any]:
        """The directory as declared: ``{"account", "directory_id", "usable", "reason"}``."""
        body: dict[str, Any] = {"usable": usable}
        if reason is not None:
            body["reason"] = reason
        return dict(self._call("PUT", f"/directories/{account}/{directory_id}", body))

    def faults(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/faults")["rules"])

    def set_faults(self, rules: list[dict[str, Any]]) -> None:
        """Each rule: {"operations": [...], "rate": 0..1, "error": "ThrottlingException" or
        "InternalServiceException", "account": optional}. An empty list clears them."""
        self._call("PUT", "/faults", {"rules": rules})

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self._base + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        if self._token is not None:
            request.add_header("x-emulator-token", self._token)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as reply:
                return json.loads(reply.read() or b"{}")
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                message = json.loads(payload).get("Message", "")
            except ValueError:
                message = payload.decode(errors="replace")
            code = error.headers.get("x-amzn-ErrorType", "Error")
            raise ControlError(error.code, code, message) from None

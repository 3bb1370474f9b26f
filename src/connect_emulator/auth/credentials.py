"""Where secret keys come from: a store keyed by access key id, and its JSON file format.

    {"AKIDEXAMPLE": {"secret_access_key": "wJalr...", "account_id": "111111111111"}}

Without a store the emulator runs open: any well-formed signature is accepted and the account is
derived from the access key id alone (``account_for_access_key``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

DEFAULT_ACCOUNT_ID = "000000000000"
_ACCOUNT_ID = re.compile(r"[0-9]{12}")
# Characters that would break the Authorization header or the credential scope around the id.
_ACCESS_KEY_ID = re.compile(r"[!-~]+")
_FORBIDDEN_IN_ACCESS_KEY_ID = frozenset("/,=")
_FIELDS = ("secret_access_key", "account_id")


@dataclass(frozen=True, slots=True)
class Credential:
    access_key_id: str
    secret_access_key: str
    account_id: str

    def __post_init__(self) -> None:
        if not _ACCOUNT_ID.fullmatch(self.account_id):
            raise ValueError(f"account_id must be 12 digits, got {self.account_id!r}")


class CredentialStore(Protocol):
    def lookup(self, access_key_id: str) -> Credential | None: ...


class StaticCredentials:
    """A fixed set of credentials held in memory."""

    def __init__(self, credentials: Mapping[str, Credential]) -> None:
        for access_key_id, credential in credentials.items():
            if credential.access_key_id != access_key_id:
                raise ValueError(
                    f"credential filed under {access_key_id!r} is for {credential.access_key_id!r}"
                )
        self._credentials = dict(credentials)

    def lookup(self, access_key_id: str) -> Credential | None:
        return self._credentials.get(access_key_id)

    def __len__(self) -> int:
        return len(self._credentials)


def account_for_access_key(access_key_id: str) -> str:
    """The account an open-mode caller acts in: a 12-digit key names it, anything else is 0s."""
    return access_key_id if _ACCOUNT_ID.fullmatch(access_key_id) else DEFAULT_ACCOUNT_ID


def load_credentials_file(path: str | Path) -> StaticCredentials:
    """Read a credentials file, raising ValueError naming the file and the fault."""
    where = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ValueError(f"{where}: cannot read credentials file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{where}: not UTF-8 (byte {exc.start})") from exc
    try:
        document = json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{where}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except _DuplicateKeyError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not isinstance(document, dict):
        raise ValueError(
            f"{where}: must hold a JSON object mapping access key ids to credentials, "
            f"got {_json_type(document)}"
        )
    if not document:
        raise ValueError(f"{where}: holds no credentials")
    credentials = {
        access_key_id: _credential(where, access_key_id, entry)
        for access_key_id, entry in document.items()
    }
    return StaticCredentials(credentials)


def _credential(where: str, access_key_id: str, entry: Any) -> Credential:
    if not _ACCESS_KEY_ID.fullmatch(access_key_id) or (
        _FORBIDDEN_IN_ACCESS_KEY_ID & set(access_key_id)
    ):
        raise ValueError(
            f"{where}: access key id {access_key_id!r} must be printable ASCII "
            "without spaces, '/', ',' or '='"
        )
    subject = f"{where}: credentials for {access_key_id!r}"
    if not isinstance(entry, dict):
        raise ValueError(
            f"{subject} must be a JSON object with 'secret_access_key' and 'account_id', "
            f"got {_json_type(entry)}"
        )
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise ValueError(f"{subject} have unknown field(s) {', '.join(map(repr, unknown))}")
    for field in _FIELDS:
        if field not in entry:
            raise ValueError(f"{subject} lack {field!r}")
        if not isinstance(entry[field], str):
            raise ValueError(
                f"{subject}: {field!r} must be a string, got {_json_type(entry[field])}"
            )
    if not entry["secret_access_key"]:
        raise ValueError(f"{subject}: 'secret_access_key' must not be empty")
    if not _ACCOUNT_ID.fullmatch(entry["account_id"]):
        raise ValueError(
            f"{subject}: 'account_id' must be exactly 12 digits, got {entry['account_id']!r}"
        )
    return Credential(access_key_id, entry["secret_access_key"], entry["account_id"])


class _DuplicateKeyError(ValueError):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of repeated keys silently; a second entry for a key is a mistake.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(f"key {key!r} appears more than once")
        result[key] = value
    return result


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    return "array" if isinstance(value, list) else "string"

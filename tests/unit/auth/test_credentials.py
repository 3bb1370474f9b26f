"""The credential store, its file format, and the open-mode account rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connect_emulator.auth.credentials import (
    Credential,
    StaticCredentials,
    account_for_access_key,
    load_credentials_file,
)

GOOD = {
    "AKIDEXAMPLE": {"secret_access_key": "s3cret/+=", "account_id": "111111111111"},
    "AKIDOTHER": {"secret_access_key": "other", "account_id": "222222222222"},
}


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "credentials.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    store = load_credentials_file(_write(tmp_path, json.dumps(GOOD)))
    assert store.lookup("AKIDEXAMPLE") == Credential("AKIDEXAMPLE", "s3cret/+=", "111111111111")
    assert store.lookup("AKIDOTHER") == Credential("AKIDOTHER", "other", "222222222222")
    assert store.lookup("akidexample") is None
    assert store.lookup("") is None
    assert len(store) == 2


def test_a_path_given_as_text_loads(tmp_path: Path) -> None:
    store = load_credentials_file(str(_write(tmp_path, json.dumps(GOOD))))
    assert store.lookup("AKIDOTHER") is not None


def _entry(**fields: object) -> str:
    return json.dumps({"AKIDEXAMPLE": fields})


BAD = [
    ("{", "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    ("[]", "must hold a JSON object mapping access key ids to credentials, got array"),
    ('"AKID"', "must hold a JSON object mapping access key ids to credentials, got string"),
    ("{}", "holds no credentials"),
    (
        '{"AKIDEXAMPLE": {"secret_access_key": "a", "account_id": "111111111111"}, '
        '"AKIDEXAMPLE": {"secret_access_key": "b", "account_id": "111111111111"}}',
        "key 'AKIDEXAMPLE' appears more than once",
    ),
    (
        json.dumps({"AKIDEXAMPLE": "secret"}),
        "credentials for 'AKIDEXAMPLE' must be a JSON object with 'secret_access_key' and "
        "'account_id', got string",
    ),
    (
        _entry(account_id="111111111111"),
        "credentials for 'AKIDEXAMPLE' lack 'secret_access_key'",
    ),
    (_entry(secret_access_key="s"), "credentials for 'AKIDEXAMPLE' lack 'account_id'"),
    (
        _entry(secret_access_key="s", account_id="111111111111", acount_id="x"),
        "credentials for 'AKIDEXAMPLE' have unknown field(s) 'acount_id'",
    ),
    (
        _entry(secret_access_key=42, account_id="111111111111"),
        "credentials for 'AKIDEXAMPLE': 'secret_access_key' must be a string, got number",
    ),
    (
        _entry(secret_access_key="s", account_id=111111111111),
        "credentials for 'AKIDEXAMPLE': 'account_id' must be a string, got number",
    ),
    (
        _entry(secret_access_key=None, account_id="111111111111"),
        "credentials for 'AKIDEXAMPLE': 'secret_access_key' must be a string, got null",
    ),
    (
        _entry(secret_access_key="s", account_id=True),
        "credentials for 'AKIDEXAMPLE': 'account_id' must be a string, got boolean",
    ),
    (
        _entry(secret_access_key="", account_id="111111111111"),
        "credentials for 'AKIDEXAMPLE': 'secret_access_key' must not be empty",
    ),
    *(
        (
            _entry(secret_access_key="s", account_id=account),
            f"credentials for 'AKIDEXAMPLE': 'account_id' must be exactly 12 digits, "
            f"got {account!r}",
        )
        for account in ("11111111111", "1111111111111", "11111111111a", "\u0661" * 12, "")
    ),
    *(
        (
            json.dumps({key: {"secret_access_key": "s", "account_id": "111111111111"}}),
            f"access key id {key!r} must be printable ASCII without spaces, '/', ',' or '='",
        )
        for key in ("", "AKID/X", "AKID X", "AKID,X", "AKID=X", "AKIDÉ")
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_files_are_refused_precisely(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ValueError, match=r".*") as info:
        load_credentials_file(path)
    assert str(info.value) == f"{path}: {message}"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, b'{"AKID\xff": 1}')
    with pytest.raises(ValueError, match=r".*") as info:
        load_credentials_file(path)
    assert str(info.value) == f"{path}: not UTF-8 (byte 6)"


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_a_file_that_cannot_be_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(ValueError, match=r".*") as info:
        load_credentials_file(path)
    assert str(info.value).startswith(f"{path}: cannot read credentials file: ")


def test_static_credentials_must_be_filed_under_their_own_key() -> None:
    credential = Credential("AKIDEXAMPLE", "s", "111111111111")
    assert StaticCredentials({"AKIDEXAMPLE": credential}).lookup("AKIDEXAMPLE") is credential
    with pytest.raises(ValueError, match="filed under 'AKIDOTHER' is for 'AKIDEXAMPLE'"):
        StaticCredentials({"AKIDOTHER": credential})


def test_a_credential_needs_a_twelve_digit_account() -> None:
    with pytest.raises(ValueError, match="account_id must be 12 digits"):
        Credential("AKIDEXAMPLE", "s", "1234")


@pytest.mark.parametrize(
    ("access_key_id", "account"),
    [
        ("123456789012", "123456789012"),
        ("000000000001", "000000000001"),
        ("AKIDEXAMPLE", "000000000000"),
        ("12345678901", "000000000000"),
        ("1234567890123", "000000000000"),
        (
            "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",
            "000000000000",
        ),
        ("123456789012\n", "000000000000"),
        ("", "000000000000"),
    ],
)
def test_the_open_mode_account(access_key_id: str, account: str) -> None:
    assert account_for_access_key(access_key_id) == account

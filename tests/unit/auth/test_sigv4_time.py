"""The clock: five minutes of skew either way, a presigned URL's own lifetime, AWS's wording."""

from __future__ import annotations

from datetime import timedelta

import pytest

from connect_emulator.auth.sigv4 import parse_signature, verify
from tests.unit.auth.expect import api_error
from tests.unit.auth.oracle import ENDPOINT, NOW, SECRET, sign

URL = f"{ENDPOINT}/instance?maxResults=5"
SECOND = timedelta(seconds=1)
FIVE_MINUTES = timedelta(minutes=5)


@pytest.mark.parametrize("offset", [-FIVE_MINUTES, timedelta(0), FIVE_MINUTES])
def test_within_five_minutes_either_way(offset: timedelta) -> None:
    request = sign("GET", URL, at=NOW + offset).request
    verify(request, parse_signature(request), SECRET, NOW)


def test_signed_too_long_ago() -> None:
    request = sign("GET", URL).request
    with api_error(
        "InvalidSignatureException",
        "Signature expired: 20261121T050000Z is now earlier than 20261121T050001Z "
        "(20261121T050501Z - 5 min.)",
    ):
        verify(request, parse_signature(request), SECRET, NOW + FIVE_MINUTES + SECOND)


def test_signed_too_far_ahead() -> None:
    request = sign("GET", URL, at=NOW + FIVE_MINUTES + SECOND).request
    with api_error(
        "InvalidSignatureException",
        "Signature not yet current: 20261121T050501Z is still later than 20261121T050500Z "
        "(20261121T050000Z + 5 min.)",
    ):
        verify(request, parse_signature(request), SECRET, NOW)


def test_the_window_is_configurable_and_worded_in_seconds_when_uneven() -> None:
    request = sign("GET", URL).request
    with api_error(
        "InvalidSignatureException",
        "Signature expired: 20261121T050000Z is now earlier than 20261121T050001Z "
        "(20261121T050131Z - 90 sec.)",
    ):
        verify(
            request,
            parse_signature(request),
            SECRET,
            NOW + timedelta(seconds=91),
            max_skew=timedelta(seconds=90),
        )


def test_a_naive_now_is_taken_as_utc() -> None:
    request = sign("GET", URL).request
    verify(request, parse_signature(request), SECRET, NOW.replace(tzinfo=None))


@pytest.mark.parametrize("expires", [60, 300, 3600, 604800])
def test_a_presigned_url_lives_exactly_its_lifetime(expires: int) -> None:
    request = sign("GET", URL, expires=expires).request
    parsed = parse_signature(request)
    verify(request, parsed, SECRET, NOW + timedelta(seconds=expires))
    with api_error("InvalidSignatureException") as info:
        verify(request, parsed, SECRET, NOW + timedelta(seconds=expires) + SECOND)
    assert info.value.message.startswith("Signature expired: 20261121T050000Z is now earlier than")


def test_an_expired_presigned_url_names_its_own_lifetime() -> None:
    request = sign("GET", URL, expires=90).request
    with api_error(
        "InvalidSignatureException",
        "Signature expired: 20261121T050000Z is now earlier than 20261121T050001Z "
        "(20261121T050131Z - 90 sec.)",
    ):
        verify(request, parse_signature(request), SECRET, NOW + timedelta(seconds=91))


def test_a_presigned_url_from_the_future_is_not_yet_current() -> None:
    request = sign("GET", URL, expires=3600, at=NOW + timedelta(minutes=6)).request
    with api_error("InvalidSignatureException") as info:
        verify(request, parse_signature(request), SECRET, NOW)
    assert info.value.message.startswith("Signature not yet current: 20261121T050600Z")

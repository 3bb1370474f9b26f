"""The shortcuts for common requests give exactly what the general code gives, or step aside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta, timezone
from urllib.parse import quote

import pytest
from hypothesis import example, given, settings, strategies as st

from connect_emulator.auth.canonical import canonical_path, canonical_query
from connect_emulator.auth.signed_request import (
    SignedRequest,
    _parse_common_header,
    _parse_header,
)
from connect_emulator.auth.sigv4 import check_time, parse_signature, verify_signature
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest
from tests.unit.auth.expect import MISMATCH, api_error
from tests.unit.auth.oracle import ENDPOINT, NOW, SECRET, sign

# --- the Authorization header ------------------------------------------------------------------


@pytest.mark.parametrize("region", ["eu-west-2", "us-east-1", "us-gov-west-1", "ap-southeast-2"])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_botocores_header_takes_the_short_way_to_the_same_claims(region: str, method: str) -> None:
    request = sign(method, f"{ENDPOINT}/instance", region=region, token="tok").request
    authorization = request.headers["authorization"]
    short = _parse_common_header(request, authorization)
    assert short is not None
    assert short == _parse_header(request, authorization)
    assert parse_signature(request) == short


def _outcome(parse: Callable[[], SignedRequest]) -> SignedRequest | tuple[str, str]:
    try:
        return parse()
    except ApiError as error:
        return (error.code, error.message)


# Each piece of a header: first what SDKs send, then near misses. A header is drawn with most
# pieces as SDKs send them and a few missed, so both the short way and the long are exercised.
PIECES: dict[str, tuple[list[str], list[str]]] = {
    "algorithm": (["AWS4-HMAC-SHA256"], ["AWS4-HMAC-SHA512", "aws4-hmac-sha256", ""]),
    "after_algorithm": ([" "], [",", ", ", "  ", "\t", ""]),
    "between": ([", "], [",", " ", "  ", "\t", " ,", ", \u00a0", ""]),
    "key_id": (["AKIDEXAMPLE", "AK_ID-1"], ["", "AK=ID", "AK ID", "AK\u00e9", "AK,ID", "AK/ID"]),
    "date": (["20261121"], ["20261122", "2026112", "2026112x", "\uff12\uff10\uff12\uff16" * 2]),
    "region": (["us-east-1", "us-gov-west-1"], ["US-EAST-1", "useast1", "u-east-1", ""]),
    "service": (["connect"], ["s3", "Connect"]),
    "terminator": (["aws4_request"], ["aws4", "aws4_request/"]),
    "signed_headers": (
        ["host;x-amz-date", "host", "content-type;host;x-amz-date"],
        ["Host;X-Amz-Date", "x-amz-date", "host;;x", "host;x_y", ""],
    ),
    "signature": (["0" * 64, "abc"], ["ABCDEF", "", "abc=def", "\u00e9", "abc def", "a,b"]),
    # Which parameters, in which order: Credential, SignedHeaders, Signature.
    "order": (["CHS"], ["SCH", "CS", "C", "", "CHSS", "CCHS"]),
    "ending": ([""], [" ", ","]),
}


@st.composite
def headers(draw: st.DrawFn) -> str:
    misses = draw(st.sampled_from([0, 0, 1, 2]))  # half as SDKs send them
    missed = draw(st.sets(st.sampled_from(sorted(PIECES)), min_size=misses, max_size=misses))
    piece = {
        name: draw(st.sampled_from(near_misses if name in missed else usual))
        for name, (usual, near_misses) in PIECES.items()
    }
    credential = "/".join(
        piece[name] for name in ("key_id", "date", "region", "service", "terminator")
    )
    parameters = {
        "C": f"Credential={credential}",
        "H": f"SignedHeaders={piece['signed_headers']}",
        "S": f"Signature={piece['signature']}",
    }
    listed = piece["between"].join(parameters[name] for name in piece["order"])
    return piece["algorithm"] + piece["after_algorithm"] + listed + piece["ending"]


# The usual, another day, not a calendar date, wrongly shaped, absent.
AMZ_DATES = st.just("20261121T050000Z") | st.sampled_from(
    ["20261122T000000Z", "20261321T000000Z", "2026-11-21T05:00:00Z", ""]
)


@settings(max_examples=400, deadline=None)
@given(authorization=headers(), amz_date=AMZ_DATES, with_date=st.booleans())
@example(
    authorization=(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/connect/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
    ),
    amz_date="20261121T050000Z",
    with_date=False,
)
@example(authorization=" ", amz_date="20261121T050000Z", with_date=False)
def test_any_header_parses_as_the_general_parser_parses_it(
    authorization: str, amz_date: str, with_date: bool
) -> None:
    headers = {"host": "localhost", "authorization": authorization, "x-amz-date": amz_date}
    if with_date:
        headers["date"] = "Sat, 21 Nov 2026 05:00:00 GMT"
    request = HttpRequest("GET", "/instance", "", headers)
    general = _outcome(lambda: _parse_header(request, authorization))
    short = _parse_common_header(request, authorization)
    if short is not None:
        assert short == general
    outcome = _outcome(lambda: parse_signature(request))
    if authorization.strip():
        assert outcome == general
    else:
        # A blank header is no header (HTTP trims a value's whitespace): nothing was signed.
        assert isinstance(outcome, tuple)
        assert outcome[0] == "MissingAuthenticationTokenException"


# --- the canonical path ------------------------------------------------------------------------


def _general_path(raw_path: str, normalize: bool) -> str:
    # The canonical path as computed before any shortcut: dot segments, then encoding.
    segments: list[str] = []
    for segment in raw_path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    removed = (
        ("/" if raw_path.startswith("/") else "")
        + "/".join(segments)
        + ("/" if raw_path.endswith("/") and segments else "")
    )
    path = removed if normalize else raw_path
    return quote((path or "/").encode("utf-8", "surrogatepass"), safe="/~")


@settings(max_examples=400, deadline=None)
@given(
    raw_path=st.text(st.sampled_from("/./a~-_%3AZ9é "), max_size=16),
    normalize=st.booleans(),
)
@example(raw_path="/instance/a1b2-c3", normalize=True)
@example(raw_path="/", normalize=True)
@example(raw_path="", normalize=True)
@example(raw_path="/a/.b/", normalize=False)
@example(raw_path="/a//b", normalize=True)
def test_any_path_canonicalizes_as_before(raw_path: str, normalize: bool) -> None:
    assert canonical_path(raw_path, normalize=normalize) == _general_path(raw_path, normalize)


def test_an_empty_query_is_empty() -> None:
    assert canonical_query("") == ""
    assert canonical_query("", exclude_signature=True) == ""


# --- the clock and the signature apart ---------------------------------------------------------

URL = f"{ENDPOINT}/instance?maxResults=5"


@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(0)), timezone(timedelta(hours=-7))])
def test_the_clock_reads_the_same_in_any_time_zone(zone: timezone) -> None:
    request = sign("GET", URL).request
    signed = parse_signature(request)
    check_time(signed, (NOW + timedelta(minutes=5)).astimezone(zone))
    with api_error("InvalidSignatureException") as info:
        check_time(signed, (NOW + timedelta(minutes=5, seconds=1)).astimezone(zone))
    assert "(20261121T050501Z - 5 min.)" in info.value.message


def test_a_naive_clock_reads_as_utc() -> None:
    signed = parse_signature(sign("GET", URL).request)
    check_time(signed, NOW.replace(tzinfo=None) + timedelta(minutes=5))
    with api_error("InvalidSignatureException"):
        check_time(signed, NOW.replace(tzinfo=None) + timedelta(minutes=5, seconds=1))


def test_verify_signature_checks_the_signature_but_not_the_clock() -> None:
    request = sign("GET", URL, at=NOW - timedelta(days=2)).request
    signed = parse_signature(request)
    verify_signature(request, signed, SECRET)
    with api_error("InvalidSignatureException", MISMATCH):
        verify_signature(request, signed, "not-the-secret")


@pytest.mark.parametrize("signature", ["\u00e9" * 64, "\udc80", "A" * 64])
def test_a_signature_that_is_not_lower_case_hex_matches_nothing(signature: str) -> None:
    request = sign("GET", URL).request
    good = request.headers["authorization"]
    authorization = good[: good.index("Signature=") + len("Signature=")] + signature
    request = HttpRequest(
        request.method,
        request.raw_path,
        request.query_string,
        {**request.headers, "authorization": authorization},
    )
    with api_error("InvalidSignatureException", MISMATCH):
        verify_signature(request, parse_signature(request), SECRET)

"""Signatures made by botocore verify, byte for byte the same canonical request; tampering fails."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_from_bytes

import pytest
from botocore.utils import percent_encode as botocore_percent_encode
from hypothesis import given, settings, strategies as st

from connect_emulator.auth.canonical import (
    canonical_path,
    canonical_query,
    percent_encode,
    signing_key,
)
from connect_emulator.auth.errors import format_amz_date
from connect_emulator.auth.sigv4 import canonical_request, parse_signature, string_to_sign, verify
from connect_emulator.protocol.http import HttpRequest
from tests.unit.auth.expect import MISMATCH, api_error
from tests.unit.auth.oracle import (
    ACCESS_KEY,
    ENCODED_ARN,
    ENDPOINT,
    NOW,
    REGION,
    SECRET,
    Signed,
    replace,
    sign,
    with_header,
)

JSON = {"Content-Type": "application/json"}
INSTANCE_ID = "7f0e9f4c-1111-2222-3333-444455556666"

REQUESTS: dict[str, Callable[[], Signed]] = {
    "GET with repeated query keys": lambda: sign(
        "GET", f"{ENDPOINT}/tags/{ENCODED_ARN}?tagKeys=a&tagKeys=b%20c"
    ),
    "GET list with encoded token": lambda: sign(
        "GET", f"{ENDPOINT}/instance?maxResults=5&nextToken=abc%2Bdef%3D%3D"
    ),
    "PUT with JSON body": lambda: sign(
        "PUT", f"{ENDPOINT}/instance", body=b'{"InstanceAlias": "my instance"}', headers=JSON
    ),
    "POST with ARN in path": lambda: sign(
        "POST", f"{ENDPOINT}/tags/{ENCODED_ARN}", body=b'{"tags": {"k": "v"}}', headers=JSON
    ),
    "DELETE with clientToken": lambda: sign(
        "DELETE", f"{ENDPOINT}/instance/{INSTANCE_ID}?clientToken=3f2a%2F9b"
    ),
    "DELETE untag with space and plus": lambda: sign(
        "DELETE", f"{ENDPOINT}/tags/{ENCODED_ARN}?tagKeys=a&tagKeys=b%20c&tagKeys=d%2Be"
    ),
    "encoded spaces in path": lambda: sign("GET", f"{ENDPOINT}/users/{INSTANCE_ID}/a%20b%20c"),
    "literal spaces in path": lambda: sign("GET", f"{ENDPOINT}/users/a b c"),
    "dot and empty segments": lambda: sign("GET", f"{ENDPOINT}/instance/./x/../y//z/"),
    "params sent as + by urlencode": lambda: sign(
        "GET", f"{ENDPOINT}/instance", params={"q": "a b+c", "z": "~*'!"}
    ),
    "non-default port over http": lambda: sign("GET", "http://127.0.0.1:4566/instance"),
    "Date header instead of X-Amz-Date": lambda: sign(
        "GET", f"{ENDPOINT}/instance", headers={"Date": "replaced by botocore"}
    ),
    "session token": lambda: sign("GET", f"{ENDPOINT}/instance", token="FwoGZXIvYXdzEJr//token="),
    "messy header whitespace": lambda: sign(
        "GET", f"{ENDPOINT}/instance", headers={"X-Custom": "  a   b \t c  "}
    ),
    "declared payload hash": lambda: sign(
        "POST",
        f"{ENDPOINT}/tags/{ENCODED_ARN}",
        body=b"{}",
        headers={"X-Amz-Content-SHA256": hashlib.sha256(b"{}").hexdigest()},
    ),
    "declared UNSIGNED-PAYLOAD": lambda: sign(
        "POST",
        f"{ENDPOINT}/tags/{ENCODED_ARN}",
        body=b"{}",
        headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"},
    ),
    "presigned GET": lambda: sign("GET", f"{ENDPOINT}/instance?maxResults=5", expires=300),
    "presigned GET with ARN and token": lambda: sign(
        "GET", f"{ENDPOINT}/tags/{ENCODED_ARN}", expires=3600, token="tok+en/="
    ),
}


@pytest.mark.parametrize("make", REQUESTS.values(), ids=REQUESTS.keys())
def test_botocore_signed_requests_verify_with_the_same_canonical_request(
    make: Callable[[], Signed],
) -> None:
    signed = make()
    parsed = parse_signature(signed.request)
    canonical = canonical_request(signed.request, parsed)
    assert canonical == signed.canonical_request
    assert string_to_sign(parsed, canonical) == signed.string_to_sign
    verify(signed.request, parsed, SECRET, NOW)


def test_the_parsed_claims_are_those_botocore_signed() -> None:
    signed = sign("GET", f"{ENDPOINT}/instance", token="session")
    parsed = parse_signature(signed.request)
    assert (parsed.access_key_id, parsed.date, parsed.region, parsed.service) == (
        ACCESS_KEY,
        "20261121",
        REGION,
        "connect",
    )
    assert parsed.signed_headers == ("host", "x-amz-date", "x-amz-security-token")
    assert parsed.amz_date == NOW
    assert parsed.security_token == "session"
    assert not parsed.presigned
    assert parsed.expires is None
    assert parsed.signature in signed.request.headers["authorization"]


def test_presigned_claims() -> None:
    signed = sign("GET", f"{ENDPOINT}/instance", expires=900, token="tok")
    parsed = parse_signature(signed.request)
    assert parsed.presigned
    assert parsed.expires == 900
    assert parsed.security_token == "tok"
    assert parsed.signed_headers == ("host",)
    assert "X-Amz-Signature" not in canonical_request(signed.request, parsed)


def test_the_path_of_an_arn_is_encoded_twice() -> None:
    assert canonical_path(f"/tags/{ENCODED_ARN}") == (
        "/tags/arn%253Aaws%253Aconnect%253Aeu-west-2%253A123456789012%253Ainstance"
        "%252F7f0e9f4c-1111-2222-3333-444455556666"
    )
    assert canonical_path("/users/a%20b") == "/users/a%2520b"
    assert canonical_path("/users/a b") == "/users/a%20b"
    assert canonical_path("") == "/"
    assert canonical_path("/a//b/./c/../d/") == "/a/b/d/"
    assert canonical_path("/a//b/", normalize=False) == "/a//b/"


def test_the_query_is_decoded_then_encoded_and_sorted() -> None:
    assert canonical_query("b=2&a=z&a=y&c") == "a=y&a=z&b=2&c="
    assert canonical_query("q=a+b%2Bc&s=%7E%2a") == "q=a%20b%2Bc&s=~%2A"
    # Octets that are not UTF-8 survive as the client encoded them.
    assert canonical_query("k=%ff%FE") == "k=%FF%FE"
    assert canonical_query("&&a=1&") == "a=1"
    assert canonical_query("X-Amz-Signature=abc&a=1", exclude_signature=True) == "a=1"


BASE_URL = f"{ENDPOINT}/tags/{ENCODED_ARN}?x=1"
BASE_BODY = b'{"tags": {"k": "v"}}'


def _base() -> HttpRequest:
    return sign("POST", BASE_URL, body=BASE_BODY, headers=JSON).request


def _authorization(old: str, new: str) -> Callable[[HttpRequest], HttpRequest]:
    def change(request: HttpRequest) -> HttpRequest:
        return with_header(
            request, "authorization", request.headers["authorization"].replace(old, new)
        )

    return change


def _flip_signature(request: HttpRequest) -> HttpRequest:
    header = request.headers["authorization"]
    last = "0" if header[-1] != "0" else "1"
    return with_header(request, "authorization", header[:-1] + last)


TAMPERED: dict[str, Callable[[HttpRequest], HttpRequest]] = {
    "body": lambda r: replace(r, body=b'{"tags": {"k": "w"}}'),
    "body emptied": lambda r: replace(r, body=b""),
    "path": lambda r: replace(r, raw_path=r.raw_path.replace("6666", "6667")),
    "path decoded": lambda r: replace(r, raw_path=r.raw_path.replace("%3A", ":")),
    "query value": lambda r: replace(r, query_string="x=2"),
    "query added": lambda r: replace(r, query_string="x=1&y=2"),
    "query dropped": lambda r: replace(r, query_string=""),
    "method": lambda r: replace(r, method="PUT"),
    "signed header value": lambda r: with_header(r, "content-type", "text/plain"),
    "signed header removed": lambda r: with_header(r, "content-type", None),
    "host": lambda r: with_header(r, "host", "evil.example.com"),
    "date by one second": lambda r: with_header(r, "x-amz-date", "20261121T050001Z"),
    "region": _authorization(f"/{REGION}/", "/eu-west-1/"),
    "signed headers list": _authorization("SignedHeaders=content-type;", "SignedHeaders="),
    "signature": _flip_signature,
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampering_breaks_the_signature(tamper: Callable[[HttpRequest], HttpRequest]) -> None:
    request = tamper(_base())
    with api_error("InvalidSignatureException", MISMATCH):
        verify(request, parse_signature(request), SECRET, NOW)


def test_a_wrong_secret_breaks_the_signature() -> None:
    request = _base()
    with api_error("InvalidSignatureException", MISMATCH):
        verify(request, parse_signature(request), SECRET + "x", NOW)


UNTOUCHED: dict[str, Callable[[HttpRequest], HttpRequest]] = {
    "unsigned header added": lambda r: with_header(r, "user-agent", "something else"),
    "signed header re-spaced": lambda r: with_header(r, "content-type", "  application/json "),
    "query reordered": lambda r: replace(r, query_string="x=1&"),
    # The key id is not in the string to sign: it only chooses the secret to verify with.
    "access key id": _authorization(f"Credential={ACCESS_KEY}/", "Credential=AKIDOTHER/"),
    "true body hash declared": lambda r: with_header(
        r, "x-amz-content-sha256", hashlib.sha256(BASE_BODY).hexdigest()
    ),
}


@pytest.mark.parametrize("change", UNTOUCHED.values(), ids=UNTOUCHED.keys())
def test_changes_outside_the_signature_are_accepted(
    change: Callable[[HttpRequest], HttpRequest],
) -> None:
    request = change(_base())
    verify(request, parse_signature(request), SECRET, NOW)


def test_scope_tampering_is_reported_as_such() -> None:
    wrong_service = _authorization("/connect/", "/s3/")(_base())
    with api_error(
        "InvalidSignatureException", "Credential should be scoped to correct service: 'connect'."
    ):
        parse_signature(wrong_service)
    wrong_region = _authorization(f"/{REGION}/", "/moon/")(_base())
    with api_error(
        "InvalidSignatureException", "Credential should be scoped to a valid region, not 'moon'."
    ):
        parse_signature(wrong_region)
    next_day = with_header(_base(), "x-amz-date", "20261122T050000Z")
    with api_error(
        "InvalidSignatureException",
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '20261121' != '20261122', from '20261122T050000Z'.",
    ):
        parse_signature(next_day)


def test_a_declared_payload_hash_must_be_the_bodys() -> None:
    declared = hashlib.sha256(BASE_BODY).hexdigest()
    request = sign(
        "POST", BASE_URL, body=BASE_BODY, headers={**JSON, "X-Amz-Content-SHA256": declared}
    ).request
    swapped = replace(request, body=b'{"tags": {}}')
    with api_error(
        "InvalidSignatureException",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    ):
        verify(swapped, parse_signature(swapped), SECRET, NOW)


def test_unsigned_payload_leaves_the_body_unsigned_as_the_client_chose() -> None:
    request = sign(
        "POST", BASE_URL, body=BASE_BODY, headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"}
    ).request
    swapped = replace(request, body=b"anything")
    verify(swapped, parse_signature(swapped), SECRET, NOW)


PRESIGNED_TAMPERED: dict[str, Callable[[HttpRequest], HttpRequest]] = {
    "expires": lambda r: replace(
        r, query_string=r.query_string.replace("Expires=300", "Expires=600")
    ),
    "parameter added": lambda r: replace(r, query_string=r.query_string + "&nextToken=x"),
    "parameter value": lambda r: replace(
        r, query_string=r.query_string.replace("maxResults=5", "maxResults=6")
    ),
    "signature": lambda r: replace(
        r, query_string=r.query_string[:-1] + ("0" if r.query_string[-1] != "0" else "1")
    ),
    "path": lambda r: replace(r, raw_path="/instance/x"),
}


@pytest.mark.parametrize("tamper", PRESIGNED_TAMPERED.values(), ids=PRESIGNED_TAMPERED.keys())
def test_tampering_breaks_a_presigned_url(tamper: Callable[[HttpRequest], HttpRequest]) -> None:
    request = tamper(sign("GET", f"{ENDPOINT}/instance?maxResults=5", expires=300).request)
    with api_error("InvalidSignatureException", MISMATCH):
        verify(request, parse_signature(request), SECRET, NOW)


def test_other_sdks_canonical_forms_are_accepted() -> None:
    go_style = sign("GET", f"{ENDPOINT}/instance//x/./y", variant="keep-segments").request
    verify(go_style, parse_signature(go_style), SECRET, NOW)
    s3_style = sign("GET", f"{ENDPOINT}/instance", expires=60, variant="unsigned-payload").request
    verify(s3_style, parse_signature(s3_style), SECRET, NOW)


def test_unsigned_payload_is_not_a_fallback_for_header_signatures() -> None:
    # Only presigners are known to sign UNSIGNED-PAYLOAD without declaring it.
    request = sign("GET", f"{ENDPOINT}/instance", variant="unsigned-payload").request
    with api_error("InvalidSignatureException", MISMATCH):
        verify(request, parse_signature(request), SECRET, NOW)


def test_signing_keys_are_cached_and_bounded() -> None:
    signing_key.cache_clear()
    request = _base()
    parsed = parse_signature(request)
    verify(request, parsed, SECRET, NOW)
    verify(request, parsed, SECRET, NOW)
    info = signing_key.cache_info()
    assert (info.hits, info.misses, info.maxsize) == (1, 1, 256)


# Any text a client may put in a label or a query parameter, but lone surrogates, which no
# client can encode.
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    labels=st.lists(TEXT, min_size=1, max_size=4),
    query=st.lists(st.tuples(TEXT, TEXT), max_size=4),
    header=st.text(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\t"), max_size=20
    ),
    method=st.sampled_from(["GET", "PUT", "POST", "DELETE"]),
    body=st.binary(max_size=40),
)
def test_any_request_botocore_signs_verifies(
    labels: list[str], query: list[tuple[str, str]], header: str, method: str, body: bytes
) -> None:
    # Paths and queries rendered as botocore's rest serializer renders them.
    path = "/" + "/".join(botocore_percent_encode(label) for label in labels)
    query_string = "&".join(
        f"{botocore_percent_encode(k)}={botocore_percent_encode(v)}" for k, v in query
    )
    url = f"{ENDPOINT}{path}" + (f"?{query_string}" if query_string else "")
    signed = sign(method, url, body=body, headers={"X-Custom": header})
    parsed = parse_signature(signed.request)
    assert canonical_request(signed.request, parsed) == signed.canonical_request
    verify(signed.request, parsed, SECRET, NOW)
    verify(signed.request, parsed, SECRET, NOW + timedelta(minutes=5))


@given(data=st.binary(max_size=64))
def test_percent_encoding_is_urllibs(data: bytes) -> None:
    assert percent_encode(data) == quote_from_bytes(data, safe="-_.~")
    assert percent_encode(data, path=True) == quote_from_bytes(data, safe="/-_.~")


# From year 1000: below it, glibc's strftime stops padding the year to four digits.
@given(moment=st.datetimes(min_value=datetime(1000, 1, 1), timezones=st.just(UTC)))
def test_amz_dates_are_formatted_as_strftime_does(moment: datetime) -> None:
    assert format_amz_date(moment) == moment.strftime("%Y%m%dT%H%M%SZ")

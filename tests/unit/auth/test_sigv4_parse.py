"""Malformed signatures get the error AWS gives, in AWS's order; nothing else ever escapes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings, strategies as st

from connect_emulator.auth.sigv4 import parse_signature, verify
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest
from tests.unit.auth.expect import api_error
from tests.unit.auth.oracle import NOW, SECRET

CREDENTIAL = "AKIDEXAMPLE/20261121/us-east-1/connect/aws4_request"
SIGNATURE = "0" * 64
GOOD = (
    f"AWS4-HMAC-SHA256 Credential={CREDENTIAL}, SignedHeaders=host;x-amz-date, "
    f"Signature={SIGNATURE}"
)
INCOMPLETE = "IncompleteSignatureException"
INVALID = "InvalidSignatureException"


def _request(
    authorization: str | None = GOOD,
    *,
    amz_date: str | None = "20261121T050000Z",
    query: str = "",
    **headers: str,
) -> HttpRequest:
    all_headers = {"host": "localhost"}
    if authorization is not None:
        all_headers["authorization"] = authorization
    if amz_date is not None:
        all_headers["x-amz-date"] = amz_date
    all_headers.update({name.replace("_", "-"): value for name, value in headers.items()})
    return HttpRequest("GET", "/instance", query, all_headers)


def test_a_well_formed_header_parses() -> None:
    parsed = parse_signature(_request())
    assert parsed.access_key_id == "AKIDEXAMPLE"
    assert parsed.region == "us-east-1"
    assert parsed.signature == SIGNATURE
    assert parsed.amz_date == datetime(2026, 11, 21, 5, tzinfo=UTC)
    assert parsed.credential_scope == "20261121/us-east-1/connect/aws4_request"


@pytest.mark.parametrize("authorization", [None, "", "   "])
def test_no_signature_at_all(authorization: str | None) -> None:
    with api_error("MissingAuthenticationTokenException", "Missing Authentication Token"):
        parse_signature(_request(authorization, query="maxResults=5&X-Amz-Date=20261121T050000Z"))


MALFORMED = [
    (
        "Bearer abc.def",
        "'abc.def' not a valid key=value pair (missing equal-sign) in Authorization header: "
        "'Bearer abc.def'.",
    ),
    (
        f"AWS4-HMAC-SHA256 Credential= {CREDENTIAL}, SignedHeaders=host, Signature=x",
        f"'{CREDENTIAL}' not a valid key=value pair (missing equal-sign) in Authorization "
        f"header: 'AWS4-HMAC-SHA256 Credential= {CREDENTIAL}, SignedHeaders=host, Signature=x'.",
    ),
    (
        "AWS4-HMAC-SHA256",
        "Authorization header requires 'Credential' parameter. Authorization header requires "
        "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
        "Authorization=AWS4-HMAC-SHA256",
    ),
    (
        "eyJhbGciOiJIUzI1NiJ9.e30.sig",
        "Authorization header requires 'Credential' parameter. Authorization header requires "
        "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
        "Authorization=eyJhbGciOiJIUzI1NiJ9.e30.sig",
    ),
    (
        f"AWS4-HMAC-SHA256 Credential={CREDENTIAL}, SignedHeaders=host, Signature=",
        "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 "
        f"Credential={CREDENTIAL}, SignedHeaders=host, Signature=",
    ),
    (
        GOOD.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"),
        "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).",
    ),
    (
        GOOD.replace(CREDENTIAL, "AKID/20261121/us-east-1/connect"),
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got 'AKID/20261121/us-east-1/connect'",
    ),
    (
        GOOD.replace(CREDENTIAL, CREDENTIAL + "/"),
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        f"keyid/date/region/service/term, got '{CREDENTIAL}/'",
    ),
]


@pytest.mark.parametrize(("authorization", "message"), MALFORMED)
def test_malformed_authorization_headers(authorization: str, message: str) -> None:
    with api_error(INCOMPLETE, message):
        parse_signature(_request(authorization))


def test_a_missing_date_is_reported_with_the_missing_parameters() -> None:
    with api_error(
        INCOMPLETE,
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
        "existence of either a 'X-Amz-Date' or a 'Date' header. "
        f"Authorization=AWS4-HMAC-SHA256 Credential={CREDENTIAL} Signature=x",
    ):
        parse_signature(
            _request(f"AWS4-HMAC-SHA256 Credential={CREDENTIAL} Signature=x", amz_date=None)
        )


@pytest.mark.parametrize(
    "amz_date", ["2026-11-21T05:00:00Z", "20261321T050000Z", "20261121T050000"]
)
def test_a_malformed_amz_date(amz_date: str) -> None:
    with api_error(
        INCOMPLETE,
        f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. "
        "See http://en.wikipedia.org/wiki/ISO_8601",
    ):
        parse_signature(_request(amz_date=amz_date))


def test_the_date_header_is_used_without_x_amz_date_and_must_parse() -> None:
    parsed = parse_signature(_request(amz_date=None, date="Sat, 21 Nov 2026 05:00:00 GMT"))
    assert parsed.amz_date == datetime(2026, 11, 21, 5, tzinfo=UTC)
    with api_error(INCOMPLETE) as info:
        parse_signature(_request(amz_date=None, date="yesterday"))
    assert info.value.message.startswith("Date header must be an RFC 1123 date")


def test_x_amz_date_wins_over_date() -> None:
    parsed = parse_signature(_request(date="Fri, 20 Nov 2026 05:00:00 GMT"))
    assert parsed.amz_date == datetime(2026, 11, 21, 5, tzinfo=UTC)


def test_host_must_be_signed() -> None:
    with api_error(INVALID, "'Host' must be a 'SignedHeader' in the AWS Authorization."):
        parse_signature(_request(GOOD.replace("host;x-amz-date", "x-amz-date")))


def test_header_names_and_separators_are_lenient_as_aws_is() -> None:
    compact = GOOD.replace(", ", ",").replace("host;x-amz-date", "Host;X-Amz-Date")
    assert parse_signature(_request(compact)).signed_headers == ("host", "x-amz-date")


def test_every_scope_fault_is_reported_at_once() -> None:
    wrong = GOOD.replace(CREDENTIAL, "AKID/20261120/Mars/dynamodb/aws5_request")
    with api_error(
        INVALID,
        "Credential should be scoped to a valid region, not 'Mars'. "
        "Credential should be scoped to correct service: 'connect'. "
        "Credential should be scoped with a valid terminator: 'aws4_request', not "
        "'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601 "
        "version of date from HTTP: '20261120' != '20261121', from '20261121T050000Z'.",
    ):
        parse_signature(_request(wrong))


@pytest.mark.parametrize("region", ["us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4"])
def test_regions_shaped_like_regions_are_valid(region: str) -> None:
    parsed = parse_signature(_request(GOOD.replace("us-east-1", region)))
    assert parsed.region == region


@pytest.mark.parametrize("region", ["aws-global", "US-EAST-1", "useast1", "us-east", "local"])
def test_other_regions_are_not(region: str) -> None:
    with api_error(INVALID, f"Credential should be scoped to a valid region, not '{region}'."):
        parse_signature(_request(GOOD.replace("us-east-1", region)))


PRESIGN = {
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": CREDENTIAL.replace("/", "%2F"),
    "X-Amz-Date": "20261121T050000Z",
    "X-Amz-Expires": "300",
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Signature": SIGNATURE,
}


def _presigned(**overrides: str | None) -> HttpRequest:
    parameters = {**PRESIGN, **overrides}
    query = "&".join(f"{name}={value}" for name, value in parameters.items() if value is not None)
    return _request(None, amz_date=None, query=query)


def test_a_presigned_query_parses() -> None:
    parsed = parse_signature(_presigned(**{"X-Amz-Security-Token": "a%2Bb"}))
    assert parsed.presigned
    assert parsed.expires == 300
    assert parsed.security_token == "a+b"
    assert parsed.access_key_id == "AKIDEXAMPLE"


def test_missing_presign_parameters_are_all_listed() -> None:
    with api_error(
        INCOMPLETE,
        "AWS query-string parameters must include 'X-Amz-Date'. AWS query-string parameters "
        "must include 'X-Amz-Expires'. Re-examine the query-string parameters.",
    ):
        parse_signature(_presigned(**{"X-Amz-Date": None, "X-Amz-Expires": None}))


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("soon", "X-Amz-Expires should be a number, got 'soon'."),
        ("\uff11\uff12", "X-Amz-Expires should be a number, got '\uff11\uff12'."),
        ("0", "X-Amz-Expires must be a positive number of seconds, got '0'."),
        ("-5", "X-Amz-Expires must be a positive number of seconds, got '-5'."),
        *(
            (
                too_long,
                "X-Amz-Expires must be less than a week (in seconds); that is, the given "
                "X-Amz-Expires must be less than 604800 seconds",
            )
            for too_long in ("604801", "9" * 5000)
        ),
    ],
)
def test_presign_lifetime_must_be_one_second_to_a_week(expires: str, message: str) -> None:
    with api_error(INCOMPLETE, message):
        parse_signature(_presigned(**{"X-Amz-Expires": expires}))


@pytest.mark.parametrize("expires", ["1", "604800", "000060"])
def test_presign_lifetimes_in_range(expires: str) -> None:
    assert parse_signature(_presigned(**{"X-Amz-Expires": expires})).expires == int(expires)


def test_presigned_faults_are_checked_like_header_ones() -> None:
    with api_error(INVALID, "'Host' must be a 'SignedHeader' in the AWS Authorization."):
        parse_signature(_presigned(**{"X-Amz-SignedHeaders": "x-amz-date"}))
    with api_error(
        INCOMPLETE, "Unsupported AWS 'algorithm': 'AWS4' (only AWS4-HMAC-SHA256 for now)."
    ):
        parse_signature(_presigned(**{"X-Amz-Algorithm": "AWS4"}))


def test_the_authorization_header_wins_over_a_presigned_query() -> None:
    request = _presigned()
    headers = {**request.headers, "authorization": GOOD, "x-amz-date": "20261121T050000Z"}
    parsed = parse_signature(HttpRequest("GET", "/instance", request.query_string, headers))
    assert not parsed.presigned


def _outcome(request: HttpRequest) -> ApiError | None:
    try:
        verify(request, parse_signature(request), SECRET, NOW)
    except ApiError as error:
        return error
    return None


def _never_anything_but_api_error(request: HttpRequest) -> None:
    # Any other exception escapes _outcome and fails the test.
    error = _outcome(request)
    assert error is not None, "a random signature verified"
    assert error.status == 403
    assert error.code.endswith("Exception")


@settings(max_examples=300, deadline=None)
@given(
    authorization=st.text(), amz_date=st.one_of(st.none(), st.text(), st.just("20261121T050000Z"))
)
def test_random_authorization_headers_only_raise_api_errors(
    authorization: str, amz_date: str | None
) -> None:
    _never_anything_but_api_error(_request(authorization, amz_date=amz_date))


PIECE = st.text(max_size=30) | st.sampled_from(
    ["AKIDEXAMPLE/20261121/us-east-1/connect/aws4_request", "host", "host;x-amz-date", "", "/"]
)


@settings(max_examples=300, deadline=None)
@given(
    credential=PIECE,
    signed_headers=PIECE,
    signature=PIECE,
    separator=st.sampled_from([", ", ",", " ", "\t,"]),
    date=st.sampled_from(["20261121T050000Z", "Sat, 21 Nov 2026 05:00:00 GMT", "x", ""]),
    path=st.text(max_size=20),
    query=st.text(max_size=30),
)
def test_near_miss_authorization_headers_only_raise_api_errors(
    *,
    credential: str,
    signed_headers: str,
    signature: str,
    separator: str,
    date: str,
    path: str,
    query: str,
) -> None:
    authorization = separator.join(
        [
            f"AWS4-HMAC-SHA256 Credential={credential}",
            f"SignedHeaders={signed_headers}",
            f"Signature={signature}",
        ]
    )
    headers = {"host": "localhost", "authorization": authorization, "date": date}
    _never_anything_but_api_error(HttpRequest("PUT", "/" + path, query, headers, b"{}"))


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {
            name: st.one_of(st.none(), st.text(max_size=20), st.just(value))
            for name, value in PRESIGN.items()
        }
    ),
    extra=st.text(max_size=30),
)
def test_random_presigned_queries_only_raise_api_errors(
    values: dict[str, str | None], extra: str
) -> None:
    query = "&".join(f"{name}={value}" for name, value in values.items() if value is not None)
    _never_anything_but_api_error(_request(None, amz_date=None, query=f"{query}&{extra}"))

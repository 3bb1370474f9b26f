"""Reading what a SigV4 request claims (who, when, which scope) without checking the signature.

Both carriers are read: the ``Authorization`` header and a presigned query string. Checks run in
the order AWS runs them, so a request with several faults gets the error AWS would give first:
presence of the parts, the date's format, ``host`` among the signed headers, the algorithm, the
credential's shape, then its scope (region, service, terminator, date) all reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import unquote_plus

from connect_emulator.auth.errors import (
    format_amz_date,
    incomplete,
    invalid,
    missing_token,
)
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "connect"
TERMINATOR = "aws4_request"
# SigV4 signing keys are valid for a week, so a presigned URL cannot outlive one.
MAX_EXPIRES = 604800

_AMZ_DATE = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
# AWS splits the header's parameters on commas and on whitespace alike.
_SEPARATORS = re.compile(r"[\s,]+")
# The Authorization header as SDKs send it (botocore, and the Go, JS and Java SDKs alike), in the
# shape and scope ``_parse_header`` and ``_build`` demand: a region as ``_REGION`` has it, the
# service and terminator as required, lower-case signed headers. The separators, the key id and
# the signature are held to what SDKs send, narrower than the general parser takes, because that
# matches in half the time (a negated class such as [^\s,] is slow); possessive quantifiers
# spare the backtracking a failed match would do. Any other header goes to ``_parse_header``.
_COMMON_HEADER = re.compile(
    r"AWS4-HMAC-SHA256 "
    r"Credential=([A-Za-z0-9_-]*+)/([0-9]{8})/([a-z]{2}(?:-[a-z]+)+-[0-9]+)/connect/aws4_request"
    r", SignedHeaders=([a-z0-9;-]++)"
    r", Signature=([0-9a-f]++)"
)
_HEADER_PARAMETERS = ("Credential", "Signature", "SignedHeaders")
_QUERY_PARAMETERS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
    "X-Amz-Date",
    "X-Amz-Expires",
)
_PRESIGN_MARKERS = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature")


# Made for every request: not frozen, since a frozen dataclass's __init__ costs 3-4x
# (object.__setattr__ per field). Treated as immutable all the same.
@dataclass(slots=True)
class SignedRequest:
    """The claims of a signed request: credential scope, signed headers, signature, time."""

    access_key_id: str
    date: str  # YYYYMMDD of the credential scope
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str
    amz_date: datetime  # aware, UTC
    presigned: bool = False
    expires: int | None = None  # seconds; presigned only
    security_token: str | None = None

    @property
    def credential_scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/{TERMINATOR}"


def parse_signature(request: HttpRequest) -> SignedRequest:
    """Parse the request's SigV4 claims, raising the ApiError AWS gives for a malformed one."""
    authorization = request.headers.get("authorization", "")
    common = _parse_common_header(request, authorization)
    if common is not None:
        return common
    if authorization.strip():
        return _parse_header(request, authorization)
    query = query_parameters(request.query_string)
    if any(name in query for name in _PRESIGN_MARKERS):
        return _parse_query(request, query)
    raise missing_token()


def query_parameters(query_string: str) -> dict[str, str]:
    """Decode a raw query string; the first of repeated names wins."""
    parameters: dict[str, str] = {}
    for piece in query_string.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            parameters.setdefault(unquote_plus(name), unquote_plus(value))
    return parameters


def _parse_header(request: HttpRequest, authorization: str) -> SignedRequest:
    algorithm, *tokens = _SEPARATORS.split(authorization.strip())
    parameters: dict[str, str] = {}
    for token in tokens:
        name, equals, value = token.partition("=")
        if not equals:
            raise incomplete(
                f"'{token}' not a valid key=value pair (missing equal-sign) in "
                f"Authorization header: '{authorization}'."
            )
        parameters[name] = value
    amz_date_text = request.headers.get("x-amz-date", "")
    date_text = request.headers.get("date", "")
    problems = [
        f"Authorization header requires '{name}' parameter."
        for name in _HEADER_PARAMETERS
        if not parameters.get(name)
    ]
    if not amz_date_text and not date_text:
        problems.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    if problems:
        raise incomplete(" ".join(problems) + f" Authorization={authorization}")
    amz_date = _parse_amz_date(amz_date_text) if amz_date_text else _parse_http_date(date_text)
    return _build(
        algorithm=algorithm,
        credential=parameters["Credential"],
        signed_headers=parameters["SignedHeaders"],
        signature=parameters["Signature"],
        amz_date=amz_date,
        expires=None,
        security_token=request.headers.get("x-amz-security-token"),
    )


def _parse_common_header(request: HttpRequest, authorization: str) -> SignedRequest | None:
    """The header every SDK sends, when it is well formed and well scoped; else None.

    Whatever this accepts, ``_parse_header`` would accept with the same result: the pattern
    admits only what its split into parameters reads the same way, with every check passed but
    the two made here. Anything else, faulty or merely unusual, is left to the general parser,
    which alone words the errors.
    """
    match = _COMMON_HEADER.fullmatch(authorization)
    if match is None:
        return None
    amz_date_text = request.headers.get("x-amz-date")
    if not amz_date_text:
        return None
    try:
        amz_date = _parse_amz_date(amz_date_text)
    except ApiError:
        return None  # the general parser words it
    access_key_id, date, region, signed_headers, signature = match.groups()
    names = tuple(signed_headers.split(";"))
    # An X-Amz-Date that parsed formats back to itself, so its first eight characters are the
    # date the scope must name.
    if "host" not in names or date != amz_date_text[:8]:
        return None
    return SignedRequest(
        access_key_id=access_key_id,
        date=date,
        region=region,
        service=SERVICE,
        signed_headers=names,
        signature=signature,
        amz_date=amz_date,
        presigned=False,
        expires=None,
        security_token=request.headers.get("x-amz-security-token"),
    )


def _parse_query(request: HttpRequest, query: dict[str, str]) -> SignedRequest:
    problems = [
        f"AWS query-string parameters must include '{name}'."
        for name in _QUERY_PARAMETERS
        if not query.get(name)
    ]
    if problems:
        raise incomplete(" ".join(problems) + " Re-examine the query-string parameters.")
    amz_date = _parse_amz_date(query["X-Amz-Date"])
    expires = _parse_expires(query["X-Amz-Expires"])
    token = query.get("X-Amz-Security-Token") or request.headers.get("x-amz-security-token")
    return _build(
        algorithm=query["X-Amz-Algorithm"],
        credential=query["X-Amz-Credential"],
        signed_headers=query["X-Amz-SignedHeaders"],
        signature=query["X-Amz-Signature"],
        amz_date=amz_date,
        expires=expires,
        security_token=token,
    )


def _build(
    *,
    algorithm: str,
    credential: str,
    signed_headers: str,
    signature: str,
    amz_date: datetime,
    expires: int | None,
    security_token: str | None,
) -> SignedRequest:
    names = tuple(name.lower() for name in signed_headers.split(";"))
    if "host" not in names:
        raise invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    if algorithm != ALGORITHM:
        raise incomplete(f"Unsupported AWS 'algorithm': '{algorithm}' (only {ALGORITHM} for now).")
    parts = credential.split("/")
    if len(parts) != 5:
        raise incomplete(
            "Credential must have exactly 5 slash-delimited elements, "
            f"e.g. keyid/date/region/service/term, got '{credential}'"
        )
    access_key_id, date, region, service, terminator = parts
    _check_scope(date, region, service, terminator, amz_date)
    return SignedRequest(
        access_key_id=access_key_id,
        date=date,
        region=region,
        service=service,
        signed_headers=names,
        signature=signature,
        amz_date=amz_date,
        presigned=expires is not None,
        expires=expires,
        security_token=security_token,
    )


def _check_scope(date: str, region: str, service: str, terminator: str, amz_date: datetime) -> None:
    problems: list[str] = []
    # One endpoint serves every region, so "valid" can only mean shaped like a region name.
    if not _REGION.fullmatch(region):
        problems.append(f"Credential should be scoped to a valid region, not '{region}'.")
    if service != SERVICE:
        problems.append(f"Credential should be scoped to correct service: '{SERVICE}'.")
    if terminator != TERMINATOR:
        problems.append(
            f"Credential should be scoped with a valid terminator: '{TERMINATOR}', "
            f"not '{terminator}'."
        )
    expected_date = format_amz_date(amz_date)[:8]
    if date != expected_date:
        problems.append(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
            f"from HTTP: '{date}' != '{expected_date}', from '{format_amz_date(amz_date)}'."
        )
    if problems:
        raise invalid(" ".join(problems))


@lru_cache(maxsize=64)
def _parse_amz_date(text: str) -> datetime:
    # Cached: every request signed within one second carries the same text.
    if _AMZ_DATE.fullmatch(text):
        # Sliced by hand: strptime is the slowest step of a request otherwise.
        try:
            return datetime(
                int(text[0:4]),
                int(text[4:6]),
                int(text[6:8]),
                int(text[9:11]),
                int(text[11:13]),
                int(text[13:15]),
                tzinfo=UTC,
            )
        except ValueError:
            pass  # shaped right but not a calendar date, such as month 13
    raise incomplete(
        f"Date must be in ISO-8601 'basic format'. Got '{text}'. "
        "See http://en.wikipedia.org/wiki/ISO_8601"
    )


def _parse_http_date(text: str) -> datetime:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise incomplete(
            f"Date header must be an RFC 1123 date such as "
            f"'Sat, 21 Nov 2026 05:00:00 GMT'. Got '{text}'."
        ) from None
    # A zone of "-0000" means "UTC, origin unknown" and parses naive.
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_expires(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]+", text):
        raise incomplete(f"X-Amz-Expires should be a number, got '{text}'.")
    negative = text.startswith("-")
    digits = text.lstrip("-").lstrip("0") or "0"
    # Anything longer than seven digits is past the limit; int() of it is not worth risking.
    value = int(digits) if len(digits) <= 7 else MAX_EXPIRES + 1
    if negative or value < 1:
        raise incomplete(f"X-Amz-Expires must be a positive number of seconds, got '{text}'.")
    if value > MAX_EXPIRES:
        raise incomplete(
            "X-Amz-Expires must be less than a week (in seconds); that is, the given "
            f"X-Amz-Expires must be less than {MAX_EXPIRES} seconds"
        )
    return value

"""Authentication of requests signed with AWS Signature Version 4 (service ``connect``).

    Authenticator(store | None, clock).authenticate(request) -> Principal
      sigv4            parse_signature, check_time, verify (canonical forms: canonical;
                       signing keys and HMAC, cached per scope: signing)
      credentials      CredentialStore, StaticCredentials, load_credentials_file
      authenticator    open mode versus verifying mode; the region rule

Errors, all ApiError with status 403, in the order they are checked:

    MissingAuthenticationTokenException  "Missing Authentication Token"
        no Authorization header and no presigned query (X-Amz-Algorithm/Credential/Signature)
    IncompleteSignatureException
        "'<token>' not a valid key=value pair (missing equal-sign) in Authorization header: ..."
        "Authorization header requires 'Credential' parameter. ... Authorization=<header>"
            (also 'Signature', 'SignedHeaders', and "existence of either a 'X-Amz-Date' or a
            'Date' header"; every missing part is listed)
        "AWS query-string parameters must include 'X-Amz-...'. ... Re-examine the query-string
            parameters."                                     presigned, X-Amz-Expires included
        "Date must be in ISO-8601 'basic format'. Got '<x>'. ..."        bad X-Amz-Date
        "Date header must be an RFC 1123 date ..."                        bad Date header
        "X-Amz-Expires should be a number ..." / "... must be a positive number of seconds ..."
            / "X-Amz-Expires must be less than a week ..."              outside 1..604800
    InvalidSignatureException
        "'Host' must be a 'SignedHeader' in the AWS Authorization."
    IncompleteSignatureException
        "Unsupported AWS 'algorithm': '<alg>' (only AWS4-HMAC-SHA256 for now)."
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/
            service/term, got '<credential>'"
    InvalidSignatureException   scope faults, all that apply, in one message:
        "Credential should be scoped to a valid region, not '<region>'."
        "Credential should be scoped to correct service: 'connect'."
        "Credential should be scoped with a valid terminator: 'aws4_request', not '<t>'."
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from
            HTTP: '<scope>' != '<date>', from '<amzdate>'."
    --- verifying mode only (a credential store is configured) ---
    InvalidSignatureException   the clock (five minutes either way; presigned: X-Amz-Expires)
        "Signature expired: <amzdate> is now earlier than <now - window> (<now> - 5 min.)"
        "Signature not yet current: <amzdate> is still later than <now + 5 min> (<now> + 5 min.)"
    UnrecognizedClientException "The security token included in the request is invalid."
        access key id unknown to the store (also an empty key id in open mode)
    InvalidSignatureException
        "The provided 'x-amz-content-sha256' header does not match what was computed."
        "The request signature we calculated does not match the signature you provided. Check
            your AWS Secret Access Key and signing method. Consult the service documentation
            for details."

X-Amz-Security-Token is read and kept but not checked: the store holds long-term keys only.
"""

from connect_emulator.auth.authenticator import Authenticator, Principal
from connect_emulator.auth.credentials import (
    Credential,
    CredentialStore,
    StaticCredentials,
    account_for_access_key,
    load_credentials_file,
)
from connect_emulator.auth.sigv4 import SignedRequest, parse_signature, verify

__all__ = [
    "Authenticator",
    "Credential",
    "CredentialStore",
    "Principal",
    "SignedRequest",
    "StaticCredentials",
    "account_for_access_key",
    "load_credentials_file",
    "parse_signature",
    "verify",
]

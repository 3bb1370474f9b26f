"""Asserting on the ApiError an authentication step raises."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from connect_emulator.protocol.errors import ApiError

MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)


@contextmanager
def api_error(code: str, message: str | None = None) -> Iterator[pytest.ExceptionInfo[ApiError]]:
    """Expect an ApiError with ``code``, status 403 and, when given, exactly ``message``."""
    with pytest.raises(ApiError) as info:
        yield info
    assert info.value.code == code, info.value.message
    assert info.value.status == 403
    if message is not None:
        assert info.value.message == message

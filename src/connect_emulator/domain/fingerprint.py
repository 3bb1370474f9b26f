"""Request fingerprints: what makes two calls with one ClientToken "the same request"."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

# One encoder, made once: json.dumps with options builds a new one per call. The output (and
# so every digest already stored beside a ClientToken) is exactly json.dumps's.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def fingerprint(params: Mapping[str, Any]) -> str:
    """A stable digest of the parameters (key order and the token itself do not matter)."""
    return hashlib.sha256(_CANONICAL.encode(params).encode("utf-8")).hexdigest()

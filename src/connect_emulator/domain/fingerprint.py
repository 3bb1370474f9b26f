"""Request fingerprints: what makes two calls with one ClientToken "the same request"."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def fingerprint(params: Mapping[str, Any]) -> str:
    """A stable digest of the parameters (key order and the token itself do not matter)."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

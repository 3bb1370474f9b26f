"""Load the Amazon Connect service model that every other protocol module is derived from."""

from __future__ import annotations

import functools

import botocore.session
from botocore.model import ServiceModel


@functools.cache
def load_service_model() -> ServiceModel:
    # One shared instance: botocore caches operation and shape objects on it, and the
    # protocol's own per-operation caches are keyed by those objects.
    return botocore.session.get_session().get_service_model("connect")

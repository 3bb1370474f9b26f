"""Scale-out tests: several server processes on one fresh PostgreSQL database per cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scaleout.cluster import Cluster, running
from tests.support.postgres import require_server

# Short enough to keep the tests quick; long enough that instances are seen in progress.
PROVISIONING_DELAY = "0.3"
INSTANCE_QUOTA = 4


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with require_server().database() as url:
        yield url


@pytest.fixture(scope="module")
def cluster(database_url: str) -> Iterator[Cluster]:
    """Three processes for the module, with a quota small enough to race against."""
    with running(
        Cluster(
            database_url,
            "--provisioning-delay",
            PROVISIONING_DELAY,
            "--deletion-delay",
            "0.2",
            "--instance-quota",
            str(INSTANCE_QUOTA),
        )
    ) as started:
        yield started

"""Storage failures the command line reports in one line rather than as a traceback."""

from __future__ import annotations


class StorageUnavailable(RuntimeError):
    """The database cannot be reached."""

"""The one error type for bad region data, so start-up can report it and stop."""

from __future__ import annotations


class RegionDataError(ValueError):
    """The region files are inconsistent or invalid; the message says which file and row."""

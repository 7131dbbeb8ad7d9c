"""Doorstroompunt regions: which region serves a student, found from what they type.

    from bot.regions import load_directory, load_resolver
    resolution = load_resolver().resolve("ik woon in den bosch")
    resolution.status, resolution.gemeente, resolution.region.code
    # ("found", "'s-Hertogenbosch", "RMC 36")
"""

from bot.regions.directory import Gemeente, Region, RegionDirectory, load_directory
from bot.regions.errors import RegionDataError
from bot.regions.names import normalise
from bot.regions.resolve import PlaceResolver, Resolution, load_resolver

__all__ = [
    "Gemeente",
    "PlaceResolver",
    "Region",
    "RegionDataError",
    "RegionDirectory",
    "Resolution",
    "load_directory",
    "load_resolver",
    "normalise",
]

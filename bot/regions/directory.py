"""The region directory: gemeenten, their Doorstroompunt region, postcodes and place names.

Loaded once per process from data/regions and validated as a whole, so a broken edit stops
the bot at start-up instead of sending a student to the wrong region later.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.notify.targets import NotifyTarget
from bot.regions.contacts import CONTACTS_YAML, RegionContact, load_contacts
from bot.regions.errors import RegionDataError
from bot.regions.names import normalise

DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "regions"
REGIONS_CSV = "doorstroompunt-regions.csv"
PC4_CSV = "pc4-gemeente.csv"
WOONPLAATS_CSV = "woonplaats-gemeente.csv"
BORDER_PC4_CSV = "pc4-border.csv"

_REGION_CODE = re.compile(r"^RMC ([1-9][0-9]?)$")
_CBS_CODE = re.compile(r"^GM[0-9]{4}$")
_PC4 = re.compile(r"^[1-9][0-9]{3}$")


@dataclass(frozen=True)
class Gemeente:
    name: str  # CBS spelling, e.g. "'s-Hertogenbosch", "Bergen (L.)"
    cbs_code: str
    region_code: str


@dataclass(frozen=True)
class Region:
    code: str  # "RMC 35"
    name: str  # CBS name, e.g. "Midden-Brabant"
    public_name: str  # how the service calls itself; may be empty
    website: str
    phone: str
    email: str
    contactgemeente: str
    notify_targets: list[NotifyTarget] = field(default_factory=list, hash=False)

    @property
    def number(self) -> int:
        return int(self.code.split()[1])

    @property
    def display_name(self) -> str:
        return self.public_name or f"Doorstroompunt {self.name}"

    @property
    def has_contact_details(self) -> bool:
        return bool(self.website or self.phone or self.email)


class RegionDirectory:
    """Read-only lookups over the validated region data."""

    def __init__(
        self,
        data_dir: Path,
        regions: Mapping[str, Region],
        gemeenten: Mapping[str, Gemeente],
        pc4_gemeente: Mapping[str, str],
        border_pc4: frozenset[str],
        woonplaatsen: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.data_dir = data_dir
        self._regions = dict(sorted(regions.items(), key=lambda item: item[1].number))
        self._gemeenten = dict(gemeenten)
        self._gemeente_by_key = {normalise(name): gemeente for name, gemeente in gemeenten.items()}
        self._pc4_gemeente = dict(pc4_gemeente)
        self._border_pc4 = border_pc4
        self._woonplaatsen = dict(woonplaatsen)

    @classmethod
    def load(cls, data_dir: Path | None = None, environ: Mapping[str, str] | None = None) -> RegionDirectory:
        data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
        gemeenten, region_names = _read_regions(data_dir / REGIONS_CSV)
        pc4_gemeente = _read_pc4(data_dir / PC4_CSV, gemeenten)
        border_pc4 = _read_border_pc4(data_dir / BORDER_PC4_CSV, pc4_gemeente)
        woonplaatsen = _read_woonplaatsen(data_dir / WOONPLAATS_CSV, gemeenten)
        contacts = load_contacts(data_dir / CONTACTS_YAML, environ)
        regions = _merge_regions(region_names, contacts, gemeenten, data_dir / CONTACTS_YAML)
        return cls(data_dir, regions, gemeenten, pc4_gemeente, border_pc4, woonplaatsen)

    # --- regions
    def regions(self) -> list[Region]:
        return list(self._regions.values())

    def region(self, code: str) -> Region:
        """The region with this code ("RMC 35"); KeyError for a code that does not exist."""
        return self._regions[code]

    def region_for_gemeente(self, name: str) -> Region | None:
        gemeente = self.gemeente(name)
        return self._regions[gemeente.region_code] if gemeente else None

    # --- gemeenten
    def gemeente(self, name: str) -> Gemeente | None:
        """The gemeente with this official name; case, accents and punctuation are ignored."""
        return self._gemeenten.get(name) or self._gemeente_by_key.get(normalise(name))

    def gemeenten(self) -> list[Gemeente]:
        return list(self._gemeenten.values())

    def gemeenten_in(self, region_code: str) -> list[Gemeente]:
        return [gemeente for gemeente in self._gemeenten.values() if gemeente.region_code == region_code]

    # --- postcodes and places
    def gemeente_for_pc4(self, pc4: str) -> Gemeente | None:
        name = self._pc4_gemeente.get(pc4)
        return self._gemeenten[name] if name else None

    def is_border_pc4(self, pc4: str) -> bool:
        """True when part of this PC4 lies in another region, so the bot must confirm."""
        return pc4 in self._border_pc4

    def woonplaatsen(self) -> dict[str, tuple[str, ...]]:
        """Place name (postal spelling) -> the gemeenten it lies in (usually one)."""
        return dict(self._woonplaatsen)


@lru_cache(maxsize=1)
def load_directory() -> RegionDirectory:
    """The directory for data/regions, loaded once per process."""
    return RegionDirectory.load()


# --- reading and validating the files -----------------------------------------------------------


def read_csv_rows(path: Path, columns: Iterable[str]) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings; RegionDataError when the file or a column is missing."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = set(columns) - set(header)
            if missing:
                raise RegionDataError(f"{path}: missing column(s) {sorted(missing)}")
            # csv.reader + zip is several times faster than DictReader; loading is on the start-up path.
            return [dict(zip(header, (value.strip() for value in row))) for row in reader if row]
    except OSError as error:
        raise RegionDataError(f"{path}: cannot read: {error}") from error


def _read_regions(path: Path) -> tuple[dict[str, Gemeente], dict[str, str]]:
    file_name = path.name
    gemeenten: dict[str, Gemeente] = {}
    region_names: dict[str, str] = {}
    cbs_codes: dict[str, str] = {}
    for line, row in enumerate(read_csv_rows(path, ("gemeente", "cbs_code", "region_code", "region_name")), 2):
        name, cbs_code, code = row["gemeente"], row["cbs_code"], row["region_code"]
        where = f"{file_name} line {line}"
        if not name:
            raise RegionDataError(f"{where}: empty gemeente")
        if not _CBS_CODE.match(cbs_code):
            raise RegionDataError(f"{where}: {name}: cbs_code {cbs_code!r} is not like GM0855")
        if not code:
            raise RegionDataError(f"{where}: gemeente {name} is in no region (empty region_code)")
        if not _REGION_CODE.match(code):
            raise RegionDataError(f"{where}: {name}: region_code {code!r} is not like 'RMC 35'")
        if name in gemeenten:
            raise RegionDataError(
                f"{where}: gemeente {name} appears twice ({gemeenten[name].region_code} and {code}); "
                "every gemeente must be in exactly one region"
            )
        if cbs_code in cbs_codes:
            raise RegionDataError(f"{where}: cbs_code {cbs_code} used by {cbs_codes[cbs_code]} and {name}")
        if region_names.setdefault(code, row["region_name"]) != row["region_name"]:
            raise RegionDataError(f"{where}: {code} has two names: {region_names[code]!r}, {row['region_name']!r}")
        gemeenten[name] = Gemeente(name, cbs_code, code)
        cbs_codes[cbs_code] = name
    if not gemeenten:
        raise RegionDataError(f"{path}: no gemeenten")
    return gemeenten, region_names


def _known_gemeente(name: str, gemeenten: Mapping[str, Gemeente], where: str) -> Gemeente:
    gemeente = gemeenten.get(name)
    if gemeente is None:
        raise RegionDataError(f"{where}: unknown gemeente {name!r} (not in {REGIONS_CSV})")
    return gemeente


def _read_pc4(path: Path, gemeenten: Mapping[str, Gemeente]) -> dict[str, str]:
    file_name = path.name
    pc4_gemeente: dict[str, str] = {}
    for line, row in enumerate(read_csv_rows(path, ("pc4", "gemeente", "cbs_code")), 2):
        where = f"{file_name} line {line}"
        pc4 = row["pc4"]
        if not _PC4.match(pc4):
            raise RegionDataError(f"{where}: {pc4!r} is not a 4-digit postcode")
        if pc4 in pc4_gemeente:
            raise RegionDataError(f"{where}: postcode {pc4} appears twice")
        gemeente = _known_gemeente(row["gemeente"], gemeenten, where)
        if row["cbs_code"] != gemeente.cbs_code:
            raise RegionDataError(
                f"{where}: {pc4} -> {gemeente.name} has cbs_code {row['cbs_code']}, "
                f"but {REGIONS_CSV} says {gemeente.cbs_code}"
            )
        pc4_gemeente[pc4] = gemeente.name
    return pc4_gemeente


def _read_border_pc4(path: Path, pc4_gemeente: Mapping[str, str]) -> frozenset[str]:
    border: set[str] = set()
    for line, row in enumerate(read_csv_rows(path, ("pc4",)), 2):
        if row["pc4"] not in pc4_gemeente:
            raise RegionDataError(f"{path.name} line {line}: postcode {row['pc4']!r} is not in {PC4_CSV}")
        border.add(row["pc4"])
    return frozenset(border)


def _read_woonplaatsen(path: Path, gemeenten: Mapping[str, Gemeente]) -> dict[str, tuple[str, ...]]:
    file_name = path.name
    places: dict[str, list[str]] = {}
    for line, row in enumerate(read_csv_rows(path, ("woonplaats", "gemeente")), 2):
        where = f"{file_name} line {line}"
        if not row["woonplaats"]:
            raise RegionDataError(f"{where}: empty woonplaats")
        gemeente = _known_gemeente(row["gemeente"], gemeenten, where)
        names = places.setdefault(row["woonplaats"], [])
        if gemeente.name not in names:
            names.append(gemeente.name)
    return {place: tuple(names) for place, names in places.items()}


def _merge_regions(
    region_names: Mapping[str, str],
    contacts: Mapping[str, RegionContact],
    gemeenten: Mapping[str, Gemeente],
    contacts_path: Path,
) -> dict[str, Region]:
    where = contacts_path.name
    unknown = sorted(set(contacts) - set(region_names))
    if unknown:
        raise RegionDataError(f"{where}: unknown region code(s) {unknown} (not in {REGIONS_CSV})")
    missing = sorted(set(region_names) - set(contacts))
    if missing:
        raise RegionDataError(f"{where}: no entry for region(s) {missing} of {REGIONS_CSV}")
    regions: dict[str, Region] = {}
    for code, name in region_names.items():
        contact = contacts[code]
        if contact.name != name:
            raise RegionDataError(
                f"{where}: {code} is called {contact.name!r}, but {REGIONS_CSV} says {name!r}; "
                "was the entry edited under the wrong code?"
            )
        if contact.contactgemeente:
            gemeente = _known_gemeente(contact.contactgemeente, gemeenten, f"{where}: {code} contactgemeente")
            if gemeente.region_code != code:
                raise RegionDataError(
                    f"{where}: {code} contactgemeente {gemeente.name} lies in {gemeente.region_code}"
                )
        regions[code] = Region(
            code=code,
            name=name,
            public_name=contact.public_name,
            website=contact.website,
            phone=contact.phone,
            email=contact.email,
            contactgemeente=contact.contactgemeente,
            notify_targets=list(contact.notify_targets),
        )
    return regions

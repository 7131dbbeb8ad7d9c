"""The region directory: the real data loads and is consistent; broken copies are refused."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.regions import RegionDataError, RegionDirectory, load_directory
from bot.regions.contacts import CONTACT_FIELDS, render_contacts_yaml, write_contacts_yaml
from bot.regions.directory import DEFAULT_DATA_DIR


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


# --- the real data


def test_real_data_has_342_gemeenten_in_40_regions(directory: RegionDirectory) -> None:
    assert len(directory.gemeenten()) == 342
    assert len(directory.regions()) == 40
    assert "RMC 14" not in {region.code for region in directory.regions()}  # split into 40 and 41
    assert Counter(g.name for g in directory.gemeenten()).most_common(1)[0][1] == 1


def test_every_region_has_gemeenten_and_a_known_contactgemeente(directory: RegionDirectory) -> None:
    for region in directory.regions():
        members = {g.name for g in directory.gemeenten_in(region.code)}
        assert members, region.code
        if region.contactgemeente:
            assert region.contactgemeente in members


def test_lookups_by_name_and_postcode(directory: RegionDirectory) -> None:
    tilburg = directory.region_for_gemeente("Tilburg")
    assert tilburg is not None and tilburg.code == "RMC 35" and tilburg.name == "Midden-Brabant"
    assert tilburg.contactgemeente == "Tilburg"
    assert tilburg.email == "leerplicht.doorstroompunt@tilburg.nl"
    assert directory.gemeente("'s-gravenhage").name == "'s-Gravenhage"  # type: ignore[union-attr]
    assert directory.gemeente("Sudwest Fryslan").name == "Súdwest-Fryslân"  # type: ignore[union-attr]
    assert directory.gemeente("Atlantis") is None
    assert directory.region_for_gemeente("Atlantis") is None
    assert directory.gemeente_for_pc4("5038").name == "Tilburg"  # type: ignore[union-attr]
    assert directory.gemeente_for_pc4("1099") is None
    assert directory.is_border_pc4("9299") and not directory.is_border_pc4("5038")
    # Moved to Midden-Brabant on 1 August 2025 (shared README, applied change).
    assert directory.region_for_gemeente("Alphen-Chaam").code == "RMC 35"  # type: ignore[union-attr]
    assert directory.region_for_gemeente("Baarle-Nassau").code == "RMC 35"  # type: ignore[union-attr]


def test_region_without_details_has_empty_fields(directory: RegionDirectory) -> None:
    walcheren = directory.region("RMC 32")
    assert (walcheren.website, walcheren.phone, walcheren.email) == ("", "", "")
    assert not walcheren.has_contact_details
    assert walcheren.display_name == "Doorstroompunt Walcheren"


def test_yaml_contacts_are_exactly_the_csv_values(directory: RegionDirectory) -> None:
    with (DEFAULT_DATA_DIR / "doorstroompunt-contacts.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["region_code"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {region.code for region in directory.regions()}
    for region in directory.regions():
        row = rows[region.code]
        assert region.name == row["region_name"]
        for field in ("public_name", "contactgemeente", "website", "phone", "email"):
            assert getattr(region, field) == row[field], (region.code, field)


def test_loading_is_fast_and_cached() -> None:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        RegionDirectory.load()
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.3
    assert load_directory() is load_directory()


# --- broken copies


def test_gemeente_in_no_region_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunt-regions.csv", "Tilburg,GM0855,RMC 35,", "Tilburg,GM0855,,")
    with pytest.raises(RegionDataError, match="Tilburg is in no region"):
        RegionDirectory.load(data_copy)


def test_gemeente_in_two_regions_is_refused(data_copy: Path) -> None:
    _append(data_copy / "doorstroompunt-regions.csv", "Tilburg,GM0855,RMC 34,West-Brabant,,test")
    with pytest.raises(RegionDataError, match="exactly one region"):
        RegionDirectory.load(data_copy)


def test_pc4_pointing_to_unknown_gemeente_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "pc4-gemeente.csv", "5038,Tilburg,GM0855", "5038,Tilbourg,GM0855")
    with pytest.raises(RegionDataError, match="unknown gemeente 'Tilbourg'"):
        RegionDirectory.load(data_copy)


def test_pc4_with_other_cbs_code_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "pc4-gemeente.csv", "5038,Tilburg,GM0855", "5038,Tilburg,GM0796")
    with pytest.raises(RegionDataError, match="cbs_code"):
        RegionDirectory.load(data_copy)


def test_woonplaats_pointing_to_unknown_gemeente_is_refused(data_copy: Path) -> None:
    _append(data_copy / "woonplaats-gemeente.csv", "Nergenshuizen,Nergens")
    with pytest.raises(RegionDataError, match="unknown gemeente 'Nergens'"):
        RegionDirectory.load(data_copy)


def test_unknown_region_code_in_yaml_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", 'code: "RMC 41"', 'code: "RMC 99"')
    with pytest.raises(RegionDataError, match=r"unknown region code\(s\) \['RMC 99'\]"):
        RegionDirectory.load(data_copy)


def test_region_missing_from_yaml_is_refused(data_copy: Path) -> None:
    path = data_copy / "doorstroompunten.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('  - code: "RMC 41"')], encoding="utf-8")
    with pytest.raises(RegionDataError, match=r"no entry for region\(s\) \['RMC 41'\]"):
        RegionDirectory.load(data_copy)


def test_region_twice_in_yaml_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", 'code: "RMC 41"', 'code: "RMC 40"')
    with pytest.raises(RegionDataError, match="appears twice"):
        RegionDirectory.load(data_copy)


def test_yaml_entry_under_wrong_code_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", 'name: "Arnhem"', 'name: "Rijk van Nijmegen"')
    with pytest.raises(RegionDataError, match="wrong code"):
        RegionDirectory.load(data_copy)


def test_contactgemeente_outside_region_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", 'contactgemeente: "Tilburg"', 'contactgemeente: "Breda"')
    with pytest.raises(RegionDataError, match="Breda lies in RMC 34"):
        RegionDirectory.load(data_copy)


def test_misspelt_yaml_key_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", "    notify:\n", "    notfy:\n")
    with pytest.raises(RegionDataError, match="unknown key"):
        RegionDirectory.load(data_copy)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("email", "not-an-address", "not an e-mail address"),
        ("telegram", "my group", "not a Telegram chat id"),
        ("webhook", "http://hooks.example.nl/x", "must start with https://"),
    ],
)
def test_bad_notify_targets_are_refused(data_copy: Path, kind: str, value: str, message: str) -> None:
    _replace_in(data_copy / "doorstroompunten.yml", f"      {kind}: []", f'      {kind}: ["{value}"]')
    with pytest.raises(RegionDataError, match=message):
        RegionDirectory.load(data_copy)


def test_border_pc4_must_exist(data_copy: Path) -> None:
    _append(data_copy / "pc4-border.csv", "1099,dropped postcode")
    with pytest.raises(RegionDataError, match="1099"):
        RegionDirectory.load(data_copy)


# --- init-contacts


def test_init_contacts_renders_the_committed_file_and_it_loads(data_copy: Path) -> None:
    (data_copy / "doorstroompunten.yml").unlink()
    path = write_contacts_yaml(data_copy)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Doorstroompunten:")
    assert text.count("  - code: ") == 40
    assert len(RegionDirectory.load(data_copy, environ={}).regions()) == 40
    fresh = render_contacts_yaml(data_copy / "doorstroompunt-contacts.csv")
    committed = (DEFAULT_DATA_DIR / "doorstroompunten.yml").read_text(encoding="utf-8")
    without_date = lambda text: "\n".join(l for l in text.splitlines() if not l.startswith("# Generated on"))  # noqa: E731
    assert without_date(fresh) == without_date(committed), "doorstroompunten.yml was edited; fine, but update this test"
    for field in CONTACT_FIELDS:
        assert f"    {field}: " in text


def test_init_contacts_refuses_to_overwrite_without_force(data_copy: Path) -> None:
    target = data_copy / "doorstroompunten.yml"
    target.write_text("# operator edits\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="--force"):
        write_contacts_yaml(data_copy)
    assert target.read_text(encoding="utf-8") == "# operator edits\n"
    write_contacts_yaml(data_copy, force=True)
    assert target.read_text(encoding="utf-8").startswith("# Doorstroompunten:")


def test_cli_init_contacts_leaves_existing_file_alone(capsys: pytest.CaptureFixture[str]) -> None:
    before = (DEFAULT_DATA_DIR / "doorstroompunten.yml").read_bytes()
    assert main(["regions", "init-contacts"]) == 1
    assert "--force" in capsys.readouterr().err
    assert (DEFAULT_DATA_DIR / "doorstroompunten.yml").read_bytes() == before


def test_cli_check_passes_on_the_real_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions", "check"]) == 0
    assert "OK: 342 gemeenten in 40 regions" in capsys.readouterr().out

"""`${NAME}` in notify targets: expanded from the environment at load time, loud when missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.notify.targets import NotifyTarget, TargetKind
from bot.regions import RegionDataError, RegionDirectory

SECRET_URL = "https://hooks.example.nl/doorstroompunt?token=s3cr3t"


def _set_notify(data_dir: Path, code: str, kind: str, values: str) -> None:
    path = data_dir / "doorstroompunten.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f'  - code: "{code}"\n')
    position = text.index(f"      {kind}: []", start)
    path.write_text(text[:position] + f"      {kind}: {values}" + text[position + len(f"      {kind}: []") :], encoding="utf-8")


def test_set_variables_are_expanded(data_copy: Path) -> None:
    _set_notify(data_copy, "RMC 35", "webhook", '["${RMC35_WEBHOOK}"]')
    _set_notify(data_copy, "RMC 35", "email", '["${RMC35_MAIL}", "team@example.nl"]')
    _set_notify(data_copy, "RMC 35", "telegram", '["${RMC35_CHAT}", -1001]')
    environ = {"RMC35_WEBHOOK": SECRET_URL, "RMC35_MAIL": "a@example.nl, b@example.nl", "RMC35_CHAT": "-1002"}

    region = RegionDirectory.load(data_copy, environ=environ).region("RMC 35")

    assert region.notify_targets == [
        NotifyTarget(TargetKind.EMAIL, "a@example.nl"),
        NotifyTarget(TargetKind.EMAIL, "b@example.nl"),
        NotifyTarget(TargetKind.EMAIL, "team@example.nl"),
        NotifyTarget(TargetKind.TELEGRAM, "-1002"),
        NotifyTarget(TargetKind.TELEGRAM, "-1001"),
        NotifyTarget(TargetKind.WEBHOOK, SECRET_URL),
    ]


def test_variable_inside_a_value_is_expanded(data_copy: Path) -> None:
    _set_notify(data_copy, "RMC 7", "webhook", '["https://hooks.example.nl/${HOOK_PATH}"]')
    region = RegionDirectory.load(data_copy, environ={"HOOK_PATH": "abc"}).region("RMC 7")
    assert region.notify_targets == [NotifyTarget(TargetKind.WEBHOOK, "https://hooks.example.nl/abc")]


@pytest.mark.parametrize("environ", [{}, {"RMC35_WEBHOOK": "  "}], ids=["missing", "empty"])
def test_missing_variable_fails_loudly(data_copy: Path, environ: dict[str, str]) -> None:
    _set_notify(data_copy, "RMC 35", "webhook", '["${RMC35_WEBHOOK}"]')
    with pytest.raises(RegionDataError, match=r"RMC 35.*environment variable RMC35_WEBHOOK is not set"):
        RegionDirectory.load(data_copy, environ=environ)


def test_errors_do_not_print_an_expanded_secret(data_copy: Path) -> None:
    _set_notify(data_copy, "RMC 35", "webhook", '["${RMC35_WEBHOOK}"]')
    with pytest.raises(RegionDataError) as error:
        RegionDirectory.load(data_copy, environ={"RMC35_WEBHOOK": "http://hooks.example.nl/?token=s3cr3t"})
    assert "s3cr3t" not in str(error.value)


def test_process_environment_is_the_default(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _set_notify(data_copy, "RMC 35", "email", '["${RMC35_MAIL}"]')
    monkeypatch.setenv("RMC35_MAIL", "team@example.nl")
    region = RegionDirectory.load(data_copy).region("RMC 35")
    assert region.notify_targets == [NotifyTarget(TargetKind.EMAIL, "team@example.nl")]
    monkeypatch.delenv("RMC35_MAIL")
    with pytest.raises(RegionDataError, match="RMC35_MAIL"):
        RegionDirectory.load(data_copy)

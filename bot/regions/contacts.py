"""doorstroompunten.yml: public contact details and notification targets per region.

The YAML is edited by operators, so loading is strict: unknown keys, bad addresses and
missing environment variables stop the bot at start-up instead of losing a handoff later.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.notify.targets import NotifyTarget, TargetKind
from bot.regions.errors import RegionDataError

CONTACTS_YAML = "doorstroompunten.yml"
CONTACTS_CSV = "doorstroompunt-contacts.csv"

CONTACT_FIELDS = ("public_name", "contactgemeente", "website", "phone", "email", "source")
_ENTRY_KEYS = {"code", "name", *CONTACT_FIELDS, "notify"}
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LIST_SEPARATORS = re.compile(r"[,;\s]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TELEGRAM_CHAT = re.compile(r"^(?:-?\d+|@[A-Za-z][A-Za-z0-9_]{4,})$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RegionContact:
    code: str
    name: str
    public_name: str
    contactgemeente: str
    website: str
    phone: str
    email: str
    source: str
    notify_targets: tuple[NotifyTarget, ...]


def load_contacts(path: Path, environ: Mapping[str, str] | None = None) -> dict[str, RegionContact]:
    """Region code -> contact entry, with `${NAME}` in notify values expanded from `environ`."""
    # Operators choose the variable names, so they cannot be fields of bot.config.Settings.
    environ = os.environ if environ is None else environ
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise RegionDataError(f"{path}: cannot read: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("regions"), list):
        raise RegionDataError(f"{path}: expected a top-level 'regions:' list")

    contacts: dict[str, RegionContact] = {}
    for position, entry in enumerate(document["regions"], start=1):
        contact = _parse_entry(entry, f"{path}: entry {position}", environ)
        if contact.code in contacts:
            raise RegionDataError(f"{path}: region {contact.code!r} appears twice")
        contacts[contact.code] = contact
    return contacts


def _parse_entry(entry: Any, where: str, environ: Mapping[str, str]) -> RegionContact:
    if not isinstance(entry, dict):
        raise RegionDataError(f"{where}: expected a mapping with code, name, ...")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise RegionDataError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_ENTRY_KEYS)}")
    code = _text(entry.get("code"), f"{where}: code")
    if not code:
        raise RegionDataError(f"{where}: 'code' is missing")
    where = f"{where} ({code})"
    name = _text(entry.get("name"), f"{where}: name")
    fields = {field: _text(entry.get(field), f"{where}: {field}") for field in CONTACT_FIELDS}
    targets = _parse_notify(entry.get("notify"), where, environ)
    return RegionContact(code=code, name=name, notify_targets=targets, **fields)


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip()
    raise RegionDataError(f"{where}: expected text, got {type(value).__name__}")


def _parse_notify(notify: Any, where: str, environ: Mapping[str, str]) -> tuple[NotifyTarget, ...]:
    if notify is None:
        return ()
    if not isinstance(notify, dict):
        raise RegionDataError(f"{where}: 'notify' must be a mapping with email/telegram/webhook lists")
    kinds = {kind.value: kind for kind in TargetKind}
    unknown = set(notify) - set(kinds)
    if unknown:
        raise RegionDataError(f"{where}: unknown notify key(s) {sorted(unknown)}; allowed: {sorted(kinds)}")
    targets: list[NotifyTarget] = []
    for key, kind in kinds.items():
        values = notify.get(key) or []
        if not isinstance(values, list):
            raise RegionDataError(f"{where}: notify.{key} must be a list, e.g. {key}: []")
        for raw in values:
            text = _expand_env(_text(raw, f"{where}: notify.{key}"), f"{where}: notify.{key}", environ)
            # One variable may hold a list; a URL is kept whole because it may contain commas.
            parts = [text] if kind is TargetKind.WEBHOOK else _LIST_SEPARATORS.split(text)
            for address in filter(None, (part.strip() for part in parts)):
                _check_address(kind, address, f"{where}: notify.{key}")
                targets.append(NotifyTarget(kind, address))
    return tuple(dict.fromkeys(targets))


def _expand_env(value: str, where: str, environ: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        expanded = environ.get(name, "").strip()
        if not expanded:
            raise RegionDataError(f"{where}: environment variable {name} is not set (used as ${{{name}}})")
        return expanded

    return _ENV_REFERENCE.sub(replace, value)


def _check_address(kind: TargetKind, address: str, where: str) -> None:
    # Values are reported without the address: an expanded webhook URL may contain a secret.
    if kind is TargetKind.EMAIL and not _EMAIL.match(address):
        raise RegionDataError(f"{where}: {address!r} is not an e-mail address")
    if kind is TargetKind.TELEGRAM and not _TELEGRAM_CHAT.match(address):
        raise RegionDataError(f"{where}: {address!r} is not a Telegram chat id (a number, or @channelname)")
    if kind is TargetKind.WEBHOOK:
        parts = urlsplit(address)
        local_http = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
        if not parts.hostname or not (parts.scheme == "https" or local_http):
            raise RegionDataError(f"{where}: webhook URLs must start with https:// (http only for localhost)")


# --- generating the file once from the researched CSV -------------------------------------------

_HEADER = """\
# Doorstroompunten: public contact details and counsellor notification targets,
# one entry per Doorstroompunt region (formerly RMC region).
# Generated on {date} by `python -m bot regions init-contacts` from doorstroompunt-contacts.csv;
# from now on this file is the one to edit (the CSV stays as the research record).
# The bot validates this file at start-up and will not start when it is wrong.
# Run `python -m bot regions check` after every edit.
#
# How to edit
# - Do not add, remove or renumber regions: `code` and `name` must match
#   doorstroompunt-regions.csv.
# - public_name, contactgemeente, website, phone, email: public details of the service only
#   (an office number, a team mailbox). Never a counsellor's own name, phone number or address.
#   Leave a value "" when unknown; the bot then tells the student to contact "je gemeente".
# - contactgemeente: a gemeente of this region, spelled as in doorstroompunt-regions.csv.
# - source: the page(s) the values come from, separated by " ; ". Update it with the values.
#   The "# checked:" comments are the research notes from the CSV (age of each value).
# - notify: where handoff notifications for this region go (all lists may stay empty; the
#   catch-all NOTIFY_EMAIL_TO / NOTIFY_WEBHOOK_URL from the environment always receive them):
#     email:    team mailboxes            email: ["doorstroompunt@gemeente.example"]
#     telegram: Telegram chat ids         telegram: ["-1001234567890"]   (groups are negative)
#     webhook:  HTTPS URLs (JSON POST)    webhook: ["${{RMC35_WEBHOOK_URL}}"]
#   Write ${{NAME}} to read a value from environment variable NAME at start-up, so secrets
#   such as webhook tokens stay out of git. A missing or empty variable stops the bot.
#   For email and telegram one variable may hold several values separated by commas.
# - Put every text value in double quotes.

regions:
"""


def render_contacts_yaml(csv_path: Path, today: dt.date | None = None) -> str:
    """The initial doorstroompunten.yml for the rows of doorstroompunt-contacts.csv."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = [_HEADER.format(date=(today or dt.date.today()).isoformat())]
    for row in rows:
        lines.append(f"  - code: {_quote(row['region_code'])}")
        lines.append(f"    name: {_quote(row['region_name'])}")
        for field in CONTACT_FIELDS:
            lines.append(f"    {field}: {_quote(row.get(field, ''))}")
        note = " ".join((row.get("checked_note") or "").split())
        for number, wrapped in enumerate(textwrap.wrap(note, width=90)):
            lines.append(f"    # {'checked:' if number == 0 else '        '} {wrapped}")
        lines.append("    notify:")
        lines.append("      email: []")
        lines.append("      telegram: []")
        lines.append("      webhook: []")
        lines.append("")
    return "\n".join(lines)


def _quote(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar and keeps the CSV text exactly.
    return json.dumps(value, ensure_ascii=False)


def write_contacts_yaml(data_dir: Path, force: bool = False) -> Path:
    target = data_dir / CONTACTS_YAML
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; operators may have edited it. Use --force to overwrite.")
    target.write_text(render_contacts_yaml(data_dir / CONTACTS_CSV), encoding="utf-8")
    return target

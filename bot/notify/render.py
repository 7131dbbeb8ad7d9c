"""The text a counsellor receives: what they need to act on a handoff, and nothing more.

No conversation transcript and no sender id: the student agreed to share these fields only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CLOSE_COMMAND = "python -m bot handoffs close {reference}"
REPLY_COMMAND = 'python -m bot handoffs reply {reference} "je bericht"'

try:
    DUTCH_TIME: timezone | ZoneInfo = ZoneInfo("Europe/Amsterdam")
    DUTCH_TIME_LABEL = "Nederlandse tijd"
except ZoneInfoNotFoundError:  # pragma: no cover - images without tzdata
    DUTCH_TIME = timezone.utc
    DUTCH_TIME_LABEL = "UTC"


class HandoffFields(Protocol):
    """What rendering reads; a `Handoff` row or the dispatcher's detached copy both fit."""

    reference: str
    region_code: str
    gemeente: Optional[str]
    age: Optional[int]
    contact_method: str
    contact_value: Optional[str]
    message: Optional[str]
    created_at: datetime


@dataclass(frozen=True)
class RenderedNotification:
    subject: str
    text: str
    reference: str
    region: str

    def webhook_payload(self) -> dict[str, str]:
        # "text" is what Slack, Mattermost and Teams-style incoming webhooks display.
        return {"text": self.text, "reference": self.reference, "region": self.region}


def format_phone(e164: str) -> str:
    """+31612345678 → "06 12345678 (+31612345678)", so it can be dialled from any phone."""
    if e164.startswith("+31") and len(e164) == 12:
        national = "0" + e164[3:]
        spaced = f"{national[:2]} {national[2:]}" if national.startswith("06") else national
        return f"{spaced} ({e164})"
    return e164


def _contact_line(fields: HandoffFields) -> str:
    if fields.contact_method == "phone":
        return f"Contact: telefoon, {format_phone(fields.contact_value or '')}"
    if fields.contact_method == "email":
        return f"Contact: e-mail, {fields.contact_value}"
    if fields.contact_value:
        return f"Contact: Telegram, {fields.contact_value}"
    return "Contact: Telegram, een bericht in de Stapwijzer-chat (geen gebruikersnaam gegeven)"


def _region_label(region_code: str, region_name: Optional[str]) -> str:
    return f"{region_code} ({region_name})" if region_name else region_code


def render_notification(
    fields: HandoffFields, region_name: Optional[str] = None
) -> RenderedNotification:
    created = fields.created_at.astimezone(DUTCH_TIME).strftime("%d-%m-%Y %H:%M")
    student_message = (fields.message or "").strip()
    lines = [
        "Nieuwe aanvraag via Stapwijzer (chatbot).",
        "Een jongere wil contact met een coach van het Doorstroompunt.",
        "De jongere gaf toestemming om deze gegevens te delen.",
        "",
        f"Referentie: {fields.reference}",
        f"Regio: {_region_label(fields.region_code, region_name)}",
        f"Gemeente: {fields.gemeente or 'niet gegeven'}",
        f"Leeftijd: {fields.age if fields.age is not None else 'niet gegeven'}",
        _contact_line(fields),
        f"Aangemaakt: {created} ({DUTCH_TIME_LABEL})",
        "",
    ]
    if student_message:
        lines += ["Bericht van de jongere:", student_message, ""]
    else:
        lines += ["Bericht van de jongere: geen", ""]
    if fields.contact_method == "telegram" and not fields.contact_value:
        lines += [
            "Stuur de jongere een bericht in de Stapwijzer-chat (zet er je telefoon of e-mail in):",
            REPLY_COMMAND.format(reference=fields.reference),
            "",
        ]
    lines += [
        "Neem contact op met de jongere. Sluit de aanvraag daarna af met:",
        CLOSE_COMMAND.format(reference=fields.reference),
        "",
        "Bewaar deze gegevens niet langer dan nodig.",
    ]
    return RenderedNotification(
        subject=f"Stapwijzer: nieuwe aanvraag {fields.reference} ({fields.region_code})",
        text="\n".join(lines),
        reference=fields.reference,
        region=fields.region_code,
    )

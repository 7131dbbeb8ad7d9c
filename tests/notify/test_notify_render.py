"""The counsellor's text: enough to act, nothing more."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.notify.dispatcher import HandoffCopy
from bot.notify.render import format_phone, render_notification


def handoff(**overrides) -> HandoffCopy:  # type: ignore[no-untyped-def]
    fields = dict(
        reference="SW-7K3F9A", region_code="RMC 7", gemeente="Assen", age=17,
        contact_method="phone", contact_value="+31612345678",
        message="Ik wil stoppen, maar weet niet wat dan.",
        created_at=datetime(2026, 11, 28, 13, 5, tzinfo=timezone.utc),
    )
    fields.update(overrides)
    return HandoffCopy(**fields)  # type: ignore[arg-type]


def test_text_has_what_a_counsellor_needs() -> None:
    rendered = render_notification(handoff(), region_name="Noord- en Midden Drenthe")
    text = rendered.text
    for expected in (
        "SW-7K3F9A",
        "Regio: RMC 7 (Noord- en Midden Drenthe)",
        "Gemeente: Assen",
        "Leeftijd: 17",
        "Contact: telefoon, 06 12345678 (+31612345678)",
        "Ik wil stoppen, maar weet niet wat dan.",
        "28-11-2026 14:05 (Nederlandse tijd)",  # 13:05 UTC is 14:05 in winter
        "python -m bot handoffs close SW-7K3F9A",
        "toestemming",
    ):
        assert expected in text, expected
    assert rendered.subject == "Stapwijzer: nieuwe aanvraag SW-7K3F9A (RMC 7)"
    assert rendered.webhook_payload() == {"text": text, "reference": "SW-7K3F9A", "region": "RMC 7"}


def test_missing_fields_are_named_not_blank() -> None:
    text = render_notification(handoff(gemeente=None, age=None, message=None)).text
    assert "Gemeente: niet gegeven" in text
    assert "Leeftijd: niet gegeven" in text
    assert "Bericht van de jongere: geen" in text
    assert "Regio: RMC 7\n" in text


def test_contact_lines_per_method() -> None:
    email = render_notification(handoff(contact_method="email", contact_value="a@b.nl")).text
    assert "Contact: e-mail, a@b.nl" in email
    username = render_notification(handoff(contact_method="telegram", contact_value="@sanne_17")).text
    assert "Contact: Telegram, @sanne_17" in username
    chat_only = render_notification(handoff(contact_method="telegram", contact_value=None)).text
    assert "Contact: Telegram, een bericht in de Stapwijzer-chat" in chat_only
    assert f'handoffs reply {handoff().reference} "je bericht"' in chat_only
    assert "handoffs reply" not in username and "handoffs reply" not in email


def test_landline_format() -> None:
    assert format_phone("+31201234567") == "0201234567 (+31201234567)"
    assert format_phone("+3220000000") == "+3220000000"


def test_no_sender_id_or_transcript_fields_exist() -> None:
    # The renderer only gets HandoffCopy, which has no sender id and no conversation.
    assert "sender_id" not in HandoffCopy.__dataclass_fields__
    assert set(HandoffCopy.__dataclass_fields__) == {
        "reference", "region_code", "gemeente", "age", "contact_method", "contact_value", "message", "created_at",
    }

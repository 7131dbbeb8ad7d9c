"""Handoff storage on real SQLite and PostgreSQL: atomic create, list/close, retention, deletion."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import bot.handoffs.service as service_module
from bot.handoffs.models import Handoff, utc_now
from bot.handoffs.service import (
    NoNotifyTargets,
    close_handoff,
    create_handoff,
    delete_for_sender,
    get_handoff,
    list_handoffs,
    purge_closed,
)
from bot.notify.targets import NotifyTarget, TargetKind
from support.databases import count_rows

REGION_TARGETS = [
    NotifyTarget(TargetKind.EMAIL, "coach@doorstroompunt.test"),
    NotifyTarget(TargetKind.TELEGRAM, "-1001234567"),
    NotifyTarget(TargetKind.WEBHOOK, "https://hooks.test/secret"),
]


def make_handoff(session, **overrides):  # type: ignore[no-untyped-def]
    fields = dict(
        sender_id="sender-a",
        channel="telegram",
        region_code="RMC 7",
        gemeente="Assen",
        age=17,
        contact_method="phone",
        contact_value="06 12345678",
        message="Ik wil stoppen met mijn opleiding.",
        targets=REGION_TARGETS,
    )
    fields.update(overrides)
    return create_handoff(session, **fields)


def test_create_stores_handoff_and_one_outbox_row_per_distinct_target(session, engine) -> None:
    duplicate_targets = REGION_TARGETS + [
        NotifyTarget(TargetKind.EMAIL, "Coach@Doorstroompunt.test"),  # same inbox, other case
        NotifyTarget(TargetKind.WEBHOOK, "https://hooks.test/secret "),
    ]
    handoff = make_handoff(session, targets=duplicate_targets)

    assert handoff.reference.startswith("SW-") and handoff.status == "open"
    assert handoff.contact_value == "+31612345678"
    assert count_rows(engine, "handoffs") == 1
    rows = count_rows(engine, "handoff_notifications", "handoff_id = :id AND status = 'pending' AND attempts = 0", id=handoff.id)
    assert rows == 3
    kinds = sorted(n.target_kind for n in handoff.notifications)
    assert kinds == ["email", "telegram", "webhook"]
    assert all(n.next_attempt_at <= utc_now() for n in handoff.notifications)


def test_telegram_contact_needs_no_value(session) -> None:
    handoff = make_handoff(session, contact_method="telegram", contact_value=None, age=None, gemeente=None)
    assert handoff.contact_value is None and handoff.age is None and handoff.gemeente is None


class BogusKind(str, Enum):
    FAX = "fax"


def test_a_failing_outbox_insert_leaves_nothing(session, engine) -> None:
    # The handoff row is inserted first; the outbox row then breaks a CHECK constraint in the
    # database itself. Everything must roll back: no handoff without its notifications.
    targets = [REGION_TARGETS[0], NotifyTarget(BogusKind.FAX, "0201234567")]  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        make_handoff(session, targets=targets)
    assert count_rows(engine, "handoffs") == 0
    assert count_rows(engine, "handoff_notifications") == 0


def test_invalid_input_or_no_targets_writes_nothing(session, engine) -> None:
    with pytest.raises(ValueError, match="telefoonnummer|nummer"):
        make_handoff(session, contact_value="12")
    with pytest.raises(NoNotifyTargets):
        make_handoff(session, targets=[])
    with pytest.raises(ValueError):
        make_handoff(session, message="x" * 501)
    assert count_rows(engine, "handoffs") == 0


def test_reference_collision_is_retried(session, monkeypatch) -> None:
    first = make_handoff(session)
    codes = iter([first.reference, "SW-ZZZZZZ"])
    monkeypatch.setattr(service_module, "new_reference", lambda: next(codes))
    second = make_handoff(session, sender_id="sender-b")
    assert second.reference == "SW-ZZZZZZ"
    assert len(second.notifications) == 3


def test_list_filters_by_status_and_region(session) -> None:
    a = make_handoff(session, region_code="RMC 7")
    b = make_handoff(session, region_code="RMC 21")
    c = make_handoff(session, region_code="RMC 7")
    close_handoff(session, c.reference)

    assert [h.reference for h in list_handoffs(session)] == [b.reference, a.reference]
    assert [h.reference for h in list_handoffs(session, region_code="RMC 7")] == [a.reference]
    assert [h.reference for h in list_handoffs(session, status="closed")] == [c.reference]
    assert len(list_handoffs(session, status="all")) == 3
    with pytest.raises(ValueError):
        list_handoffs(session, status="weird")


def test_get_and_close_accept_loosely_typed_references(session) -> None:
    handoff = make_handoff(session)
    typed = handoff.reference.lower().replace("-", " ")
    assert get_handoff(session, typed).id == handoff.id  # type: ignore[union-attr]

    closed = close_handoff(session, typed)
    assert closed is not None and closed.status == "closed" and closed.closed_at is not None
    first_closed_at = closed.closed_at
    again = close_handoff(session, handoff.reference)
    assert again is not None and again.closed_at == first_closed_at  # idempotent
    assert close_handoff(session, "SW-ZZZZZZ") is None


def test_purge_deletes_only_old_closed_handoffs(session, engine) -> None:
    now = utc_now()
    old_closed = make_handoff(session, sender_id="old-closed")
    recent_closed = make_handoff(session, sender_id="recent-closed")
    old_open = make_handoff(session, sender_id="old-open", now=now - timedelta(days=400))
    close_handoff(session, old_closed.reference, now=now - timedelta(days=91))
    close_handoff(session, recent_closed.reference, now=now - timedelta(days=89))

    assert purge_closed(session, 90, now=now) == 1

    remaining = {h.sender_id for h in session.execute(text("SELECT sender_id FROM handoffs")).all()}
    assert remaining == {"recent-closed", "old-open"}
    assert count_rows(engine, "handoff_notifications", "handoff_id = :id", id=old_closed.id) == 0
    assert count_rows(engine, "handoff_notifications") == 6
    assert old_open.status == "open"


def test_purge_defaults_to_the_retention_setting(session, monkeypatch) -> None:
    monkeypatch.setenv("HANDOFF_RETENTION_DAYS", "10")
    handoff = make_handoff(session)
    close_handoff(session, handoff.reference, now=utc_now() - timedelta(days=11))
    assert purge_closed(session) == 1


def test_delete_for_sender_leaves_zero_rows_for_that_sender(session, engine) -> None:
    mine = [make_handoff(session, sender_id="sender-me") for _ in range(3)]
    close_handoff(session, mine[0].reference)
    other = make_handoff(session, sender_id="sender-other")
    mine_ids = ", ".join(str(h.id) for h in mine)

    assert count_rows(engine, "handoffs", "sender_id = 'sender-me'") == 3
    assert count_rows(engine, "handoff_notifications", f"handoff_id IN ({mine_ids})") == 9

    assert delete_for_sender(session, "sender-me") == 3

    assert count_rows(engine, "handoffs", "sender_id = 'sender-me'") == 0
    assert count_rows(engine, "handoff_notifications", f"handoff_id IN ({mine_ids})") == 0
    assert count_rows(engine, "handoffs", "sender_id = 'sender-other'") == 1
    assert count_rows(engine, "handoff_notifications", "handoff_id = :id", id=other.id) == 3
    assert delete_for_sender(session, "sender-me") == 0


def test_database_cascades_notifications_on_delete(session, engine) -> None:
    handoff = make_handoff(session)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM handoffs WHERE id = :id"), {"id": handoff.id})
    assert count_rows(engine, "handoff_notifications") == 0


def test_repr_has_no_personal_data(session) -> None:
    handoff = make_handoff(session)
    assert "0612345678" not in repr(handoff) and "sender-a" not in repr(handoff)
    assert isinstance(handoff, Handoff)

"""Operator actions on the notification outbox that the dispatcher itself never takes."""

from __future__ import annotations

from datetime import datetime
from typing import Optional, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.handoffs.models import NOTIFICATION_FAILED, NOTIFICATION_PENDING, Handoff, Notification, utc_now
from bot.handoffs.reference import parse_reference


def requeue_failed(
    session: Session, references: Optional[Sequence[str]] = None, *, now: Optional[datetime] = None
) -> int:
    """Give `failed` notifications (of these handoff references, or all) a new round of retries.

    Returns how many were queued again; ValueError for a malformed reference.

    Resetting `attempts` restarts the retry budget. It is also the claim version, which is
    safe to reset here: a failed row has no delivery in flight, because every send ends
    within the dispatcher's send timeout, long before its lease (and so its version) expires.
    """
    condition = Notification.status == NOTIFICATION_FAILED
    if references is not None:
        wanted = select(Handoff.id).where(Handoff.reference.in_([parse_reference(ref) for ref in references]))
        condition = condition & Notification.handoff_id.in_(wanted)
    result = session.execute(
        update(Notification)
        .where(condition)
        .values(status=NOTIFICATION_PENDING, attempts=0, next_attempt_at=now or utc_now(), lease_until=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return int(result.rowcount)

"""Create, find, close and delete handoffs. No Rasa here: the form's action calls these.

Every function that writes is one transaction and commits the session it is given.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Iterable, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.config import load_settings
from bot.handoffs.models import (
    CONTACT_EMAIL,
    CONTACT_METHODS,
    CONTACT_PHONE,
    CONTACT_TELEGRAM,
    HANDOFF_CLOSED,
    HANDOFF_OPEN,
    HANDOFF_STATUSES,
    NOTIFICATION_PENDING,
    Handoff,
    Notification,
    utc_now,
)
from bot.handoffs.reference import new_reference, parse_reference
from bot.handoffs.validation import (
    check_age,
    clean_message,
    normalise_email,
    normalise_phone,
    normalise_telegram_username,
)
from bot.notify.targets import NotifyTarget

__all__ = [
    "NoNotifyTargets",
    "close_handoff",
    "count_open_older_than",
    "create_handoff",
    "delete_for_sender",
    "distinct_targets",
    "get_handoff",
    "list_handoffs",
    "normalise_contact",
    "normalise_email",
    "normalise_phone",
    "purge_closed",
]

_REFERENCE_ATTEMPTS = 5


class NoNotifyTargets(ValueError):
    """Nobody would be told about the handoff; the caller should show the region's contacts."""


def normalise_contact(contact_method: str, contact_value: Optional[str]) -> Optional[str]:
    if contact_method == CONTACT_PHONE:
        return normalise_phone(contact_value or "")
    if contact_method == CONTACT_EMAIL:
        return normalise_email(contact_value or "")
    if contact_method == CONTACT_TELEGRAM:
        return normalise_telegram_username(contact_value)
    raise ValueError(f"unknown contact method {contact_method!r}; expected one of {CONTACT_METHODS}")


def _kind_value(target: NotifyTarget) -> str:
    return target.kind.value if isinstance(target.kind, Enum) else str(target.kind)


def distinct_targets(targets: Iterable[NotifyTarget]) -> list[NotifyTarget]:
    """Drop repeats (a region inbox that is also the catch-all address gets one mail)."""
    seen: set[tuple[str, str]] = set()
    result: list[NotifyTarget] = []
    for target in targets:
        kind = _kind_value(target)
        address = target.address.strip()
        key = (kind, address.lower() if kind == "email" else address)
        if address and key not in seen:
            seen.add(key)
            result.append(target)
    return result


def create_handoff(
    session: Session,
    *,
    sender_id: str,
    channel: str,
    region_code: str,
    gemeente: Optional[str],
    age: Optional[int],
    contact_method: str,
    contact_value: Optional[str],
    message: Optional[str],
    targets: list[NotifyTarget],
    now: Optional[datetime] = None,
) -> Handoff:
    """Store the handoff and one pending notification per distinct target, atomically.

    Raises ValueError (Dutch message) for bad contact details, NoNotifyTargets when `targets`
    is empty, and lets database errors through after rolling everything back.
    """
    contact_value = normalise_contact(contact_method, contact_value)
    message = clean_message(message)
    age = check_age(age)
    if not sender_id or not region_code:
        raise ValueError("sender_id and region_code are required")
    unique_targets = distinct_targets(targets)
    if not unique_targets:
        raise NoNotifyTargets(f"no notify targets for region {region_code}")
    now = now or utc_now()

    for _ in range(_REFERENCE_ATTEMPTS):
        reference = new_reference()
        handoff = Handoff(
            reference=reference,
            sender_id=sender_id,
            channel=channel,
            region_code=region_code,
            gemeente=(gemeente or "").strip() or None,
            age=age,
            contact_method=contact_method,
            contact_value=contact_value,
            message=message,
            status=HANDOFF_OPEN,
            created_at=now,
        )
        handoff.notifications = [
            Notification(
                target_kind=_kind_value(target),
                target_address=target.address.strip(),
                status=NOTIFICATION_PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for target in unique_targets
        ]
        session.add(handoff)
        try:
            session.commit()
            return handoff
        except IntegrityError:
            session.rollback()
            if not _reference_taken(session, reference):
                raise
    raise RuntimeError("could not find a free handoff reference")  # pragma: no cover


def _reference_taken(session: Session, reference: str) -> bool:
    found = session.execute(select(Handoff.id).where(Handoff.reference == reference)).first()
    session.rollback()  # end the read transaction we just opened
    return found is not None


def get_handoff(session: Session, reference: str) -> Optional[Handoff]:
    """The handoff with this reference (typed loosely), or None. ValueError if malformed."""
    statement = (
        select(Handoff)
        .where(Handoff.reference == parse_reference(reference))
        .options(selectinload(Handoff.notifications))
    )
    return session.execute(statement).scalar_one_or_none()


def list_handoffs(
    session: Session, *, region_code: Optional[str] = None, status: str = HANDOFF_OPEN
) -> list[Handoff]:
    """Newest first. `status` is open, closed or all."""
    if status not in (*HANDOFF_STATUSES, "all"):
        raise ValueError(f"status must be open, closed or all, not {status!r}")
    statement = select(Handoff).options(selectinload(Handoff.notifications))
    if status != "all":
        statement = statement.where(Handoff.status == status)
    if region_code:
        statement = statement.where(Handoff.region_code == region_code)
    statement = statement.order_by(Handoff.created_at.desc(), Handoff.id.desc())
    return list(session.execute(statement).scalars())


def close_handoff(
    session: Session, reference: str, *, now: Optional[datetime] = None
) -> Optional[Handoff]:
    """Mark as closed (idempotent); None if there is no such handoff."""
    handoff = get_handoff(session, reference)
    if handoff is None:
        session.rollback()
        return None
    if handoff.status != HANDOFF_CLOSED:
        handoff.status = HANDOFF_CLOSED
        handoff.closed_at = now or utc_now()
    session.commit()
    return handoff


def purge_closed(
    session: Session, older_than_days: Optional[int] = None, *, now: Optional[datetime] = None
) -> int:
    """Delete handoffs closed more than N days ago (default HANDOFF_RETENTION_DAYS) and their
    notifications. Open handoffs are never purged. Returns the number of handoffs deleted."""
    days = load_settings().handoff_retention_days if older_than_days is None else older_than_days
    if days < 0:
        raise ValueError("older_than_days must be 0 or more")
    cutoff = (now or utc_now()) - timedelta(days=days)
    condition = (Handoff.status == HANDOFF_CLOSED) & (Handoff.closed_at < cutoff)
    return _delete_handoffs(session, condition)


def count_open_older_than(session: Session, days: int, *, now: Optional[datetime] = None) -> int:
    """Open handoffs created more than `days` ago: requests nobody closed, kept until someone does."""
    cutoff = (now or utc_now()) - timedelta(days=days)
    return int(
        session.execute(
            select(func.count()).select_from(Handoff).where(Handoff.status == HANDOFF_OPEN, Handoff.created_at < cutoff)
        ).scalar_one()
    )


def delete_for_sender(session: Session, sender_id: str) -> int:
    """Delete every handoff of this sender and its notifications (privacy: "delete my data")."""
    if not sender_id:
        raise ValueError("sender_id is required")
    return _delete_handoffs(session, Handoff.sender_id == sender_id)


def _delete_handoffs(session: Session, condition) -> int:  # type: ignore[no-untyped-def]
    # Notifications are deleted explicitly too: ON DELETE CASCADE needs SQLite's foreign_keys
    # pragma, and an engine made elsewhere might not set it.
    matching_ids = select(Handoff.id).where(condition)
    session.execute(
        delete(Notification)
        .where(Notification.handoff_id.in_(matching_ids))
        .execution_options(synchronize_session=False)
    )
    result = session.execute(
        delete(Handoff).where(condition).execution_options(synchronize_session=False)
    )
    session.commit()
    return int(result.rowcount or 0)

"""Tables for handoffs to a Doorstroompunt and the notification outbox behind them.

A `Handoff` holds only what a counsellor needs to reach the student (AVG: minimum data).
Each `Notification` is one delivery to one counsellor target; the dispatcher works through
them, so a handoff is never lost when SMTP, Telegram or a webhook is down.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import relationship
from sqlalchemy.types import TypeDecorator

from bot.storage.db import Base

HANDOFF_OPEN = "open"
HANDOFF_CLOSED = "closed"
HANDOFF_STATUSES = (HANDOFF_OPEN, HANDOFF_CLOSED)

CONTACT_PHONE = "phone"
CONTACT_EMAIL = "email"
CONTACT_TELEGRAM = "telegram"
CONTACT_METHODS = (CONTACT_PHONE, CONTACT_EMAIL, CONTACT_TELEGRAM)

NOTIFICATION_PENDING = "pending"
NOTIFICATION_SENDING = "sending"
NOTIFICATION_SENT = "sent"
NOTIFICATION_FAILED = "failed"
NOTIFICATION_STATUSES = (
    NOTIFICATION_PENDING,
    NOTIFICATION_SENDING,
    NOTIFICATION_SENT,
    NOTIFICATION_FAILED,
)

TARGET_KINDS = ("email", "telegram", "webhook")

MESSAGE_MAX_CHARS = 500
LAST_ERROR_MAX_CHARS = 200


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC.

    SQLite has no time zones and PostgreSQL's `now()` follows the session zone, so every
    timestamp is computed in Python and stored as plain UTC; comparisons then agree everywhere.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Handoff(Base):
    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False)
    sender_id = Column(String(255), nullable=False)  # Rasa sender id: a pseudonym, never shown
    channel = Column(String(32), nullable=False)
    region_code = Column(String(16), nullable=False)
    gemeente = Column(String(100), nullable=True)
    age = Column(Integer, nullable=True)
    contact_method = Column(String(16), nullable=False)
    contact_value = Column(String(255), nullable=True)  # empty for telegram: reply in the chat
    message = Column(String(MESSAGE_MAX_CHARS), nullable=True)
    status = Column(String(8), nullable=False, default=HANDOFF_OPEN)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    closed_at = Column(UtcDateTime, nullable=True)

    notifications = relationship(
        "Notification",
        back_populates="handoff",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Notification.id",
    )

    __table_args__ = (
        UniqueConstraint("reference", name="uq_handoffs_reference"),
        CheckConstraint(_in("status", HANDOFF_STATUSES), name="ck_handoffs_status"),
        CheckConstraint(_in("contact_method", CONTACT_METHODS), name="ck_handoffs_contact_method"),
        CheckConstraint(
            "contact_method = 'telegram' OR contact_value IS NOT NULL",
            name="ck_handoffs_contact_value",
        ),
        CheckConstraint(
            f"message IS NULL OR length(message) <= {MESSAGE_MAX_CHARS}",
            name="ck_handoffs_message_length",
        ),
        # purge_closed: closed handoffs by age; list: open handoffs per region.
        Index("ix_handoffs_status_closed_at", "status", "closed_at"),
        Index("ix_handoffs_region_status", "region_code", "status"),
        Index("ix_handoffs_sender_id", "sender_id"),
    )

    def __repr__(self) -> str:  # no personal data in reprs: they end up in tracebacks
        return f"<Handoff {self.reference} {self.status}>"


class Notification(Base):
    __tablename__ = "handoff_notifications"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(
        Integer, ForeignKey("handoffs.id", ondelete="CASCADE", name="fk_handoff_notifications_handoff"),
        nullable=False,
    )
    target_kind = Column(String(16), nullable=False)
    target_address = Column(String(1000), nullable=False)
    status = Column(String(8), nullable=False, default=NOTIFICATION_PENDING)
    attempts = Column(Integer, nullable=False, default=0)  # doubles as the claim version
    next_attempt_at = Column(UtcDateTime, nullable=False, default=utc_now)
    lease_until = Column(UtcDateTime, nullable=True)
    last_error = Column(String(LAST_ERROR_MAX_CHARS), nullable=True)  # never personal data
    sent_at = Column(UtcDateTime, nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)

    handoff = relationship("Handoff", back_populates="notifications")

    __table_args__ = (
        UniqueConstraint(
            "handoff_id", "target_kind", "target_address", name="uq_handoff_notifications_target"
        ),
        CheckConstraint(_in("status", NOTIFICATION_STATUSES), name="ck_handoff_notifications_status"),
        CheckConstraint(_in("target_kind", TARGET_KINDS), name="ck_handoff_notifications_kind"),
        # The dispatcher asks for "status in (pending, sending) and next_attempt_at <= now".
        Index("ix_handoff_notifications_due", "status", "next_attempt_at"),
        Index("ix_handoff_notifications_handoff_id", "handoff_id"),
    )

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.target_kind} {self.status}>"

"""Works through the notification outbox until every handoff has reached its counsellors.

A row is *due* when it is `pending` and its `next_attempt_at` has passed, or when it is
`sending` and its lease ran out (a dispatcher died mid-delivery). Claiming sets `sending`,
moves `next_attempt_at` to the end of the lease and adds 1 to `attempts`, which doubles as a
version number: a result is only written if `attempts` still matches the claim. So several
dispatchers can run at once and a notification is delivered once. The one gap (inherent to
any outbox): a crash after the channel accepted the message but before `sent` was stored
delivers it again after the lease. Deliveries are bounded by `send_timeout_seconds`, well
inside the lease, so a slow send is not claimed twice.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Mapping, Optional, TypeVar

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.handoffs.models import (
    NOTIFICATION_FAILED,
    NOTIFICATION_PENDING,
    NOTIFICATION_SENDING,
    NOTIFICATION_SENT,
    Handoff,
    Notification,
    utc_now,
)
from bot.notify.channels.base import Channel, DeliveryError
from bot.notify.render import render_notification
from bot.storage.db import session_factory

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

_CLAIM_ROUNDS = 5
_Result = TypeVar("_Result")
RegionNameLookup = Callable[[str], Optional[str]]


@dataclass(frozen=True)
class RetryPolicy:
    base_delay_seconds: float = 30.0
    max_delay_seconds: float = 3600.0
    max_attempts: int = 12  # with the defaults: retries for about 5 hours, then `failed`

    def delay_after(self, attempts: int) -> timedelta:
        """Wait after the `attempts`-th failed try: 30 s, 60 s, 120 s ... capped at 1 h."""
        exponent = min(max(attempts - 1, 0), 32)  # cap the exponent: 2**large overflows floats
        return timedelta(seconds=min(self.base_delay_seconds * 2**exponent, self.max_delay_seconds))


@dataclass(frozen=True)
class DispatcherOptions:
    batch_size: int = 20
    concurrency: int = 5
    lease_seconds: float = 300.0
    send_timeout_seconds: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        if self.send_timeout_seconds >= self.lease_seconds:
            raise ValueError("send_timeout_seconds must be shorter than lease_seconds")


@dataclass(frozen=True)
class HandoffCopy:
    """The handoff fields rendering needs, read while claiming (no lazy loads later)."""

    reference: str
    region_code: str
    gemeente: Optional[str]
    age: Optional[int]
    contact_method: str
    contact_value: Optional[str]
    message: Optional[str]
    created_at: datetime


@dataclass(frozen=True)
class Claim:
    notification_id: int
    attempts: int  # after this claim; the version a result must match
    target_kind: str
    target_address: str
    handoff: HandoffCopy


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # result not stored: lease taken over or handoff deleted meanwhile

    def add(self, other: "DispatchStats") -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.lost += other.lost


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        channels: Mapping[str, Channel],
        options: DispatcherOptions = DispatcherOptions(),
        *,
        clock: Clock = utc_now,
        region_name: Optional[RegionNameLookup] = None,
    ) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self._channels = channels
        self.options = options
        self._clock = clock
        self._region_name = region_name or (lambda _code: None)
        # One thread for all database work: the session calls block, and writes that queue
        # here instead of inside SQLite skip its busy-wait sleeps.
        self._db_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notify-db")

    async def _in_db_thread(self, function: Callable[..., _Result], *args: object) -> _Result:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_thread, functools.partial(function, *args))

    # --- database steps (blocking; the async loop runs them in the db thread) -----------

    def _due(self, now: datetime):  # type: ignore[no-untyped-def]
        # `sending` rows carry their lease end in next_attempt_at, so one index serves both.
        return and_(
            Notification.status.in_((NOTIFICATION_PENDING, NOTIFICATION_SENDING)),
            Notification.next_attempt_at <= now,
        )

    def claim_due(self, limit: Optional[int] = None) -> list[Claim]:
        """Claim up to `limit` due notifications for this dispatcher; commits before returning."""
        limit = limit or self.options.batch_size
        now = self._clock()
        lease_until = now + timedelta(seconds=self.options.lease_seconds)
        claim_values = dict(
            status=NOTIFICATION_SENDING,
            attempts=Notification.attempts + 1,
            lease_until=lease_until,
            next_attempt_at=lease_until,
        )
        with self._sessions() as session:
            if self._engine.dialect.name == "postgresql":
                ids = self._claim_skip_locked(session, now, limit, claim_values)
            else:
                ids = self._claim_compare_and_set(session, now, limit, claim_values)
            claims = self._load_claims(session, ids) if ids else []
            usable = [claim for claim in claims if not self._give_up_on_expired(session, claim)]
            session.commit()
        return usable

    def _claim_skip_locked(self, session: Session, now: datetime, limit: int, values: dict) -> list[int]:
        # Rows another dispatcher is claiming right now are skipped instead of waited on.
        ids = list(
            session.execute(
                select(Notification.id)
                .where(self._due(now))
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        if ids:
            session.execute(
                update(Notification)
                .where(Notification.id.in_(ids))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        return ids

    def _claim_compare_and_set(
        self, session: Session, now: datetime, limit: int, values: dict
    ) -> list[int]:
        # SQLite has no row locks; each UPDATE only wins if the row is still due and nobody
        # bumped `attempts` since we read it. SQLite runs one writer at a time, so this is atomic.
        won: list[int] = []
        for _ in range(_CLAIM_ROUNDS):
            candidates = session.execute(
                select(Notification.id, Notification.attempts)
                .where(self._due(now), Notification.id.not_in(won))
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(limit - len(won))
            ).all()
            lost_race = False
            for notification_id, attempts in candidates:
                result = session.execute(
                    update(Notification)
                    .where(
                        Notification.id == notification_id,
                        Notification.attempts == attempts,
                        self._due(now),
                    )
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount == 1:
                    won.append(notification_id)
                else:
                    lost_race = True
            # Another dispatcher took some: look again, or a short batch would look like "idle".
            if not lost_race or len(won) >= limit:
                break
        return won

    def _load_claims(self, session: Session, ids: list[int]) -> list[Claim]:
        rows = session.execute(
            select(
                Notification.id,
                Notification.attempts,
                Notification.target_kind,
                Notification.target_address,
                Handoff.reference,
                Handoff.region_code,
                Handoff.gemeente,
                Handoff.age,
                Handoff.contact_method,
                Handoff.contact_value,
                Handoff.message,
                Handoff.created_at,
            )
            .join(Handoff, Handoff.id == Notification.handoff_id)
            .where(Notification.id.in_(ids))
            .order_by(Notification.id)
        ).all()
        return [
            Claim(
                notification_id=row[0],
                attempts=row[1],
                target_kind=row[2],
                target_address=row[3],
                handoff=HandoffCopy(*row[4:]),
            )
            for row in rows
        ]

    def _give_up_on_expired(self, session: Session, claim: Claim) -> bool:
        """A row whose last allowed attempt crashed comes back with too many attempts."""
        if claim.attempts <= self.options.retry.max_attempts:
            return False
        session.execute(
            update(Notification)
            .where(Notification.id == claim.notification_id)
            .values(
                status=NOTIFICATION_FAILED,
                attempts=self.options.retry.max_attempts,
                lease_until=None,
                last_error="lease expired on the last attempt",
            )
            .execution_options(synchronize_session=False)
        )
        log.error("notification %s failed: lease expired on the last attempt", claim.notification_id)
        return True

    def _write_result(self, claim: Claim, values: dict) -> bool:
        with self._sessions() as session:
            result = session.execute(
                update(Notification)
                .where(
                    Notification.id == claim.notification_id,
                    Notification.attempts == claim.attempts,
                    Notification.status == NOTIFICATION_SENDING,
                )
                .values(lease_until=None, **values)
                .execution_options(synchronize_session=False)
            )
            session.commit()
        return result.rowcount == 1

    def record_sent(self, claim: Claim) -> bool:
        return self._write_result(
            claim, dict(status=NOTIFICATION_SENT, sent_at=self._clock(), last_error=None)
        )

    def record_failure(self, claim: Claim, reason: str) -> tuple[str, bool]:
        """Schedule a retry, or mark `failed` after the last attempt. Returns (status, stored)."""
        retry = self.options.retry
        if claim.attempts >= retry.max_attempts:
            values = dict(status=NOTIFICATION_FAILED, last_error=reason[:200])
        else:
            values = dict(
                status=NOTIFICATION_PENDING,
                next_attempt_at=self._clock() + retry.delay_after(claim.attempts),
                last_error=reason[:200],
            )
        return str(values["status"]), self._write_result(claim, values)

    # --- delivery ---------------------------------------------------------------------

    async def deliver(self, claim: Claim) -> DispatchStats:
        stats = DispatchStats()
        label = f"notification {claim.notification_id} ({claim.handoff.reference}, {claim.target_kind})"
        try:
            channel = self._channels.get(claim.target_kind)
            if channel is None:
                raise DeliveryError(f"no channel for {claim.target_kind}")
            rendered = render_notification(
                claim.handoff, self._region_name(claim.handoff.region_code)
            )
            await asyncio.wait_for(
                channel.send(claim.target_address, rendered),
                timeout=self.options.send_timeout_seconds,
            )
        except Exception as error:  # every failure is retried; the reason is made safe below
            reason = _safe_reason(error)
            status, stored = await self._in_db_thread(self.record_failure, claim, reason)
            if not stored:
                stats.lost += 1
                log.warning("%s: result not stored (lease lost or handoff deleted)", label)
            elif status == NOTIFICATION_FAILED:
                stats.failed += 1
                log.error("%s failed for good after %s attempts: %s", label, claim.attempts, reason)
            else:
                stats.retried += 1
                log.warning("%s attempt %s failed, will retry: %s", label, claim.attempts, reason)
            return stats
        if await self._in_db_thread(self.record_sent, claim):
            stats.sent += 1
            log.info("%s sent on attempt %s", label, claim.attempts)
        else:
            stats.lost += 1
            log.warning("%s sent, but result not stored (lease lost or handoff deleted)", label)
        return stats

    async def run_batch(self) -> DispatchStats:
        """Claim one batch and deliver it with bounded concurrency."""
        claims = await self._in_db_thread(self.claim_due)
        stats = DispatchStats(claimed=len(claims))
        if not claims:
            return stats
        gate = asyncio.Semaphore(self.options.concurrency)

        async def deliver_gated(claim: Claim) -> DispatchStats:
            async with gate:
                return await self.deliver(claim)

        for result in await asyncio.gather(*(deliver_gated(claim) for claim in claims)):
            stats.add(result)
        return stats

    async def run_until_idle(self) -> DispatchStats:
        """Deliver everything due now (retries scheduled for later are left for later)."""
        total = DispatchStats()
        while True:
            stats = await self.run_batch()
            total.add(stats)
            if stats.claimed < self.options.batch_size:
                return total

    async def run_forever(self, stop: asyncio.Event, interval_seconds: float = 5.0) -> DispatchStats:
        """Poll until `stop` is set; a batch in progress is finished first."""
        total = DispatchStats()
        while not stop.is_set():
            try:
                stats = await self.run_batch()
            except DBAPIError as error:
                # The database restarting must not stop notifications for good.
                log.error("database error, retrying in %s s: %s", interval_seconds, type(error.orig).__name__)
                stats = DispatchStats()
            total.add(stats)
            if stats.claimed == self.options.batch_size:
                continue  # more may be due right away
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval_seconds)
            except asyncio.TimeoutError:
                pass
        return total

    async def aclose(self) -> None:
        for channel in self._channels.values():
            await channel.aclose()
        self._db_thread.shutdown(wait=True)


def _safe_reason(error: BaseException) -> str:
    if isinstance(error, DeliveryError):
        return error.reason
    if isinstance(error, asyncio.TimeoutError):
        return "timeout"
    # Unknown errors may carry addresses in their text: keep only the type.
    return f"unexpected {type(error).__name__}"

"""Several dispatchers at once, and a dispatcher that dies holding a claim."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.handoffs.models import Notification, utc_now
from bot.handoffs.service import create_handoff
from bot.notify.channels import WebhookChannel
from bot.notify.dispatcher import Dispatcher, DispatcherOptions, DispatchStats, RetryPolicy
from bot.notify.targets import NotifyTarget, TargetKind
from bot.storage.db import create_engine_for

NOTIFICATIONS = 50


def add_webhook_handoffs(session, url: str, count: int, now: datetime | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    references = []
    for number in range(count):
        handoff = create_handoff(
            session, sender_id=f"sender-{number}", channel="webchat", region_code="RMC 7",
            gemeente="Assen", age=18, contact_method="phone", contact_value="0612345678",
            message=None, targets=[NotifyTarget(TargetKind.WEBHOOK, url)], now=now,
        )
        references.append(handoff.reference)
    return references


@pytest.mark.timeout(120)
def test_two_dispatchers_deliver_each_notification_exactly_once(engine, session, database_url) -> None:
    # A slow receiver and small batches make the two dispatchers overlap for real.
    from support.notify_fakes import WebhookReceiver

    receiver = WebhookReceiver(delay=0.01)
    receiver.start()
    references = add_webhook_handoffs(session, receiver.url, NOTIFICATIONS)
    options = DispatcherOptions(batch_size=4, concurrency=2)
    start = threading.Barrier(2)
    results: dict[int, DispatchStats] = {}
    errors: list[BaseException] = []

    def run_one(number: int) -> None:
        own_engine = create_engine_for(database_url)  # separate process in real life: own pool

        async def work() -> DispatchStats:
            dispatcher = Dispatcher(own_engine, {"webhook": WebhookChannel()}, options)
            try:
                return await dispatcher.run_until_idle()
            finally:
                await dispatcher.aclose()

        try:
            start.wait()
            results[number] = asyncio.run(work())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            own_engine.dispose()

    threads = [threading.Thread(target=run_one, args=(number,)) for number in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=100)
    finally:
        receiver.stop()

    assert errors == []
    counts = receiver.reference_counts()
    assert set(counts) == set(references)
    assert set(counts.values()) == {1}, {ref: n for ref, n in counts.items() if n != 1}
    assert sum(stats.sent for stats in results.values()) == NOTIFICATIONS
    assert sum(stats.lost for stats in results.values()) == 0
    assert all(stats.claimed > 0 for stats in results.values()), results  # both did work
    session.expire_all()
    rows = session.execute(select(Notification)).scalars().all()
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}


class Clock:
    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.mark.asyncio
async def test_lease_expiry_recovers_a_crashed_claim(engine, session, webhook_receiver) -> None:
    clock = Clock()
    references = add_webhook_handoffs(session, webhook_receiver.url, 3, now=clock.now)
    options = DispatcherOptions(lease_seconds=300, send_timeout_seconds=60)

    crashed = Dispatcher(engine, {}, options, clock=clock)
    claims = crashed.claim_due()  # ...and then the process dies before delivering
    assert len(claims) == 3
    session.expire_all()
    rows = session.execute(select(Notification)).scalars().all()
    assert {(row.status, row.attempts, row.lease_until) for row in rows} == {
        ("sending", 1, clock.now + timedelta(seconds=300))
    }

    rescuer = Dispatcher(engine, {"webhook": WebhookChannel()}, options, clock=clock)
    try:
        clock.advance(299)
        assert (await rescuer.run_until_idle()).claimed == 0  # lease still held
        clock.advance(2)
        stats = await rescuer.run_until_idle()
    finally:
        await rescuer.aclose()
    assert (stats.claimed, stats.sent) == (3, 3)
    assert webhook_receiver.reference_counts() == {reference: 1 for reference in references}

    # The "crashed" dispatcher comes back to life: its stale results are ignored.
    assert crashed.record_sent(claims[0]) is False
    assert crashed.record_failure(claims[1], "late")[1] is False
    session.expire_all()
    rows = session.execute(select(Notification)).scalars().all()
    assert {(row.status, row.attempts, row.last_error) for row in rows} == {("sent", 2, None)}


@pytest.mark.asyncio
async def test_a_claim_that_crashes_on_the_last_attempt_ends_failed(engine, session, webhook_receiver) -> None:
    clock = Clock()
    add_webhook_handoffs(session, webhook_receiver.url, 1, now=clock.now)
    options = DispatcherOptions(lease_seconds=300, send_timeout_seconds=60, retry=RetryPolicy(max_attempts=1))
    assert len(Dispatcher(engine, {}, options, clock=clock).claim_due()) == 1  # crash

    clock.advance(301)
    rescuer = Dispatcher(engine, {"webhook": WebhookChannel()}, options, clock=clock)
    try:
        assert (await rescuer.run_until_idle()).claimed == 0
    finally:
        await rescuer.aclose()
    session.expire_all()
    row = session.execute(select(Notification)).scalar_one()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "lease expired on the last attempt")
    assert webhook_receiver.posts == []

"""When a channel is down nothing is lost: retries with back-off, `failed` after the last one."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.config import load_settings
from bot.handoffs.models import Notification, utc_now
from bot.handoffs.service import create_handoff
from bot.notify.channels import SmtpChannel, TelegramChatChannel, WebhookChannel
from bot.notify.dispatcher import Dispatcher, DispatcherOptions, RetryPolicy
from bot.notify.targets import NotifyTarget, TargetKind
from support.notify_fakes import SmtpServer, WebhookReceiver, free_port

STUDENT_EMAIL = "leerling17@example.nl"


class Clock:
    """Time the test moves by hand, so back-off is checked without sleeping."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def new_handoff(session, target: NotifyTarget, clock: Clock):  # type: ignore[no-untyped-def]
    return create_handoff(
        session, sender_id="sender-x", channel="webchat", region_code="RMC 21", gemeente="Amsterdam",
        age=19, contact_method="email", contact_value=STUDENT_EMAIL, message=None, targets=[target],
        now=clock.now,
    )


def only_row(session) -> Notification:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.execute(select(Notification)).scalar_one()


@pytest.mark.asyncio
async def test_smtp_down_keeps_notification_then_delivers_exactly_once(engine, session, monkeypatch) -> None:
    port = free_port()  # nothing listens here yet: SMTP is down
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    clock = Clock()
    handoff = new_handoff(session, NotifyTarget(TargetKind.EMAIL, "coach@dsp.test"), clock)
    channels = {"email": SmtpChannel(load_settings().smtp, timeout_seconds=5)}

    first = Dispatcher(engine, channels, clock=clock)
    stats = await first.run_until_idle()
    assert (stats.claimed, stats.sent, stats.retried) == (1, 0, 1)
    row = only_row(session)
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at == clock.now + timedelta(seconds=30)
    assert row.last_error == "smtp: ConnectionRefusedError"
    assert (await first.run_until_idle()).claimed == 0  # not due yet; and still stored

    server = SmtpServer(port=port)
    server.start()
    try:
        clock.advance(31)
        restarted = Dispatcher(engine, channels, clock=clock)  # as after a restart: state is in the DB
        stats = await restarted.run_until_idle()
        assert (stats.claimed, stats.sent) == (1, 1)
        clock.advance(3 * 3600)
        assert (await restarted.run_until_idle()).claimed == 0
        assert (await first.run_until_idle()).claimed == 0
    finally:
        server.stop()

    assert len(server.messages) == 1
    recipients, message = server.messages[0]
    assert recipients == ["coach@dsp.test"] and handoff.reference in message.get_content()
    row = only_row(session)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy()
    delays = [policy.delay_after(attempt).total_seconds() for attempt in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert policy.delay_after(10_000).total_seconds() == 3600
    waits = [policy.delay_after(attempt).total_seconds() for attempt in range(1, policy.max_attempts)]
    assert sum(waits) == 18_210  # about 5 hours of retries before `failed`, as docs/operators.md says
    assert RetryPolicy(base_delay_seconds=5, max_delay_seconds=12).delay_after(3).total_seconds() == 12
    with pytest.raises(ValueError):
        DispatcherOptions(lease_seconds=10, send_timeout_seconds=10)


@pytest.mark.asyncio
async def test_failing_webhook_backs_off_then_fails_and_stays_visible(
    engine, session, database_url, monkeypatch, capsys
) -> None:
    receiver = WebhookReceiver(status=500)
    receiver.start()
    clock = Clock()
    try:
        handoff = new_handoff(session, NotifyTarget(TargetKind.WEBHOOK, receiver.url_for("/T0/SECRET")), clock)
        options = DispatcherOptions(retry=RetryPolicy(base_delay_seconds=30, max_delay_seconds=45, max_attempts=3))
        dispatcher = Dispatcher(engine, {"webhook": WebhookChannel()}, options, clock=clock)
        try:
            expected_waits = [30, 45]  # 60 capped at 45
            for attempt, wait in enumerate(expected_waits, start=1):
                assert (await dispatcher.run_until_idle()).retried == 1
                row = only_row(session)
                assert (row.status, row.attempts, row.last_error) == ("pending", attempt, "webhook: HTTP 500")
                assert row.next_attempt_at == clock.now + timedelta(seconds=wait)
                clock.advance(wait)
            assert (await dispatcher.run_until_idle()).failed == 1
            clock.advance(24 * 3600)
            assert (await dispatcher.run_until_idle()).claimed == 0  # failed rows are not retried
        finally:
            await dispatcher.aclose()
    finally:
        receiver.stop()

    row = only_row(session)
    assert (row.status, row.attempts) == ("failed", 3)

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["handoffs", "list"]) == 0
    listed = capsys.readouterr().out
    assert handoff.reference in listed and "1 MISLUKT" in listed
    main(["handoffs", "show", handoff.reference, "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["notifications"][0]["status"] == "failed"
    assert shown["notifications"][0]["last_error"] == "webhook: HTTP 500"


@pytest.mark.asyncio
async def test_unknown_telegram_chat_and_wrong_token_are_retried_without_secrets(
    engine, session, telegram_api
) -> None:
    clock = Clock()
    telegram_api.unknown_chats.add("-999")
    new_handoff(session, NotifyTarget(TargetKind.TELEGRAM, "-999"), clock)
    channel = TelegramChatChannel(telegram_api.token, telegram_api.base_url)
    dispatcher = Dispatcher(engine, {"telegram": channel}, clock=clock)
    try:
        assert (await dispatcher.run_until_idle()).retried == 1
    finally:
        await dispatcher.aclose()
    row = only_row(session)
    assert row.status == "pending" and row.last_error.startswith("telegram: BadRequest")
    assert "not found" in row.last_error.lower()

    clock.advance(60)
    wrong = TelegramChatChannel("999:wrong-token-value", telegram_api.base_url)
    dispatcher = Dispatcher(engine, {"telegram": wrong}, clock=clock)
    try:
        assert (await dispatcher.run_until_idle()).retried == 1
    finally:
        await dispatcher.aclose()
    row = only_row(session)
    assert row.last_error == "telegram: InvalidToken"
    assert telegram_api.messages == []


@pytest.mark.asyncio
async def test_missing_configuration_is_a_retryable_error(engine, session, monkeypatch) -> None:
    monkeypatch.delenv("SMTP_HOST", raising=False)
    clock = Clock()
    new_handoff(session, NotifyTarget(TargetKind.EMAIL, "coach@dsp.test"), clock)
    dispatcher = Dispatcher(engine, {"email": SmtpChannel(load_settings().smtp)}, clock=clock)
    assert (await dispatcher.run_until_idle()).retried == 1
    assert only_row(session).last_error == "smtp: SMTP_HOST is not set"

    clock.advance(30)
    no_channels = Dispatcher(engine, {}, clock=clock)
    assert (await no_channels.run_until_idle()).retried == 1
    assert only_row(session).last_error == "no channel for email"


@pytest.mark.asyncio
async def test_retry_command_queues_failed_notifications_again_and_they_arrive_once(
    engine, session, database_url, monkeypatch, capsys
) -> None:
    receiver = WebhookReceiver(status=503)
    receiver.start()
    clock = Clock()
    monkeypatch.setenv("DATABASE_URL", database_url)
    try:
        target = NotifyTarget(TargetKind.WEBHOOK, receiver.url)
        first, second = new_handoff(session, target, clock), new_handoff(session, target, clock)
        options = DispatcherOptions(retry=RetryPolicy(max_attempts=1))
        dispatcher = Dispatcher(engine, {"webhook": WebhookChannel()}, options, clock=clock)
        try:
            assert (await dispatcher.run_until_idle()).failed == 2
            receiver.status = 200  # the counsellors' webhook works again

            assert main(["notify", "retry", first.reference.lower()]) == 0
            assert "1 mislukte melding(en) opnieuw ingepland" in capsys.readouterr().out
            clock.advance(60)  # the command queues for the wall clock's "now"
            assert (await dispatcher.run_until_idle()).sent == 1
            assert receiver.reference_counts() == {first.reference: 1}

            assert main(["notify", "retry"]) == 0  # every failed one: only the second is left
            assert "1 mislukte melding(en)" in capsys.readouterr().out
            clock.advance(60)
            assert (await dispatcher.run_until_idle()).sent == 1
            assert main(["notify", "retry"]) == 0
            assert "0 mislukte melding(en)" in capsys.readouterr().out
        finally:
            await dispatcher.aclose()
    finally:
        receiver.stop()

    assert receiver.reference_counts() == {first.reference: 1, second.reference: 1}
    session.expire_all()
    assert [row.status for row in session.execute(select(Notification)).scalars()] == ["sent", "sent"]
    assert main(["notify", "retry", "geen-referentie"]) == 2
    assert "not a handoff reference" in capsys.readouterr().err

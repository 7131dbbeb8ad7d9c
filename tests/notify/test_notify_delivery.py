"""End to end: a handoff reaches e-mail, Telegram and webhook targets, plus the catch-all ones."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.config import load_settings
from bot.handoffs.models import Notification
from bot.handoffs.service import create_handoff
from bot.notify.channels import SmtpChannel, build_channels
from bot.notify.dispatcher import Dispatcher
from bot.notify.targets import NotifyTarget, TargetKind, catch_all_targets
from support.notify_fakes import SmtpServer

SENDER = "rasa-sender-5b2d8e91"
STUDENT_PHONE = "06 12345678"
STUDENT_PHONE_E164 = "+31612345678"
STUDENT_MESSAGE = "Ik twijfel of ik moet stoppen."
COUNSELLOR_CHAT = "-100200300"


def new_handoff(session, targets, **overrides):  # type: ignore[no-untyped-def]
    fields = dict(
        sender_id=SENDER, channel="telegram", region_code="RMC 7", gemeente="Assen", age=17,
        contact_method="phone", contact_value=STUDENT_PHONE, message=STUDENT_MESSAGE, targets=targets,
    )
    fields.update(overrides)
    return create_handoff(session, **fields)


def assert_useful_and_private(text: str, reference: str) -> None:
    assert reference in text
    assert STUDENT_PHONE_E164 in text
    assert STUDENT_MESSAGE in text
    assert f"python -m bot handoffs close {reference}" in text
    assert SENDER not in text


@pytest.mark.asyncio
async def test_delivery_to_all_channels_and_catch_all_targets(
    notify_env, engine, session, smtp_server, telegram_api, webhook_receiver, caplog
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    notify_env.setenv("NOTIFY_EMAIL_TO", "landelijk@stapwijzer.test; coach@dsp.test")
    notify_env.setenv("NOTIFY_WEBHOOK_URL", webhook_receiver.url_for("/catch-all/SECRET"))
    settings = load_settings()
    region_targets = [
        NotifyTarget(TargetKind.EMAIL, "coach@dsp.test"),
        NotifyTarget(TargetKind.TELEGRAM, COUNSELLOR_CHAT),
        NotifyTarget(TargetKind.WEBHOOK, webhook_receiver.url_for("/region/SECRET")),
    ]
    handoff = new_handoff(session, region_targets + catch_all_targets(settings))
    assert len(handoff.notifications) == 5  # coach@dsp.test is in both lists: one mail

    dispatcher = Dispatcher(engine, build_channels(settings), region_name=lambda code: "Noord- en Midden Drenthe")
    try:
        stats = await dispatcher.run_until_idle()
        again = await dispatcher.run_until_idle()
    finally:
        await dispatcher.aclose()

    assert (stats.claimed, stats.sent, stats.retried, stats.failed) == (5, 5, 0, 0)
    assert again.claimed == 0

    mails = {tuple(recipients): message for recipients, message in smtp_server.messages}
    assert set(mails) == {("coach@dsp.test",), ("landelijk@stapwijzer.test",)}
    for message in mails.values():
        assert message["Subject"] == f"Stapwijzer: nieuwe aanvraag {handoff.reference} (RMC 7)"
        assert message["From"] == "stapwijzer@test.invalid"
        assert_useful_and_private(message.get_content(), handoff.reference)
        assert "Noord- en Midden Drenthe" in message.get_content()

    assert [m["chat_id"] for m in telegram_api.messages] == [COUNSELLOR_CHAT]
    assert_useful_and_private(telegram_api.messages[0]["text"], handoff.reference)
    assert telegram_api.get_me_calls == 1

    assert sorted(webhook_receiver.paths) == ["/catch-all/SECRET", "/region/SECRET"]
    for post in webhook_receiver.posts:
        assert set(post) == {"text", "reference", "region"}
        assert post["reference"] == handoff.reference and post["region"] == "RMC 7"
        assert_useful_and_private(post["text"], handoff.reference)

    session.expire_all()
    rows = session.execute(select(Notification)).scalars().all()
    assert {(row.status, row.attempts, row.last_error) for row in rows} == {("sent", 1, None)}
    assert all(row.sent_at is not None and row.lease_until is None for row in rows)

    logged = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("bot"))
    assert handoff.reference in logged  # logs say what happened...
    for private in (SENDER, STUDENT_PHONE_E164, STUDENT_MESSAGE, "SECRET", "coach@dsp.test", telegram_api.token):
        assert private not in logged  # ...but not to whom or about whom


NO_TLS_ON_LOOPBACK = "ignore:Requiring AUTH while not requiring TLS"


@pytest.mark.filterwarnings(NO_TLS_ON_LOOPBACK)
@pytest.mark.asyncio
async def test_email_login_when_smtp_user_is_set(notify_env, engine, session) -> None:
    server = SmtpServer(login=("stapwijzer", "s3cret"))
    server.start()
    try:
        notify_env.setenv("SMTP_PORT", str(server.port))
        notify_env.setenv("SMTP_USER", "stapwijzer")
        notify_env.setenv("SMTP_PASSWORD", "s3cret")
        new_handoff(session, [NotifyTarget(TargetKind.EMAIL, "coach@dsp.test")])
        dispatcher = Dispatcher(engine, {"email": SmtpChannel(load_settings().smtp)})
        stats = await dispatcher.run_until_idle()
    finally:
        server.stop()
    assert stats.sent == 1
    assert server.authenticator is not None and server.authenticator.logins == 1
    assert len(server.messages) == 1


@pytest.mark.filterwarnings(NO_TLS_ON_LOOPBACK)
@pytest.mark.asyncio
async def test_wrong_smtp_password_is_retried_without_leaking_it(notify_env, engine, session) -> None:
    server = SmtpServer(login=("stapwijzer", "s3cret"))
    server.start()
    try:
        notify_env.setenv("SMTP_PORT", str(server.port))
        notify_env.setenv("SMTP_USER", "stapwijzer")
        notify_env.setenv("SMTP_PASSWORD", "wrong-password")
        new_handoff(session, [NotifyTarget(TargetKind.EMAIL, "coach@dsp.test")])
        dispatcher = Dispatcher(engine, {"email": SmtpChannel(load_settings().smtp)})
        stats = await dispatcher.run_until_idle()
    finally:
        server.stop()
    assert (stats.sent, stats.retried) == (0, 1)
    row = session.execute(select(Notification)).scalar_one()
    assert row.status == "pending" and row.last_error.startswith("smtp: SMTPAuthenticationError 535")
    assert "wrong-password" not in row.last_error and server.messages == []

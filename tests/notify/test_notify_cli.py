"""`python -m bot notify`: migrations at start, `--once`, and a graceful stop on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.config import PROJECT_ROOT
from bot.handoffs.models import Notification
from bot.handoffs.service import create_handoff
from bot.notify.channels import WebhookChannel
from bot.notify.dispatcher import Dispatcher
from bot.notify.targets import NotifyTarget, TargetKind
from bot.storage.db import create_engine_for, session_factory
from support.databases import count_rows, sqlite_url


def add(session, targets):  # type: ignore[no-untyped-def]
    return create_handoff(
        session, sender_id="sender-cli", channel="webchat", region_code="RMC 7", gemeente="Assen",
        age=17, contact_method="email", contact_value="leerling@example.nl", message="Hoi", targets=targets,
    )


def test_notify_once_delivers_all_channels(
    notify_env, database_url, engine, session, smtp_server, telegram_api, webhook_receiver, capsys
) -> None:
    notify_env.setenv("DATABASE_URL", database_url)
    handoff = add(session, [
        NotifyTarget(TargetKind.EMAIL, "coach@dsp.test"),
        NotifyTarget(TargetKind.TELEGRAM, "-100200300"),
        NotifyTarget(TargetKind.WEBHOOK, webhook_receiver.url),
    ])

    assert main(["notify", "--once"]) == 0

    assert "notify: 3 sent, 0 to retry, 0 failed" in capsys.readouterr().out
    assert len(smtp_server.messages) == 1 and len(telegram_api.messages) == 1
    assert webhook_receiver.reference_counts() == {handoff.reference: 1}
    assert count_rows(engine, "handoff_notifications", "status = 'sent'") == 3
    # Libraries that log URLs (bot token, webhook secret) or message text are kept quiet.
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("telegram").level == logging.WARNING


def test_notify_migrates_an_empty_database_first(tmp_path: Path, monkeypatch, capsys) -> None:
    url = sqlite_url(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["notify", "--once"]) == 0
    assert "notify: 0 sent" in capsys.readouterr().out
    engine = create_engine_for(url)
    try:
        assert count_rows(engine, "handoffs") == 0  # the table exists now
    finally:
        engine.dispose()


@pytest.mark.asyncio
async def test_stop_event_finishes_the_delivery_in_flight(engine, session) -> None:
    from support.notify_fakes import WebhookReceiver

    receiver = WebhookReceiver(delay=0.6)
    receiver.start()
    try:
        add(session, [NotifyTarget(TargetKind.WEBHOOK, receiver.url)])
        dispatcher = Dispatcher(engine, {"webhook": WebhookChannel()})
        stop = asyncio.Event()
        task = asyncio.create_task(dispatcher.run_forever(stop, interval_seconds=60))
        await asyncio.sleep(0.3)  # the POST is under way now
        stop.set()
        started = time.monotonic()
        stats = await asyncio.wait_for(task, timeout=10)
        await dispatcher.aclose()
    finally:
        receiver.stop()
    assert time.monotonic() - started < 5  # did not wait out the 60 s poll interval
    assert stats.sent == 1
    session.expire_all()
    assert session.execute(select(Notification.status)).scalar_one() == "sent"  # not left "sending"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_the_command_stops_gracefully_on_signals(tmp_path: Path, signal_number: int) -> None:
    url = sqlite_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "notify", "--interval", "60"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        for line in process.stderr:
            if "dispatcher started" in line or time.monotonic() > deadline:
                break
        process.send_signal(signal_number)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "notify: 0 sent" in stdout
    assert "dispatcher stopped" in stderr
    engine = create_engine_for(url)
    try:
        with session_factory(engine)() as check:
            assert check.execute(select(Notification)).first() is None  # and the schema exists
    finally:
        engine.dispose()

"""`python -m bot telegram` as a process: start, answer one message, stop cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from support.telegram_fakes import BOT_TOKEN, FakeBotApi, FakeRasa, text_update

from bot.__main__ import build_parser, main

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_command_is_registered() -> None:
    args = build_parser().parse_args(["telegram", "--rasa-timeout", "3"])
    assert args.rasa_timeout == 3.0 and callable(args.handler)


def test_command_refuses_to_start_without_a_token(monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    assert main(["telegram"]) == 2


async def test_command_runs_the_gateway_until_sigterm(
    bot_api: FakeBotApi, rasa: FakeRasa, tmp_path: Path
) -> None:
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_BASE_URL": bot_api.base_url,
        "TELEGRAM_WEBHOOK_URL": "",
        "TELEGRAM_PSEUDONYM_KEY": "",
        "RASA_URL": rasa.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'command.db'}",
        "STAPWIJZER_VAR_DIR": str(tmp_path / "var"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "telegram",
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        bot_api.queue_update(text_update("hoi"))
        await bot_api.wait_for(lambda: bot_api.texts_sent(), timeout=30)
        assert bot_api.texts_sent() == ["Antwoord op: hoi"]
        assert rasa.received[0]["sender"].startswith("tg-")
        assert (tmp_path / "var" / "telegram_pseudonym.key").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
    log = output.decode()
    assert process.returncode == 0, log
    assert BOT_TOKEN not in log  # httpx would log Bot API URLs, and they hold the token

"""Webhook mode: setWebhook with a secret, our own server checks it in constant time."""

from __future__ import annotations

import aiohttp
import pytest
from support.telegram_fakes import WEBHOOK_SECRET, WEBHOOK_URL, FakeBotApi, FakeRasa, text_update

from bot.telegram.webhook import SECRET_HEADER, secret_matches, webhook_secret

WEBHOOK_PATH = "/telegram/webhook"


async def _post(port: int, update: object, headers: dict[str, str] | None = None) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{port}{WEBHOOK_PATH}", json=update, headers=headers or {}
        ) as response,
    ):
        return response.status


async def test_set_webhook_registers_url_and_secret(start_gateway, bot_api: FakeBotApi) -> None:
    await start_gateway(webhook=True)
    set_webhook = bot_api.calls_to("setWebhook")
    assert len(set_webhook) == 1
    assert set_webhook[0]["url"] == WEBHOOK_URL
    assert set_webhook[0]["secret_token"] == WEBHOOK_SECRET
    assert "callback_query" in set_webhook[0]["allowed_updates"]
    assert bot_api.calls_to("getUpdates") == []  # no polling in webhook mode


async def test_update_with_the_right_secret_is_processed_once(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    runner = await start_gateway(webhook=True)
    port = runner.webhook_server.port
    update = text_update("hoi")
    headers = {SECRET_HEADER: WEBHOOK_SECRET}

    assert await _post(port, update, headers) == 200
    assert await _post(port, update, headers) == 200  # Telegram's retry of the same update
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    await bot_api.wait_for(lambda: len(rasa.received) >= 1)
    assert rasa.messages == ["hoi"]
    assert bot_api.texts_sent() == ["Antwoord op: hoi"]


@pytest.mark.parametrize(
    "headers",
    [
        None,
        {SECRET_HEADER: "wrong-secret"},
        {SECRET_HEADER: WEBHOOK_SECRET + "x"},
        {SECRET_HEADER: ""},
    ],
    ids=["no-header", "wrong", "longer", "empty"],
)
async def test_forged_update_is_rejected_and_not_processed(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, headers: dict[str, str] | None
) -> None:
    runner = await start_gateway(webhook=True)
    port = runner.webhook_server.port
    assert await _post(port, text_update("vals"), headers) == 403
    # A genuine update afterwards is processed; the forged one never was.
    assert await _post(port, text_update("echt"), {SECRET_HEADER: WEBHOOK_SECRET}) == 200
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert rasa.messages == ["echt"]


async def test_malformed_body_with_the_right_secret_is_refused(
    start_gateway, rasa: FakeRasa
) -> None:
    runner = await start_gateway(webhook=True)
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{runner.webhook_server.port}{WEBHOOK_PATH}",
            data=b"{not json",
            headers={SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"},
        ) as response,
    ):
        assert response.status == 400
    assert rasa.received == []


def test_secret_compare_handles_any_header_value() -> None:
    assert secret_matches("abc", "abc")
    assert not secret_matches(None, "abc")
    assert not secret_matches("abd", "abc")
    assert not secret_matches("ab\u00e9", "abc")  # non-ASCII must not raise


def test_webhook_secret_is_validated_or_generated() -> None:
    assert webhook_secret("Valid_secret-1") == "Valid_secret-1"
    generated = webhook_secret("")
    assert len(generated) >= 32 and webhook_secret("") != generated
    with pytest.raises(ValueError):
        webhook_secret("bad secret!")

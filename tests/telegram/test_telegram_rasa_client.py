"""The gateway's Rasa client gives up in time, whatever hangs underneath."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.telegram.rasa_client import RasaRestClient, RasaUnavailable


async def test_a_request_that_hangs_past_every_timeout_still_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    client = RasaRestClient("http://127.0.0.1:9", timeout_seconds=0.2)

    async def hang_forever(sender: str, message: str) -> list:
        await asyncio.Event().wait()
        return []

    monkeypatch.setattr(client, "_post", hang_forever)
    started = time.monotonic()
    with pytest.raises(RasaUnavailable, match="deadline"):
        await client.send("tg-x", "hoi")
    assert time.monotonic() - started < 5
    await client.close()

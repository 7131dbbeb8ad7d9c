"""Our socket.io channel (bot/channels/socketio.py) against Rasa's, on a model-free server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from bot.channels.socketio import history_messages, valid_session_id
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from widget.echo import EchoRasa

TIMEOUT = 10


class WidgetLikeClient:
    """Speaks the channel's protocol the way web/stapwijzer-widget.js does."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.seen: list[str] = []
        for name in ("session_confirm", "session_history", "bot_uttered"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):  # type: ignore[no-untyped-def]
        async def record(data: Any) -> None:
            await self.events.put((name, data))

        return record

    async def connect(self, url: str) -> None:
        # Long-polling only: python-engineio's websocket client needs aiohttp >= 3.10 and Rasa
        # 3.6 pins aiohttp < 3.10. The browser tests cover the websocket transport.
        await self.sio.connect(url, socketio_path="/socket.io", transports=["polling"], wait_timeout=TIMEOUT)

    async def next(self, name: str, timeout: float = TIMEOUT) -> Any:
        while True:
            event, data = await asyncio.wait_for(self.events.get(), timeout)
            self.seen.append(event)
            if event == name:
                return data

    async def session(self, session_id: str | None, history: bool = True) -> str:
        await self.sio.emit("session_request", {"session_id": session_id, "history": history})
        return await self.next("session_confirm")

    async def close(self) -> None:
        """Leave at once. A graceful polling disconnect waits for the server's next ping (25 s)."""
        if not self.sio.connected:
            return
        for namespace in self.sio.namespaces:
            await self.sio._send_packet(self.sio.packet_class(socketio.packet.DISCONNECT, namespace=namespace))
        engine = self.sio.eio
        await engine.disconnect(abort=True)
        for task in (engine.read_loop_task, engine.write_loop_task):
            if task is not None:
                task.cancel()


@pytest.fixture
async def client() -> Any:
    widget = WidgetLikeClient()
    yield widget
    await widget.close()


async def test_replies_arrive_with_session_persistence(echo_rasa: EchoRasa, client: WidgetLikeClient) -> None:
    await client.connect(echo_rasa.url)
    session_id = await client.session(None)
    assert valid_session_id(session_id)

    await client.sio.emit("user_uttered", {"message": "hoi", "session_id": session_id})
    reply = await client.next("bot_uttered")

    assert reply["text"] == "Je zei: hoi"
    assert reply["quick_replies"] == [
        {"content_type": "text", "title": "Vertel meer", "payload": "/more"},
        {"content_type": "url", "title": "Chat met 113", "url": "https://www.113.nl"},
    ]


async def test_rasa_channel_loses_replies_rasa_13027(upstream_echo_rasa: EchoRasa, client: WidgetLikeClient) -> None:
    """Documents why the subclass exists. If this fails, Rasa fixed #13027 upstream."""
    await client.connect(upstream_echo_rasa.url)
    session_id = await client.session(None)
    await client.sio.emit("user_uttered", {"message": "hoi", "session_id": session_id})
    with pytest.raises(asyncio.TimeoutError):
        await client.next("bot_uttered", timeout=3)


async def test_reconnect_gets_history_with_button_titles(echo_rasa: EchoRasa) -> None:
    first = WidgetLikeClient()
    await first.connect(echo_rasa.url)
    session_id = await first.session(None)
    await first.sio.emit("user_uttered", {"message": "hoi", "session_id": session_id})
    await first.next("bot_uttered")
    await first.sio.emit("user_uttered", {"message": "/more", "session_id": session_id})
    await first.next("bot_uttered")
    await first.close()

    second = WidgetLikeClient()
    try:
        await second.connect(echo_rasa.url)
        await second.sio.emit("session_request", {"session_id": session_id})
        history = await second.next("session_history")
        assert await second.next("session_confirm") == session_id
        shown = [(m["sender"], m["text"]) for m in history["messages"]]
        assert shown == [
            ("user", "hoi"),
            ("bot", "Je zei: hoi"),
            ("user", "Vertel meer"),  # the button's title, not its payload
            ("bot", "Je zei: /more"),
        ]
        assert all(isinstance(m["timestamp"], float) for m in history["messages"])

        # and replies to the resumed session reach the new socket
        await second.sio.emit("user_uttered", {"message": "nog een", "session_id": session_id})
        assert (await second.next("bot_uttered"))["text"] == "Je zei: nog een"
    finally:
        await second.close()


@pytest.mark.parametrize("session_id", ["tg-0123456789abcdef0123456789abcdef", "test", "web-XYZ", 12])
async def test_foreign_or_malformed_session_ids_get_a_new_session(
    echo_rasa: EchoRasa, client: WidgetLikeClient, session_id: Any
) -> None:
    await client.connect(echo_rasa.url)
    await client.sio.emit("session_request", {"session_id": session_id})
    confirmed = await client.next("session_confirm")
    assert confirmed != session_id and valid_session_id(confirmed)
    assert "session_history" not in client.seen  # no history for an id we did not issue


async def test_messages_with_an_invalid_session_id_are_ignored(echo_rasa: EchoRasa, client: WidgetLikeClient) -> None:
    await client.connect(echo_rasa.url)
    await client.session(None)
    await client.sio.emit("user_uttered", {"message": "hoi", "session_id": "tg-0123456789abcdef0123456789abcdef"})
    with pytest.raises(asyncio.TimeoutError):
        await client.next("bot_uttered", timeout=1.5)


async def test_new_conversation_on_the_same_socket_leaves_the_old_room(
    echo_rasa: EchoRasa, client: WidgetLikeClient
) -> None:
    other = WidgetLikeClient()
    try:
        await client.connect(echo_rasa.url)
        old_id = await client.session(None)
        new_id = await client.session(None, history=False)
        assert new_id != old_id
        # another tab still on the old conversation: its replies must not reach us
        await other.connect(echo_rasa.url)
        await other.session(old_id, history=False)
        await other.sio.emit("user_uttered", {"message": "oud", "session_id": old_id})
        assert (await other.next("bot_uttered"))["text"] == "Je zei: oud"
        with pytest.raises(asyncio.TimeoutError):
            await client.next("bot_uttered", timeout=1.5)
    finally:
        await other.close()


def test_history_keeps_only_the_current_session() -> None:
    buttons = [{"title": "Ja, stuur door", "payload": "/affirm"}]
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        UserUttered("oude vraag"),
        BotUttered("oud antwoord"),
        ActionExecuted("action_session_start"),
        BotUttered("Hoi! Ik ben een chatbot."),  # our session start greets before session_started
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hoi"),
        BotUttered("Eerste deel.\n\nTweede deel?", data={"buttons": buttons}),
        UserUttered("/affirm"),
        UserUttered("/unknown_payload"),
        BotUttered("Klaar."),
    ]
    messages = history_messages(events)
    assert [(m["sender"], m["text"]) for m in messages] == [
        ("user", "hoi"),  # the message that started the session, then the greeting, as shown live
        ("bot", "Hoi! Ik ben een chatbot."),
        ("bot", "Eerste deel."),
        ("bot", "Tweede deel?"),
        ("user", "Ja, stuur door"),
        ("bot", "Klaar."),
    ]
    assert "quick_replies" not in messages[2]
    assert messages[3]["quick_replies"] == [{"content_type": "text", "title": "Ja, stuur door", "payload": "/affirm"}]


async def test_browser_metadata_is_not_trusted(echo_rasa: EchoRasa, client: WidgetLikeClient) -> None:
    await client.connect(echo_rasa.url)
    session_id = await client.session(None)
    await client.sio.emit(
        "user_uttered", {"message": "/metadata", "session_id": session_id, "metadata": {"channel": "telegram"}}
    )
    assert (await client.next("bot_uttered"))["text"] == 'metadata: {"channel": "web"}'

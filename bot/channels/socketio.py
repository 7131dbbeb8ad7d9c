"""Rasa's socket.io channel for the website widget, with three fixes.

1. Session persistence (RasaHQ/rasa#13027): Rasa 3.6 calls `sio.enter_room(...)` without
   `await`. With python-socketio 5 that is a coroutine, so the socket never joins the
   session's room and every bot reply (emitted to that room) is silently lost.
2. History after a reload: the widget keeps only an opaque session id in localStorage (no
   chat text on a shared school computer). On `session_request` with a known id we send the
   current session's messages from the tracker store as one `session_history` event, so an
   erased or expired conversation also disappears from the widget.
3. Url buttons: Rasa's SocketIOOutput drops a button's `url` ("Chat met 113"); ours keeps it.

Also: sender ids must look like ours ("web-" + 32 hex), and metadata from the browser is
replaced by {"channel": "web"}.

Configured in credentials.yml as `bot.channels.socketio.SocketIOInput:`.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels import socketio as rasa_socketio
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from sanic import Blueprint
from socketio import AsyncServer

logger = logging.getLogger(__name__)

HISTORY_EVENT = "session_history"
# Web sender ids are "web-" + 32 hex digits, so a client cannot pick another channel's
# sender id (Telegram's are "tg-…") or a guessable one and read that conversation.
SESSION_ID_PATTERN = re.compile(r"^web-[0-9a-f]{32}$")
MAX_HISTORY_MESSAGES = 200
MAX_MESSAGE_CHARS = 1000  # the widget's input allows no more


def new_session_id() -> str:
    return f"web-{uuid.uuid4().hex}"


def valid_session_id(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and SESSION_ID_PATTERN.fullmatch(value) else None


def button_to_quick_reply(button: dict[str, Any]) -> dict[str, Any]:
    if button.get("url"):
        return {"content_type": "url", "title": button.get("title", ""), "url": button["url"]}
    return {"content_type": "text", "title": button.get("title", ""), "payload": button.get("payload", "")}


def bot_messages(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split like Rasa's socket.io output: one message per paragraph, buttons on the last."""
    parts = [part for part in (text or "").strip().split("\n\n") if part] or [""]
    messages: list[dict[str, Any]] = [{"text": part} for part in parts]
    if buttons:
        messages[-1]["quick_replies"] = [button_to_quick_reply(button) for button in buttons]
    return messages


def history_messages(events: list[Any]) -> list[dict[str, Any]]:
    """The current session's user and bot messages, shaped and ordered as the widget showed them.

    A session starts with action_session_start, which runs when the first message of the
    session arrives but is logged before it; its greeting is shown after that message, as it
    was live. A button click is stored as its payload ("/bbl_switch"): we show the title of
    the button that offered it, and leave out payloads we cannot name.
    """
    messages: list[dict[str, Any]] = []
    session_greeting: list[dict[str, Any]] = []
    offered: dict[str, str] = {}
    in_session_start = False
    for event in events:
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME:
            messages, session_greeting, offered = [], [], {}
            in_session_start = True
        elif isinstance(event, UserUttered):
            text = event.text or ""
            if text.startswith("/"):
                text = offered.get(text, "")
            if text:
                messages.append({"sender": "user", "text": text, "timestamp": event.timestamp})
            messages.extend(session_greeting)
            session_greeting, in_session_start = [], False
        elif isinstance(event, BotUttered):
            buttons = (event.data or {}).get("buttons") or []
            offered = {b["payload"]: b.get("title", "") for b in buttons if b.get("payload")}
            shown = [
                {"sender": "bot", "timestamp": event.timestamp, **message}
                for message in bot_messages(event.text or "", buttons)
                if message["text"] or message.get("quick_replies")
            ]
            (session_greeting if in_session_start else messages).extend(shown)
    messages.extend(session_greeting)
    return messages[-MAX_HISTORY_MESSAGES:]


class SocketIOOutput(rasa_socketio.SocketIOOutput):
    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        for message in bot_messages(text, buttons):
            await self._send_message(recipient_id, message)


class SocketIOInput(rasa_socketio.SocketIOInput):
    """Rasa's socket.io input channel with the fixes above; same credentials."""

    @classmethod
    def name(cls) -> str:
        # Keeps the URL (/socket.io) and the tracker's input_channel the same as Rasa's.
        return "socketio"

    def get_output_channel(self) -> Optional[rasa_socketio.OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        # Re-registering an event replaces Rasa's handler; connect/disconnect/JWT stay Rasa's.
        sio.on("session_request", self._session_request_handler(sio), namespace=self.namespace)
        sio.on(self.user_message_evt, self._message_handler(sio, on_new_message), namespace=self.namespace)
        return socketio_webhook

    def _session_request_handler(self, sio: AsyncServer) -> Callable[[str, Any], Awaitable[None]]:
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            known_id = valid_session_id(data.get("session_id"))
            session_id = known_id or new_session_id()
            if self.session_persistence:
                # "Nieuw gesprek" asks for a new session on the same socket: stop
                # receiving the old conversation's replies.
                for room in sio.rooms(sid, namespace=self.namespace):
                    if room != session_id and valid_session_id(room):
                        await sio.leave_room(sid, room, namespace=self.namespace)
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            # History before the confirmation: the widget sends nothing until it is
            # confirmed, so old messages always appear above new replies.
            if known_id and self.session_persistence and data.get("history", True):
                history = await self._history(sio, sid, known_id)
                await sio.emit(HISTORY_EVENT, {"messages": history}, room=sid, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug("socket.io session confirmed (resumed: %s)", bool(known_id))

        return session_request

    def _message_handler(
        self, sio: AsyncServer, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Callable[[str, Any], Awaitable[None]]:
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                sender_id = valid_session_id(data.get("session_id"))
                if sender_id is None:
                    logger.warning("socket.io message without a valid session_id ignored")
                    return
                # After a server restart the client may send before its session_request.
                await sio.enter_room(sid, sender_id, namespace=self.namespace)
            else:
                sender_id = sid
            # Client metadata is not passed on: the widget sends none, and actions trust
            # metadata["channel"] (actions/handoff.py), which a browser must not set.
            message = UserMessage(
                str(data.get("message", ""))[:MAX_MESSAGE_CHARS],
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata={"channel": "web"},
            )
            await on_new_message(message)

        return handle_message

    async def _history(self, sio: AsyncServer, sid: str, sender_id: str) -> list[dict[str, Any]]:
        """Messages of the current session; [] when there is none or the store fails."""
        environ = sio.get_environ(sid, namespace=self.namespace) or {}
        request = environ.get("sanic.request")
        agent = getattr(getattr(getattr(request, "app", None), "ctx", None), "agent", None)
        tracker_store = getattr(agent, "tracker_store", None)
        if tracker_store is None:
            return []
        try:
            # The full tracker: retrieve() starts at `session_started` and would miss our greeting.
            tracker = await tracker_store.retrieve_full_tracker(sender_id)
        except Exception:  # the chat must keep working when history cannot be read
            logger.exception("Could not read the conversation history")
            return []
        return history_messages(list(tracker.events)) if tracker else []

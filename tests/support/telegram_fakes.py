"""Fakes for the gateway tests: a Telegram Bot API and a Rasa REST channel, both on loopback,
plus updates shaped as Telegram sends them.

The gateway under test is the real one (see conftest.py); only the servers it talks to are
fakes. A later test can point the same gateway at a real Rasa instead of FakeRasa.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

BOT_TOKEN = "123456:TEST-token_for-the-fake-api"
PSEUDONYM_KEY = b"test-pseudonym-key"
STUDENT_CHAT_ID = 424242
WEBHOOK_URL = "https://stapwijzer.example/telegram/webhook"
WEBHOOK_SECRET = "test-secret_0123456789"

# Bot API parameters that PTB sends JSON-encoded inside form fields.
_JSON_PARAMETERS = {"chat_id", "reply_markup", "link_preview_options", "allowed_updates"}


async def _start_site(
    app: web.Application, port: int = 0
) -> tuple[web.AppRunner, web.TCPSite, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    return runner, site, int(runner.addresses[0][1])


class FakeBotApi:
    """Records every Bot API call; serves queued updates to getUpdates (short long-poll)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failing_texts: set[str] = set()  # sendMessage with such a text answers 400
        self._updates: list[dict[str, Any]] = []
        self._new_updates = asyncio.Event()
        self._message_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner, _, self.port = await _start_site(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def queue_update(self, update: dict[str, Any]) -> None:
        self._updates.append(update)
        self._new_updates.set()

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def texts_sent(self, chat_id: int = STUDENT_CHAT_ID) -> list[str]:
        return [p["text"] for p in self.calls_to("sendMessage") if p.get("chat_id") == chat_id]

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[n for n, _ in self.calls]}")
            await asyncio.sleep(0.02)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != BOT_TOKEN:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _read_parameters(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        return await handler(params)

    async def _api_getMe(self, _: dict[str, Any]) -> web.Response:
        return _ok(
            {
                "id": 123456,
                "is_bot": True,
                "first_name": "Stapwijzer",
                "username": "stapwijzer_test_bot",
            }
        )

    async def _api_getUpdates(self, params: dict[str, Any]) -> web.Response:
        if not self._updates:
            self._new_updates.clear()
            wait = min(float(params.get("timeout", 0) or 0), 0.5)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), wait)
        updates, self._updates = self._updates, []
        return _ok(updates)

    async def _api_sendMessage(self, params: dict[str, Any]) -> web.Response:
        if params.get("text") in self.failing_texts:
            return _error(400, "Bad Request: test failure")
        return _ok(self._message(params, text=params["text"]))

    async def _api_sendPhoto(self, params: dict[str, Any]) -> web.Response:
        return _ok(self._message(params, photo=[]))

    async def _api_sendChatAction(self, _: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_answerCallbackQuery(self, _: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_setWebhook(self, _: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_deleteWebhook(self, _: dict[str, Any]) -> web.Response:
        return _ok(True)

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": params["chat_id"], "type": "private"},
            **content,
        }


async def _read_parameters(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post()
    params: dict[str, Any] = {}
    for name, value in form.items():
        params[name] = json.loads(value) if name in _JSON_PARAMETERS else value
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


RasaReply = Callable[[str], list[dict[str, Any]]]


class FakeRasa:
    """Rasa's REST channel: records each request; `reply`, `status` and `delay` steer the answer."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.reply: RasaReply = lambda message: [{"text": f"Antwoord op: {message}"}]
        self.status = 200
        self.delay = 0.0
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._handle)
        self._runner, _, self.port = await _start_site(app, self.port)

    async def go_down(self) -> None:
        """Close the port and every open connection, as when the Rasa process has stopped."""
        await self.stop()

    async def come_back(self) -> None:
        await self.start()  # on the same port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[str]:
        return [request["message"] for request in self.received]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.Response(status=self.status, text="error")
        return web.json_response(
            [{"recipient_id": body["sender"], **message} for message in self.reply(body["message"])]
        )


# --- updates as Telegram sends them -------------------------------------------------------

_update_ids = itertools.count(1000)


def next_update_id() -> int:
    return next(_update_ids)


def private_chat(chat_id: int = STUDENT_CHAT_ID) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Student"}


def _sender(chat_id: int) -> dict[str, Any]:
    return {"id": abs(chat_id), "is_bot": False, "first_name": "Student"}


def message_update(
    content: dict[str, Any],
    *,
    chat: dict[str, Any] | None = None,
    update_id: int | None = None,
    kind: str = "message",
) -> dict[str, Any]:
    chat = chat or private_chat()
    message = {
        "message_id": next_update_id(),
        "date": int(time.time()),
        "chat": chat,
        "from": _sender(chat["id"]),
        **content,
    }
    if kind == "edited_message":
        message["edit_date"] = int(time.time())
    return {"update_id": update_id or next_update_id(), kind: message}


def text_update(text: str, **kwargs: Any) -> dict[str, Any]:
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command_length = len(text.split(" ", 1)[0])
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": command_length}]
    return message_update(content, **kwargs)


def callback_update(data: str, chat_id: int = STUDENT_CHAT_ID) -> dict[str, Any]:
    update_id = next_update_id()
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq-{update_id}",
            "from": _sender(chat_id),
            "chat_instance": "instance-1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": private_chat(chat_id),
                "text": "Eerder antwoord",
            },
        },
    }


STICKER = {
    "sticker": {
        "file_id": "sticker-1",
        "file_unique_id": "u-sticker-1",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
}
PHOTO = {
    "photo": [{"file_id": "photo-1", "file_unique_id": "u-photo-1", "width": 90, "height": 90}]
}
VOICE = {"voice": {"file_id": "voice-1", "file_unique_id": "u-voice-1", "duration": 3}}

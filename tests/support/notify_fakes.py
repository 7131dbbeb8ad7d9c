"""Local stand-ins for the outside world, all on 127.0.0.1 and random ports.

Each runs in its own thread, so sync tests, async tests and the CLI can all use them.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class WebhookReceiver:
    """Records JSON POSTs; `status` sets the answer, `delay` slows it down."""

    def __init__(self, status: int = 200, delay: float = 0.0) -> None:
        self.status = status
        self.delay = delay
        self.posts: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                if 200 <= receiver.status < 300:
                    with receiver._lock:
                        receiver.posts.append(json.loads(body))
                        receiver.paths.append(self.path)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # the default backlog of 5 drops concurrent posts

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hooks/secret-token"

    def url_for(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reference_counts(self) -> Counter:
        with self._lock:
            return Counter(post["reference"] for post in self.posts)


class _MailHandler:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


class _Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user = user.encode()
        self.password = password.encode()
        self.logins = 0

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        self.logins += int(ok)
        return AuthResult(success=ok, handled=False)


class SmtpServer:
    """aiosmtpd on a fixed free port, so a test can stop it ("SMTP down") and start it again."""

    def __init__(self, port: Optional[int] = None, login: Optional[tuple[str, str]] = None) -> None:
        self.port = port or free_port()
        self.handler = _MailHandler()
        self.authenticator = _Authenticator(*login) if login else None
        self._controller: Optional[Controller] = None

    @property
    def messages(self) -> list[tuple[list[str], EmailMessage]]:
        return self.handler.messages

    def start(self) -> None:
        extra: dict[str, Any] = {}
        if self.authenticator:
            extra = dict(authenticator=self.authenticator, auth_require_tls=False, auth_required=True)
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **extra)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class FakeTelegramApi:
    """Answers `/bot<token>/getMe` and `/bot<token>/sendMessage` like the Bot API does."""

    token = "123456:TEST-stapwijzer-token"

    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []
        self.unknown_chats: set[str] = set()
        self.blocked_chats: set[str] = set()
        self.get_me_calls = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: Optional[web.AppRunner] = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if token != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if request.content_type == "application/json":
            params = {key: str(value) for key, value in (await request.json()).items()}
        else:
            params = {key: str(value) for key, value in (await request.post()).items()}
        if method == "getMe":
            self.get_me_calls += 1
            return web.json_response(
                {"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Stapwijzer",
                                        "username": "stapwijzer_test_bot"}}
            )
        if method == "sendMessage":
            chat_id = params.get("chat_id", "")
            if chat_id in self.unknown_chats:
                return web.json_response(
                    {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}, status=400
                )
            if chat_id in self.blocked_chats:
                return web.json_response(
                    {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
                    status=403,
                )
            self.messages.append(params)
            return web.json_response(
                {"ok": True, "result": {"message_id": len(self.messages), "date": int(time.time()),
                                        "chat": {"id": int(chat_id), "type": "group", "title": "Coaches"},
                                        "text": params.get("text", "")}}
            )
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

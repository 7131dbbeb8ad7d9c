"""Our own webhook server: PTB's compares the secret with `!=`; we use a constant-time compare."""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram accepts 1-256 characters from this set as secret_token.
_VALID_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_UPDATE_BYTES = 1024 * 1024


def webhook_secret(configured: str) -> str:
    """The configured secret, or a random one for this run (setWebhook sends it on every start)."""
    if not configured:
        logger.warning("TELEGRAM_WEBHOOK_SECRET is not set; using a random secret for this run")
        return secrets.token_urlsafe(32)
    if not _VALID_SECRET.match(configured):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET may only hold A-Z, a-z, 0-9, _ and - (1-256)")
    return configured


def secret_matches(received: str | None, expected: str) -> bool:
    if received is None:
        return False
    # Bytes, because compare_digest refuses non-ASCII str, and a forger chooses the header.
    return hmac.compare_digest(
        received.encode("utf-8", "surrogateescape"), expected.encode("utf-8")
    )


def webhook_path(webhook_url: str) -> str:
    return urlparse(webhook_url).path or "/"


class WebhookServer:
    """Receives Telegram's POSTs and queues them for the Application (answer fast, work later)."""

    def __init__(
        self, application: Application, secret: str, path: str, host: str, port: int
    ) -> None:
        self._application = application
        self._secret = secret
        self._path = path
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post(self._path, self._receive)
        # No access log: it would only add addresses and timestamps we do not need.
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        logger.info("Webhook server listens on %s:%s%s", self._host, self.port, self._path)

    @property
    def port(self) -> int:
        """The bound port (useful when started on port 0)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), self._secret):
            logger.warning("Rejected a webhook call without the right secret")
            return web.Response(status=403)
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400)
        try:
            update = Update.de_json(data, self._application.bot)
        except (KeyError, TypeError, ValueError, AttributeError):
            return web.Response(status=400)
        await self._application.update_queue.put(update)
        return web.Response(status=200)

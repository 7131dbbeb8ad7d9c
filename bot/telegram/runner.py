"""Start and stop the gateway: polling, or webhook mode when a webhook URL is configured."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application

from bot.telegram.application import GatewayConfig
from bot.telegram.handlers import ALLOWED_UPDATES
from bot.telegram.webhook import WebhookServer, webhook_path, webhook_secret

logger = logging.getLogger(__name__)


class GatewayRunner:
    def __init__(
        self,
        application: Application,
        config: GatewayConfig,
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 8443,
        poll_timeout_seconds: float = 10.0,
    ) -> None:
        self.application = application
        self.config = config
        self.listen_host = listen_host
        self.listen_port = listen_port
        self.poll_timeout_seconds = poll_timeout_seconds
        self.webhook_server: WebhookServer | None = None

    @property
    def uses_webhook(self) -> bool:
        return bool(self.config.webhook_url)

    async def start(self) -> None:
        await self.application.initialize()
        if self.uses_webhook:
            await self._start_webhook()
        else:
            await self._start_polling()

    async def _start_polling(self) -> None:
        assert self.application.updater is not None
        await self.application.updater.start_polling(
            timeout=timedelta(seconds=self.poll_timeout_seconds),
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=3,
        )
        await self.application.start()
        logger.info("Telegram gateway is polling")

    async def _start_webhook(self) -> None:
        secret = webhook_secret(self.config.webhook_secret)
        await self.application.start()
        self.webhook_server = WebhookServer(
            self.application,
            secret,
            webhook_path(self.config.webhook_url),
            self.listen_host,
            self.listen_port,
        )
        # Listen before setWebhook, so Telegram's first delivery finds us.
        await self.webhook_server.start()
        await self.application.bot.set_webhook(
            url=self.config.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )
        logger.info("Telegram gateway receives updates by webhook")

    async def stop(self) -> None:
        if self.webhook_server is not None:
            await self.webhook_server.stop()
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        # PTB calls post_shutdown only from run_polling/run_webhook, which we do not use.
        if self.application.post_shutdown is not None:
            await self.application.post_shutdown(self.application)

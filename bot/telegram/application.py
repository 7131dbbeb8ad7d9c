"""Builds the PTB Application the command runs (and the tests run): one place, one wiring."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from telegram.ext import AIORateLimiter, Application

from bot.config import VAR_DIR, Settings
from bot.storage.db import create_engine_for
from bot.telegram.chats import ChatDirectory
from bot.telegram.conversation import GatewayServices
from bot.telegram.handlers import GatewayHandlers
from bot.telegram.pseudonyms import load_pseudonym_key
from bot.telegram.rasa_client import RasaRestClient

logger = logging.getLogger(__name__)

DEFAULT_RASA_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class GatewayConfig:
    bot_token: str
    rasa_url: str
    pseudonym_key: bytes
    engine: Engine
    base_url: str = "https://api.telegram.org/bot"
    rasa_timeout_seconds: float = DEFAULT_RASA_TIMEOUT_SECONDS
    webhook_url: str = ""
    webhook_secret: str = ""

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        rasa_timeout_seconds: float = DEFAULT_RASA_TIMEOUT_SECONDS,
        var_dir: Path = VAR_DIR,
    ) -> GatewayConfig:
        return cls(
            bot_token=settings.telegram_bot_token,
            rasa_url=settings.rasa_url,
            pseudonym_key=load_pseudonym_key(settings.telegram_pseudonym_key, var_dir),
            engine=create_engine_for(settings.database_url),
            base_url=settings.telegram_base_url,
            rasa_timeout_seconds=rasa_timeout_seconds,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=settings.telegram_webhook_secret,
        )


def build_application(config: GatewayConfig) -> Application:
    services = GatewayServices(
        rasa=RasaRestClient(config.rasa_url, config.rasa_timeout_seconds),
        chats=ChatDirectory(config.engine),
        pseudonym_key=config.pseudonym_key,
    )

    async def close_rasa_client(_: Application) -> None:
        await services.rasa.close()

    builder = (
        Application.builder()
        .token(config.bot_token)
        .base_url(config.base_url)  # PTB appends the token (or fills in "{token}")
        .concurrent_updates(True)  # one slow chat never blocks the others
        .rate_limiter(AIORateLimiter(max_retries=2))
        .post_shutdown(close_rasa_client)
    )
    if config.base_url.endswith("/bot"):
        # A self-hosted Bot API serves files beside the bot methods, as api.telegram.org does.
        builder = builder.base_file_url(config.base_url[: -len("bot")] + "file/bot")
    application = builder.build()
    GatewayHandlers(services).register(application)
    application.bot_data["services"] = services
    return application

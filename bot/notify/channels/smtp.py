"""E-mail to a counsellor inbox with the standard library's smtplib, in a worker thread."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.config import SmtpSettings
from bot.notify.channels.base import DeliveryError
from bot.notify.render import RenderedNotification

IMPLICIT_TLS_PORT = 465


class SmtpChannel:
    def __init__(self, settings: SmtpSettings, timeout_seconds: float = 30.0) -> None:
        self._settings = settings
        self._timeout = timeout_seconds

    async def send(self, address: str, notification: RenderedNotification) -> None:
        if not self._settings.configured:
            raise DeliveryError("smtp: SMTP_HOST is not set")
        try:
            await asyncio.to_thread(self._send_blocking, address, notification)
        except DeliveryError:
            raise
        except smtplib.SMTPResponseException as error:
            # The server's text can quote the recipient; the code says enough.
            raise DeliveryError(f"smtp: {type(error).__name__} {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"smtp: {type(error).__name__}") from None

    def _build_message(self, address: str, notification: RenderedNotification) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._settings.sender
        message["To"] = address
        message["Subject"] = notification.subject
        message["Date"] = formatdate(usegmt=True)
        # An explicit domain: make_msgid() would otherwise do a slow DNS lookup of our host name.
        message["Message-ID"] = make_msgid(domain=self._settings.sender.rpartition("@")[2] or "localhost")
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(notification.text)
        return message

    def _send_blocking(self, address: str, notification: RenderedNotification) -> None:
        settings = self._settings
        message = self._build_message(address, notification)
        if settings.port == IMPLICIT_TLS_PORT:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=self._timeout,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=self._timeout)
        with client:
            if settings.starttls and settings.port != IMPLICIT_TLS_PORT:
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password)
            refused = client.send_message(message)
            if refused:
                raise DeliveryError("smtp: recipient refused")

    async def aclose(self) -> None:
        return None  # one connection per message: handoffs are rare, nothing to keep open

"""Chat id → pseudonym: Rasa and our database see `tg-…`, never a Telegram chat id.

HMAC with a secret key, so nobody can recompute a pseudonym from a chat id (or test guesses)
without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

logger = logging.getLogger(__name__)

PSEUDONYM_PREFIX = "tg-"
PSEUDONYM_HEX_LENGTH = 32
KEY_FILE_NAME = "telegram_pseudonym.key"


def pseudonym_for(chat_id: int, key: bytes) -> str:
    digest = hmac.new(key, str(chat_id).encode("ascii"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_LENGTH]


def load_pseudonym_key(configured_key: str, var_dir: Path) -> bytes:
    """The configured key; without one, a random local key kept in `var_dir` (development only).

    The local key must survive restarts: a new key would give every student a new pseudonym,
    and handoff replies could no longer find their chat.
    """
    if configured_key:
        return configured_key.encode("utf-8")
    key_path = var_dir / KEY_FILE_NAME
    logger.warning(
        "TELEGRAM_PSEUDONYM_KEY is not set; using the local development key in %s. "
        "Production must set TELEGRAM_PSEUDONYM_KEY.",
        key_path,
    )
    return _read_or_create_key_file(key_path)


def _read_or_create_key_file(key_path: Path) -> bytes:
    key_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when two processes start at once, exactly one creates the key.
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = key_path.read_text(encoding="ascii").strip()
        if not key:
            raise RuntimeError(f"{key_path} is empty; delete it to create a new key") from None
        return key.encode("ascii")
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
        key_file.write(key + "\n")
    return key.encode("ascii")

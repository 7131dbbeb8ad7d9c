"""Button payloads ↔ Telegram `callback_data`, which holds at most 64 bytes.

Short payloads travel inside the button ("p" + payload). Longer ones get a short key
("k" + key) and wait in bounded memory; after a restart such a key is unknown, and the
student is asked to type the question instead.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict

MAX_CALLBACK_DATA_BYTES = 64
_DIRECT = "p"
_KEYED = "k"


class CallbackPayloads:
    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._by_key: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        direct = _DIRECT + payload
        if len(direct.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            return direct
        key = _short_key(payload)
        self._by_key[key] = payload
        self._by_key.move_to_end(key)
        if len(self._by_key) > self._capacity:
            self._by_key.popitem(last=False)
        return _KEYED + key

    def decode(self, callback_data: str | None) -> str | None:
        """The payload behind a pressed button; None when unknown (forgotten or forged)."""
        if not callback_data:
            return None
        kind, rest = callback_data[:1], callback_data[1:]
        if kind == _DIRECT and rest:
            return rest
        if kind == _KEYED:
            return self._by_key.get(rest)
        return None


def _short_key(payload: str) -> str:
    # Same payload → same key, so a button shown to many students costs one memory entry.
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

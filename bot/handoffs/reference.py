"""Short handoff codes a counsellor can read out on the phone, like "SW-7K3F9A"."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: the code is read aloud and typed over from e-mail.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "SW-"
REFERENCE_LENGTH = 6  # 31**6 ≈ 887 million codes: collisions are rare and retried anyway

_REFERENCE_PATTERN = re.compile(
    rf"^{REFERENCE_PREFIX}[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$"
)


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + code


def parse_reference(raw: str) -> str:
    """Accept what an operator types ("sw-7k3f9a", "7K3F9A", "SW 7K3F9A"); ValueError if invalid."""
    compact = re.sub(r"[\s\-]", "", raw or "").upper()
    if len(compact) == REFERENCE_LENGTH + 2 and compact.startswith("SW"):
        compact = compact[2:]
    reference = REFERENCE_PREFIX + compact
    if not _REFERENCE_PATTERN.match(reference):
        raise ValueError(f"not a handoff reference: {raw!r} (expected like SW-7K3F9A)")
    return reference

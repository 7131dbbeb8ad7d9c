"""Dutch labels for intent names (bot/intent_labels.yml), kept in one operator-editable file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

# Intents our NLU components set and nobody types (bot/nlu/components.py): they have no
# training examples, and operators never label a message with them.
INTENTS_WITHOUT_EXAMPLES = frozenset({"empty_message"})


LABELS_FILE = Path(__file__).with_name("intent_labels.yml")


@lru_cache(maxsize=1)
def intent_labels() -> dict[str, str]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label_for(intent: str) -> str:
    return intent_labels().get(intent, intent.replace("_", " "))

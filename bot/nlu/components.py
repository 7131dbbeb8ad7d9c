"""Custom Rasa NLU components (the public GraphComponent API of Rasa 3.6).

Both run after the intent classifier and before the FallbackClassifier, so that a forced
intent carries full confidence and is never turned into a fallback.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.crisis import shared_crisis_matcher
from bot.nlu.language import detect_language

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
OTHER_LANGUAGE_INTENT = "other_language"
LANGUAGE_ENTITY = "language"


def _text_of(message: Message) -> Optional[str]:
    text = message.get(TEXT)
    # "/intent" payloads from buttons are already exact; never second-guess them.
    if not text or text.startswith("/"):
        return None
    return text


def _force_intent(message: Message, intent: str, confidence: float = 1.0) -> None:
    forced = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get(INTENT_NAME_KEY) != intent]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)


class _PredictOnly(GraphComponent):
    """Shared plumbing for rule components that learn nothing."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisBackstop(_PredictOnly):
    """Forces the `crisis` intent for high-risk phrasings, whatever the classifier said."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.matcher = shared_crisis_matcher()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            if text is None:
                continue
            match = self.matcher.find(text)
            if match is not None:
                logger.info("Crisis backstop matched rule %s", match.rule)
                _force_intent(message, CRISIS_INTENT)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGate(_PredictOnly):
    """Marks messages written in another language than Dutch as `other_language`."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            if text is None:
                continue
            guess = detect_language(text)
            if guess.is_dutch:
                continue
            _force_intent(message, OTHER_LANGUAGE_INTENT, round(guess.confidence, 3))
            entity = {
                ENTITY_ATTRIBUTE_TYPE: LANGUAGE_ENTITY,
                ENTITY_ATTRIBUTE_VALUE: guess.iso_code,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
                EXTRACTOR: self.__class__.__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

"""Custom Rasa NLU components (the public GraphComponent API of Rasa 3.6).

All run after the intent classifier and before the FallbackClassifier, so that a forced
intent carries full confidence and is never turned into a fallback. Order in config.yml:
CrisisClassifier (scores), CrisisBackstop (decides), LanguageGate (never over a crisis),
UnknownWords (keyboard mashing → nlu_fallback), EmptyMessage.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

import joblib

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
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
from bot.nlu.crisis_model import CRISIS, CrisisModel
from bot.nlu.language import detect_language
from bot.nlu.triage import Thresholds, triage
from bot.nlu.vocabulary import Vocabulary

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
OTHER_LANGUAGE_INTENT = "other_language"
EMPTY_MESSAGE_INTENT = "empty_message"
LANGUAGE_ENTITY = "language"
CRISIS_LEVEL_ENTITY = "crisis_level"
CRISIS_KIND_ENTITY = "crisis_kind"
CRISIS_PROBABILITY = "crisis_probability"
CRISIS_MODEL_FILE = "crisis_model.joblib"
VOCABULARY_FILE = "vocabulary.joblib"


def _text_of(message: Message) -> Optional[str]:
    text = message.get(TEXT)
    # "/intent" payloads from buttons are already exact; never second-guess them.
    if not text or text.startswith("/"):
        return None
    return text


def _force_intent(message: Message, intent: str, confidence: float = 1.0) -> None:
    """Make `intent` the prediction. The others stay ranked, but below what is left of the
    confidence: otherwise the FallbackClassifier would call a forced 1.0 next to a 0.95
    "ambiguous" and turn a crisis into "Bedoel je…?"."""
    forced = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
    rest = max(0.0, 1.0 - confidence)
    ranking = [
        {**entry, PREDICTED_CONFIDENCE_KEY: min(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0, rest)}
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != intent
    ]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)


def _add_entity(message: Message, entity_type: str, value: str, text: str, extractor: str) -> None:
    entity = {
        ENTITY_ATTRIBUTE_TYPE: entity_type,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: 0,
        ENTITY_ATTRIBUTE_END: len(text),
        EXTRACTOR: extractor,
    }
    message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)


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


class _Learner(GraphComponent, ABC):
    """Shared plumbing for our trainable components: one artifact, kept in the model.
    Subclasses say what they learn (`learn`) and how they use it (`use`)."""

    artifact_file = ""

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, artifact: Any = None
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.use(artifact)

    @abstractmethod
    def use(self, artifact: Any) -> None:
        """Take a learned (or loaded) artifact into use; None means nothing was trained."""

    @abstractmethod
    def learn(self, training_data: TrainingData) -> Any:
        """The artifact learned from the training data; `train` stores it in the model."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        artifact = self.learn(training_data)
        self.use(artifact)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(artifact, directory / self.artifact_file)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        try:
            with model_storage.read_from(resource) as directory:
                artifact = joblib.load(directory / cls.artifact_file)
        except (ValueError, FileNotFoundError):
            logger.warning("%s: nothing trained in this model; it does nothing.", cls.__name__)
            artifact = None
        return cls(config, model_storage, resource, artifact)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisClassifier(_Learner):
    """Scores every message with P(crisis) from its own TF-IDF model (bot/nlu/crisis_model.py).

    It sets no intent; CrisisBackstop weighs the score together with its own rules. Without
    a trained model every score is 0 and the backstop alone decides.
    """

    artifact_file = CRISIS_MODEL_FILE

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"crisis_intent": CRISIS_INTENT}

    def use(self, artifact: Any) -> None:
        self.model = CrisisModel(artifact)

    def learn(self, training_data: TrainingData) -> Any:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        crisis_intent = self.config.get("crisis_intent", CRISIS_INTENT)
        # The model knows the crisis intent under the name bot.nlu.crisis_model.CRISIS.
        intents = [CRISIS if m.get(INTENT) == crisis_intent else m.get(INTENT) for m in examples]
        return CrisisModel.fit([m.get(TEXT) for m in examples], intents).pipeline

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            if text is not None:
                message.set(CRISIS_PROBABILITY, round(self.model.probability(text), 4), add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisBackstop(_PredictOnly):
    """Decides whether a message is a crisis (bot/nlu/triage.py) and forces the intent.

    Two signals: its own high-risk rules (bot/nlu/crisis.py) and the CrisisClassifier's
    probability, with thresholds chosen from cross-validated scores (docs/crisis.md). The
    entities `crisis_level` (clear/possible) and `crisis_kind` tell the dialogue which
    answer fits.
    """

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.matcher = shared_crisis_matcher()
        self.thresholds = Thresholds(
            possible=float(config["possible_threshold"]), clear=float(config["clear_threshold"])
        )

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Without a CrisisClassifier before it, only the rules and the intent classifier count.
        return {"possible_threshold": 1.01, "clear_threshold": 1.01}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            if text is None:
                continue
            match = self.matcher.find(text)
            top_intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            decision = triage(
                text,
                backstop_rule=match.rule if match else None,
                model_probability=float(message.get(CRISIS_PROBABILITY) or 0.0),
                classifier_crisis_first=top_intent == CRISIS_INTENT,
                thresholds=self.thresholds,
            )
            if decision is None:
                continue
            logger.info("Crisis %s (%s), kind %s", decision.level.value, decision.reason, decision.kind.value)
            _force_intent(message, CRISIS_INTENT)
            _add_entity(message, CRISIS_LEVEL_ENTITY, decision.level.value, text, self.__class__.__name__)
            _add_entity(message, CRISIS_KIND_ENTITY, decision.kind.value, text, self.__class__.__name__)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGate(_PredictOnly):
    """Marks messages written in another language than Dutch as `other_language`.

    It runs after the crisis triage and never hides a crisis: "I want to end it all" stays
    a crisis, whatever language it is in.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            if text is None or (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == CRISIS_INTENT:
                continue
            guess = detect_language(text)
            if guess.is_dutch:
                continue
            _force_intent(message, OTHER_LANGUAGE_INTENT, round(guess.confidence, 3))
            _add_entity(message, LANGUAGE_ENTITY, guess.iso_code, text, self.__class__.__name__)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmptyMessage(_PredictOnly):
    """Gives an empty or blank message the intent `empty_message`, so it gets a short kind
    answer (a rule) instead of silence: the classifiers predict nothing for it."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not (message.get(TEXT) or "").strip():
                _force_intent(message, EMPTY_MESSAGE_INTENT)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWords(_Learner):
    """Turns a message with no known word into `nlu_fallback` (bot/nlu/vocabulary.py).

    Learns the words of the training examples, lookup tables and synonyms. Runs after the
    crisis triage and the language gate, and never touches a crisis, another language or a
    message with an entity.
    """

    artifact_file = VOCABULARY_FILE

    def use(self, artifact: Any) -> None:
        self.vocabulary = Vocabulary(artifact or [])

    def learn(self, training_data: TrainingData) -> Any:
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        texts += [str(element) for table in training_data.lookup_tables for element in table.get("elements", [])]
        texts += [f"{synonym} {value}" for synonym, value in training_data.entity_synonyms.items()]
        return sorted(Vocabulary.from_texts(texts).words)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = _text_of(message)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if text is None or intent in (CRISIS_INTENT, OTHER_LANGUAGE_INTENT) or message.get(ENTITIES):
                continue
            if self.vocabulary.is_gibberish(text):
                _force_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        return messages

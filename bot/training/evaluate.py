"""Evaluate a trained model on our held-out set (tests/nlu/) and gate on the result.

`rasa test nlu` runs the full pipeline (classifier, language gate, crisis backstop and
fallback), so the figures are those of the bot students meet. The gate fails below a
macro-F1 of 0.90 or when a single crisis message is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.training.registry import live_model

HELD_OUT_SET = PROJECT_ROOT / "tests" / "nlu" / "test_nlu.yml"
MIN_MACRO_F1 = 0.90
CRISIS_INTENT = "crisis"
_REPORT_SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def dutch_number(value: float, digits: int = 3) -> str:
    """A number as Dutch readers write it: 0,912."""
    return f"{value:.{digits}f}".replace(".", ",")


@dataclass
class Evaluation:
    per_intent: dict[str, dict[str, float]]
    accuracy: float
    confusions: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the intents of the test set (predicted-only labels do not count)."""
        scores = [row["f1-score"] for row in self.per_intent.values() if row["support"] > 0]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def crisis_recall(self) -> float:
        return self.per_intent.get(CRISIS_INTENT, {}).get("recall", 0.0)

    def worst(self, count: int = 5) -> list[tuple[str, float]]:
        rows = [(name, row["f1-score"]) for name, row in self.per_intent.items() if row["support"] > 0]
        return sorted(rows, key=lambda item: item[1])[:count]

    def table(self) -> str:
        lines = [f"{'intent':28} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}"]
        for name, row in sorted(self.per_intent.items()):
            if row["support"] == 0:
                continue
            lines.append(
                f"{name:28} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1-score']:6.3f} {int(row['support']):4d}"
            )
        lines.append(f"{'macro-F1':28} {self.macro_f1:20.3f}")
        lines.append(f"{'accuracy':28} {self.accuracy:20.3f}")
        lines.append(f"{'crisis recall':28} {self.crisis_recall:20.3f}")
        return "\n".join(lines)


def load_report(out_dir: Path) -> Evaluation:
    report = json.loads((out_dir / "intent_report.json").read_text())
    per_intent = {
        name: {key: float(value) for key, value in row.items() if key in {"precision", "recall", "f1-score", "support"}}
        for name, row in report.items()
        if name not in _REPORT_SUMMARY_KEYS and isinstance(row, dict)
    }
    errors_file = out_dir / "intent_errors.json"
    confusions: Counter[tuple[str, str]] = Counter()
    if errors_file.exists():
        for error in json.loads(errors_file.read_text()):
            confusions[(error["intent"], error["intent_prediction"]["name"])] += 1
    accuracy = float(report.get("accuracy", 0.0))
    return Evaluation(per_intent, accuracy, [(a, b, n) for (a, b), n in confusions.most_common()])


def evaluate(model: Path, out_dir: Path, test_set: Path = HELD_OUT_SET) -> Evaluation:
    rasa = Path(sys.executable).with_name("rasa")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(rasa), "test", "nlu", "--nlu", str(test_set), "--model", str(model), "--out", str(out_dir)],
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        stdout=subprocess.DEVNULL,
    )
    return load_report(out_dir)


def gate_failures(evaluation: Evaluation) -> list[str]:
    failures = []
    if evaluation.macro_f1 < MIN_MACRO_F1:
        failures.append(f"macro-F1 {evaluation.macro_f1:.3f} is below {MIN_MACRO_F1:.2f}")
    if evaluation.crisis_recall < 1.0:
        failures.append(f"crisis recall {evaluation.crisis_recall:.3f}: a crisis message was missed")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None, help="model to test (default: models/LIVE)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "heldout")
    args = parser.parse_args()
    model = args.model or live_model()
    if model is None:
        raise SystemExit("No model: run `make model` first.")
    evaluation = evaluate(model, args.out)
    print(f"Held-out NLU evaluation of {model.name} on {HELD_OUT_SET.relative_to(PROJECT_ROOT)}")
    print(evaluation.table())
    print("worst intents: " + ", ".join(f"{name} {score:.2f}" for name, score in evaluation.worst()))
    for gold, predicted, count in evaluation.confusions[:8]:
        print(f"  confused {gold} → {predicted}: {count}")
    failures = gate_failures(evaluation)
    if failures:
        print("NLU GATE FAILED: " + "; ".join(failures))
        raise SystemExit(1)
    print("NLU gate passed.")


if __name__ == "__main__":
    main()

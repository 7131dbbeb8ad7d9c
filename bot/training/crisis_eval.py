"""How a model does on the crisis test set (tests/crisis/crisis_set.yml), at the NLU level.

The set was written apart from the training data and is never trained on. This counts a
message as flagged when the full pipeline (classifier, crisis model, backstop, language
gate, fallback) gives it the `crisis` intent, at either level (clear or possible). The
same figures through the real server, in three dialogue states, are in
tests/crisis/test_crisis_set_server.py.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.training.registry import live_model

CRISIS_SET = PROJECT_ROOT / "tests" / "crisis" / "crisis_set.yml"
MIN_PRECISION = 0.9


@dataclass(frozen=True)
class CrisisCase:
    text: str
    group: str  # the situation of a crisis message, the kind of a negative
    is_crisis: bool


def load_crisis_set(path: Path = CRISIS_SET) -> list[CrisisCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [CrisisCase(row["text"], row["situation"], True) for row in data["crisis"]]
    cases += [CrisisCase(row["text"], row["kind"], False) for row in data["negatives"]]
    return cases


@dataclass
class CrisisScore:
    missed: list[CrisisCase] = field(default_factory=list)
    false_alarms: list[CrisisCase] = field(default_factory=list)
    caught: int = 0
    levels: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        total = self.caught + len(self.missed)
        return self.caught / total if total else 1.0

    @property
    def precision(self) -> float:
        flagged = self.caught + len(self.false_alarms)
        return self.caught / flagged if flagged else 1.0

    def record(self, case: CrisisCase, flagged: bool, level: str | None) -> None:
        if case.is_crisis and flagged:
            self.caught += 1
            self.levels[level or "?"] += 1
        elif case.is_crisis:
            self.missed.append(case)
        elif flagged:
            self.false_alarms.append(case)

    def summary(self) -> str:
        by_situation = Counter(case.group for case in self.missed)
        by_kind = Counter(case.group for case in self.false_alarms)
        lines = [
            f"crisis recall {self.recall:.3f} ({self.caught}/{self.caught + len(self.missed)}), "
            f"precision {self.precision:.3f} ({len(self.false_alarms)} false alarms)",
            "levels of the caught: " + ", ".join(f"{k} {v}" for k, v in sorted(self.levels.items())),
        ]
        if by_situation:
            lines.append("missed by situation: " + ", ".join(f"{k} {v}" for k, v in by_situation.most_common()))
        if by_kind:
            lines.append("false alarms by kind: " + ", ".join(f"{k} {v}" for k, v in by_kind.most_common()))
        return "\n".join(lines)


def crisis_level(parse: dict[str, Any]) -> str | None:
    """The crisis level of a parse result, or None when it is not a crisis."""
    if (parse.get("intent") or {}).get("name") != "crisis":
        return None
    for entity in parse.get("entities") or []:
        if entity.get("entity") == "crisis_level":
            return str(entity.get("value"))
    return "clear"


async def _parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def score_model(model: Path, cases: list[CrisisCase]) -> CrisisScore:
    parses = asyncio.run(_parse_all(model, [case.text for case in cases]))
    score = CrisisScore()
    for case, parse in zip(cases, parses):
        level = crisis_level(parse)
        score.record(case, level is not None, level)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None, help="model to test (default: models/LIVE)")
    parser.add_argument("--set", type=Path, default=CRISIS_SET, help="crisis test set (YAML)")
    parser.add_argument("--show", action="store_true", help="print the missed and falsely flagged texts")
    args = parser.parse_args()
    model = args.model or live_model()
    if model is None:
        raise SystemExit("No model: run `make model` first.")
    score = score_model(model, load_crisis_set(args.set))
    print(f"Crisis set {args.set.name} on {model.name}")
    print(score.summary())
    if args.show:
        for case in score.missed:
            print(f"  MISSED [{case.group}] {case.text}")
        for case in score.false_alarms:
            print(f"  FALSE ALARM [{case.group}] {case.text}")
    if score.missed or score.precision < MIN_PRECISION:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

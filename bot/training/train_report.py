"""The report of one `python -m bot train`: reports/train-<date>-<hash>.md plus a confusion-matrix PNG.

Written for operators: the decision and its reasons first, then the figures of both models,
the intents that changed most, and which intents the new model mixes up.
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.intent_labels import label_for
from bot.training.evaluate import Evaluation
from bot.training.evaluate import dutch_number as _nl

if TYPE_CHECKING:
    from bot.training.promote import Project, TrainOutcome

WORST_CONFUSIONS = 10


def _signed(value: float) -> str:
    if abs(value) < 0.0005:
        return "0"
    return ("+" if value > 0 else "−") + _nl(abs(value))


def _f1(evaluation: Evaluation | None, intent: str) -> float | None:
    if evaluation is None:
        return None
    row = evaluation.per_intent.get(intent)
    return row["f1-score"] if row and row["support"] > 0 else None


def intent_table(new: Evaluation, live: Evaluation | None) -> list[str]:
    intents = sorted(name for name, row in new.per_intent.items() if row["support"] > 0)

    def change(intent: str) -> float:
        old = _f1(live, intent)
        return (_f1(new, intent) or 0.0) - old if old is not None else 0.0

    lines = [
        "| intent | betekenis | F1 nieuw | F1 live | verschil | precisie | recall | aantal |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for intent in sorted(intents, key=lambda name: (change(name), name)):
        row = new.per_intent[intent]
        old = _f1(live, intent)
        lines.append(
            f"| {intent} | {label_for(intent)} | {_nl(row['f1-score'])} | {_nl(old) if old is not None else '–'} | "
            f"{_signed(change(intent)) if old is not None else '–'} | {_nl(row['precision'])} | "
            f"{_nl(row['recall'])} | {int(row['support'])} |"
        )
    return lines


def confusion_matrix_png(evaluation: Evaluation, path: Path) -> bool:
    """Draw the matrix for the intents involved in errors; False when there are no errors."""
    if not evaluation.confusions:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyparsing deprecation noise from matplotlib's own style files
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

    labels = sorted({gold for gold, _, _ in evaluation.confusions} | {predicted for _, predicted, _ in evaluation.confusions})
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for label in labels:
        row = evaluation.per_intent.get(label)
        if row and row["support"] > 0:
            matrix[index[label]][index[label]] = round(row["recall"] * row["support"])
    for gold, predicted, count in evaluation.confusions:
        matrix[index[gold]][index[predicted]] += count

    size = max(4.0, 0.45 * len(labels) + 2.5)
    figure, axes = plt.subplots(figsize=(size + 1.5, size))
    image = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlabel("voorspeld door het model")
    axes.set_ylabel("echte intent (testset)")
    axes.set_title("Verwarringsmatrix: intents met fouten")
    largest = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                colour = "white" if value > largest / 2 else "black"
                axes.text(j, i, str(value), ha="center", va="center", fontsize=7, color=colour)
    figure.colorbar(image, ax=axes, fraction=0.04)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def render_report(outcome: "TrainOutcome", fingerprint: str, day: date, png_name: str | None) -> str:
    new, live = outcome.new, outcome.live
    assert new is not None and outcome.model is not None
    promoted = outcome.status == "promoted"
    lines = [f"# Trainingsrapport {day.isoformat()} — model {outcome.model.name}", ""]
    if promoted:
        lines.append("**Besluit: live gezet.** Het nieuwe model is niet slechter dan het live model en herkent alle crisisberichten.")
        lines.append("Zet het aan in de draaiende bot met `python -m bot deploy`.")
    else:
        lines.append("**Besluit: niet live gezet.** Het live model blijft in gebruik. Waarom:")
        lines += [f"- {reason}" for reason in outcome.reasons]
    lines += ["", f"Regel: live zetten alleen als de macro-F1 hooguit 0,01 daalt en de crisis-recall 1,000 blijft.", ""]
    live_name = outcome.live_model.name if outcome.live_model is not None else "geen"
    lines += [
        f"| | nieuw model | live model ({live_name}) | verschil |",
        "|---|---:|---:|---:|",
    ]
    for title, attribute in (("macro-F1", "macro_f1"), ("nauwkeurigheid (accuracy)", "accuracy"), ("crisis-recall", "crisis_recall")):
        value = getattr(new, attribute)
        old = getattr(live, attribute) if live is not None else None
        lines.append(
            f"| {title} | {_nl(value)} | {_nl(old) if old is not None else '–'} | {_signed(value - old) if old is not None else '–'} |"
        )
    lines += ["", "## Per intent (grootste daling bovenaan)", ""]
    lines += intent_table(new, live)
    lines += ["", "## Meest verwarde intents (nieuw model)", ""]
    if new.confusions:
        lines += ["| echte intent | voorspeld als | aantal |", "|---|---|---:|"]
        lines += [f"| {gold} | {predicted} | {count} |" for gold, predicted, count in new.confusions[:WORST_CONFUSIONS]]
    else:
        lines.append("Geen fouten op de testset.")
    if png_name:
        lines += ["", f"![Verwarringsmatrix]({png_name})"]
    lines += ["", f"Trainingsdata-hash: `{fingerprint}`. Model: `{outcome.model.name}`.", ""]
    return "\n".join(lines)


def write_report(outcome: "TrainOutcome", project: "Project", fingerprint: str, day: date) -> Path:
    stem = f"train-{day.isoformat()}-{fingerprint}"
    png = project.reports / f"{stem}-confusion.png"
    assert outcome.new is not None
    has_png = confusion_matrix_png(outcome.new, png)
    report = project.reports / f"{stem}.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render_report(outcome, fingerprint, day, png.name if has_png else None), encoding="utf-8")
    return report

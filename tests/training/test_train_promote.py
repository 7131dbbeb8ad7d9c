"""`bot train` on a tiny project: a better model goes live, a worse one never does."""

from __future__ import annotations

from pathlib import Path

import pytest
import rasa.model_testing

from bot.__main__ import main
from bot.review.apply import apply_review_file
from bot.review.review_file import ReviewRow, write_review_file
from bot.training.evaluate import Evaluation
from bot.training.promote import (
    Project,
    TrainOutcome,
    decide,
    evaluation_cache_path,
    project_fingerprint,
    train_and_promote,
)
from bot.training.registry import live_model, previous_model, training_fingerprint
from training.tiny_project import BASE_EXAMPLES, BETTER_REQUEST_HUMAN, write_examples


def quiet(_line: str) -> None:
    pass


@pytest.fixture
def evaluations_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models Rasa actually evaluated (cached evaluations do not count)."""
    calls: list[str] = []
    original = rasa.model_testing.test_nlu

    async def counting(model: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(Path(model).name)
        return await original(model, *args, **kwargs)

    monkeypatch.setattr(rasa.model_testing, "test_nlu", counting)
    return calls


def test_first_model_goes_live_with_report_and_cached_evaluation(trained_base: tuple[Path, TrainOutcome]) -> None:
    root, outcome = trained_base
    assert live_model(root / "models") == outcome.model
    assert evaluation_cache_path(outcome.model).is_file()
    assert outcome.new is not None and outcome.new.crisis_recall == 1.0
    assert outcome.new.macro_f1 < 1.0  # the base data are thin on purpose: request_human is missed
    report = outcome.report.read_text()
    assert "**Besluit: live gezet.**" in report
    assert "| request_human | Praten met iemand |" in report
    assert (outcome.report.parent / f"{outcome.report.stem}-confusion.png").is_file()


def test_labelled_review_rows_make_a_better_model_that_goes_live(tiny: Project, evaluations_run: list[str]) -> None:
    base_model = live_model(tiny.models)
    review = tiny.root / "review.csv"
    write_review_file(
        review, [ReviewRow(text, "crisis", "", 0.4, "lage zekerheid", "2025-03-10", "request_human") for text in BETTER_REQUEST_HUMAN]
    )
    applied = apply_review_file(review, tiny.data, tiny.domain, tiny.test_set.parent)
    assert applied.added_count == len(BETTER_REQUEST_HUMAN)

    outcome = train_and_promote(tiny, say=quiet)

    assert outcome.status == "promoted" and outcome.exit_code == 0
    assert live_model(tiny.models) == outcome.model != base_model
    assert previous_model(tiny.models) == base_model
    assert outcome.new.macro_f1 > outcome.live.macro_f1
    assert evaluations_run == [outcome.model.name]  # the live model's evaluation came from its cache
    report = outcome.report.read_text()
    assert "| macro-F1 | 1,000 |" in report and "live model (stapwijzer-" in report
    assert "| request_human | Praten met iemand | 1,000 |" in report


def test_model_that_misses_a_crisis_message_is_refused(tiny: Project) -> None:
    base_model = live_model(tiny.models)
    examples = dict(BASE_EXAMPLES)
    examples["crisis"] = BASE_EXAMPLES["crisis"][:2]  # most crisis examples mislabelled as greetings
    examples["greet"] = BASE_EXAMPLES["greet"] + BASE_EXAMPLES["crisis"][2:]
    write_examples(tiny.root, examples)

    outcome = train_and_promote(tiny, say=quiet)

    assert outcome.status == "rejected" and outcome.exit_code == 2
    assert live_model(tiny.models) == base_model
    assert outcome.model.parent == tiny.models / "rejected"
    assert outcome.new.crisis_recall < 1.0
    assert any("mist crisisberichten" in reason for reason in outcome.reasons)
    assert "**Besluit: niet live gezet.**" in outcome.report.read_text()


def test_model_with_a_lower_macro_f1_is_refused(tiny: Project, capsys: pytest.CaptureFixture[str]) -> None:
    base_model = live_model(tiny.models)
    examples = dict(BASE_EXAMPLES)
    examples["bbl_info"] = ["wat is bbl"]  # the other bbl examples mislabelled as goodbye
    examples["goodbye"] = BASE_EXAMPLES["goodbye"] + BASE_EXAMPLES["bbl_info"][1:]
    write_examples(tiny.root, examples)

    code = main(["train", "--root", str(tiny.root)])

    out = capsys.readouterr().out
    assert code == 2
    assert live_model(tiny.models) == base_model
    assert "Stap 1 van 4" in out and "Stap 4 van 4" in out
    assert "NIET LIVE GEZET. Het live model blijft in gebruik." in out
    assert "begrijpt de testset slechter: macro-F1" in out
    assert "crisisberichten" not in out
    assert "Rapport: reports/train-" in out


def test_nothing_is_trained_when_nothing_changed(tiny: Project, evaluations_run: list[str]) -> None:
    lines: list[str] = []
    outcome = train_and_promote(tiny, say=lines.append)
    assert outcome.status == "unchanged" and outcome.exit_code == 0
    assert evaluations_run == []
    assert any("Er is niets veranderd" in line for line in lines)


def test_invalid_data_is_not_trained(tiny: Project) -> None:
    (tiny.data / "nlu" / "extra.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: not_in_domain\n  examples: |\n    - iets\n    - nog iets\n'
    )
    outcome = train_and_promote(tiny, say=quiet)
    assert outcome.status == "invalid" and outcome.exit_code == 1
    assert any("not_in_domain" in problem for problem in outcome.reasons)
    assert not list((tiny.models).glob("*.training*"))


def _evaluation(macro_f1: float, crisis_recall: float = 1.0) -> Evaluation:
    # Two intents whose mean F1 is `macro_f1`.
    return Evaluation(
        {
            "crisis": {"precision": 1.0, "recall": crisis_recall, "f1-score": macro_f1, "support": 4.0},
            "greet": {"precision": 1.0, "recall": 1.0, "f1-score": macro_f1, "support": 4.0},
        },
        accuracy=macro_f1,
    )


@pytest.mark.parametrize(
    ("new", "live", "promote"),
    [
        (0.90, None, True),  # the first model only has to be safe
        (0.89, 0.90, True),  # a drop of exactly 0.01 is allowed
        (0.8899, 0.90, False),
        (0.95, 0.90, True),
    ],
)
def test_gate_on_macro_f1(new: float, live: float | None, promote: bool) -> None:
    reasons = decide(_evaluation(new), _evaluation(live) if live is not None else None)
    assert (reasons == []) is promote


def test_gate_on_crisis_recall() -> None:
    reasons = decide(_evaluation(0.99, crisis_recall=0.75), _evaluation(0.90))
    assert len(reasons) == 1 and "1 van de 4" in reasons[0]


def test_model_names_match_make_model_for_the_standard_layout(tmp_path: Path) -> None:
    from training.tiny_project import create_tiny_project

    root = create_tiny_project(tmp_path)
    assert project_fingerprint(Project.at(root)) == training_fingerprint(root)

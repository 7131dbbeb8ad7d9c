"""Validate, train, evaluate against the live model, and promote only a model that is not worse.

The weekly operators' step after `review apply`. A new model goes live (models/LIVE) only when
- it recognises every crisis message of the held-out set (crisis recall 1.0), and
- its macro-F1 on the held-out set is at most 0.01 below the live model's.
Otherwise the live model stays and the candidate is kept under models/rejected/ with the
reasons in the report. Deploying to the running server is a separate step (`bot deploy`).

Training and evaluation run in this process through Rasa's Python API (the same functions
`rasa train` and `rasa test nlu` call): Rasa and TensorFlow are imported once instead of once
per step. Validation runs `rasa data validate` as bot/training/validate.py does.
Every project path is injectable (`Project`), so tests train a tiny project in seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from bot.config import PROJECT_ROOT
from bot.training.evaluate import CRISIS_INTENT, Evaluation, load_report
from bot.training.evaluate import dutch_number as nl
from bot.training.registry import live_model, model_name_for, set_live, training_fingerprint
from bot.training.validate import form_questions, responses_used_by_actions, unexplained_warnings

MAX_MACRO_F1_DROP = 0.01
REQUIRED_CRISIS_RECALL = 1.0
REJECTED_DIR = "rejected"
TRAINING_DIR = ".training"
EVALUATION_SUFFIX = ".evaluation.json"

Say = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """Where the training inputs and outputs of one Rasa project are."""

    root: Path
    data: Path
    config: Path
    domain: Path
    models: Path
    test_set: Path
    reports: Path
    actions: Path

    @classmethod
    def at(cls, root: Path = PROJECT_ROOT, **overrides: Path) -> "Project":
        root = root.resolve()
        paths = {
            "data": root / "data",
            "config": root / "config.yml",
            "domain": root / "domain.yml",
            "models": root / "models",
            "test_set": root / "tests" / "nlu" / "test_nlu.yml",
            "reports": root / "reports",
            "actions": root / "actions",
        }
        paths.update({name: Path(value).resolve() for name, value in overrides.items() if value is not None})
        return cls(root=root, **paths)


@dataclass
class TrainOutcome:
    status: str  # "promoted", "rejected", "unchanged", "invalid", "failed"
    model: Path | None = None
    new: Evaluation | None = None
    live: Evaluation | None = None
    live_model: Path | None = None
    reasons: list[str] = field(default_factory=list)
    report: Path | None = None

    @property
    def exit_code(self) -> int:
        return {"promoted": 0, "unchanged": 0, "rejected": 2}.get(self.status, 1)


# --- fingerprints and caches --------------------------------------------------------------


def project_fingerprint(project: Project) -> str:
    """The model name hash; for the standard layout the same as `make model` uses."""
    root = project.root
    if (project.data, project.config, project.domain) == (root / "data", root / "config.yml", root / "domain.yml"):
        return training_fingerprint(root)
    digest = hashlib.sha256()
    for path in (project.data, project.config, project.domain):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.name.startswith(".") or "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(path.parent).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def evaluation_cache_path(model: Path) -> Path:
    return model.with_name(model.name.removesuffix(".tar.gz") + EVALUATION_SUFFIX)


def _evaluation_to_json(evaluation: Evaluation, model: Path, test_set: Path) -> dict:
    return {
        "model": model.name,
        "model_sha256": _file_digest(model),
        "test_set_sha256": _file_digest(test_set),
        "accuracy": evaluation.accuracy,
        "per_intent": evaluation.per_intent,
        "confusions": [list(item) for item in evaluation.confusions],
    }


def cached_evaluation(model: Path, test_set: Path) -> Evaluation | None:
    """The stored evaluation of `model`, if it was made for this model file and this test set."""
    cache = evaluation_cache_path(model)
    if not cache.is_file():
        return None
    try:
        stored = json.loads(cache.read_text())
    except ValueError:
        return None
    if stored.get("model_sha256") != _file_digest(model) or stored.get("test_set_sha256") != _file_digest(test_set):
        return None
    confusions = [(str(a), str(b), int(n)) for a, b, n in stored["confusions"]]
    return Evaluation(stored["per_intent"], float(stored["accuracy"]), confusions)


def store_evaluation(evaluation: Evaluation, model: Path, test_set: Path) -> None:
    cache = evaluation_cache_path(model)
    cache.write_text(json.dumps(_evaluation_to_json(evaluation, model, test_set), indent=1, ensure_ascii=False))


# --- the steps -------------------------------------------------------------------------------


def _hide_library_deprecations(original: Callable[..., None]) -> Callable[..., None]:
    """A `warnings.showwarning` that drops deprecation notices of libraries.

    TensorFlow, matplotlib and SQLAlchemy print deprecation notices while Rasa trains, and
    they would bury the steps operators read. Libraries add their own "show once" filters
    while importing, so filtering has to happen where warnings are shown. Rasa's own
    UserWarnings about the data still show.
    """

    def show(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
        if issubclass(category, (DeprecationWarning, PendingDeprecationWarning)):
            return
        if "Deprecated API features detected" in str(message):  # SQLAlchemy's 2.0 notice
            return
        original(message, category, *args, **kwargs)

    return show


@contextlib.contextmanager
def _rasa_environment(project: Project) -> Iterator[None]:
    """Rasa's training cache inside the project (not the current folder); no telemetry."""
    saved = {name: os.environ.get(name) for name in ("RASA_CACHE_DIRECTORY", "RASA_TELEMETRY_ENABLED")}
    os.environ.setdefault("RASA_CACHE_DIRECTORY", str(project.root / ".rasa" / "cache"))
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow is first imported
    original_showwarning = warnings.showwarning
    warnings.showwarning = _hide_library_deprecations(original_showwarning)
    try:
        from rasa.utils.log_utils import configure_structlog

        # As `rasa train` does: without this, Rasa's structured debug log floods the screen.
        configure_structlog(logging.WARNING)
        yield
    finally:
        warnings.showwarning = original_showwarning
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _ComponentProgress(logging.Handler):
    """Turns Rasa's "Starting to train component 'X'" log lines into progress lines."""

    def __init__(self, say: Say) -> None:
        super().__init__(logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Starting to train component"):
            self.say(f"  bezig: {message.split(chr(39))[1]} …")


@contextlib.contextmanager
def _show_progress(say: Say) -> Iterator[None]:
    hooks = logging.getLogger("rasa.engine.training.hooks")
    handler = _ComponentProgress(say)
    old_level, old_propagate = hooks.level, hooks.propagate
    hooks.addHandler(handler)
    hooks.setLevel(logging.INFO)
    hooks.propagate = False
    try:
        yield
    finally:
        hooks.removeHandler(handler)
        hooks.setLevel(old_level)
        hooks.propagate = old_propagate


def validate_project(project: Project) -> list[str]:
    """Problems found by `rasa data validate --fail-on-warnings` (empty list: the data is fine)."""
    rasa = Path(sys.executable).with_name("rasa")
    result = subprocess.run(
        [str(rasa), "data", "validate", "--fail-on-warnings", "--data", str(project.data),
         "--domain", str(project.domain), "--config", str(project.config)],
        cwd=project.root, capture_output=True, text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"},
    )
    output = result.stdout + result.stderr
    used_in_code = responses_used_by_actions(project.actions) | form_questions(project.domain)
    problems = unexplained_warnings(output, used_in_code)
    problems += [line.strip() for line in output.splitlines() if " ERROR " in line]
    if result.returncode != 0 and not problems and "is not used in any story or rule" not in output:
        problems.append(output.strip().splitlines()[-1] if output.strip() else f"rasa exited with {result.returncode}")
    return problems


def train_model(project: Project, name: str, output_dir: Path, say: Say) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    with _rasa_environment(project), _show_progress(say):
        from rasa.model_training import train

        result = train(
            domain=str(project.domain), config=str(project.config), training_files=[str(project.data)],
            output=str(output_dir), fixed_model_name=name, force_training=True,
        )
    model = output_dir / f"{name}.tar.gz"
    if result.code != 0 or not model.is_file():
        raise RuntimeError(f"Rasa could not train a model (code {result.code}).")
    return model


def evaluate_model(project: Project, model: Path) -> Evaluation:
    """Held-out evaluation, as `rasa test nlu` does it; cached next to the model file."""
    cached = cached_evaluation(model, project.test_set)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory() as out_dir, _rasa_environment(project):
        from rasa.model_testing import test_nlu

        asyncio.run(
            test_nlu(str(model), str(project.test_set), out_dir, {"errors": True, "disable_plotting": True},
                     domain_path=str(project.domain))
        )
        evaluation = load_report(Path(out_dir))
    store_evaluation(evaluation, model, project.test_set)
    return evaluation


def decide(new: Evaluation, live: Evaluation | None) -> list[str]:
    """Reasons, in plain Dutch, not to promote `new` (empty: promote)."""
    reasons = []
    if round(new.crisis_recall, 6) < REQUIRED_CRISIS_RECALL:
        support = int(new.per_intent.get(CRISIS_INTENT, {}).get("support", 0))
        missed = round(support * (1 - new.crisis_recall))
        reasons.append(
            f"Het nieuwe model mist crisisberichten: {missed} van de {support} in de testset herkent het niet "
            f"(crisis-recall {nl(new.crisis_recall)}). Dat mag nooit."
            if support else "De testset heeft geen crisisberichten, dus veiligheid is niet te controleren."
        )
    if live is not None and round(live.macro_f1 - new.macro_f1, 6) > MAX_MACRO_F1_DROP:
        reasons.append(
            f"Het nieuwe model begrijpt de testset slechter: macro-F1 {nl(new.macro_f1)} "
            f"tegen {nl(live.macro_f1)} voor het live model. Dat is {nl(live.macro_f1 - new.macro_f1)} lager; "
            f"de grens is {nl(MAX_MACRO_F1_DROP, 2)}."
        )
    return reasons


def _place(candidate: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(candidate), str(target))
    cache = evaluation_cache_path(candidate)
    if cache.exists():
        shutil.move(str(cache), str(evaluation_cache_path(target)))
    return target


def train_and_promote(project: Project, force: bool = False, say: Say = print, today: date | None = None) -> TrainOutcome:
    from bot.training.train_report import write_report

    say("Stap 1 van 4: de trainingsdata controleren (rasa data validate) …")
    problems = validate_project(project)
    if problems:
        say("De trainingsdata hebben fouten. Er is niets getraind:")
        for problem in problems:
            say(f"  - {problem}")
        return TrainOutcome("invalid", reasons=problems)

    fingerprint = project_fingerprint(project)
    name = model_name_for(fingerprint)
    target = project.models / f"{name}.tar.gz"
    rejected = project.models / REJECTED_DIR / f"{name}.tar.gz"
    current = live_model(project.models)
    if current is not None and current.resolve() == target.resolve() and not force:
        say(f"Er is niets veranderd sinds het live model {current.name}. Er is niets te doen.")
        say("(Toch opnieuw trainen: python -m bot train --force)")
        return TrainOutcome("unchanged", model=current, live_model=current)

    workdir = project.models / TRAINING_DIR
    if not force and (target.is_file() or rejected.is_file()):
        existing = target if target.is_file() else rejected
        say(f"Stap 2 van 4: dit model bestaat al ({existing.name}); opnieuw trainen is niet nodig.")
        workdir.mkdir(parents=True, exist_ok=True)
        candidate = workdir / existing.name
        shutil.copy2(existing, candidate)
        if evaluation_cache_path(existing).exists():
            shutil.copy2(evaluation_cache_path(existing), evaluation_cache_path(candidate))
    else:
        say("Stap 2 van 4: een nieuw model trainen. Dit duurt een paar minuten.")
        try:
            candidate = train_model(project, name, workdir, say)
        except Exception as error:  # noqa: BLE001 - any training failure leaves the live model alone
            say(f"Het trainen is mislukt: {error}")
            say("Het live model is niet veranderd.")
            shutil.rmtree(workdir, ignore_errors=True)
            return TrainOutcome("failed", reasons=[str(error)])

    say("Stap 3 van 4: het nieuwe model testen op de testset (tests/nlu) …")
    new = evaluate_model(project, candidate)
    live = None
    if current is not None:
        if cached_evaluation(current, project.test_set) is not None:
            say(f"           het live model {current.name}: de uitslag van de vorige keer wordt gebruikt.")
        else:
            say(f"           en het live model {current.name} testen (de uitslag wordt bewaard) …")
        live = evaluate_model(project, current)

    reasons = decide(new, live)
    say("Stap 4 van 4: vergelijken en beslissen.")
    if reasons:
        model = _place(candidate, rejected)
        outcome = TrainOutcome("rejected", model, new, live, current, reasons)
    else:
        model = _place(candidate, target)
        set_live(model, project.models)
        for leftover in (rejected, evaluation_cache_path(rejected)):
            leftover.unlink(missing_ok=True)
        outcome = TrainOutcome("promoted", model, new, live, current)
    shutil.rmtree(workdir, ignore_errors=True)
    outcome.report = write_report(outcome, project, fingerprint, today or date.today())
    _say_outcome(outcome, project, say)
    return outcome


def _say_outcome(outcome: TrainOutcome, project: Project, say: Say) -> None:
    new = outcome.new
    assert new is not None and outcome.model is not None
    say("")
    say(f"Nieuw model:  macro-F1 {nl(new.macro_f1)}, nauwkeurigheid {nl(new.accuracy)}, crisis-recall {nl(new.crisis_recall)}")
    if outcome.live is not None:
        live = outcome.live
        say(f"Live model:   macro-F1 {nl(live.macro_f1)}, nauwkeurigheid {nl(live.accuracy)}, crisis-recall {nl(live.crisis_recall)}")
    if outcome.status == "promoted":
        say(f"GOEDGEKEURD: {outcome.model.name} is nu het live model (models/LIVE).")
        say("Zet het aan in de draaiende bot met: python -m bot deploy")
    else:
        say("NIET LIVE GEZET. Het live model blijft in gebruik. Waarom:")
        for reason in outcome.reasons:
            say(f"  - {reason}")
        say(f"Het afgewezen model staat in {_shown(outcome.model, project)}.")
    if outcome.report is not None:
        say(f"Rapport: {_shown(outcome.report, project)}")


def _shown(path: Path, project: Project) -> str:
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)

"""A tiny Rasa project that trains in seconds: five intents, ~10 examples each, a small pipeline.

Used by the training tests (promote a better model, refuse a worse one) and the deploy tests
(two models that answer differently). Never the real project data: that takes far too long.
Imported as `training.tiny_project` (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

from pathlib import Path

import yaml

CONFIG = """recipe: default.v1
language: nl
assistant_id: tiny-stapwijzer
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 4
  - name: LogisticRegressionClassifier
policies:
  - name: RulePolicy
"""

INTENTS = ("greet", "goodbye", "bbl_info", "crisis", "request_human")

# request_human starts thin: the held-out set asks for a person in ways the base data lacks.
BASE_EXAMPLES: dict[str, list[str]] = {
    "greet": ["hoi", "hallo", "hey", "hee", "goedemorgen", "goedemiddag", "yo", "hai", "hallo daar", "hoi hoi"],
    "goodbye": ["doei", "dag", "tot ziens", "later", "doeg", "fijne dag", "ik ga", "tot later", "houdoe", "de mazzel"],
    "bbl_info": [
        "wat is bbl", "bbl?", "hoe werkt bbl", "wat betekent bbl", "verschil bbl en bol", "uitleg bbl",
        "wat houdt bbl in", "bbl betekenis", "hoeveel dagen school bij bbl", "is bbl werken en leren",
    ],
    "crisis": [
        "ik wil dood", "ik wil niet meer leven", "ik doe mezelf iets aan", "ik wil er een eind aan maken",
        "ik wil zelfmoord plegen", "ik zie geen uitweg meer", "ik wil mezelf pijn doen", "niemand mist me als ik dood ben",
        "ik wil er niet meer zijn", "ik snijd mezelf",
    ],
    "request_human": ["mens", "medewerker"],
}

# What `review apply` adds in the "better" scenario: real ways students ask for a person.
BETTER_REQUEST_HUMAN = [
    "ik wil met een mens praten", "kan ik een echt persoon spreken", "mag ik iemand spreken",
    "ik wil met een medewerker praten", "echte persoon aub", "kan ik iemand bellen", "praten met een mens",
    "ik wil een coach spreken",
]

HELD_OUT: dict[str, list[str]] = {
    "greet": ["hoi daar", "hallo allemaal", "hey hoi"],
    "goodbye": ["doei doei", "tot ziens dan", "later hoor"],
    "bbl_info": ["wat is bbl eigenlijk", "hoe werkt bbl precies", "uitleg over bbl graag"],
    "crisis": ["ik wil echt dood", "ik wil niet meer leven echt", "ik wil mezelf iets aandoen"],
    "request_human": ["kan ik met een mens praten", "ik wil een echt persoon", "mag ik een medewerker spreken"],
}


def _nlu_yaml(examples: dict[str, list[str]]) -> str:
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in examples.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


def domain_yaml(answer_prefix: str = "") -> str:
    responses = {f"utter_{intent}": [{"text": f"{answer_prefix}antwoord op {intent}"}] for intent in INTENTS}
    domain = {
        "version": "3.1",
        "intents": list(INTENTS),
        "responses": responses,
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }
    return yaml.safe_dump(domain, allow_unicode=True, sort_keys=False)


def _rules_yaml() -> str:
    rules = [{"rule": f"answer {intent}", "steps": [{"intent": intent}, {"action": f"utter_{intent}"}]} for intent in INTENTS]
    return yaml.safe_dump({"version": "3.1", "rules": rules}, sort_keys=False)


def create_tiny_project(root: Path, examples: dict[str, list[str]] | None = None, answer_prefix: str = "") -> Path:
    """Write the project under `root`: data/, config.yml, domain.yml, tests/nlu/test_nlu.yml."""
    (root / "data" / "nlu").mkdir(parents=True, exist_ok=True)
    (root / "data" / "rules.yml").write_text(_rules_yaml(), encoding="utf-8")
    write_examples(root, examples or BASE_EXAMPLES)
    (root / "config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "domain.yml").write_text(domain_yaml(answer_prefix), encoding="utf-8")
    (root / "tests" / "nlu").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "nlu" / "test_nlu.yml").write_text(_nlu_yaml(HELD_OUT), encoding="utf-8")
    return root


def write_examples(root: Path, examples: dict[str, list[str]]) -> None:
    # One file per intent, as the real project keeps one file per topic.
    for path in (root / "data" / "nlu").glob("*.yml"):
        path.unlink()
    for intent, texts in examples.items():
        (root / "data" / "nlu" / f"{intent}.yml").write_text(_nlu_yaml({intent: texts}), encoding="utf-8")

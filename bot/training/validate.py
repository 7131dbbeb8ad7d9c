"""`rasa data validate --fail-on-warnings`, with one documented exception.

Rasa 3.6's validator counts a response as used only when a rule or story names it. Our
form questions (`utter_ask_<slot>`, asked by the form itself) and the texts our custom
actions send (`response="…"` in actions/) are used in code, so the validator warns about
them, and about `empty_message`, which bot.nlu.components.EmptyMessage sets and nobody
types. This wrapper runs the real command and accepts exactly those warnings, after proving
each response really is used in code; every other warning or error still fails.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.intent_labels import INTENTS_WITHOUT_EXAMPLES

_UNUSED_RESPONSE = re.compile(r"UserWarning: The utterance '([^']+)' is not used in any story or rule\.")
_INTENT_WITHOUT_EXAMPLES = re.compile(r"The intent '([^']+)' is listed in the domain file, but is not found in the NLU training data\.")

_WARNING = re.compile(r"(UserWarning|FutureWarning): (.*)")


_RESPONSE_NAME = re.compile(r"^(?:utter|text)_[a-z0-9_]+$")


def responses_used_by_actions(actions_dir: Path = PROJECT_ROOT / "actions") -> set[str]:
    """Response names the custom actions send: `response="…"` in `utter_message`, and the
    names an action picks from a table (a string constant that is a response name, such as
    the crisis answers in actions/crisis.py)."""
    used: set[str] = set()
    for path in actions_dir.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _RESPONSE_NAME.match(node.value):
                used.add(node.value)
    return used


def form_questions(domain_path: Path = PROJECT_ROOT / "domain.yml") -> set[str]:
    """`utter_ask_<slot>` for every required slot of every form: the form asks them itself."""
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    questions: set[str] = set()
    for form in (domain.get("forms") or {}).values():
        for slot in form.get("required_slots") or []:
            questions.add(f"utter_ask_{slot}")
    return questions


def unexplained_warnings(output: str, used_in_code: set[str]) -> list[str]:
    problems = []
    for line in output.splitlines():
        unused = _UNUSED_RESPONSE.search(line)
        if unused:
            if unused.group(1) not in used_in_code:
                problems.append(f"response {unused.group(1)} is used nowhere")
            continue
        without_examples = _INTENT_WITHOUT_EXAMPLES.search(line)
        if without_examples and without_examples.group(1) in INTENTS_WITHOUT_EXAMPLES:
            continue
        warning = _WARNING.search(line)
        if warning and "rasa" in line and "DeprecationWarning" not in line:
            problems.append(warning.group(2))
    return problems


def main() -> int:
    rasa = Path(sys.executable).with_name("rasa")
    result = subprocess.run(
        [str(rasa), "data", "validate", "--fail-on-warnings"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    used_in_code = responses_used_by_actions() | form_questions()
    problems = unexplained_warnings(output, used_in_code)
    errors = [line for line in output.splitlines() if " ERROR " in line]
    if problems or errors or (result.returncode != 0 and not _UNUSED_RESPONSE.search(output)):
        print(output)
        for problem in problems + errors:
            print(f"validation problem: {problem}")
        print("Data validation FAILED.")
        return 1
    accepted = sorted(set(_UNUSED_RESPONSE.findall(output)))
    print(f"rasa data validate --fail-on-warnings: clean apart from {len(accepted)} responses used in code:")
    print("  " + ", ".join(accepted))
    return 0


if __name__ == "__main__":
    sys.exit(main())

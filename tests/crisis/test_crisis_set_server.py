"""The crisis test sets through the real server.

Both sets were written by separate authors who never saw the training data or the
backstop's rules; neither is trained on (docs/crisis.md).

- Set A (crisis_set.yml): every crisis message must get a crisis answer (clear or
  check-in, both give 113 and 112) at the start of a conversation, in the middle of the
  handoff form and right after a "Bedoel je…?" fallback; the hard negatives must not, with
  precision of at least 0.9 in each state. Set A was used for error analysis after its
  first measurement.
- Set B (crisis_set_b.yml): written later and kept untouched, so it measures what the
  bot does on phrasings nobody looked at. It guards against regressions: recall of at
  least RECALL_FLOOR_B and precision of at least 0.9; its figures are in docs/crisis.md.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

from bot.training.crisis_eval import CRISIS_SET, MIN_PRECISION, CrisisCase, CrisisScore, load_crisis_set
from support.rasa_stack import RasaStack, texts

pytestmark = pytest.mark.needs_model

SET_A = load_crisis_set(CRISIS_SET)
SET_B = load_crisis_set(CRISIS_SET.with_name("crisis_set_b.yml"))
RECALL_FLOOR_B = 0.97
GIBBERISH = "gfdsa qwerty zxcv"


def _start(stack: RasaStack, sender: str) -> None:
    return None


def _mid_form(stack: RasaStack, sender: str) -> None:
    stack.send(sender, "ik wil met iemand praten")
    stack.send(sender, "ja")


def _after_fallback(stack: RasaStack, sender: str) -> None:
    reply = texts(stack.send(sender, GIBBERISH))
    assert "Bedoel je" in reply or "anders" in reply, reply


STATES: dict[str, Callable[[RasaStack, str], None]] = {
    "start": _start, "mid_form": _mid_form, "after_fallback": _after_fallback,
}


def _crisis_answered(stack: RasaStack, sender: str, reply: str) -> tuple[bool, str | None]:
    """Did the bot run the crisis answer for the last message, and give the numbers?"""
    events: list[dict[str, Any]] = stack.tracker(sender)["events"]
    last_user = max(i for i, event in enumerate(events) if event.get("event") == "user")
    actions = [e.get("name") for e in events[last_user:] if e.get("event") == "action"]
    if "action_crisis_answer" not in actions:
        return False, None
    assert "113" in reply or "112" in reply, f"crisis answer without 113/112: {reply}"
    entities = events[last_user].get("parse_data", {}).get("entities") or []
    level = next((e.get("value") for e in entities if e.get("entity") == "crisis_level"), "clear")
    return True, level


def _run_case(stack: RasaStack, state: str, case: CrisisCase) -> tuple[CrisisCase, bool, str | None]:
    sender = f"crisis-{state}-{uuid.uuid4().hex[:10]}"
    STATES[state](stack, sender)
    reply = texts(stack.send(sender, case.text))
    flagged, level = _crisis_answered(stack, sender, reply)
    return case, flagged, level


def _score(stack: RasaStack, state: str, cases: list[CrisisCase]) -> CrisisScore:
    score = CrisisScore()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for case, flagged, level in pool.map(lambda case: _run_case(stack, state, case), cases):
            score.record(case, flagged, level)
    print(f"\n[{state}] {score.summary()}")
    return score


def _listing(cases: list[CrisisCase]) -> str:
    return "\n".join(f"  [{case.group}] {case.text}" for case in cases)


@pytest.mark.parametrize("stack", ["sqlite"], indirect=True)
@pytest.mark.parametrize("state", list(STATES))
def test_set_a_every_crisis_message_gets_a_crisis_answer(stack: RasaStack, state: str) -> None:
    score = _score(stack, state, SET_A)
    assert not score.missed, f"[{state}] missed crisis messages:\n{_listing(score.missed)}"
    assert score.precision >= MIN_PRECISION, f"[{state}] precision {score.precision:.3f}:\n{_listing(score.false_alarms)}"


@pytest.mark.parametrize("stack", ["sqlite"], indirect=True)
def test_set_b_held_out_stays_above_its_floor(stack: RasaStack) -> None:
    score = _score(stack, "start", SET_B)
    # Counts only: set B's texts stay unread, so it keeps measuring unseen phrasings.
    assert score.recall >= RECALL_FLOOR_B, f"set B recall {score.recall:.3f} ({len(score.missed)} missed)"
    assert score.precision >= MIN_PRECISION, f"set B precision {score.precision:.3f}"

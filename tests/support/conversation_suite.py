"""Replays the conversation suite (tests/conversations/conversations.yml) against a real bot.

The suite was written apart from the bot (its author read only the public description and
the facts brief), so its checks are keyword checks a correct answer must pass:
  any:    the reply contains at least one of these (case-insensitive);
  none:   the reply contains none of these;
  crisis: true → the bot gave a crisis answer this turn (one of its crisis actions ran,
          read from the tracker) and the reply names 113, 112, 0800-2000 or Veilig Thuis;
          false → no crisis answer ran this turn (the intro and the fallback name 113 as
          standing information, which is not a crisis answer).
The reply is every bot message of the turn: texts and button titles.
End checks read the database: a handoff stored (or not) with region, age and contact.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from sqlalchemy import select

from bot.handoffs.models import Handoff
from bot.storage.db import create_engine_for, session_factory

SUITE = Path(__file__).resolve().parent.parent / "conversations" / "conversations.yml"
CRISIS_HELP = re.compile(r"(?<!\d)(?:113|112|0800-?2000)(?!\d)|veilig thuis", re.I)
# The actions that give a crisis answer (utter_crisis and utter_crisis_more: before the
# triage of docs/crisis.md, for the baseline figure).
CRISIS_ACTIONS = frozenset({"action_crisis_answer", "utter_crisis", "utter_crisis_more"})

Send = Callable[[str, str], list[dict[str, Any]]]
Tracker = Callable[[str], dict[str, Any]]


@dataclass
class ConversationResult:
    conversation_id: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_suite(path: Path = SUITE) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"])


def reply_text(messages: list[dict[str, Any]]) -> str:
    parts = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts.extend(button.get("title") or "" for button in message.get("buttons") or [])
    return "\n".join(parts)


def crisis_answer_ran(tracker: dict[str, Any]) -> bool:
    """Whether a crisis action ran after the last user message."""
    events = tracker.get("events") or []
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    after = events[users[-1]:] if users else events
    return any(e.get("event") == "action" and e.get("name") in CRISIS_ACTIONS for e in after)


def check_turn(number: int, user: str, reply: str, crisis_ran: bool, expect: dict[str, Any]) -> list[str]:
    failures = []
    lowered = reply.lower()
    shown = reply.replace("\n", " ")[:240]
    wanted = expect.get("any") or []
    if wanted and not any(str(word).lower() in lowered for word in wanted):
        failures.append(f"turn {number} {user!r}: none of {wanted} in reply: {shown}")
    for word in expect.get("none") or []:
        if str(word).lower() in lowered:
            failures.append(f"turn {number} {user!r}: {word!r} should not be in reply: {shown}")
    if expect.get("crisis") is True and not (crisis_ran and CRISIS_HELP.search(reply)):
        failures.append(f"turn {number} {user!r}: no crisis help in reply: {shown}")
    if expect.get("crisis") is False and crisis_ran:
        failures.append(f"turn {number} {user!r}: crisis answer where none was due: {shown}")
    return failures


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return "0" + digits[2:] if digits.startswith("31") else digits


def check_end(end: dict[str, Any], handoffs: list[Handoff]) -> list[str]:
    if "handoff" not in end:
        return []
    if not end["handoff"]:
        return [f"expected nothing stored, found {len(handoffs)} handoff(s)"] if handoffs else []
    if not handoffs:
        return ["expected a stored handoff, none found"]
    handoff = handoffs[-1]
    failures = []
    if end.get("region") and handoff.region_code != end["region"]:
        failures.append(f"handoff region {handoff.region_code}, expected {end['region']}")
    if end.get("age") is not None and handoff.age != int(end["age"]):
        failures.append(f"handoff age {handoff.age}, expected {end['age']}")
    contact = str(end.get("contact") or "")
    if contact:
        stored = handoff.contact_value or ""
        same = contact.lower() == stored.lower() if "@" in contact else _digits(contact) == _digits(stored)
        if not same:
            failures.append(f"handoff contact {stored!r}, expected {contact!r}")
    return failures


def stored_handoffs(database_url: str, sender: str) -> list[Handoff]:
    engine = create_engine_for(database_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Handoff).where(Handoff.sender_id == sender).order_by(Handoff.id))
            return list(rows.scalars())
    finally:
        engine.dispose()


def run_conversation(send: Send, tracker: Tracker, database_url: str, conversation: dict[str, Any],
                     sender: Optional[str] = None) -> ConversationResult:
    sender = sender or f"conv-{uuid.uuid4().hex[:12]}"
    result = ConversationResult(conversation["id"])
    for number, turn in enumerate(conversation["turns"], start=1):
        reply = reply_text(send(sender, str(turn["user"])))
        crisis_ran = crisis_answer_ran(tracker(sender))
        result.failures += check_turn(number, str(turn["user"]), reply, crisis_ran, turn.get("expect") or {})
    result.failures += check_end(conversation.get("end") or {}, stored_handoffs(database_url, sender))
    return result

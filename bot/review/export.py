"""Export the messages the bot did not understand well, for operators to label.

We read Rasa's `events` table with SQLAlchemy Core instead of going through Rasa's tracker
store API: the API needs the domain, loads every conversation whole (`retrieve_full_tracker`
per sender) and imports all of Rasa (seconds of start-up). One ordered, read-only query over
the columns of Rasa 3.6's `SQLTrackerStore.SQLEvent` fetches only user messages and the two
fallback actions, works the same on SQLite and PostgreSQL, and never writes. A test checks
that our table definition matches `SQLEvent`, so a Rasa upgrade that changes it fails loudly.

Which messages are selected (one row per message text, first occurrence wins):
- the classifier's best guess has a confidence below the threshold;
- the message was classified `nlu_fallback` ("niet begrepen");
- Rasa's two-stage fallback ran after it: the message that started "Bedoel je …?" and the
  messages the student typed while it was active (the rephrase);
- the student answered the next question "Had je hier iets aan?" with 👎 (`feedback_negative`):
  that marks the message answered just before;
- the student asked for a person (`request_human`) within 2 messages after a fallback: that
  marks the misunderstood message.
Button payloads ("/intent") are never exported (there is nothing to label), personal data is
masked, and sender ids never leave the database.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Iterable, Iterator

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect, or_, select
from sqlalchemy.engine import Engine

from bot.intent_labels import label_for
from bot.notify.render import DUTCH_TIME
from bot.review.masking import mask_personal_data
from bot.review.review_file import ReviewRow

DEFAULT_THRESHOLD = 0.6
NLU_FALLBACK = "nlu_fallback"
TWO_STAGE_FALLBACK = "action_two_stage_fallback"
DEFAULT_FALLBACK = "action_default_fallback"
FALLBACK_ACTIONS = (TWO_STAGE_FALLBACK, DEFAULT_FALLBACK)
FEEDBACK_NEGATIVE = "feedback_negative"
FEEDBACK_INTENTS = {"feedback_positive", FEEDBACK_NEGATIVE}
REQUEST_HUMAN = "request_human"
HANDOFF_WINDOW = 2  # user messages after a fallback

# Reasons as operators read them in the `reason` column (explained in docs/operators.md).
LOW_CONFIDENCE = "lage zekerheid"
NOT_UNDERSTOOD = "niet begrepen"
TWO_STAGE = "Bedoel je-vraag"
THUMBS_DOWN = "duim omlaag"
HANDOFF_AFTER_MISS = "vroeg daarna om een mens"

# Rasa 3.6 `SQLTrackerStore.SQLEvent` (rasa/core/tracker_store.py), read-only.
_metadata = MetaData()
EVENTS = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


class NoConversationsError(RuntimeError):
    """The database has no Rasa `events` table yet."""


@dataclass
class UserTurn:
    text: str
    timestamp: float
    intent: str
    guess: str  # the classifier's best intent other than nlu_fallback
    confidence: float
    fallback_actions: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)

    @property
    def is_payload(self) -> bool:
        return self.text.startswith("/")

    @property
    def was_fallback(self) -> bool:
        return self.intent == NLU_FALLBACK or bool(self.fallback_actions)

    def mark(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


def _classifier_guess(parse_data: dict[str, Any]) -> tuple[str, float]:
    """The classifier's own best intent: for nlu_fallback, the intent it nearly chose."""
    ranking = parse_data.get("intent_ranking") or []
    for entry in ranking:
        name = entry.get("name")
        if name and name != NLU_FALLBACK:
            return name, float(entry.get("confidence") or 0.0)
    intent = parse_data.get("intent") or {}
    return intent.get("name") or NLU_FALLBACK, float(intent.get("confidence") or 0.0)


def _user_turn(data: dict[str, Any], timestamp: float | None) -> UserTurn:
    parse_data = data.get("parse_data") or {}
    intent = (parse_data.get("intent") or {}).get("name") or ""
    guess, confidence = _classifier_guess(parse_data)
    text = " ".join((data.get("text") or "").split())
    return UserTurn(text, float(timestamp or data.get("timestamp") or 0.0), intent, guess, confidence)


def _read_conversations(engine: Engine, since: datetime | None) -> Iterator[list[UserTurn]]:
    """The user turns of each conversation in order, with the fallback actions after each."""
    if not inspect(engine).has_table("events"):
        raise NoConversationsError("Er staan nog geen gesprekken in de database (geen tabel 'events').")
    query = (
        select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.action_name, EVENTS.c.data)
        .where(or_(EVENTS.c.type_name == "user", EVENTS.c.action_name.in_(FALLBACK_ACTIONS)))
        .order_by(EVENTS.c.sender_id, EVENTS.c.id)
    )
    if since is not None:
        query = query.where(EVENTS.c.timestamp >= since.timestamp())
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True).execute(query)
        for _sender, rows in itertools.groupby(result, key=lambda row: row.sender_id):
            turns: list[UserTurn] = []
            for row in rows:
                if row.type_name == "user":
                    turns.append(_user_turn(json.loads(row.data or "{}"), row.timestamp))
                elif turns and row.type_name == "action":
                    turns[-1].fallback_actions.add(row.action_name)
            yield turns


def mark_misunderstood(turns: list[UserTurn], threshold: float) -> None:
    """Give each turn the reasons it deserves review (see the module docstring)."""
    for index, turn in enumerate(turns):
        if turn.intent == NLU_FALLBACK:
            turn.mark(NOT_UNDERSTOOD)
        elif turn.confidence < threshold:
            turn.mark(LOW_CONFIDENCE)
        if TWO_STAGE_FALLBACK in turn.fallback_actions:
            turn.mark(TWO_STAGE)
        if turn.intent == FEEDBACK_NEGATIVE:
            answered = next((t for t in reversed(turns[:index]) if t.intent not in FEEDBACK_INTENTS), None)
            if answered is not None:
                answered.mark(THUMBS_DOWN)
        if turn.intent == REQUEST_HUMAN:
            for earlier in turns[max(0, index - HANDOFF_WINDOW) : index]:
                if earlier.was_fallback:
                    earlier.mark(HANDOFF_AFTER_MISS)


def dedup_key(text: str) -> str:
    return " ".join(text.casefold().split())


def review_rows(conversations: Iterable[list[UserTurn]], threshold: float) -> list[ReviewRow]:
    """One row per message text (case- and space-insensitive), reasons of all copies merged."""
    first_turns: dict[str, tuple[str, UserTurn]] = {}
    reasons: dict[str, list[str]] = {}
    for turns in conversations:
        mark_misunderstood(turns, threshold)
        for turn in turns:
            if not turn.reasons or turn.is_payload or not turn.text:
                continue
            message = mask_personal_data(turn.text)
            key = dedup_key(message)
            first_turns.setdefault(key, (message, turn))
            merged = reasons.setdefault(key, [])
            merged.extend(reason for reason in turn.reasons if reason not in merged)
    rows = [
        ReviewRow(
            message=message,
            predicted_intent=turn.guess,
            predicted_label=label_for(turn.guess) if turn.guess != NLU_FALLBACK else "",
            confidence=turn.confidence,
            reason=" + ".join(reasons[key]),
            date=_dutch_date(turn.timestamp),
        )
        for key, (message, turn) in first_turns.items()
    ]
    return sorted(rows, key=lambda row: row.date)


def _dutch_date(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).astimezone(DUTCH_TIME).strftime("%Y-%m-%d")


def start_of_day(day: date) -> datetime:
    """Midnight in Dutch time: what an operator means by "since 3 March"."""
    return datetime.combine(day, time.min, tzinfo=DUTCH_TIME)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def parse_day(text: str) -> date:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is geen datum. Schrijf bijvoorbeeld 2025-03-01 of 01-03-2025.")


def export_review_rows(engine: Engine, since: datetime | None, threshold: float = DEFAULT_THRESHOLD) -> list[ReviewRow]:
    return review_rows(_read_conversations(engine, since), threshold)

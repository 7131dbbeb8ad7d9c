"""A tracker store filled through Rasa's own classes, on SQLite and on PostgreSQL.

The conversations below are built from real Rasa events (UserUttered with parse data and
confidences, ActionExecuted, ActiveLoop, UserUtteranceReverted) and saved by our
`ErasableSQLTrackerStore`, exactly as the running bot stores them.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.notify.render import DUTCH_TIME
from bot.privacy.tracker_store import ErasableSQLTrackerStore
from support.databases import BACKENDS, create_pg_schema, drop_pg_schema, sqlite_url

BASE_TIME = datetime(2025, 3, 10, 14, 0, tzinfo=DUTCH_TIME).timestamp()
OLD_TIME = datetime(2025, 2, 1, 14, 0, tzinfo=DUTCH_TIME).timestamp()
FALLBACK_RANKING_SWITCH = [("nlu_fallback", 0.45), ("switch_program", 0.32), ("help_school", 0.30)]


class ConversationBuilder:
    """Appends events with increasing timestamps, the way a real conversation grows."""

    def __init__(self, sender: str, start: float = BASE_TIME) -> None:
        self.sender = sender
        self.clock = start
        self.events: list[Event] = [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start)]

    def _tick(self) -> float:
        self.clock += 1.0
        return self.clock

    def user(self, text: str, ranking: list[tuple[str, float]]) -> "ConversationBuilder":
        intent_name, confidence = ranking[0]
        parse_data = {
            "intent": {"name": intent_name, "confidence": confidence},
            "intent_ranking": [{"name": name, "confidence": value} for name, value in ranking],
            "entities": [],
            "text": text,
        }
        self.events.append(ActionExecuted("action_listen", timestamp=self._tick()))
        self.events.append(UserUttered(text, parse_data["intent"], [], parse_data, timestamp=self._tick(), input_channel="rest"))
        return self

    def action(self, name: str, *extra: Event) -> "ConversationBuilder":
        self.events.append(ActionExecuted(name, timestamp=self._tick()))
        self.events.extend(extra)
        return self

    def bot(self, text: str) -> "ConversationBuilder":
        self.events.append(BotUttered(text, timestamp=self._tick()))
        return self

    def tracker(self) -> DialogueStateTracker:
        return DialogueStateTracker.from_events(self.sender, self.events, slots=[])


def two_stage_clarified(builder: ConversationBuilder, text: str, ranking: list[tuple[str, float]]) -> ConversationBuilder:
    """The student's clear rephrase ends the loop: Rasa reverts and replays it with confidence 1."""
    builder.user(text, ranking)
    builder.action("action_two_stage_fallback", ActiveLoop(None), UserUtteranceReverted())
    replay = [(ranking[0][0], 1.0)] + ranking[1:]
    return builder.user(text, replay)


def conversations() -> list[DialogueStateTracker]:
    # A: one unsure guess, a thumbs-down on a confident answer.
    a = ConversationBuilder("student-a")
    a.user("hoi", [("greet", 0.98)]).action("utter_greet")
    a.user("ik wil iets met auto's maar weet niet wat", [("orientation_help", 0.41), ("switch_program", 0.30)])
    a.action("utter_orientation_help")
    a.user("wat is bbl", [("bbl_info", 0.95)]).action("utter_bbl_info").action("action_ask_feedback")
    a.user("/feedback_negative", [("feedback_negative", 1.0)]).action("utter_feedback_sorry")

    # B: two-stage fallback, "Iets anders", then a rephrase the bot understands.
    b = ConversationBuilder("student-b")
    b.user("kan ik ergens anders heen", FALLBACK_RANKING_SWITCH)
    b.action("action_two_stage_fallback", ActiveLoop("action_two_stage_fallback")).bot("Bedoel je …?")
    b.user("/out_of_scope", [("out_of_scope", 1.0)]).action("action_two_stage_fallback").bot("Zeg het anders?")
    two_stage_clarified(b, "andere school zoeken voor mijn opleiding", [("switch_program", 0.83), ("help_school", 0.10)])
    b.action("utter_switch_program")

    # C: personal data in a misunderstood message, then "Praten met iemand" within 2 messages.
    c = ConversationBuilder("student-c")
    c.user("Ik heet Sanne de Boer, bel me op 06-12345678", [("nlu_fallback", 0.45), ("request_human", 0.40)])
    c.action("action_two_stage_fallback", ActiveLoop("action_two_stage_fallback")).bot("Bedoel je …?")
    two_stage_clarified(c, "/request_human", [("request_human", 1.0)])
    c.action("handoff_form")
    c.user(
        "mijn mail is sanne@example.nl en postcode 5038 AB, bsn 123456782",
        [("privacy", 0.30), ("delete_data", 0.25)],
    )

    # D: a miss, but the request for a person comes 3 messages later; duplicates of A and B.
    d = ConversationBuilder("student-d")
    d.user("blabla xyz", [("nlu_fallback", 0.45), ("out_of_scope", 0.2)]).action("action_default_fallback")
    d.user("IK WIL iets met auto's   maar weet niet wat", [("orientation_help", 0.5)])
    d.user("wat is bbl", [("bbl_info", 0.97)])
    d.user("ik wil een mens spreken", [("request_human", 0.97)]).action("handoff_form")
    d.user("ik wil dood", [("crisis", 1.0)]).action("utter_crisis")

    # E: before the export period.
    e = ConversationBuilder("student-e", start=OLD_TIME)
    e.user("oud bericht van februari", [("reason_other", 0.2)])

    return [x.tracker() for x in (a, b, c, d, e)]


async def _save_all(store: ErasableSQLTrackerStore) -> None:
    for tracker in conversations():
        await store.save(tracker)


@pytest.fixture(scope="module", params=BACKENDS)
def tracker_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the conversations above, saved by our tracker store."""
    schema = None
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("review-sqlite"))
    else:
        schema, url = create_pg_schema()
    store = ErasableSQLTrackerStore(Domain.empty(), host=url)
    try:
        asyncio.run(_save_all(store))
        store.engine.dispose()
        yield url
    finally:
        store.engine.dispose()
        if schema:
            drop_pg_schema(schema)


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    return tmp_path

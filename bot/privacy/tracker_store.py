"""Rasa's SQL tracker store, extended so that "verwijder mijn gegevens" really erases.

Rasa's SQLTrackerStore only ever appends: on save it inserts the events beyond the number
already stored. Deleting rows from inside an action would therefore be undone when Rasa
saves the tracker at the end of the turn. Erasure has to happen in the save itself:
when a turn carries the erase marker (slot `erase_conversation` set to true by
`action_delete_data`), every stored event of that sender is deleted and only what
follows the marker is kept.

Configured in endpoints.yml as `type: bot.privacy.tracker_store.ErasableSQLTrackerStore`
(Rasa's documented way to plug in a custom tracker store).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"


def erase_marker_index(events: list[Event]) -> int | None:
    """Index of the last event that asks for erasure, or None."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, SlotSet) and event.key == ERASE_SLOT and event.value:
            return index
    return None


class ErasableSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        marker = erase_marker_index(events)
        if marker is None:
            await super().save(tracker)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == tracker.sender_id)
                .delete(synchronize_session=False)
            )
            for event in events[marker + 1 :]:
                self._add_event(session, tracker.sender_id, event)
            session.commit()
        logger.info("Erased a conversation on request (%d events)", deleted)

    def _add_event(self, session: Any, sender_id: str, event: Event) -> None:
        data = event.as_dict()
        session.add(
            self.SQLEvent(
                sender_id=sender_id,
                type_name=event.type_name,
                timestamp=data.get("timestamp"),
                intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                action_name=data.get("name"),
                data=json.dumps(data),
            )
        )

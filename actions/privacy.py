""""Verwijder mijn gegevens": erase the conversation and every handoff of this sender."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.handoffs.service import delete_for_sender
from bot.privacy.tracker_store import ERASE_SLOT
from bot.storage.runtime import session_scope

logger = logging.getLogger(__name__)

# Channels (the Telegram gateway) forget their own link to the student when they see this.
DATA_DELETED_PAYLOAD = {"stapwijzer": "data_deleted"}


class ActionDeleteData(Action):
    def name(self) -> Text:
        return "action_delete_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        with session_scope() as session:
            deleted = delete_for_sender(session, tracker.sender_id)
        logger.info("Deleted %d handoff(s) on request", deleted)
        dispatcher.utter_message(json_message=DATA_DELETED_PAYLOAD)
        # The erase marker makes the tracker store delete the stored conversation when it
        # saves this turn (bot/privacy/tracker_store.py); the reset starts clean afterwards.
        return [SlotSet(ERASE_SLOT, True), AllSlotsReset()]

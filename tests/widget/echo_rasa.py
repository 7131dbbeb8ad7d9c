"""A Rasa server without a model: the real socket.io channel on Sanic, with an agent that
answers "Je zei: …" plus two buttons and keeps the conversation in an in-memory tracker
store. Lets the channel, the vendored client and the widget be tested in seconds.

    python tests/widget/echo_rasa.py PORT [--channel bot.channels.socketio.SocketIOInput]
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from rasa.core.channels.channel import UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.utils.common import class_from_module_path
from sanic import Sanic
from sanic_cors import CORS

BUTTONS: list[dict[str, Any]] = [
    {"title": "Vertel meer", "payload": "/more"},
    {"title": "Chat met 113", "url": "https://www.113.nl"},
]


class EchoAgent:
    def __init__(self) -> None:
        self.tracker_store = InMemoryTrackerStore(Domain.empty())

    async def handle_message(self, message: UserMessage) -> None:
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        # "/metadata" shows what reached the agent, so tests can see what the channel passes on.
        if message.text == "/metadata":
            text = f"metadata: {json.dumps(message.metadata, sort_keys=True)}"
        else:
            text = f"Je zei: {message.text}"
        await message.output_channel.send_text_with_buttons(message.sender_id, text, BUTTONS)
        tracker.update(BotUttered(text, data={"buttons": BUTTONS}))
        await self.tracker_store.save(tracker)


def build_app(channel_path: str) -> Sanic:
    app = Sanic("echo_rasa")
    CORS(app, resources={r"/*": {"origins": "*"}}, automatic_options=True)
    app.ctx.agent = EchoAgent()
    channel_class = class_from_module_path(channel_path)
    channel = channel_class.from_credentials({"session_persistence": True})
    register([channel], app, route="/webhooks/")

    @app.get("/")
    async def status(_request: Any) -> Any:
        from sanic import response

        return response.text("echo rasa")

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--channel", default="bot.channels.socketio.SocketIOInput")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if __import__("os").environ.get("ECHO_DEBUG") else logging.WARNING)
    build_app(args.channel).run(host="127.0.0.1", port=args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()

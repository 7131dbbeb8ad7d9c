"""Helpers for the deploy tests: the two tiny models and talking to the Rasa server."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.deploy import RasaServer


@dataclass
class TinyModels:
    models_dir: Path
    a: Path  # answers "A: antwoord op <intent>"
    b: Path  # answers "B: antwoord op <intent>"


def say_to_bot(server: RasaServer, sender: str, text: str, timeout: float = 60) -> tuple[int, list[str]]:
    request = urllib.request.Request(
        f"{server.url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, [message.get("text", "") for message in json.loads(response.read())]


def tracker_texts(server: RasaServer, sender: str) -> list[str]:
    with urllib.request.urlopen(server.endpoint(f"/conversations/{sender}/tracker"), timeout=30) as response:
        return [event.get("text") for event in json.loads(response.read())["events"] if event["event"] == "user"]

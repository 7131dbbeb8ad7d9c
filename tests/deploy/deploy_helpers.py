"""Helpers for the deploy tests: the two tiny models and talking to the Rasa server."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from bot.deploy import RasaServer

T = TypeVar("T")


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


@dataclass
class SwapObservation:
    results: list[tuple[float, float, int, list[str]]]  # (sent, answered, HTTP status, texts)
    failures: list[BaseException]
    swap_started: float
    swap_ended: float

    def during_swap(self) -> list[tuple[float, float, int, list[str]]]:
        """Messages in flight at some moment of the swap (Rasa blocks while it loads, so a
        message sent just before the swap is the one that waits)."""
        return [result for result in self.results if result[0] <= self.swap_ended and result[1] >= self.swap_started]


def students_chat_during(
    server: RasaServer, swap: Callable[[], T], message: str, settle: float, timeout: float = 60
) -> tuple[T, SwapObservation]:
    """Three students keep sending `message` while `swap()` runs; records every answer."""
    observation = SwapObservation([], [], 0.0, 0.0)
    stop = threading.Event()

    def student(number: int) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, texts = say_to_bot(server, f"student-{number}", message, timeout=timeout)
            except BaseException as error:  # noqa: BLE001 - a failed message is what we test for
                observation.failures.append(error)
                continue
            observation.results.append((started, time.monotonic(), status, texts))

    threads = [threading.Thread(target=student, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(settle)
    observation.swap_started = time.monotonic()
    outcome = swap()
    observation.swap_ended = time.monotonic()
    time.sleep(settle)
    stop.set()
    for thread in threads:
        thread.join(timeout)
    return outcome, observation

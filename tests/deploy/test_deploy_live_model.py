"""The real model: reloading it in a running Stapwijzer keeps every student answered.

Measures how long messages wait while Rasa unpacks the full model (docs/operators.md
quotes this). Runs after `make model`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from bot.deploy import RasaServer, load_model, running_model
from bot.training.registry import live_model
from deploy_helpers import say_to_bot
from support.databases import sqlite_url
from support.rasa_stack import API_TOKEN, RasaStack

pytestmark = pytest.mark.needs_model


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    workdir: Path = tmp_path_factory.mktemp("deploy-live")
    stack = RasaStack(sqlite_url(workdir), workdir)
    try:
        yield stack.start()
    finally:
        stack.stop()


def test_reloading_the_live_model_loses_no_message(live_stack: RasaStack) -> None:
    model = live_model()
    assert model is not None
    server = RasaServer(live_stack.rasa_url, API_TOKEN)
    assert say_to_bot(server, "student-before", "hoi")[0] == 200

    results: list[tuple[float, float, int, list[str]]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def student(number: int) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, texts = say_to_bot(server, f"student-live-{number}", "wat is bbl", timeout=300)
            except BaseException as error:  # noqa: BLE001 - a failed message is what we test for
                failures.append(error)
                continue
            results.append((started, time.monotonic(), status, texts))

    threads = [threading.Thread(target=student, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    swap_started = time.monotonic()
    seconds = load_model(server, model)
    swap_ended = time.monotonic()
    time.sleep(2.0)
    stop.set()
    for thread in threads:
        thread.join(300)

    assert failures == []
    assert results and all(status == 200 and texts for _, _, status, texts in results)
    during = [end - start for start, end, _, _ in results if swap_started <= start <= swap_ended]
    assert during, "no message was sent during the swap"
    print(f"\nswap took {seconds:.1f} s; slowest answer during the swap {max(during):.1f} s")
    assert running_model(server) == model.name

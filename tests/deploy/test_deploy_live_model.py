"""The real model: reloading it in a running Stapwijzer keeps every student answered.

Measures how long messages wait while Rasa unpacks the full model (docs/operators.md
quotes this). Runs after `make model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.deploy import RasaServer, load_model, running_model
from bot.training.registry import live_model
from deploy_helpers import say_to_bot, students_chat_during
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

    seconds, observed = students_chat_during(server, lambda: load_model(server, model), "wat is bbl", settle=2.0, timeout=300)

    assert observed.failures == []
    assert observed.results and all(status == 200 and texts for _, _, status, texts in observed.results)
    during = [end - start for start, end, _, _ in observed.during_swap()]
    assert during, "no message was sent during the swap"
    print(f"\nswap took {seconds:.1f} s; slowest answer during the swap {max(during):.1f} s")
    assert running_model(server) == model.name

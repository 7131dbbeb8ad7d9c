"""A model-free Rasa (echo_rasa.py) running our socket.io channel, and one with Rasa's own."""

from __future__ import annotations

from typing import Iterator

import pytest

from widget.echo import OUR_CHANNEL, RASA_CHANNEL, EchoRasa, start_echo_rasa, stop


@pytest.fixture(scope="session")
def echo_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EchoRasa]:
    server = start_echo_rasa(OUR_CHANNEL, tmp_path_factory.mktemp("echo") / "rasa.log")
    yield server
    stop(server)


@pytest.fixture(scope="session")
def upstream_echo_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EchoRasa]:
    """The same server with Rasa's own channel, to show the bug our subclass fixes."""
    server = start_echo_rasa(RASA_CHANNEL, tmp_path_factory.mktemp("echo-up") / "rasa.log")
    yield server
    stop(server)

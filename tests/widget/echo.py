"""Start and stop the model-free Rasa of echo_rasa.py (used by tests/widget and tests/browser)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from support.rasa_stack import free_port

ECHO_RASA = Path(__file__).with_name("echo_rasa.py")
OUR_CHANNEL = "bot.channels.socketio.SocketIOInput"
RASA_CHANNEL = "rasa.core.channels.socketio.SocketIOInput"
START_TIMEOUT = 60


@dataclass
class EchoRasa:
    url: str
    process: subprocess.Popen[bytes]


def start_echo_rasa(channel: str, log: Path) -> EchoRasa:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ECHO_RASA), str(port), "--channel", channel],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"echo Rasa exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return EchoRasa(url, process)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"echo Rasa not ready:\n{log.read_text()[-3000:]}")


def stop(server: EchoRasa) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()

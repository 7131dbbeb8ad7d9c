"""A real running Stapwijzer for integration tests: action server + Rasa server on free
ports, with the live model, the SQL tracker store and our tables in one test database.

Starting Rasa takes tens of seconds, so tests share one stack per database backend.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.storage.migrate import upgrade
from bot.training.registry import live_model

STARTUP_TIMEOUT = 240
API_TOKEN = "integration-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited ({process.returncode}); log:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {timeout} s; log:\n{log.read_text()[-4000:]}")


@dataclass
class RasaStack:
    database_url: str
    workdir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    endpoints_template: Path = PROJECT_ROOT / "endpoints.yml"
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            **self.extra_env,
        }

    def start(self) -> "RasaStack":
        model = live_model()
        if model is None:
            raise RuntimeError("No live model: run `make model` before the integration tests.")
        upgrade(self.database_url)
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            self.endpoints_template.read_text().replace(
                "http://localhost:5055/webhook", f"http://127.0.0.1:{self.action_port}/webhook"
            )
        )
        rasa = str(Path(sys.executable).with_name("rasa"))
        action_log = self.workdir / "actions.log"
        actions = subprocess.Popen(
            [rasa, "run", "actions", "--port", str(self.action_port), "--actions", "actions"],
            cwd=PROJECT_ROOT, env=self.env(), stdout=action_log.open("wb"), stderr=subprocess.STDOUT,
        )
        self.processes.append(actions)
        rasa_log = self.workdir / "rasa.log"
        server = subprocess.Popen(
            [rasa, "run", "--model", str(model), "--port", str(self.rasa_port), "--enable-api",
             "--auth-token", API_TOKEN, "--endpoints", str(endpoints), "--credentials",
             str(PROJECT_ROOT / "credentials.yml"), "--cors", "*"],
            cwd=PROJECT_ROOT, env=self.env(), stdout=rasa_log.open("wb"), stderr=subprocess.STDOUT,
        )
        self.processes.append(server)
        _wait_for(f"http://127.0.0.1:{self.action_port}/health", actions, action_log)
        _wait_for(f"{self.rasa_url}/status?token={API_TOKEN}", server, rasa_log)
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def send(self, sender: str, message: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One message over the REST channel; returns the bot's messages."""
        body = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def tracker(self, sender: str) -> dict[str, Any]:
        url = f"{self.rasa_url}/conversations/{sender}/tracker?token={API_TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def button_payloads(messages: list[dict[str, Any]]) -> list[str]:
    return [button.get("payload") for message in messages for button in message.get("buttons") or []]

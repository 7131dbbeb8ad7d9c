"""Runs the whole bot locally: action server, Rasa server, notification dispatcher, and,
when configured, the Telegram gateway and the widget demo page. Ctrl-C stops them all.

Rasa needs one process per server, and a student-facing deployment needs them together;
this supervisor is what `make run` starts, so a fresh machine needs nothing else.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT, VAR_DIR, load_settings

STARTUP_TIMEOUT_SECONDS = 300
STOP_GRACE_SECONDS = 10


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)


def api_token() -> str:
    """RASA_API_TOKEN, or a random token kept in var/ for local use (never in the repo)."""
    token = load_settings().rasa_api_token
    if token:
        return token
    token_file = VAR_DIR / "rasa_api_token"
    if not token_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        token_file.write_text(secrets.token_urlsafe(32))
        token_file.chmod(0o600)
    return token_file.read_text().strip()


def plan_services(model: Path, token: str) -> list[Service]:
    settings = load_settings()
    bin_dir = Path(sys.executable).parent
    rasa_port = os.environ.get("RASA_PORT", "5005")
    action_port = os.environ.get("ACTION_PORT", "5055")
    web_port = os.environ.get("WEB_PORT", "8080")
    endpoints = os.environ.get("RASA_ENDPOINTS", "endpoints.yml")
    services = [
        Service(
            "actions",
            [str(bin_dir / "rasa"), "run", "actions", "--port", action_port, "--actions", "actions"],
            f"http://localhost:{action_port}/health",
        ),
        Service(
            "rasa",
            [
                str(bin_dir / "rasa"), "run", "--model", str(model), "--enable-api",
                "--auth-token", token, "--cors", "*", "--port", rasa_port,
                "--endpoints", endpoints, "--credentials", "credentials.yml",
            ],
            f"http://localhost:{rasa_port}/",
        ),
    ]
    services.append(Service("notify", [sys.executable, "-m", "bot", "notify"]))
    if settings.telegram_bot_token:
        services.append(Service("telegram", [sys.executable, "-m", "bot", "telegram"]))
    if (PROJECT_ROOT / "web" / "index.html").exists():
        services.append(
            Service(
                "widget",
                [sys.executable, "-m", "bot.web", "--port", web_port, "--rasa-url", f"http://localhost:{rasa_port}"],
                f"http://localhost:{web_port}/",
            )
        )
    return services


def _wait_until_ready(service: Service, deadline: float) -> None:
    assert service.process is not None
    while service.ready_url and time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} stopped during start-up (exit {service.process.returncode})")
        try:
            with urllib.request.urlopen(service.ready_url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    if service.ready_url:
        raise RuntimeError(f"{service.name} was not ready within {STARTUP_TIMEOUT_SECONDS} s")


def stop_all(services: list[Service]) -> None:
    running = [s for s in services if s.process is not None and s.process.poll() is None]
    for service in running:
        service.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for service in running:
        try:
            service.process.wait(max(0.1, deadline - time.monotonic()))  # type: ignore[union-attr]
        except subprocess.TimeoutExpired:
            service.process.kill()  # type: ignore[union-attr]


def print_how_to_chat(services: list[Service], token: str) -> None:
    rasa_port = os.environ.get("RASA_PORT", "5005")
    names = {service.name for service in services}
    print("\nStapwijzer draait. Zo chat je met de bot:", flush=True)
    print(f"  REST:   curl -s localhost:{rasa_port}/webhooks/rest/webhook -d '{{\"sender\":\"test\",\"message\":\"hoi\"}}'")
    print("  Shell:  .venv/bin/rasa shell  (in a second terminal)")
    if "widget" in names:
        print(f"  Widget: http://localhost:{os.environ.get('WEB_PORT', '8080')}/")
    if "telegram" in names:
        print("  Telegram: the gateway is polling; message your bot.")
    print(f"  HTTP API token: {'from RASA_API_TOKEN' if load_settings().rasa_api_token else 'var/rasa_api_token'}")
    print("Stop with Ctrl-C.\n", flush=True)


def run(model: Path) -> int:
    token = api_token()
    services = plan_services(model, token)
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    env = {**os.environ, "RASA_API_TOKEN": token}
    try:
        from bot.regions import load_directory
        from bot.storage.migrate import upgrade

        load_directory()  # region data is validated before any student is served
        upgrade()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        for service in services:
            print(f"starting {service.name} …", flush=True)
            service.process = subprocess.Popen(service.command, cwd=PROJECT_ROOT, env=env)
            _wait_until_ready(service, deadline)
        print_how_to_chat(services, token)
        while not stopping:
            for service in services:
                if service.process is not None and service.process.poll() is not None:
                    print(f"{service.name} stopped (exit {service.process.returncode}); stopping the rest.")
                    return 1
            time.sleep(0.5)
        return 0
    except RuntimeError as error:
        print(f"Start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        print("stopping …", flush=True)
        stop_all(services)

"""Load a model into the running Rasa server without stopping it, and roll back.

Rasa's HTTP API (`PUT /model`, rasa/server.py in Rasa 3.6) builds a new agent from the model
file and then swaps it in; the old agent keeps answering until the swap, and conversations
live in the tracker store, so students notice nothing. While Rasa unpacks the model its
event loop is busy: messages sent then wait (a few seconds for our model) and are answered
after the swap; none are lost. If the new model cannot be loaded, Rasa keeps the old one.

The path is sent as `{"model_file": "<absolute path>"}`, so Rasa must see the models folder
at the same path (same machine, or the same mount in a container).
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from bot.config import load_settings
from bot.training.registry import MODELS_DIR, live_model, previous_model, set_live

LOAD_TIMEOUT_SECONDS = 600  # unpacking the full model on 2 cores takes a while
STATUS_TIMEOUT_SECONDS = 30
REJECTED_DIR = "rejected"

Say = Callable[[str], None]


class DeployError(RuntimeError):
    """Deploying failed; the message is Dutch, for the operator. Nothing was changed."""


@dataclass(frozen=True)
class RasaServer:
    url: str
    token: str

    @classmethod
    def from_settings(cls) -> "RasaServer":
        """RASA_URL and RASA_API_TOKEN, or the local token in var/ that `make run` uses."""
        from bot.supervisor import api_token

        settings = load_settings()
        return cls(settings.rasa_url, settings.rasa_api_token or api_token())

    def endpoint(self, path: str) -> str:
        return f"{self.url.rstrip('/')}{path}?{urllib.parse.urlencode({'token': self.token})}"


def _request(server: RasaServer, method: str, path: str, body: dict[str, Any] | None, timeout: float) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        server.endpoint(path), data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise DeployError(
            f"De Rasa-server op {server.url} is niet bereikbaar ({reason}). Draait de bot? "
            "Controleer RASA_URL. Er is niets veranderd."
        ) from error


def _explain(status: int, body: bytes, server: RasaServer) -> str:
    if status == 401 or status == 403:
        return (
            f"De Rasa-server op {server.url} weigert de sleutel (HTTP {status}). Zet RASA_API_TOKEN op de "
            "sleutel waarmee Rasa is gestart (--auth-token)."
        )
    try:
        detail = json.loads(body).get("message", "")
    except (ValueError, AttributeError):
        detail = body.decode(errors="replace")[:300]
    return f"De Rasa-server kon het model niet laden (HTTP {status}): {detail}"


def running_model(server: RasaServer) -> str | None:
    """The file name of the model the server runs now (None: no model loaded)."""
    status, body = _request(server, "GET", "/status", None, STATUS_TIMEOUT_SECONDS)
    if status == 409:  # Rasa: "No agent loaded"
        return None
    if status != 200:
        raise DeployError(_explain(status, body, server))
    return json.loads(body).get("model_file")


def load_model(server: RasaServer, model: Path) -> float:
    """Make the server run `model`; returns how many seconds the swap took."""
    started = time.monotonic()
    status, body = _request(server, "PUT", "/model", {"model_file": str(model.resolve())}, LOAD_TIMEOUT_SECONDS)
    if status != 204:
        raise DeployError(_explain(status, body, server) + " Het oude model draait nog.")
    elapsed = time.monotonic() - started
    now_running = running_model(server)
    if now_running != model.name:
        raise DeployError(f"Rasa meldt model {now_running} in plaats van {model.name}. Controleer de server.")
    return elapsed


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def resolve_model(name: str, models_dir: Path = MODELS_DIR) -> Path:
    """A model given as a path, a file name in models/, or a name without .tar.gz."""
    candidates = [Path(name)]
    for folder in (models_dir, models_dir / REJECTED_DIR):
        candidates += [folder / name, folder / f"{name}.tar.gz"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise DeployError(f"Model '{name}' niet gevonden (gezocht in {models_dir}).")


def _into_models_dir(model: Path, models_dir: Path) -> Path:
    """The registry points at files directly in models/: copy a model from elsewhere there first."""
    if model.parent.resolve() == models_dir.resolve():
        return model
    target = models_dir / model.name
    if not target.exists():
        shutil.copy2(model, target)
    return target.resolve()


def deploy(model: Path | None, server: RasaServer, models_dir: Path = MODELS_DIR, force: bool = False, say: Say = print) -> Path:
    """Load `model` (default: models/LIVE) into the server; afterwards models/LIVE names it."""
    if model is None:
        model = live_model(models_dir)
        if model is None:
            raise DeployError("Er is nog geen live model. Train eerst: python -m bot train")
    if model.parent.name == REJECTED_DIR and not force:
        raise DeployError(
            f"{model.name} is afgewezen door `bot train` (zie het rapport in reports/). "
            "Wil je het toch live zetten? Gebruik dan --force."
        )
    model = _into_models_dir(model, models_dir)
    say(f"Model {model.name} laden in de bot op {server.url} …")
    seconds = load_model(server, model)
    if live_model(models_dir) != model:
        set_live(model, models_dir)
    say(f"Klaar in {_seconds(seconds)} seconden. De bot gebruikt nu {model.name}.")
    return model


def rollback(server: RasaServer, models_dir: Path = MODELS_DIR, say: Say = print) -> Path:
    """Go back to models/PREVIOUS: load it, then swap the LIVE and PREVIOUS pointers."""
    previous = previous_model(models_dir)
    if previous is None:
        raise DeployError("Er is geen vorig model (models/PREVIOUS) om naar terug te gaan.")
    say(f"Terug naar het vorige model {previous.name} …")
    seconds = load_model(server, previous)
    set_live(previous, models_dir)
    say(f"Klaar in {_seconds(seconds)} seconden. De bot gebruikt weer {previous.name}.")
    return previous

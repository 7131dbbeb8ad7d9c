"""A real Rasa server on a free port, running tiny model A; model B answers differently.

The server uses our SQL tracker store (SQLite), as the real bot does, so a conversation
started before a model swap can be checked after it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from bot.deploy import RasaServer
from bot.training.promote import Project, train_model
from support.rasa_stack import _wait_for, free_port
from deploy_helpers import TinyModels
from training.tiny_project import create_tiny_project, domain_yaml

TOKEN = "deploy-test-token"


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    root = create_tiny_project(tmp_path_factory.mktemp("deploy-project"), answer_prefix="A: ")
    project = Project.at(root)
    models_dir = root / "models"
    a = train_model(project, "stapwijzer-aaaaaaaaaaaaaaaa", models_dir, say=lambda _line: None)
    (root / "domain.yml").write_text(domain_yaml(answer_prefix="B: "), encoding="utf-8")
    b = train_model(project, "stapwijzer-bbbbbbbbbbbbbbbb", models_dir, say=lambda _line: None)
    return TinyModels(models_dir, a, b)


@pytest.fixture(scope="session")
def rasa_server(tiny_models: TinyModels, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    workdir = tmp_path_factory.mktemp("deploy-server")
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n"
        "  type: bot.privacy.tracker_store.ErasableSQLTrackerStore\n"
        f"  url: sqlite:///{workdir / 'trackers.db'}\n"
        "lock_store:\n  type: in_memory\n"
    )
    port = free_port()
    log = workdir / "rasa.log"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("rasa")), "run", "--enable-api", "--auth-token", TOKEN,
         "--model", str(tiny_models.a), "--endpoints", str(endpoints), "--port", str(port)],
        cwd=workdir, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/status?token={TOKEN}", process, log)
        yield RasaServer(f"http://127.0.0.1:{port}", TOKEN)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()

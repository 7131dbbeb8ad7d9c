"""`bot deploy` / `bot rollback` against a real Rasa server: no message is lost during a swap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.deploy import DeployError, RasaServer, deploy, load_model, rollback, running_model
from bot.training.registry import live_model, previous_model, set_live
from deploy_helpers import TinyModels, say_to_bot, students_chat_during, tracker_texts


@pytest.fixture
def models_dir(tiny_models: TinyModels, rasa_server: RasaServer, tmp_path: Path) -> Path:
    """A registry whose LIVE is model A, and a server that runs A."""
    folder = tmp_path / "models"
    folder.mkdir()
    for model in (tiny_models.a, tiny_models.b):
        shutil.copy2(model, folder / model.name)
    set_live(folder / tiny_models.a.name, folder)
    if running_model(rasa_server) != tiny_models.a.name:
        load_model(rasa_server, folder / tiny_models.a.name)
    return folder


def quiet(_line: str) -> None:
    pass


def test_students_keep_getting_answers_while_the_model_is_swapped(
    rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels
) -> None:
    status, answers = say_to_bot(rasa_server, "student-before", "hoi")
    assert (status, answers) == (200, ["A: antwoord op greet"])

    deployed, observed = students_chat_during(
        rasa_server, lambda: deploy(models_dir / tiny_models.b.name, rasa_server, models_dir, say=quiet), "hoi", settle=1.0
    )

    assert observed.failures == []
    assert all(status == 200 for _, _, status, _ in observed.results)
    answers = [texts for _, _, _, texts in observed.results]
    assert all(texts in (["A: antwoord op greet"], ["B: antwoord op greet"]) for texts in answers)
    assert ["A: antwoord op greet"] in answers and answers[-1] == ["B: antwoord op greet"]
    assert observed.during_swap(), "no message was sent while Rasa loaded the model; the test proved nothing"
    assert deployed.name == tiny_models.b.name
    assert running_model(rasa_server) == tiny_models.b.name
    assert live_model(models_dir).name == tiny_models.b.name
    assert previous_model(models_dir).name == tiny_models.a.name
    # the conversation from before the swap is still there (tracker store, not the model)
    assert say_to_bot(rasa_server, "student-before", "doei") == (200, ["B: antwoord op goodbye"])
    assert tracker_texts(rasa_server, "student-before") == ["hoi", "doei"]


def test_rollback_goes_back_to_the_previous_model(rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels) -> None:
    deploy(models_dir / tiny_models.b.name, rasa_server, models_dir, say=quiet)
    assert say_to_bot(rasa_server, "student-r", "wat is bbl")[1] == ["B: antwoord op bbl_info"]

    restored = rollback(rasa_server, models_dir, say=quiet)

    assert restored.name == tiny_models.a.name
    assert running_model(rasa_server) == tiny_models.a.name
    assert say_to_bot(rasa_server, "student-r", "wat is bbl")[1] == ["A: antwoord op bbl_info"]
    assert live_model(models_dir).name == tiny_models.a.name
    assert previous_model(models_dir).name == tiny_models.b.name  # a second rollback undoes the first


def test_a_model_rasa_cannot_load_leaves_the_old_one_running(rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels) -> None:
    broken = models_dir / "stapwijzer-broken.tar.gz"
    broken.write_bytes(b"not a model")
    with pytest.raises(DeployError, match="kon het model niet laden.*Het oude model draait nog"):
        deploy(broken, rasa_server, models_dir, say=quiet)
    assert running_model(rasa_server) == tiny_models.a.name
    assert live_model(models_dir).name == tiny_models.a.name
    assert say_to_bot(rasa_server, "student-x", "hoi")[1] == ["A: antwoord op greet"]


def test_wrong_token_and_unreachable_server_are_explained(rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels) -> None:
    with pytest.raises(DeployError, match="weigert de sleutel"):
        deploy(None, RasaServer(rasa_server.url, "wrong"), models_dir, say=quiet)
    with pytest.raises(DeployError, match="niet bereikbaar"):
        deploy(None, RasaServer("http://127.0.0.1:9", "x"), models_dir, say=quiet)
    with pytest.raises(DeployError, match="geen vorig model"):
        rollback(rasa_server, models_dir, say=quiet)
    assert live_model(models_dir).name == tiny_models.a.name


def test_a_rejected_model_needs_force(rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels) -> None:
    (models_dir / "rejected").mkdir()
    rejected = models_dir / "rejected" / tiny_models.b.name
    shutil.move(models_dir / tiny_models.b.name, rejected)
    with pytest.raises(DeployError, match="afgewezen"):
        deploy(rejected, rasa_server, models_dir, say=quiet)
    assert running_model(rasa_server) == tiny_models.a.name
    deploy(rejected, rasa_server, models_dir, force=True, say=quiet)
    assert running_model(rasa_server) == tiny_models.b.name
    assert live_model(models_dir) == (models_dir / tiny_models.b.name).resolve()


def test_cli_deploy_and_rollback(
    rasa_server: RasaServer, models_dir: Path, tiny_models: TinyModels,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RASA_URL", rasa_server.url)
    monkeypatch.setenv("RASA_API_TOKEN", rasa_server.token)
    assert main(["deploy", tiny_models.b.name.removesuffix(".tar.gz"), "--models", str(models_dir)]) == 0
    assert main(["rollback", "--models", str(models_dir)]) == 0
    out = capsys.readouterr().out
    assert f"De bot gebruikt nu {tiny_models.b.name}." in out
    assert f"De bot gebruikt weer {tiny_models.a.name}." in out
    assert running_model(rasa_server) == tiny_models.a.name

    monkeypatch.setenv("RASA_API_TOKEN", "wrong")
    assert main(["deploy", "--models", str(models_dir)]) == 1
    assert "weigert de sleutel" in capsys.readouterr().err

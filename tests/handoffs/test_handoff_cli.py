"""`python -m bot handoffs ...` through `bot.__main__.main`, on both databases."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.handoffs.models import utc_now
from bot.handoffs.service import close_handoff, create_handoff
from bot.notify.targets import NotifyTarget, TargetKind
from support.cli import run_cli
from support.databases import count_rows

SENDER = "rasa-sender-7f3a9c"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, engine):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)
    return engine


def add(session, region: str = "RMC 7", **overrides):  # type: ignore[no-untyped-def]
    fields = dict(
        sender_id=SENDER, channel="webchat", region_code=region, gemeente="Assen", age=16,
        contact_method="email", contact_value="leerling@example.nl", message="Bel me na school",
        targets=[NotifyTarget(TargetKind.EMAIL, "coach@dsp.test"),
                 NotifyTarget(TargetKind.WEBHOOK, "https://hooks.test/T000/SECRET")],
    )
    fields.update(overrides)
    return create_handoff(session, **fields)


def test_list_text_and_json(cli_env, session, capsys) -> None:
    first = add(session, region="RMC 7")
    second = add(session, region="RMC 21", contact_method="phone", contact_value="0612345678")

    code, out, _ = run_cli(capsys, "handoffs", "list")
    assert code == 0
    assert first.reference in out and second.reference in out
    assert out.index(second.reference) < out.index(first.reference)  # newest first
    assert "0 verzonden, 2 wachtend" in out

    code, out, _ = run_cli(capsys, "handoffs", "list", "--region", "RMC 21", "--json")
    rows = json.loads(out)
    assert code == 0 and [row["reference"] for row in rows] == [second.reference]
    assert rows[0]["contact_value"] == "+31612345678"
    assert {n["target_kind"] for n in rows[0]["notifications"]} == {"email", "webhook"}
    assert SENDER not in out and "sender_id" not in out
    assert "SECRET" not in out  # webhook URLs hold a token


def test_list_status_filter(cli_env, session, capsys) -> None:
    handoff = add(session)
    close_handoff(session, handoff.reference)
    assert json.loads(run_cli(capsys, "handoffs", "list", "--json")[1]) == []
    closed = json.loads(run_cli(capsys, "handoffs", "list", "--status", "closed", "--json")[1])
    assert [row["reference"] for row in closed] == [handoff.reference]
    assert closed[0]["closed_at"] is not None
    assert len(json.loads(run_cli(capsys, "handoffs", "list", "--status", "all", "--json")[1])) == 1
    assert "Geen aanvragen" in run_cli(capsys, "handoffs", "list")[1]


def test_show(cli_env, session, capsys) -> None:
    handoff = add(session)
    code, out, _ = run_cli(capsys, "handoffs", "show", handoff.reference.lower())
    assert code == 0
    for expected in (handoff.reference, "RMC 7", "Assen", "16", "leerling@example.nl", "Bel me na school",
                     "email coach@dsp.test: pending", "https://hooks.test/…"):
        assert expected in out
    assert SENDER not in out and "SECRET" not in out

    code, out, _ = run_cli(capsys, "handoffs", "show", handoff.reference, "--json")
    assert code == 0 and json.loads(out)["reference"] == handoff.reference

    code, _, err = run_cli(capsys, "handoffs", "show", "SW-ZZZZZZ")
    assert code == 1 and "Geen aanvraag" in err
    code, _, err = run_cli(capsys, "handoffs", "show", "nonsense")
    assert code == 1 and "not a handoff reference" in err


def test_close(cli_env, session, capsys) -> None:
    handoff = add(session)
    code, out, _ = run_cli(capsys, "handoffs", "close", handoff.reference)
    assert code == 0 and "is gesloten" in out
    assert count_rows(cli_env, "handoffs", "status = 'closed' AND closed_at IS NOT NULL") == 1

    code, out, _ = run_cli(capsys, "handoffs", "close", handoff.reference)
    assert code == 0 and "was al gesloten" in out
    code, _, err = run_cli(capsys, "handoffs", "close", "SW-ZZZZZZ")
    assert code == 1 and "Geen aanvraag" in err
    code, _, _ = run_cli(capsys, "handoffs", "close", "x")
    assert code == 2


def test_purge(cli_env, session, capsys, monkeypatch) -> None:
    old = add(session)
    recent = add(session)
    still_open = add(session)
    close_handoff(session, old.reference, now=utc_now() - timedelta(days=40))
    close_handoff(session, recent.reference, now=utc_now() - timedelta(days=5))

    code, out, _ = run_cli(capsys, "handoffs", "purge", "--days", "30")
    assert code == 0 and out.startswith("1 gesloten aanvragen verwijderd")
    assert "Let op" not in out  # the open one is new
    assert count_rows(cli_env, "handoffs") == 2
    assert count_rows(cli_env, "handoffs", "reference = :r", r=still_open.reference) == 1

    monkeypatch.setenv("HANDOFF_RETENTION_DAYS", "3")
    code, out, _ = run_cli(capsys, "handoffs", "purge")
    assert code == 0 and out.startswith("1 gesloten") and "3 dagen" in out
    assert count_rows(cli_env, "handoff_notifications") == 2

    add(session, now=utc_now() - timedelta(days=45))  # a request nobody closed
    code, out, _ = run_cli(capsys, "handoffs", "purge")
    assert code == 0 and "1 aanvraag/aanvragen staan al meer dan 30 dagen open" in out
    assert count_rows(cli_env, "handoffs") == 2  # reminded, never deleted

    code, _, err = run_cli(capsys, "handoffs", "purge", "--days", "-1")
    assert code == 2

"""Pseudonyms, the local key file, and the pseudonym → chat id table."""

from __future__ import annotations

import logging
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.storage.db import create_engine_for
from bot.telegram import chats
from bot.telegram.chats import ChatDirectory
from bot.telegram.pseudonyms import KEY_FILE_NAME, load_pseudonym_key, pseudonym_for


def test_pseudonym_is_stable_keyed_and_not_the_chat_id() -> None:
    chat_id = 987654321
    pseudonym = pseudonym_for(chat_id, b"key-one")
    assert pseudonym == pseudonym_for(chat_id, b"key-one")
    assert pseudonym != pseudonym_for(chat_id, b"key-two")
    assert pseudonym != pseudonym_for(chat_id + 1, b"key-one")
    assert pseudonym.startswith("tg-") and len(pseudonym) == 3 + 32
    assert str(chat_id) not in pseudonym
    int(pseudonym[3:], 16)  # hex


def test_configured_key_is_used_as_is(tmp_path: Path) -> None:
    assert load_pseudonym_key("production-key", tmp_path) == b"production-key"
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_local_key_is_created_once_private_and_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        first = load_pseudonym_key("", tmp_path / "var")
    key_file = tmp_path / "var" / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) == 64
    assert load_pseudonym_key("", tmp_path / "var") == first
    assert "TELEGRAM_PSEUDONYM_KEY" in caplog.text


def test_chat_directory_remembers_looks_up_and_forgets(engine) -> None:
    directory = ChatDirectory(engine)
    directory.remember("tg-abc", 111)
    directory.remember("tg-abc", 111)  # a second message the same day is no new write
    assert directory.chat_id_for("tg-abc") == 111
    assert directory.chat_id_for("tg-unknown") is None
    assert directory.forget("tg-abc") is True
    assert directory.chat_id_for("tg-abc") is None
    assert directory.forget("tg-abc") is False
    directory.remember("tg-abc", 111)  # after forgetting, a new message stores it again
    assert directory.chat_id_for("tg-abc") == 111


def test_forget_inactive_removes_quiet_chats_only(engine) -> None:
    directory = ChatDirectory(engine)
    directory.remember("tg-recent", 1)
    assert directory.forget_inactive(timedelta(days=30)) == 0
    assert directory.forget_inactive(timedelta(seconds=-1)) == 1
    assert directory.chat_id_for("tg-recent") is None


def test_module_functions_use_the_database_url(engine, tmp_path: Path) -> None:
    url = str(engine.url)
    ChatDirectory(engine).remember("tg-xyz", 222)
    assert chats.chat_id_for("tg-xyz", url) == 222
    assert chats.forget("tg-xyz", url) is True
    assert chats.chat_id_for("tg-xyz", url) is None


def test_migration_upgrades_and_downgrades(tmp_path: Path) -> None:
    from alembic import command

    from bot.storage.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade(url)
    engine = create_engine_for(url)
    assert "telegram_chats" in inspect(engine).get_table_names()
    ChatDirectory(engine).remember("tg-migrated", 333)
    assert ChatDirectory(engine).chat_id_for("tg-migrated") == 333

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001_handoffs")
    assert "telegram_chats" not in inspect(engine).get_table_names()
    assert "handoffs" in inspect(engine).get_table_names()

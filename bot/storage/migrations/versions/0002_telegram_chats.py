"""Telegram chats: pseudonym → chat id, so a handoff reply can reach the student.

Revision ID: 0002_telegram_chats
Revises: 0001_handoffs
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_telegram_chats"
down_revision = "0001_handoffs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_chats",
        sa.Column("pseudonym", sa.String(64), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_telegram_chats_last_seen_at", "telegram_chats", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_telegram_chats_last_seen_at", table_name="telegram_chats")
    op.drop_table("telegram_chats")

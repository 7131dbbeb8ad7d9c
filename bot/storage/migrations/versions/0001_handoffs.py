"""Handoffs and their notification outbox.

Revision ID: 0001_handoffs
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_handoffs"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("region_code", sa.String(16), nullable=False),
        sa.Column("gemeente", sa.String(100), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("contact_method", sa.String(16), nullable=False),
        sa.Column("contact_value", sa.String(255), nullable=True),
        sa.Column("message", sa.String(500), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=False), nullable=True),
        sa.UniqueConstraint("reference", name="uq_handoffs_reference"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_handoffs_status"),
        sa.CheckConstraint(
            "contact_method IN ('phone', 'email', 'telegram')", name="ck_handoffs_contact_method"
        ),
        sa.CheckConstraint(
            "contact_method = 'telegram' OR contact_value IS NOT NULL",
            name="ck_handoffs_contact_value",
        ),
        sa.CheckConstraint(
            "message IS NULL OR length(message) <= 500", name="ck_handoffs_message_length"
        ),
    )
    op.create_index("ix_handoffs_status_closed_at", "handoffs", ["status", "closed_at"])
    op.create_index("ix_handoffs_region_status", "handoffs", ["region_code", "status"])
    op.create_index("ix_handoffs_sender_id", "handoffs", ["sender_id"])

    op.create_table(
        "handoff_notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(16), nullable=False),
        sa.Column("target_address", sa.String(1000), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=False), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.ForeignKeyConstraint(
            ["handoff_id"],
            ["handoffs.id"],
            name="fk_handoff_notifications_handoff",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "handoff_id", "target_kind", "target_address", name="uq_handoff_notifications_target"
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed')",
            name="ck_handoff_notifications_status",
        ),
        sa.CheckConstraint(
            "target_kind IN ('email', 'telegram', 'webhook')", name="ck_handoff_notifications_kind"
        ),
    )
    op.create_index(
        "ix_handoff_notifications_due", "handoff_notifications", ["status", "next_attempt_at"]
    )
    op.create_index(
        "ix_handoff_notifications_handoff_id", "handoff_notifications", ["handoff_id"]
    )


def downgrade() -> None:
    op.drop_table("handoff_notifications")
    op.drop_table("handoffs")

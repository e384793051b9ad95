"""What became of the suggestions: outcomes recorded by people (introduced, met, partnered, declined) and the
log of the suggestions shown.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_outcomes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Text(), nullable=False),
        sa.Column("candidate_id", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
    )
    op.create_index("ix_suggestion_outcomes_pair", "suggestion_outcomes", ["member_id", "candidate_id"])
    op.create_index("ix_suggestion_outcomes_candidate", "suggestion_outcomes", ["candidate_id"])
    op.create_table(
        "suggestions_shown",
        sa.Column("member_id", sa.Text(), primary_key=True),
        sa.Column("candidate_id", sa.Text(), primary_key=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("first_shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shown_by", sa.Text(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_suggestions_shown_seq", "suggestions_shown", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_suggestions_shown_seq", table_name="suggestions_shown")
    op.drop_table("suggestions_shown")
    op.drop_index("ix_suggestion_outcomes_candidate", table_name="suggestion_outcomes")
    op.drop_index("ix_suggestion_outcomes_pair", table_name="suggestion_outcomes")
    op.drop_table("suggestion_outcomes")

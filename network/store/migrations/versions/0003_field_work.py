"""Field work recorded in the app: visits, their firms and guests, difficulties and every change to them; an
imported difficulty's status and resolution date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _who_and_when() -> list[sa.Column]:
    return [sa.Column("created_by", sa.Text(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_by", sa.Text(), nullable=True),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    # an imported difficulty may say how far it got (처리상태) and when it was resolved (처리일)
    op.add_column("difficulties", sa.Column("status", sa.Text(), nullable=True))
    op.add_column("difficulties", sa.Column("resolved", sa.Date(), nullable=True))
    op.create_table(
        "field_visits",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("office", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("sido_code", sa.Text(), nullable=True),
        sa.Column("sido", sa.Text(), nullable=True),
        sa.Column("sigungu_code", sa.Text(), nullable=True),
        sa.Column("sigungu", sa.Text(), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        *_who_and_when(),
    )
    op.create_table(
        "field_visit_firms",
        sa.Column("visit", sa.Integer(), sa.ForeignKey("field_visits.id"), primary_key=True),
        sa.Column("member_id", sa.Text(), primary_key=True),
        sa.Column("member_name", sa.Text(), nullable=True),
    )
    op.create_table(
        "field_visit_guests",
        sa.Column("visit", sa.Integer(), sa.ForeignKey("field_visits.id"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("sigungu_code", sa.Text(), nullable=True),
        sa.Column("sigungu", sa.Text(), nullable=True),
    )
    op.create_table(
        "field_difficulties",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("import_key", sa.Text(), nullable=True, unique=True),
        sa.Column("member_id", sa.Text(), nullable=False),
        sa.Column("member_name", sa.Text(), nullable=True),
        sa.Column("federation", sa.Text(), nullable=True),
        sa.Column("visit_id", sa.Text(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("urgency", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("referred_to", sa.Text(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        *_who_and_when(),
    )
    op.create_table(
        "field_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("record", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_field_history_record", "field_history", ["kind", "record"])


def downgrade() -> None:
    with op.batch_alter_table("difficulties") as batch:  # SQLite drops columns by copying the table
        batch.drop_column("resolved")
        batch.drop_column("status")
    op.drop_index("ix_field_history_record", table_name="field_history")
    for name in ("field_history", "field_difficulties", "field_visit_guests", "field_visit_firms", "field_visits"):
        op.drop_table(name)

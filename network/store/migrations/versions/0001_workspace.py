"""The workspace: data-set versions, snapshots of the six tables, validation reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: The data tables as they were at this revision (a migration never reads today's models).
DATA_COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine]]] = {
    "members": [("member_id", sa.Text()), ("name", sa.Text()), ("federation", sa.Text()), ("group", sa.Text()),
                ("sido", sa.Text()), ("sigungu", sa.Text()), ("address", sa.Text()), ("lat", sa.Double()),
                ("lon", sa.Double()), ("industry", sa.Text()), ("industry_name", sa.Text()),
                ("employees", sa.BigInteger()), ("revenue_krw", sa.Double()), ("founded", sa.Date()),
                ("offers", sa.Text()), ("needs", sa.Text()), ("joined", sa.Date()), ("sido_code", sa.Text()),
                ("sigungu_code", sa.Text())],
    "partnerships": [("source_id", sa.Text()), ("target_id", sa.Text()), ("kind", sa.Text()),
                     ("started", sa.Date()), ("weight", sa.Double())],
    "visits": [("visit_id", sa.Text()), ("date", sa.Date()), ("program", sa.Text()), ("sido", sa.Text()),
               ("sigungu", sa.Text()), ("address", sa.Text()), ("lat", sa.Double()), ("lon", sa.Double()),
               ("office", sa.Text()), ("participants", sa.BigInteger()), ("sido_code", sa.Text()),
               ("sigungu_code", sa.Text())],
    "offices": [("office_id", sa.Text()), ("name", sa.Text()), ("sido", sa.Text()), ("sigungu", sa.Text()),
                ("address", sa.Text()), ("lat", sa.Double()), ("lon", sa.Double()), ("sido_code", sa.Text()),
                ("sigungu_code", sa.Text())],
    "attendance": [("visit_id", sa.Text()), ("member_id", sa.Text())],
    "difficulties": [("difficulty_id", sa.Text()), ("visit_id", sa.Text()), ("member_id", sa.Text()),
                     ("category", sa.Text()), ("text", sa.Text())],
}


def upgrade() -> None:
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("is_sample", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.Text(), nullable=True),
        sa.Column("based_on", sa.Integer(), nullable=True),
    )
    op.create_table(
        "workspace_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("current_version", sa.Integer(), sa.ForeignKey("versions.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("table_name", "content_sha256", name="uq_snapshots_content"),
    )
    op.create_table(
        "version_tables",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("table_name", sa.Text(), primary_key=True),
        sa.Column("snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id"), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("file_sha256", sa.Text(), nullable=True),
        sa.Column("kept_from", sa.Integer(), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=True),
        sa.Column("rows_valid", sa.Integer(), nullable=True),
        sa.Column("rows_rejected", sa.Integer(), nullable=True),
    )
    op.create_table(
        "problems",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("file_error", sa.Boolean(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
    )
    op.create_table(
        "rejected_rows",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("table_name", sa.Text(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("problem_seq", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=True),
        sa.Column("cells", sa.Text(), nullable=False),
    )
    for name, columns in DATA_COLUMNS.items():
        op.create_table(
            name,
            sa.Column("snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id"), primary_key=True),
            sa.Column("position", sa.Integer(), primary_key=True),
            *(sa.Column(column, kind, nullable=True) for column, kind in columns),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("extra", sa.Text(), nullable=True),
        )


def downgrade() -> None:
    for name in [*reversed(DATA_COLUMNS), "rejected_rows", "problems", "version_tables", "snapshots",
                 "workspace_state", "versions"]:
        op.drop_table(name)

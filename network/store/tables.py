"""The workspace's tables (SQLAlchemy Core): data-set versions, their snapshots of the six tables, the reports.

A *version* is one import: the tables it holds (``version_tables``: one *snapshot* per table of the data
model), the validation report (``problems``, ``rejected_rows``), the source files and a note.  A snapshot
is a table's valid rows; an import that leaves a table unchanged reuses its snapshot, so versions share
rows instead of copying them.  ``workspace_state`` is one row naming the current version: an import
writes its version and moves this pointer in the same transaction, so readers see either the old or the
new version, never half of one.

The data tables have one typed column per column of :mod:`network.schema` (the validated, kept columns),
plus the snapshot, the row's position, its source row and ``extra`` (unrecognised columns, as JSON).
The migrations in ``network/store/migrations`` create exactly these tables (a test compares them).
"""

from __future__ import annotations

import sqlalchemy as sa

from network import schema
from network.validate import empty_table

__all__ = ["DATA_TABLES", "METADATA", "audit_log", "data_columns", "field_difficulties", "field_history", "field_visit_firms",
           "field_visit_guests", "field_visits", "problems", "rejected_rows", "snapshots", "suggestion_models",
           "suggestion_outcomes", "suggestions_shown", "users", "version_tables", "versions", "workspace_state"]

METADATA = sa.MetaData()

#: How each kind of column of the data model is stored.
_TYPES: dict[str, sa.types.TypeEngine] = {
    "id": sa.Text(), "text": sa.Text(), "tags": sa.Text(), "ids": sa.Text(), "industry": sa.Text(),
    "int": sa.BigInteger(), "float": sa.Double(), "lat": sa.Double(), "lon": sa.Double(), "date": sa.Date(),
}

workspace_state = sa.Table(
    "workspace_state", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1
    sa.Column("current_version", sa.Integer, sa.ForeignKey("versions.id"), nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

versions = sa.Table(
    "versions", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # 1, 2, … given by the import, no gaps
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_by", sa.Text, nullable=True),
    sa.Column("based_on", sa.Integer, nullable=True),  # the version that was current when this one was made
)

snapshots = sa.Table(
    "snapshots", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("content_sha256", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("table_name", "content_sha256", name="uq_snapshots_content"),
)

version_tables = sa.Table(
    "version_tables", METADATA,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("table_name", sa.Text, primary_key=True),
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=False),
    sa.Column("file_name", sa.Text, nullable=True),       # the file imported (None: kept)
    sa.Column("file_sha256", sa.Text, nullable=True),
    sa.Column("kept_from", sa.Integer, nullable=True),    # the version a kept table was taken from
    sa.Column("rows_read", sa.Integer, nullable=True),
    sa.Column("rows_valid", sa.Integer, nullable=True),
    sa.Column("rows_rejected", sa.Integer, nullable=True),
)

problems = sa.Table(
    "problems", METADATA,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("file_error", sa.Boolean, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("row", sa.Integer, nullable=True),
    sa.Column("column", sa.Text, nullable=True),
    sa.Column("value", sa.Text, nullable=True),
    sa.Column("severity", sa.Text, nullable=False),
    sa.Column("params", sa.Text, nullable=False),  # JSON
)

rejected_rows = sa.Table(
    "rejected_rows", METADATA,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("table_name", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("problem_seq", sa.Integer, nullable=False),  # the problem (in ``problems``) that rejected it
    sa.Column("key", sa.Text, nullable=True),
    sa.Column("cells", sa.Text, nullable=False),  # JSON: the row's original cells under the file's headers
)


users = sa.Table(
    "users", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.Text, nullable=False, unique=True),  # kept as typed; matched case-insensitively
    sa.Column("username_key", sa.Text, nullable=False, unique=True),  # lower-case: one account per name
    sa.Column("role", sa.Text, nullable=False),  # admin | staff | leader | analyst
    sa.Column("federation", sa.Text, nullable=True),  # a leader's federation
    sa.Column("office", sa.Text, nullable=True),  # a staff member's office
    sa.Column("email", sa.Text, nullable=True),  # lower-case; how a single sign-on user is matched
    sa.Column("password_hash", sa.Text, nullable=True),  # argon2id; None: single sign-on only
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_sign_in", sa.DateTime(timezone=True), nullable=True),
)

audit_log = sa.Table(
    "audit_log", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("actor", sa.Text, nullable=True),  # the username (None: nobody signed in)
    sa.Column("action", sa.Text, nullable=False),  # sign_in, sign_in_failed, download, import, …
    sa.Column("target", sa.Text, nullable=True),  # what it was about: a table, a user, a version
    sa.Column("rows", sa.Integer, nullable=True),  # how many rows a download or an import had
    sa.Column("detail", sa.Text, nullable=False, server_default=""),  # a short reason or note
)


# --- field work recorded in the app (not versioned: an import or a rollback never touches them) -------------

field_visits = sa.Table(
    "field_visits", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),  # shown as RV-000001
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("program", sa.Text, nullable=False),
    sa.Column("office", sa.Text, nullable=True),
    sa.Column("place", sa.Text, nullable=False),  # as typed
    sa.Column("sido_code", sa.Text, nullable=True),
    sa.Column("sido", sa.Text, nullable=True),
    sa.Column("sigungu_code", sa.Text, nullable=True),
    sa.Column("sigungu", sa.Text, nullable=True),
    sa.Column("participants", sa.Integer, nullable=True),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.Text, nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # optimistic locking: +1 on every change
)

field_visit_firms = sa.Table(
    "field_visit_firms", METADATA,
    sa.Column("visit", sa.Integer, sa.ForeignKey("field_visits.id"), primary_key=True),
    sa.Column("member_id", sa.Text, primary_key=True),
    sa.Column("member_name", sa.Text, nullable=True),  # as it was when recorded (the firm may leave the list)
)

field_visit_guests = sa.Table(
    "field_visit_guests", METADATA,
    sa.Column("visit", sa.Integer, sa.ForeignKey("field_visits.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("place", sa.Text, nullable=True),  # as typed
    sa.Column("sigungu_code", sa.Text, nullable=True),
    sa.Column("sigungu", sa.Text, nullable=True),
)

field_difficulties = sa.Table(
    "field_difficulties", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),  # shown as RD-000001
    sa.Column("import_key", sa.Text, nullable=True, unique=True),  # the imported difficulty it continues
    sa.Column("member_id", sa.Text, nullable=False),
    sa.Column("member_name", sa.Text, nullable=True),  # as it was when recorded
    sa.Column("federation", sa.Text, nullable=True),  # the firm's federation when recorded
    sa.Column("visit_id", sa.Text, nullable=True),  # RV-… or an imported visit's id
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("urgency", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=True),
    sa.Column("raised_on", sa.Date, nullable=False),
    sa.Column("due", sa.Date, nullable=True),
    sa.Column("referred_to", sa.Text, nullable=True),
    sa.Column("close_reason", sa.Text, nullable=True),
    sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_by", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.Text, nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

field_history = sa.Table(
    "field_history", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),  # visit | difficulty
    sa.Column("record", sa.Integer, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text, nullable=True),
    sa.Column("action", sa.Text, nullable=False),  # created, changed, status, assigned, note, adopted
    sa.Column("changes", sa.Text, nullable=False, server_default="{}"),  # JSON {field: [before, after]}
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_field_history_record", "kind", "record"),
)


# --- what became of the suggestions (not versioned either; see network.store.outcomes) ----------------------

suggestion_outcomes = sa.Table(
    "suggestion_outcomes", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),  # shown as SO-000001
    sa.Column("member_id", sa.Text, nullable=False),  # the member the candidate was suggested to
    sa.Column("candidate_id", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # introduced | met | partnered | declined
    sa.Column("reason", sa.Text, nullable=True),  # a decline's reason
    sa.Column("recorded_by", sa.Text, nullable=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("day", sa.Date, nullable=False),  # the Korean calendar day it counts for
    sa.Index("ix_suggestion_outcomes_pair", "member_id", "candidate_id"),
    sa.Index("ix_suggestion_outcomes_candidate", "candidate_id"),
)

suggestions_shown = sa.Table(
    "suggestions_shown", METADATA,
    sa.Column("member_id", sa.Text, primary_key=True),  # one row per member and candidate (the key is the index)
    sa.Column("candidate_id", sa.Text, primary_key=True),
    sa.Column("rank", sa.Integer, nullable=True),  # when last shown
    sa.Column("score", sa.Double, nullable=True),
    sa.Column("first_shown_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_shown_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("shown_by", sa.Text, nullable=True),  # who saw it last
    sa.Column("seq", sa.BigInteger, nullable=False),  # grows with every logging: the outcomes' stamp
    sa.Index("ix_suggestions_shown_seq", "seq"),
)


suggestion_models = sa.Table(
    "suggestion_models", METADATA,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("model", sa.Text, nullable=False),  # evaluate.Model.as_dict() as JSON
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def data_columns(table: str) -> list[str]:
    """The stored columns of a data table, in order (what :func:`network.validate.empty_table` has).

    Examples
    --------
    >>> data_columns("attendance")
    ['visit_id', 'member_id', 'source_row']
    """
    return list(empty_table(schema.TABLES[table]).columns)


def _data_table(name: str) -> sa.Table:
    spec = schema.TABLES[name]
    kinds = {c.name: c.kind for c in spec.columns}
    columns = [sa.Column(c, _TYPES[kinds.get(c, "text")], nullable=True) for c in data_columns(name)
               if c != "source_row"]
    return sa.Table(
        name, METADATA,
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        *columns,
        sa.Column("source_row", sa.Integer, nullable=True),
        sa.Column("extra", sa.Text, nullable=True),  # JSON of unrecognised columns, None when there are none
    )


#: ``{table name: sa.Table}`` for the six tables of the data model.
DATA_TABLES: dict[str, sa.Table] = {name: _data_table(name) for name in schema.TABLES}

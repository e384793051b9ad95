"""Alembic's environment for the workspace: migrations run on the connection the workspace hands over.

Run by :func:`network.store.workspace.migrate` (``alembic.command.upgrade``), never by hand; the
connection is in ``config.attributes["connection"]`` and the whole upgrade is one transaction.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()

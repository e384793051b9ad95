"""``rollback``: make an earlier version of the workspace's data set current again (nothing is deleted)."""

from __future__ import annotations

import argparse

from network import texts
from network.cli._common import EXIT_OK, cli_actor, db_argument

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "make an earlier version current again (되돌리기)"
DESCRIPTION = "Make version --to the current one. Nothing is deleted: any version can be made current again."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    parser.add_argument("--to", type=int, required=True, help="the version number to make current")


def run(args: argparse.Namespace) -> int:
    """Roll back."""
    from network.store import Workspace

    workspace = Workspace(args.db)
    previous = workspace.current_id()
    version = workspace.rollback(args.to, actor=cli_actor())
    print(texts.t("cli.rollback.done", args.lang, version=version.id, previous=previous))
    return EXIT_OK

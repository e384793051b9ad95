"""``versions``: the versions of the workspace's data set, newest first."""

from __future__ import annotations

import argparse

from network import texts
from network.cli._common import EXIT_OK, db_argument

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "list the versions of the workspace (버전 목록)"
DESCRIPTION = "List every version of the workspace's data set, newest first; the current one is marked."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Print the versions."""
    from network.store import Workspace

    table = Workspace(args.db).versions_table(language=args.lang)
    print(texts.t("cli.versions.header", args.lang))
    for row in table.itertuples():
        mark = f" ← {texts.t('cli.versions.current', args.lang)}" if row.current else ""
        print(f"{row.version:>4}  {row.created_at:<19}  {row.members:>7,}  {row.partnerships:>9,}  {row.visits:>6,}  "
              f"{row.note}{mark}")
    return EXIT_OK

"""``export``: write a version's tables as CSV files that ``import`` reads back to the same data."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, db_argument

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "write a version's tables as CSV (내보내기)"
DESCRIPTION = ("Write the tables of a version (default: the current one) as CSV (UTF-8 with BOM) into --out; "
               "`import --data` on that folder gives back the same data.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    parser.add_argument("--version", type=int, help="the version to export (default: the current one)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the CSV files to")


def run(args: argparse.Namespace) -> int:
    """Export."""
    from network.store import Workspace

    workspace = Workspace(args.db)
    written = workspace.export(args.out, version=args.version)
    number = args.version if args.version is not None else workspace.current_id()
    print(texts.t("cli.export.done", args.lang, version=number, tables=len(written), out=args.out))
    for path in written:
        print(f"  {path}")
    return EXIT_OK

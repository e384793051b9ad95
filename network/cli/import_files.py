"""``import``: check files and save them as a new version of the workspace's data set."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import schema, texts
from network.cli._common import EXIT_OK, EXIT_REJECTED, ProgressBar, cli_actor, db_argument
from network.errors import OptionError

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "save data files as a new version of the workspace (가져오기)"
DESCRIPTION = ("Check the files like `check` does, together with the current version's other tables, and save "
               "them as a new version that becomes current. A table not given is kept from the current version. "
               "Exit 0 when nothing was rejected, 1 when rows were rejected (the version keeps the valid rows; "
               "with --strict no version is made), 2 when a file cannot be read.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    for table in schema.TABLES:
        parser.add_argument(f"--{table}", type=Path, help=f"{table} file (CSV or XLSX)")
    parser.add_argument("--data", type=Path, help="a directory with members.csv, partnerships.csv, … instead")
    parser.add_argument("--sheet", help="sheet name of XLSX files (default: the first sheet)")
    parser.add_argument("--note", default="", help="what this version is (shown with the versions)")
    parser.add_argument("--strict", action="store_true", help="make no version when any row is rejected")


def run(args: argparse.Namespace) -> int:
    """Check and save."""
    from network.cli.check import summary_text
    from network.store import Workspace

    sources = {t: getattr(args, t) for t in schema.TABLES if getattr(args, t) is not None}
    if args.data is not None and sources:
        raise OptionError("error.check_data_or_files")
    if args.data is None and not sources:
        raise OptionError("error.import_needs_files")
    workspace = Workspace(args.db)
    bar = ProgressBar()
    try:
        result = workspace.import_files(args.data if args.data is not None else sources, sheet=args.sheet,
                                        note=args.note, strict=args.strict, progress=bar, language=args.lang,
                                        created_by=cli_actor())
    finally:
        bar.close()
    dataset = result.checked.dataset
    print(summary_text(dataset, language=args.lang, max_problems=20))
    if result.version is None:
        print(texts.t("cli.import.strict", args.lang))
        return EXIT_REJECTED
    print(texts.t("cli.import.done", args.lang, version=result.version.id, members=len(dataset.members),
                  partnerships=len(dataset.partnerships), visits=len(dataset.visits),
                  difficulties=len(dataset.difficulties)))
    return EXIT_REJECTED if dataset.report.n_rejected else EXIT_OK

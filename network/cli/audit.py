"""``audit``: write the workspace's audit log (sign-ins, imports, rollbacks, account changes, downloads) to a file."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from network import export, texts
from network.cli._common import EXIT_OK, db_argument, suffix

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "write the audit log to CSV or XLSX (감사 기록)"
DESCRIPTION = "Who signed in, failed to, imported, rolled back, changed an account or downloaded what, and when."


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from err


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    parser.add_argument("--since", type=_date, help="only entries on or after this day (YYYY-MM-DD, UTC)")
    parser.add_argument("--user", help="only this user's entries")
    parser.add_argument("--out", type=Path, required=True, help="the file to write (.csv or .xlsx)")


def run(args: argparse.Namespace) -> int:
    """Write the log."""
    from network.store import Workspace

    kind = suffix("--out", args.out, (".csv", ".xlsx"))
    table = Workspace(args.db).audit.table(since=args.since, actor=args.user)
    # an empty log is still written (with its header), so a script can rely on the file
    shown = table.assign(at=table["at"].dt.strftime("%Y-%m-%d %H:%M:%S") if len(table) else table["at"])
    if kind == ".csv":
        args.out.write_bytes(export.to_csv_bytes(shown))
    else:
        args.out.write_bytes(export.to_xlsx_bytes({"audit": shown}))
    print(texts.t("cli.audit.done", args.lang, rows=len(table), out=args.out))
    return EXIT_OK

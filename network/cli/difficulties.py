"""``difficulties``: the difficulty queue (status, owner, due date, where the firm is) as CSV or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, cli_actor, current_version, db_argument, suffix
from network.errors import OptionError

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "the difficulties to follow up, as CSV or XLSX (애로사항 처리 현황)"
DESCRIPTION = ("Every difficulty with its follow-up (status, owner, due date, overdue, days open, the firm's "
               "시도/시군구 and the office of its visit), overdue first: the queue of the app's field-work page.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    parser.add_argument("--status", nargs="+", action="extend", metavar="S",
                        help="only these statuses (접수 검토 조치중 해결 이관 종결, or 이력 for imported history)")
    parser.add_argument("--office", help="only the difficulties raised at this office's visits")
    parser.add_argument("--overdue", action="store_true", help="only open difficulties past their due date")
    parser.add_argument("--out", type=Path, required=True, help="the file to write (.csv or .xlsx)")


def run(args: argparse.Namespace) -> int:
    """Write the queue."""
    from network import export, fieldwork, report
    from network.store import Workspace
    from network.store.records import IMPORTED_STATUS, STATUSES

    suffix("--out", args.out, (".csv", ".xlsx"))
    allowed = (*STATUSES, IMPORTED_STATUS)
    statuses = tuple(dict.fromkeys(s.strip() for s in args.status or ()))
    wrong = [OptionError("error.option_choice", option="--status", value=s, allowed=", ".join(allowed))
             for s in statuses if s not in allowed]
    if wrong:
        raise OptionError.combine(wrong)
    workspace = Workspace(args.db)
    version = current_version(workspace, args.lang)
    dataset = workspace.load_with_records(version.id, language=args.lang)
    office = report.check_office(dataset, args.office)
    queue = fieldwork.difficulty_queue(dataset, statuses=statuses, office=office, overdue_only=args.overdue)
    options = "".join([*(f" --status {s}" for s in statuses), f" --office {office}" if office else "",
                       " --overdue" if args.overdue else ""])
    workspace.audit.add(cli_actor(), "download", target=args.out.name, rows=len(queue),
                        detail=f"difficulties{options}")
    export.write_table(queue, args.out)
    print(texts.t("cli.difficulties.done", args.lang, rows=len(queue), out=args.out))
    return EXIT_OK

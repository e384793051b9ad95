"""``report``: the monthly report of the field programme (one month, all of Korea, one office or one 시도) as XLSX
or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, cli_actor, current_version, db_argument, suffix

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "the monthly report of the field programme as XLSX or PDF (월간 보고서)"
DESCRIPTION = ("Visits held, member firms reached, difficulties raised (by category and status), closed and "
               "overdue in one month, for all of Korea, one office or one 시도: an XLSX workbook (a summary "
               "sheet, then one sheet per table) or a printable A4 PDF with charts (needs the Korean font "
               "Noto Sans CJK KR: apt-get install fonts-noto-cjk).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    db_argument(parser)
    parser.add_argument("--month", required=True, help="the month, YYYY-MM")
    parser.add_argument("--office", help="only this office's visits and the difficulties raised at them")
    parser.add_argument("--sido", help="only this 시도 (e.g. 서울, 경기도): visits held there, difficulties of its firms")
    parser.add_argument("--out", type=Path, required=True, help="the file to write (.xlsx or .pdf)")


def run(args: argparse.Namespace) -> int:
    """Write the report."""
    from network import report
    from network.store import Workspace

    kind = suffix("--out", args.out, (".xlsx", ".pdf"))
    report.month_period(args.month)  # a bad month is said before the workspace is opened
    workspace = Workspace(args.db)
    version = current_version(workspace, args.lang)
    dataset = workspace.load_with_records(version.id, language=args.lang)
    monthly = report.monthly_report(dataset, args.month, office=args.office, sido=args.sido, language=args.lang)
    data = report.to_pdf(monthly) if kind == ".pdf" else report.to_xlsx(monthly)
    scope = "".join(f" --{name} {value}" for name, value in (("office", monthly.office), ("sido", monthly.sido))
                    if value)
    workspace.audit.add(cli_actor(), "download", target=args.out.name,
                        rows=sum(len(getattr(monthly, name)) for name in report.SECTIONS),
                        detail=f"report --month {monthly.month}{scope}")
    args.out.write_bytes(data)
    numbers = monthly.numbers()
    print(texts.t("cli.report.done", args.lang, month=monthly.month, out=args.out, visits=numbers["visits"],
                  raised=numbers["raised"], overdue=numbers["overdue"]))
    if not (numbers["visits"] or numbers["raised"]):
        from network import fieldwork

        print(texts.t("report.empty", args.lang, month=monthly.month, latest=fieldwork.latest_month(dataset) or "–"))
    return EXIT_OK

"""The command line: ``python -m network COMMAND ...``, one module per command and one runner.

Commands
--------
check
    Read and validate the data files, print a summary, and optionally write the
    normalised tables and the rejected rows.
sample
    Generate the realistic sample data set (deterministic for a seed).
recommend
    Collaboration suggestions with reasons, for one member or all members.
evaluate
    Back-test of the suggestions against what happened after a cut-off date.
analyze
    Network analysis tables: member metrics, regions, federations, brokers, isolated members.
coverage
    Outreach coverage by 시도 or 시군구 with the under-served ranking.
plan
    Where the next K visits should go to reach the most members not visited yet.
report, difficulties
    Field work: the monthly report (visits, firms reached, difficulties raised, closed and overdue) of one
    month, for all of Korea, an office or a 시도, as XLSX or PDF; the difficulty queue as CSV or XLSX.
meeting
    Whom to invite to a matchmaking meeting (간담회·현장상담회) at an office or in a 시군구, as XLSX or a PDF briefing.
feedback
    Record what became of a suggestion (introduced, met, partnered, declined), or list the outcomes.
import, versions, rollback, export
    The workspace: save files as a new version, list the versions, make an earlier one current again,
    write a version's tables as CSV.
users, audit
    The accounts that may sign in to the app (add, list, disable, enable, reset-password) and the audit
    log (sign-ins, imports, rollbacks, account changes, downloads) written to a file.

The analysis commands read the workspace's current version (``--db URL``, default the workspace the app
uses) or the files of ``--data DIR``.

Every command takes ``--lang ko|en`` (messages, default Korean).  Exit codes: 0
when nothing was rejected, 1 when ``check`` rejected rows, 2 when a file could
not be read, the data cannot give the result, or an option was wrong (the
message says which, in the chosen language).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from network import texts
from network.cli import (
    analyze,
    audit,
    check,
    coverage,
    difficulties,
    evaluate,
    export_tables,
    feedback,
    import_files,
    meeting,
    plan,
    recommend,
    report,
    rollback,
    sample,
    users,
    versions,
)
from network.cli._common import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE
from network.errors import NetworkError, OptionError
from network.texts import LANGUAGES

__all__ = ["COMMANDS", "EXIT_OK", "EXIT_REJECTED", "EXIT_UNREADABLE", "build_parser", "main"]

#: ``{name: module}``; each module has ``HELP``, ``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args)``.
COMMANDS: dict[str, ModuleType] = {
    "check": check, "sample": sample, "recommend": recommend, "evaluate": evaluate, "analyze": analyze,
    "coverage": coverage, "plan": plan, "import": import_files, "versions": versions, "rollback": rollback,
    "export": export_tables, "users": users, "audit": audit, "report": report, "difficulties": difficulties,
    "feedback": feedback, "meeting": meeting,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per module of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="python -m network",
        description="지역 협업 네트워크 탐색기 — Regional Collaboration Network Explorer (command line)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        sub = commands.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(sub)
        sub.add_argument("--lang", choices=list(LANGUAGES), default="ko", help="message language (default ko)")
        sub.set_defaults(module=module, parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    A wrong option ends like argparse's own errors (exit 2, the message on stderr); any other
    error of the library (a file that cannot be read, data that cannot give the result) and an
    output that cannot be written print their message on stderr and return 2.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.module.run(args))
    except OptionError as err:
        args.parser.exit(EXIT_UNREADABLE, f"{args.parser.prog}: {err.message(args.lang)}\n")
    except NetworkError as err:
        print(err.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as err:  # an output that cannot be written (no such folder, no permission, disk full)
        print(texts.t("error.cannot_write", args.lang, path=err.filename or "-", reason=err.strerror or err),
              file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK  # not reached: parser.exit raises SystemExit

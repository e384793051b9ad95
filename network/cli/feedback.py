"""``feedback``: record what became of a suggestion (소개함, 만남, 협력 성사, 관심 없음), or list the outcomes recorded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from network import texts
from network.cli._common import EXIT_OK, cli_actor, current_version, db_argument, suffix
from network.errors import OptionError

if TYPE_CHECKING:
    from network.store import Workspace

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "record what became of a suggestion, or list the outcomes (추천 결과 기록)"
DESCRIPTION = ("Record that a member was introduced to, met, partnered with or declined (with an optional reason) "
               "a firm suggested to it; checked against the workspace's current version with what was recorded "
               "in the app (both firms members, not already partners), nothing stored when anything is wrong. "
               "A partnered pair counts as a partnership from that day; a declined pair is not suggested again "
               "for NETWORK_DECLINE_MONTHS months (default 12). With --list: the outcomes recorded.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> args = parser.parse_args(["--member", "A1", "--candidate", "B2", "--outcome", "협력 성사"])
    >>> args.member, args.candidate, args.outcome, args.list
    ('A1', 'B2', '협력 성사', False)
    """
    db_argument(parser)
    parser.add_argument("--member", metavar="ID", help="the member the suggestion was for (with --list: only its pairs)")
    parser.add_argument("--candidate", metavar="ID", help="the firm suggested to it")
    parser.add_argument("--outcome", metavar="OUTCOME",
                        help="introduced, met, partnered or declined (or 소개함, 만남, 협력 성사, 관심 없음)")
    parser.add_argument("--reason", metavar="TEXT", help="why it was declined (only with declined)")
    parser.add_argument("--by", metavar="USERNAME", help="who records it (default: cli: and your user name)")
    parser.add_argument("--list", action="store_true", help="list the outcomes recorded instead")
    parser.add_argument("--out", type=Path, help="with --list: write them to this file (.csv or .xlsx)")


def _firm(names: dict[str, object], member_id: str) -> str:
    """``가나정밀(A1)``, or the id alone when the firm has no name (or is no longer a member)."""
    name = names.get(member_id)
    return f"{name}({member_id})" if isinstance(name, str) and name else member_id


def _check_options(args: argparse.Namespace) -> None:
    if args.list:
        wrong = [option for option, value in (("--candidate", args.candidate), ("--outcome", args.outcome),
                                              ("--reason", args.reason), ("--by", args.by)) if value is not None]
        if wrong:
            raise OptionError("cli.feedback.not_with_list", options=", ".join(wrong))
        if args.out is not None:
            suffix("--out", args.out, (".csv", ".xlsx"))
        return
    if args.out is not None:
        raise OptionError("cli.feedback.not_with_list", options="--out")
    missing = [option for option, value in (("--member", args.member), ("--candidate", args.candidate),
                                            ("--outcome", args.outcome)) if not value]
    if missing:
        raise OptionError("cli.feedback.needs", missing=", ".join(missing))


def run(args: argparse.Namespace) -> int:
    """Record one outcome, or list them.

    Examples
    --------
    >>> import tempfile
    >>> from network.store import Workspace
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/w.db"
    >>> _ = Workspace(url).import_files({"members": "회원번호,회사명\\nA1,가나정밀\\nB2,다라전자\\n".encode(),
    ...                                  "visits": "방문번호,일자,시군구\\nV1,2026-02-05,서울 종로구\\n".encode()})
    >>> options = dict(db=url, member="A1", candidate="B2", reason=None, by="kim", list=False, out=None, lang="ko")
    >>> run(argparse.Namespace(**options, outcome="만남"))  # doctest: +ELLIPSIS
    추천 결과 SO-000001을 저장했습니다: 가나정밀(A1) → 다라전자(B2), 만남 (..., 기록: kim)
    0
    """
    from network.store import Workspace

    _check_options(args)
    workspace = Workspace(args.db)
    if args.list:
        return _list(args, workspace)
    outcomes = workspace.outcomes
    version = current_version(workspace, args.lang)
    dataset = workspace.load_with_records(version.id, language=args.lang)
    done = outcomes.record(args.member, args.candidate, args.outcome, actor=args.by or cli_actor(), reason=args.reason,
                           members=dataset.members, partnerships=dataset.partnerships)
    names = dict(zip(dataset.members["member_id"].astype(str), dataset.members["name"]))
    reason = f" — {done.reason}" if done.reason else ""
    print(texts.t("cli.feedback.saved", args.lang, outcome_id=done.id, member=_firm(names, done.member_id),
                  candidate=_firm(names, done.candidate_id), outcome=done.label(args.lang) + reason,
                  day=done.day.isoformat(), actor=done.recorded_by or "-"))
    if done.outcome == "partnered":
        print(texts.t("cli.feedback.partnered", args.lang, day=done.day.isoformat()))
    months = outcomes.policy.decline_months
    if done.outcome == "declined" and months:
        until = (pd.Timestamp(done.day) + pd.DateOffset(months=months)).date()
        print(texts.t("cli.feedback.declined", args.lang, until=until.isoformat()))
    return EXIT_OK


def _list(args: argparse.Namespace, workspace: Workspace) -> int:
    """Print the outcomes recorded (all, or those of ``--member``'s pairs), or write them to ``--out``."""
    from network import export, feedback

    outcomes = workspace.outcomes
    frame = outcomes.for_member(args.member) if args.member else outcomes.table()
    version = workspace.current_id()
    members = workspace.load(version).members if version is not None else pd.DataFrame({"member_id": []})
    table = feedback.outcome_table(frame, members, language=args.lang)
    if args.out is not None:
        workspace.audit.add(cli_actor(), "download", target=args.out.name, rows=len(table),
                            detail="feedback --list" + (f" --member {args.member}" if args.member else ""))
        export.write_table(table, args.out)
        print(texts.t("cli.feedback.listed", args.lang, rows=len(table), out=args.out))
        return EXIT_OK
    if table.empty:
        print(texts.t("cli.feedback.none", args.lang), file=sys.stderr)
        return EXIT_OK
    for row in table.itertuples(index=False):
        names = {row.member_id: row.member_name, row.candidate_id: row.candidate_name}
        reason = f" — {row.reason}" if isinstance(row.reason, str) and row.reason else ""
        print(f"{row.outcome_id}  {row.day}  {_firm(names, row.member_id)} → {_firm(names, row.candidate_id)}  "
              f"{row.outcome}{reason}  ({row.recorded_by or '-'}, {row.recorded_at})")
    return EXIT_OK

"""``meeting``: whom to invite to a matchmaking meeting (간담회·현장상담회), as an XLSX list or a PDF briefing."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, cli_actor, data_argument, load_for_suggestions, suffix

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "whom to invite to a matchmaking meeting, as XLSX or a PDF briefing (간담회 기획)"
DESCRIPTION = ("Propose the invitees of a matchmaking meeting held at an office or in a 시군구 on --date: the "
               "--seats members within --radius-km whose suggested pairs (the recommendation engine's scores) add "
               "up to the most, with a bonus for firms not visited in the last 12 months and firms with open "
               "difficulties, and at most --max-group-share of the seats from one 교류회 (greedy + swap search). "
               "Writes the invitation list, the pairings with reasons and the profiles as XLSX, or a printable A4 "
               "briefing as PDF (needs the Korean font Noto Sans CJK KR: apt-get install fonts-noto-cjk).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> args = parser.parse_args(["--sigungu", "41117", "--date", "2026-12-10", "--seats", "40", "--radius-km", "30",
    ...                           "--out", "meeting.pdf"])
    >>> args.sigungu, args.seats, args.radius_km, args.max_group_share, args.method
    ('41117', 40, 30.0, 0.25, 'heuristic')
    """
    from network.meeting import METHODS, MeetingOptions

    defaults = MeetingOptions()
    data_argument(parser, "members.csv, partnerships.csv, visits.csv, offices.csv, …")
    place = parser.add_mutually_exclusive_group(required=True)
    place.add_argument("--office", help="the office where the meeting is held (name or id)")
    place.add_argument("--sigungu", metavar="CODE",
                       help="the 시군구 where the meeting is held (code such as 41117, or name)")
    parser.add_argument("--date", required=True, help="the meeting's day, YYYY-MM-DD (today or later)")
    parser.add_argument("--seats", type=int, required=True, help="how many firms to invite (at least 2)")
    parser.add_argument("--radius-km", type=float, required=True,
                        help="invite only members within this distance of the place (km)")
    parser.add_argument("--max-group-share", type=float, default=defaults.max_group_share,
                        help=f"at most this share of the seats from one 교류회 (default {defaults.max_group_share:g})")
    parser.add_argument("--method", choices=list(METHODS), default=defaults.method,
                        help="heuristic (default) or exact (integer programme, small cases only)")
    parser.add_argument("--out", type=Path, required=True,
                        help=".xlsx (summary, invitation list, pairings, profiles) or .pdf (the printable briefing)")


def run(args: argparse.Namespace) -> int:
    """Plan the meeting and write the file; the options and the date are checked before any data is read.

    Examples
    --------
    >>> from network.cli import build_parser
    >>> args = build_parser().parse_args(["meeting", "--sigungu", "41117", "--date", "2000-01-01", "--seats", "10",
    ...                                   "--radius-km", "30", "--out", "meeting.xlsx"])
    >>> run(args)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 간담회 날짜 2000-01-01이 이미 지났습니다 (오늘: ...). 오늘이나 그 뒤의 날짜를 정하세요
    """
    from network import meeting, recommend

    kind = suffix("--out", args.out, (".xlsx", ".pdf"))
    options = meeting.MeetingOptions(seats=args.seats, radius_km=args.radius_km,
                                     max_group_share=args.max_group_share, method=args.method)
    date = meeting.check_date(args.date)
    # from the workspace: its current version with what was recorded in the app, and the pairs declined lately
    dataset, declined, model = load_for_suggestions(args.data, args.lang, args.db)  # pairs scored as suggested
    plan = meeting.plan_meeting(dataset, date=date, office=args.office, sigungu=args.sigungu, options=options,
                                declined=declined, weights=model.weights,
                                suggestion_options=model.options(recommend.Options()), language=args.lang)
    data = meeting.to_pdf(plan) if kind == ".pdf" else meeting.to_xlsx(plan)
    if args.data is None:
        from network.store import Workspace

        workspace = Workspace(args.db)
        place = f"--office {args.office}" if args.office else f"--sigungu {plan.place.id}"
        workspace.audit.add(cli_actor(), "download", target=args.out.name, rows=len(plan.invitees),
                            detail=f"meeting {place} --date {plan.date.isoformat()} --seats {options.seats} "
                                   f"--radius-km {options.radius_km:g}")
    args.out.write_bytes(data)
    print(texts.t("cli.meeting.done", args.lang, date=plan.date.isoformat(), place=plan.place.name,
                  invited=len(plan.invitees), pairs=len(plan.pairs), radius=options.radius_km,
                  candidates=plan.candidates, out=args.out))
    for note in plan.note_texts(args.lang):
        print(f"  {note}")
    for row in plan.invitees.itertuples():
        print(f"  {row.order}. {row.name} ({row.group or '-'}, {row.sigungu or '-'}, {row.km:.1f} km)")
    return EXIT_OK

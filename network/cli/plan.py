"""``plan``: where the next visits should go, with the members each site reaches."""

from __future__ import annotations

import argparse
from pathlib import Path

from network import export, texts
from network.cli._common import EXIT_OK, data_argument, load_data, suffix
from network.config import SETTINGS

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "where the next visits should go (다음 방문 계획)"
DESCRIPTION = ("Choose K visit sites (one visit each) that reach the most members not visited in the last "
               "--months within --radius-km, each visit inviting at most its seats (by programme: "
               "사업설명회 40, 간담회 20, 현장상담회 10, 방문상담 1; or --seats), the nearest first (greedy "
               "maximal covering, at least 63% of the optimum without seats). Each site comes with a one-line "
               "reason. The app's planner gives the same plan for the same choices.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    from network.planner import SITE_KINDS, WEIGHTS
    from network.schema import PROGRAMS

    defaults = SETTINGS.defaults
    programmes = ", ".join(PROGRAMS)
    data_argument(parser, "members.csv, visits.csv, offices.csv")
    parser.add_argument("--sites", "--visits", dest="sites", type=int, default=defaults.plan_sites, metavar="K",
                        help=f"number of visit sites K, one visit each (default {defaults.plan_sites}; "
                             "--visits is the old name)")
    parser.add_argument("--radius-km", type=float, default=defaults.plan_radius_km,
                        help=f"reach of a visit (default {defaults.plan_radius_km:g} km)")
    parser.add_argument("--visit-program", choices=list(PROGRAMS), default=defaults.plan_program,
                        help=f"the programme of the planned visits; it sets the seats of a visit "
                             f"(default {defaults.plan_program}: "
                             + ", ".join(f"{p} {n}" for p, n in defaults.program_seats.items()) + ")")
    parser.add_argument("--seats", type=int, help="firms one visit takes, instead of the programme's (0: no limit)")
    parser.add_argument("--months", type=int, default=defaults.window_months,
                        help=f"members visited in the last N months of the data are done (default "
                             f"{defaults.window_months})")
    parser.add_argument("--program", action="append", metavar="PROGRAM",
                        help=f"only visits of this programme count as visited (repeatable; one of {programmes})")
    parser.add_argument("--candidates", choices=list(SITE_KINDS), default="sigungu",
                        help="candidate sites: 시군구 centres (default), member locations or offices")
    parser.add_argument("--weight", choices=list(WEIGHTS),
                        help="underserved: target the under-served ranking (each member weighs its 시군구's gap to "
                             "the national coverage); difficulties: members who raised difficulties before; "
                             "isolated: members without partners")
    parser.add_argument("--sido", metavar="CODE", help="plan only in this 시도 (code, e.g. 47 for 경상북도)")
    parser.add_argument("--federation", help="plan only for the members of this federation")
    parser.add_argument("--max-per-office", type=int, default=0, help="at most this many sites per office (0: no limit)")
    parser.add_argument("--out", type=Path, required=True,
                        help=".csv (sites; the member lists go to NAME_members.csv) or .xlsx (two sheets)")


def run(args: argparse.Namespace) -> int:
    """The next-visit plan and its member lists."""
    from network import planner

    kind = suffix("--out", args.out, (".csv", ".xlsx"))
    options = planner.PlanOptions(sites=args.sites, radius_km=args.radius_km, months=args.months,
                                  programs=tuple(args.program or ()), candidates=args.candidates, weight=args.weight,
                                  max_per_office=args.max_per_office, visit_program=args.visit_program,
                                  seats=args.seats, sido=args.sido, federation=args.federation)
    dataset = load_data(args.data, args.lang, args.db)
    result = planner.plan_for_window(dataset.members, dataset.visits, dataset.offices, dataset.partnerships,
                                     attendance=dataset.attendance, difficulties=dataset.difficulties,
                                     options=options, language=args.lang)
    if kind == ".xlsx":
        args.out.write_bytes(export.to_xlsx_bytes({"sites": result.sites, "members": result.members}))
        written = [args.out]
    else:
        members_path = args.out.with_name(args.out.stem + "_members.csv")
        written = [export.write_table(result.sites, args.out), export.write_table(result.members, members_path)]
    print(texts.t("cli.plan.done", args.lang, window=result.window, sites=len(result.sites), reached=result.reached,
                  before=result.coverage_before, after=result.coverage))
    for row in result.sites.itertuples():
        office = f" ({row.office})" if isinstance(row.office, str) and row.office else ""
        print(f"  {row.order}. {row.site}{office}: +{row.new_members:,} — {row.reason}")
    for note in result.notes:
        print(note)
    if result.fallback_members:
        print(texts.t("cli.plan.fallback", args.lang, count=result.fallback_members))
    for path in written:
        print(f"  → {path}")
    return EXIT_OK

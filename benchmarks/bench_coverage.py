"""Speed of the coverage tables and the next-visit planner at 100,000 members.

Run by hand (not part of the tests)::

    python -m network sample --members 100000 --out /tmp/s100k     # once (≈ 1 min)
    python benchmarks/bench_coverage.py --data /tmp/s100k

Targets (from the issue): coverage tables for 100,000 members and 20,000 visits ≤ 5 s; planner with
250 candidate sites, K = 20, 100,000 members ≤ 5 s. The visits of the generated set are resampled to
exactly 20,000. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402  (benchmarks/ is on the path: scripts run from it)


def main() -> int:
    import numpy as np

    from network import coverage, fieldwork, planner
    from network.dataset import load_dataset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="directory of a 100,000-member data set")
    parser.add_argument("--visits", type=int, default=20_000)
    args = parser.parse_args()

    dataset = load_dataset(args.data)
    rng = np.random.default_rng(0)
    visits = dataset.visits.iloc[rng.choice(len(dataset.visits), size=args.visits, replace=True)].copy()
    visits["original"], visits["visit_id"] = visits["visit_id"], [f"B{i:06d}" for i in range(len(visits))]
    renamed = visits[["original", "visit_id"]]

    def copied(table):  # the attendance / difficulties of the drawn visits, under their new ids
        return (table.rename(columns={"visit_id": "original"}).merge(renamed, on="original")
                .drop(columns="original"))

    attendance, difficulties = copied(dataset.attendance), copied(dataset.difficulties)
    visits = visits.drop(columns="original")
    field = {"attendance": attendance, "difficulties": difficulties}
    members, offices = dataset.members, dataset.offices
    print(f"{len(members):,} members, {len(visits):,} visits, {len(offices)} offices")
    print()
    print("| what | time (best of 3) |")
    print("|---|---:|")
    window = coverage.time_window(visits)
    for level in ("sido", "sigungu"):
        seconds, table = best_of(lambda level=level: coverage.region_coverage_table(
            members, visits, offices, level=level, window=window, **field))
        print(f"| coverage table, {level} ({len(table)} rows) | {seconds:.2f} s |")
    seconds, _ = best_of(lambda: coverage.member_coverage_table(members, visits, offices, window=window, **field))
    print(f"| per-member coverage | {seconds:.2f} s |")
    seconds, _ = best_of(lambda: coverage.office_coverage_table(members, visits, offices, window=window, **field))
    print(f"| per-office coverage | {seconds:.2f} s |")
    recent = coverage.select_visits(visits, window)
    seconds, all_sites = best_of(lambda: planner.candidate_sites(members, offices, kind="sigungu"))
    sites = all_sites.head(250)
    print(f"| candidate sites (시군구 centres; the first 250 of {len(all_sites)} used) | {seconds:.2f} s |")
    recent_attendance = fieldwork.attendance_at(attendance, recent)
    seconds, plan = best_of(lambda: planner.plan_visits(members, sites, attendance=recent_attendance, k=20,
                                                        radius_km=30.0))
    print(f"| planner: 250 sites, K = 20, radius 30 km (coverage matrix + lazy greedy + tables) | {seconds:.2f} s |")
    print()
    print(f"plan reaches {plan.reached:,} more members: coverage {plan.visited_before / plan.total_members:.1%} "
          f"→ {plan.coverage:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

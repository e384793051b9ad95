"""Speed and memory of reading and validating a data folder (``read_table`` + ``validate_dataset``).

Run by hand (not part of the tests)::

    python benchmarks/bench_ingest.py                       # the bundled 7,000-member sample
    python -m network sample --members 100000 --partnerships-per-member 4 --out /tmp/big100k   # once
    python benchmarks/bench_ingest.py --data /tmp/big100k

Targets (from the issue): the sample's ``load_dataset`` ≤ 0.8 s in a fresh process after imports; for
100,000 members (389,976 partnerships, 17,280 visits) ``python -m network check --data DIR`` ≤ 8 s wall
and ≤ 1.5 GB peak resident memory, as a whole process. In-process times are the best of 3 (caches such
as the region tables and the 읍면동 index warm after the first run); the whole-process figures come from
fresh subprocesses, peak memory from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``. Prints a
Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402  (benchmarks/ is on the path: scripts run from it)

FRESH_LOAD = """
import sys, time
from network.dataset import load_dataset
started = time.perf_counter()
load_dataset(sys.argv[1])
print(time.perf_counter() - started)
"""




def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def fresh_load(data: Path, repeat: int = 3) -> float:
    """Best ``load_dataset`` time in a fresh process, imports not counted."""
    times = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", FRESH_LOAD, str(data)], capture_output=True, text=True,
                              check=True, env=_environment(), cwd=ROOT)
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return min(times)


def whole_check(data: Path, repeat: int = 3) -> tuple[float, float, int]:
    """Best wall time of ``python -m network check --data DIR`` as a whole process, the peak resident
    memory of those processes in GB, and the exit code (1 when rows were rejected)."""
    wall, code = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "network", "check", "--data", str(data)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_environment(),
                              cwd=ROOT)
        wall = min(wall, time.perf_counter() - started)
        code = done.returncode
        if code not in (0, 1):
            raise SystemExit(f"check failed with exit code {code}:\n{done.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    return wall, peak_kb / 1024 ** 2, code


def main() -> int:
    from network import dataset, io, regions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample", help="a data folder (default: the sample)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best is shown")
    args = parser.parse_args()

    files = io.find_table_files(args.data)
    if not files:
        raise SystemExit(f"no table files in {args.data}")
    check_wall, check_peak, check_code = whole_check(args.data, args.repeat)
    fresh = fresh_load(args.data, args.repeat)
    regions.locate_points([37.5665], [126.9780])  # build the 읍면동 index once, as any first run does

    print(f"data: {args.data}")
    print()
    print("| what | rows | time (best of 3) |")
    print("|---|---:|---:|")
    raws = {}
    for table, path in files.items():
        seconds, raw = best_of(lambda table=table, path=path: io.read_table(path, table), args.repeat)
        raws[table] = raw
        size = path.stat().st_size / 1024 ** 2
        print(f"| read_table {path.name} ({size:.1f} MB) | {len(raw.df):,} | {seconds:.2f} s |")
    seconds, ds = best_of(lambda: dataset.validate_dataset(raws), args.repeat)
    report = ds.report
    rows = sum(c["read"] for c in report.counts.values())
    print(f"| validate_dataset ({len(report.problems):,} problems, {report.n_rejected:,} rows rejected) "
          f"| {rows:,} | {seconds:.2f} s |")
    print(f"| load_dataset in a fresh process, imports not counted | {rows:,} | {fresh:.2f} s |")
    print(f"| `python -m network check --data DIR`, whole process (exit code {check_code}) | {rows:,} "
          f"| {check_wall:.2f} s, peak {check_peak:.2f} GB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

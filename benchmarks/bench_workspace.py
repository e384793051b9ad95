"""Speed of the workspace: importing a data set (whole process) and loading the current version.

Run by hand (never in timed unit tests):

    python benchmarks/bench_workspace.py --data data/sample
    python benchmarks/bench_workspace.py --data /tmp/big100k     # python -m network sample --members 100000 \\
                                                                  #   --partnerships-per-member 4 --out /tmp/big100k

For each data folder it imports it into a new SQLite workspace with ``python -m network import`` in a
subprocess (wall time and peak memory of the whole process), then loads the current version in this process
(best of 3), and reports the same for PostgreSQL when ``--postgres URL`` names an empty database.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def whole_process(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB) of ``python -m network …`` in a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "network", *argv], cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024 / 1024


def best_of(function, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from network.store import Workspace

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a folder of table files")
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL to measure too")
    args = parser.parse_args()
    urls = {"SQLite": f"sqlite:///{tempfile.mkdtemp()}/network.db"}
    if args.postgres:
        urls["PostgreSQL"] = args.postgres
    print("| what | database | time | peak memory |")
    print("|---|---|---:|---:|")
    for name, url in urls.items():
        seconds, peak = whole_process(["import", "--db", url, "--data", str(args.data)])
        print(f"| `python -m network import --data {args.data}` (whole process) | {name} | {seconds:.1f} s "
              f"| {peak:.2f} GB |")
        workspace = Workspace(url)
        seconds = best_of(workspace.load)
        data = workspace.load()
        print(f"| load the current version ({len(data.members):,} members, {len(data.partnerships):,} "
              f"partnerships; best of 3) | {name} | {seconds:.2f} s | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

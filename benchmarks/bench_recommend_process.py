"""The whole ``recommend`` command, as a user runs it, against a plain networkx script in the same run.

Run by hand (not part of the tests)::

    python benchmarks/bench_recommend_process.py                      # the 7,000-member sample
    python benchmarks/bench_recommend_process.py --data /tmp/big100k --repeat 1 --no-reference
        # a 100,000-member set made with
        # python -m network sample --members 100000 --partnerships-per-member 4 --out /tmp/big100k

Each measurement is a fresh process: (a) ``python -m network recommend --data DIR --top 10 --out X.csv``
(everything: interpreter start, imports, reading and checking the files, scoring, reasons, writing), and
(b) a reference script written the way one would with networkx: read partnerships.csv with pandas, build
the graph, take every member's non-partners at distance 2, score them with ``nx.adamic_adar_index``,
keep the 10 best per member and write a CSV. Wall time is measured around the child process; peak
memory is the child's maximum RSS from ``resource.getrusage(RUSAGE_CHILDREN)``, read in a small runner
process that starts only that child (so each figure is the child's own). Prints a Markdown table and
the ratio reference time / ours (the reference does far less: one structural signal, no attributes,
no reasons, no diversity).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The networkx reference, run as ``python -c REFERENCE DATA_DIR OUT.csv``.
REFERENCE = r'''
import heapq
import sys

import networkx as nx
import pandas as pd

data, out = sys.argv[1], sys.argv[2]
partnerships = pd.read_csv(f"{data}/partnerships.csv", encoding="utf-8-sig", dtype=str)
G = nx.Graph()
G.add_edges_from(zip(partnerships["source_id"], partnerships["target_id"]))
G.remove_edges_from(list(nx.selfloop_edges(G)))
rows = []
for member in G:
    partners = G[member]
    candidates = {other for partner in partners for other in G[partner]} - set(partners) - {member}
    scored = nx.adamic_adar_index(G, [(member, other) for other in candidates])
    best = heapq.nsmallest(10, scored, key=lambda pair: (-pair[2], pair[1]))  # ties by id
    rows += [(member, rank, other, score) for rank, (_, other, score) in enumerate(best, start=1)]
table = pd.DataFrame(rows, columns=["member_id", "rank", "candidate_id", "adamic_adar"])
table.to_csv(out, index=False, encoding="utf-8-sig")
'''

#: Runs one command and prints its wall time and peak memory (the runner has no other child).
RUNNER = r'''
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall_s": wall, "peak_mb": peak, "code": done.returncode, "stderr": done.stderr[-2000:]}))
'''


def measure(command: list[str]) -> dict:
    """Wall time and peak memory of ``command`` run as a fresh process."""
    result = subprocess.run([sys.executable, "-c", RUNNER, *command], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    found = json.loads(result.stdout)
    if found["code"] != 0:
        raise SystemExit(f"{' '.join(command[:4])} … failed:\n{found['stderr']}")
    return found


def best_of(command: list[str], repeat: int) -> dict:
    runs = [measure(command) for _ in range(repeat)]
    return {"wall_s": statistics.median(r["wall_s"] for r in runs), "min_s": min(r["wall_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "runs": len(runs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "sample"), help="directory with the CSV files")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (the median is shown)")
    parser.add_argument("--no-reference", action="store_true", help="skip the networkx script (slow on 100k)")
    args = parser.parse_args()

    with open(Path(args.data) / "members.csv", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in handle) - 1
    with tempfile.TemporaryDirectory() as folder:
        ours = best_of([sys.executable, "-m", "network", "recommend", "--data", args.data, "--top", "10",
                        "--out", os.path.join(folder, "ours.csv")], args.repeat)
        db = f"sqlite:///{folder}/network.db"  # the same data imported into a workspace first (not timed)
        subprocess.run([sys.executable, "-m", "network", "import", "--db", db, "--data", args.data], cwd=ROOT,
                       check=True, capture_output=True)
        ours_db = best_of([sys.executable, "-m", "network", "recommend", "--db", db, "--top", "10",
                           "--out", os.path.join(folder, "ours_db.csv")], args.repeat)
        theirs = None if args.no_reference else best_of(
            [sys.executable, "-c", REFERENCE, args.data, os.path.join(folder, "reference.csv")], args.repeat)

    print(f"{rows:,} members ({args.data}), median of {args.repeat} run(s), each a fresh process\n")
    print("| what | wall time | peak memory |")
    print("|---|---:|---:|")
    print(f"| `python -m network recommend --data DIR --top 10 --out X.csv` (reads and checks the files; all "
          f"signals, reasons, diversity) | {ours['wall_s']:.2f} s (best {ours['min_s']:.2f} s) | "
          f"{ours['peak_mb']:,.0f} MB |")
    print(f"| `python -m network recommend --db URL --top 10 --out X.csv` (the workspace's current version) | "
          f"{ours_db['wall_s']:.2f} s (best {ours_db['min_s']:.2f} s) | {ours_db['peak_mb']:,.0f} MB |")
    if theirs is not None:
        print(f"| networkx reference (Adamic–Adar on distance-2 pairs, top 10, CSV) | "
              f"{theirs['wall_s']:.2f} s (best {theirs['min_s']:.2f} s) | {theirs['peak_mb']:,.0f} MB |")
        print(f"\nratio reference / ours: {theirs['wall_s'] / ours['wall_s']:.1f}× from files, "
              f"{theirs['wall_s'] / ours_db['wall_s']:.1f}× from the workspace")
    return 0


if __name__ == "__main__":
    sys.exit(main())

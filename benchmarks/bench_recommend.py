"""Speed of the recommendation engine, against networkx in the same run.

Run by hand (not part of the tests)::

    python benchmarks/bench_recommend.py                       # 7,000-member sample + 10,000 vs networkx
    python benchmarks/bench_recommend.py --large /tmp/s100k    # also a 100,000-member set made with
        # python -m network sample --members 100000 --partnerships-per-member 4 --out /tmp/s100k

Prints a Markdown table; the numbers go into the README ("Measured speed").
Each measurement runs in a fresh process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(func, *args):
    """Run ``func(*args)`` in a fresh process; return its result dict plus the child's peak memory."""
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        return pool.apply(func, args)


def top10_all(data: str, hub_quantile: float | None, reasons: bool) -> dict:
    from network import recommend
    from network.dataset import load_dataset

    dataset = load_dataset(data)
    base = _peak_mb()
    started = time.perf_counter()
    engine = recommend.prepare(dataset.members, dataset.partnerships)
    prepared = time.perf_counter() - started
    table = recommend.recommend_all(engine, options=recommend.Options(top=10, hub_quantile=hub_quantile),
                                    reasons=reasons)
    seconds = time.perf_counter() - started
    return {"members": len(dataset.members), "partnerships": len(dataset.partnerships), "rows": len(table),
            "prepare_s": prepared, "seconds": seconds, "peak_mb": _peak_mb(), "data_mb": base}


def versus_networkx(members: int) -> dict:
    """Adamic–Adar and resource allocation on all distance-2 pairs: ours (blockwise sparse) vs networkx."""
    import networkx as nx
    import numpy as np

    from network import recommend, sample

    data = sample.generate_sample(members=members, seed=7)
    engine = recommend.prepare(data.members, data.partnerships)
    # the candidate pairs: every pair at distance 2 (each once)
    two_hop = (engine.A @ engine.A).tocoo()
    keep = two_hop.row < two_hop.col
    rows, cols = two_hop.row[keep], two_hop.col[keep]
    linked = np.asarray(engine.A[rows, cols]).ravel() > 0
    rows, cols = rows[~linked], cols[~linked]
    ours = float("inf")
    for _ in range(3):  # best of three, warm
        started = time.perf_counter()
        pairs = recommend.structural_scores(engine, rows, cols, hub_quantile=None)
        ours = min(ours, time.perf_counter() - started)
    G = nx.Graph()
    G.add_nodes_from(range(engine.n))
    coo = engine.A.tocoo()
    G.add_edges_from(zip(coo.row.tolist(), coo.col.tolist()))
    ebunch = list(zip(rows.tolist(), cols.tolist()))
    theirs = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        aa = [s for _, _, s in nx.adamic_adar_index(G, ebunch)]
        ra = [s for _, _, s in nx.resource_allocation_index(G, ebunch)]
        theirs = min(theirs, time.perf_counter() - started)
    same = bool(np.allclose(aa, pairs["adamic_adar"], rtol=1e-12, atol=0)
                and np.allclose(ra, pairs["resource_allocation"], rtol=1e-12, atol=0))
    return {"members": members, "pairs": len(pairs), "ours_s": ours, "networkx_s": theirs,
            "ratio": theirs / ours, "identical": same}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default=str(ROOT / "data" / "sample"))
    parser.add_argument("--large", help="directory of a 100,000-member set")
    parser.add_argument("--versus", type=int, default=10_000, help="members for the networkx comparison")
    args = parser.parse_args()

    print("| what | members | partnerships | time | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for data in (args.sample, args.large):
        if not data:
            continue
        for hub, reasons in [(0.999, False), (None, False), (0.999, True)]:
            r = _in_child(top10_all, data, hub, reasons)
            what = (f"top-10 for every member, all signals{' + reasons' if reasons else ''}, "
                    f"hub cap {'off' if hub is None else '99.9th pct'}")
            print(f"| {what} | {r['members']:,} | {r['partnerships']:,} | {r['seconds']:.1f} s "
                  f"(prepare {r['prepare_s']:.1f} s) | {r['peak_mb']:,.0f} MB (data loaded: {r['data_mb']:,.0f} MB) |")
    v = _in_child(versus_networkx, args.versus)
    print()
    print(f"Adamic–Adar + resource allocation on all {v['pairs']:,} distance-2 pairs of a {v['members']:,}-member "
          f"graph: ours {v['ours_s']:.2f} s, networkx {v['networkx_s']:.1f} s → {v['ratio']:.0f}× faster; "
          f"identical scores: {v['identical']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

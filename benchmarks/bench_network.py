"""Speed of the network drawing's server side: layout and HTML, against networkx's spring_layout.

Run by hand::

    python benchmarks/bench_network.py

The browser side (first draw in headless Chromium with physics off) is measured (printed, not gated) by
``tests/test_e2e_network.py``; its numbers go into the README too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    import networkx as nx

    from network.render import network as render_network

    print("| nodes | our layout (igraph FR) | networkx spring_layout | ratio | HTML | page size |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in (500, 2000, 5000):
        G = nx.gnm_random_graph(n, 2 * n, seed=1)
        started = time.perf_counter()
        positions = render_network.layout(G)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        drawing = render_network.network_html(G, positions)
        html = time.perf_counter() - started
        if n <= 2000:
            started = time.perf_counter()
            nx.spring_layout(G, seed=1)
            theirs = time.perf_counter() - started
            other, ratio = f"{theirs:.1f} s", f"{theirs / ours:.0f}×"
        else:
            other, ratio = "(not run)", ""
        print(f"| {n:,} | {ours:.2f} s | {other} | {ratio} | {html:.2f} s | {len(drawing.html) / 1e6:.2f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

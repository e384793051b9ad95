"""``analyze``: the member, region and federation tables of network analysis, written as CSV."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from network import export, texts
from network.cli._common import EXIT_OK, ProgressBar, at_least, data_argument, load_data
from network.config import SETTINGS

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "network analysis tables (네트워크 분석)"
DESCRIPTION = ("Write the member metrics, region and federation summaries, the region-to-region matrix, "
               "top brokers and isolated members as CSV (UTF-8 with BOM).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    data_argument(parser, "members.csv, partnerships.csv")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the tables to")
    parser.add_argument("--samples", type=int, default=SETTINGS.limits.betweenness_samples,
                        help="betweenness sources when the graph is too big for the exact value "
                             f"(default {SETTINGS.limits.betweenness_samples})")


def run(args: argparse.Namespace) -> int:
    """Compute and write the tables."""
    from network import analysis, graph

    at_least("--samples", args.samples, 2)
    dataset = load_data(args.data, args.lang, args.db)
    bar = ProgressBar()
    steps = 7
    bar("analyze", 0, steps)
    G = graph.build_graph(dataset.members, dataset.partnerships)
    bar("analyze", 1, steps)
    metrics = analysis.member_metrics_table(G, samples=args.samples,
                                            max_exact_nodes=SETTINGS.limits.exact_betweenness_max_nodes)
    bar("analyze", 2, steps)
    tables = {"member_metrics": metrics}
    for k, level in enumerate(("sido", "sigungu", "federation")):
        tables[f"{level}_summary"] = analysis.region_summary_table(G, level=level, metrics=metrics)
        bar("analyze", 3 + k, steps)
    tables["sido_matrix"] = graph.region_matrix_table(G, level="sido").reset_index()
    tables["federation_matrix"] = graph.region_matrix_table(G, level="federation").reset_index()
    tables["top_brokers"] = analysis.top_brokers_table(metrics, n=100)
    tables["isolated_members"] = analysis.isolated_members_table(metrics)
    bar("analyze", steps, steps)
    bar.close()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        export.write_table(table, args.out / f"{name}.csv")
    note = (texts.t("cli.analyze.sampled", args.lang, samples=metrics.attrs.get("betweenness_samples"))
            if metrics.attrs.get("betweenness_sampled") else texts.t("cli.analyze.exact", args.lang))
    modularity = float(metrics.attrs.get("modularity", 0.0))
    print(texts.t("cli.analyze.done", args.lang, tables=len(tables), out=args.out, note=note,
                  modularity=f"{modularity:.3f}" if math.isfinite(modularity) else "–"))
    for name in tables:
        print(f"  {args.out / (name + '.csv')}")
    return EXIT_OK

"""``sample``: generate the realistic sample data set (deterministic for a seed)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, ProgressBar, at_least, positive

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "generate the realistic sample data set (샘플 데이터 생성)"
DESCRIPTION = "Generate a deterministic sample federation (members, partnerships, visits, offices) as CSV."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("--members", type=int, default=7000, help="number of member firms (default 7000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--partnerships-per-member", type=float, default=2.0,
                        help="partnerships per member (default 2.0 ≈ 4 partners per firm)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the CSV files to")


def run(args: argparse.Namespace) -> int:
    """Generate and write the sample data set."""
    from network import sample

    at_least("--members", args.members, 50)
    positive("--partnerships-per-member", args.partnerships_per_member)
    bar = ProgressBar()
    started = time.perf_counter()
    data = sample.generate_sample(members=args.members, seed=args.seed,
                                  partnerships_per_member=args.partnerships_per_member, progress=bar)
    bar("writing", 0, 1)
    paths = sample.write_sample(data, args.out)
    bar("writing", 1, 1)
    bar.close()
    print(texts.t("cli.sample.done", args.lang, members=len(data.members), partnerships=len(data.partnerships),
                  visits=len(data.visits), offices=len(data.offices), out=args.out,
                  seconds=time.perf_counter() - started))
    for path in paths:
        print(f"  {path}")
    return EXIT_OK

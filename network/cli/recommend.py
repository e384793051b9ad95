"""``recommend``: suggested partners with reasons, for one member or every member, written to CSV or XLSX."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from network import export, texts
from network.cli._common import EXIT_OK, ProgressBar, at_least, data_argument, load_for_suggestions, suffix
from network.config import SETTINGS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "collaboration suggestions with reasons (협업 추천)"
DESCRIPTION = ("Suggest partners for one member (--member) or for every member, with reasons. "
               "The all-members export caps how often one firm is suggested (--diversity-cap).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    from network.recommend import SCOPES

    data_argument(parser)
    parser.add_argument("--top", type=int, default=SETTINGS.defaults.suggestions,
                        help=f"suggestions per member (default {SETTINGS.defaults.suggestions})")
    parser.add_argument("--scope", choices=list(SCOPES), default="all",
                        help="where candidates may come from: the member's group (교류회), federation, 시도, or "
                             "anywhere (default all)")
    parser.add_argument("--max-km", type=float, help="only candidates within this distance")
    parser.add_argument("--member", help="one member's id (default: every member)")
    parser.add_argument("--diversity-cap", type=int,
                        help=f"at most this many appearances of one firm across all lists "
                             f"(default {SETTINGS.defaults.diversity_factor} × --top)")
    parser.add_argument("--no-diversity", action="store_true", help="do not re-rank for diversity")
    parser.add_argument("--out", type=Path, required=True, help="output file: .csv (UTF-8 with BOM) or .xlsx")


def run(args: argparse.Namespace) -> int:
    """Suggestions for one member or all members."""
    from network import recommend

    suffix("--out", args.out, (".csv", ".xlsx"))  # checked before any work
    at_least("--top", args.top, 1)
    dataset, declined, model = load_for_suggestions(args.data, args.lang, args.db)
    cap = None if args.no_diversity or args.member else (
        args.diversity_cap or SETTINGS.defaults.diversity_cap(args.top))
    options = recommend.Options(top=args.top, scope=args.scope, max_km=args.max_km, diversity_cap=cap)
    print(model.describe(args.lang))
    weights, options = model.weights, model.options(options)
    engine = recommend.prepare(dataset.members, dataset.partnerships, declined=declined)
    del dataset  # the engine holds what it needs: free the tables before scoring
    if args.member:
        table = recommend.recommend_for_member(engine, args.member, weights=weights, options=options,
                                               language=args.lang)
        export.write_table(table, args.out)
        rows, members = len(table), table["member_id"].nunique()
        if table.empty:
            print(recommend.no_suggestions_reason(engine, args.member, weights=weights, options=options,
                                                  language=args.lang))
    else:  # written block by block, CSV and XLSX alike: the whole table with its reasons is never in memory
        bar = ProgressBar()
        blocks = recommend.iter_recommend_all(engine, weights=weights, options=options, language=args.lang,
                                              progress=bar)
        bar.close()
        counted = _Counted(blocks)
        export.write_table(counted, args.out)
        rows, members = counted.rows, len(counted.members)
    print(texts.t("cli.recommend.done", args.lang, rows=rows, members=members, out=args.out))
    return EXIT_OK


class _Counted:
    """The blocks of a table, counting its rows and members as they pass."""

    def __init__(self, blocks: Iterable[pd.DataFrame]):
        self.blocks = blocks
        self.rows = 0
        self.members: set[str] = set()

    def __iter__(self) -> Iterator[pd.DataFrame]:
        for block in self.blocks:
            self.rows += len(block)
            self.members.update(block["member_id"].dropna().unique().tolist())
            yield block

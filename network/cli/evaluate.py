"""``evaluate``: back-test the suggestions on past data (methods × metrics)."""

from __future__ import annotations

import argparse
import json

from network import texts
from network.cli._common import EXIT_OK, ProgressBar, at_least, data_argument, load_data
from network.config import SETTINGS
from network.errors import OptionError

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "back-test the suggestions on past data (추천 검증)"
DESCRIPTION = ("Hide partnerships started on or after --cutoff, recommend from the rest and compare the "
               "combined model with baselines (precision@k, recall@k, MRR, hit rate, coverage, concentration).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    from network.recommend import SCOPES

    data_argument(parser, "members.csv, partnerships.csv")
    parser.add_argument("--cutoff", default=SETTINGS.defaults.backtest_cutoff,
                        help=f"time-split date (default {SETTINGS.defaults.backtest_cutoff})")
    parser.add_argument("--k", type=int, default=SETTINGS.defaults.suggestions,
                        help=f"suggestions per member (default {SETTINGS.defaults.suggestions})")
    parser.add_argument("--split", choices=["time", "random"], default="time",
                        help="time split (default) or random split for data without dates")
    parser.add_argument("--scope", choices=list(SCOPES), default="all",
                        help="where candidates may come from: the member's group (교류회), federation, 시도, or "
                             "anywhere (default all)")
    parser.add_argument("--max-km", type=float, help="only candidates within this distance")
    parser.add_argument("--outcomes", action="store_true",
                        help="score the suggestions shown in the app against the outcomes recorded since "
                             "(workspace only): how many were acted on, declined, or led to a partnership")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: the split, the model (weights, windows, positives, fallback) and the methods")


def run(args: argparse.Namespace) -> int:
    """The back-test table, its reading and the weights of the combined model."""
    from network import evaluate, recommend

    at_least("--k", args.k, 1)
    if args.outcomes:
        return _outcomes(args)
    dataset = load_data(args.data, args.lang, args.db)
    options = recommend.Options(top=args.k, scope=args.scope, max_km=args.max_km)
    bar = ProgressBar()
    table = evaluate.backtest(dataset.members, dataset.partnerships, cutoff=args.cutoff, split=args.split,
                              k=args.k, options=options, progress=bar)
    bar.close()
    named = table.rename(columns={"precision@k": f"precision@{args.k}", "recall@k": f"recall@{args.k}",
                                  "precision@k_with_partners": f"precision@{args.k}_with_partners"})
    model = evaluate.Model.from_dict(table.attrs["model"])
    if args.json:
        records = named.drop(columns=["seconds"]).to_dict(orient="records")
        rounded = [{k: (None if isinstance(v, float) and v != v else round(v, 6) if isinstance(v, float) else v)
                    for k, v in r.items()} for r in records]
        print(json.dumps({"split": table.attrs["split"], "model": table.attrs["model"], "methods": rounded},
                         ensure_ascii=False, indent=2))
    else:
        print(named.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        print()
        print(evaluate.reading(table, language=args.lang))
        print(model.describe(args.lang))
        print(texts.t("cli.evaluate.weights", args.lang,
                      weights=evaluate.weights_text(table.attrs["weights"], args.lang)))
    return EXIT_OK


def _outcomes(args: argparse.Namespace) -> int:
    """What became of the suggestions shown (:func:`network.feedback.outcome_summary`)."""
    from network import feedback
    from network.store import Workspace

    if args.data is not None:
        raise OptionError("error.outcomes_need_workspace")
    workspace = Workspace(args.db)
    outcomes = workspace.outcomes
    summary = feedback.outcome_summary(outcomes.shown(), outcomes.table(), workspace.load_with_records().partnerships)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    table = summary.table(args.lang)
    for row in table.itertuples():
        share = "" if row.share != row.share else f" ({row.share:.1%})"
        print(f"{row.label}: {row.count:,}{share}")
    return EXIT_OK

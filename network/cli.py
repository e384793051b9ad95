"""The command line: ``python -m network COMMAND ...``.

Commands
--------
check
    Read and validate members / partnerships / visits / offices files, print a
    summary, and optionally write the normalised tables and the rejected rows.
sample
    Generate the realistic sample data set (deterministic for a seed).
recommend
    Collaboration suggestions with reasons, for one member or all members.
evaluate
    Back-test of the suggestions against what happened after a cut-off date.
analyze
    Network analysis tables: member metrics, regions, federations, brokers, isolated members.
coverage
    Outreach coverage by 시도 or 시군구 with the under-served ranking.
plan
    Where the next K visits should go to reach the most members not visited yet.

Exit codes: 0 when nothing was rejected, 1 when rows were rejected, 2 when a
file could not be read (or the arguments were wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from network import export, io, schema
from network.errors import DataError
from network.validate import Dataset

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per command."""
    parser = argparse.ArgumentParser(
        prog="python -m network",
        description="지역 협업 네트워크 탐색기 — Regional Collaboration Network Explorer (command line)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="validate data files and write normalised tables (검증)",
        description="Read and validate the data files; print a summary; optionally write normalised tables "
                    "(UTF-8 with BOM, today's region codes filled in) and rejected rows to --out.",
    )
    check.add_argument("--members", type=Path, help="members file (CSV or XLSX)")
    check.add_argument("--partnerships", type=Path, help="partnerships file")
    check.add_argument("--visits", type=Path, help="visits file")
    check.add_argument("--offices", type=Path, help="offices file")
    check.add_argument("--data", type=Path, help="a directory with members.csv, partnerships.csv, … instead")
    check.add_argument("--sheet", help="sheet name of XLSX files (default: the first sheet)")
    check.add_argument("--out", type=Path, help="directory to write normalised tables and rejected rows to")
    check.add_argument("--json", action="store_true", help="print the summary as JSON")
    check.add_argument("--lang", choices=["ko", "en"], default="ko", help="message language (default ko)")
    check.add_argument("--max-problems", type=int, default=30, help="problems to print (default 30)")
    check.set_defaults(run=run_check)

    sample = commands.add_parser(
        "sample", help="generate the realistic sample data set (샘플 데이터 생성)",
        description="Generate a deterministic sample federation (members, partnerships, visits, offices) as CSV.",
    )
    sample.add_argument("--members", type=int, default=7000, help="number of member firms (default 7000)")
    sample.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    sample.add_argument("--partnerships-per-member", type=float, default=2.0,
                        help="partnerships per member (default 2.0 ≈ 4 partners per firm)")
    sample.add_argument("--out", type=Path, required=True, help="directory to write the CSV files to")
    sample.set_defaults(run=run_sample)

    rec = commands.add_parser(
        "recommend", help="collaboration suggestions with reasons (협업 추천)",
        description="Suggest partners for one member (--member) or for every member, with reasons. "
                    "The all-members export caps how often one firm is suggested (--diversity-cap).",
    )
    rec.add_argument("--data", type=Path, required=True, help="directory with members.csv, partnerships.csv, …")
    rec.add_argument("--top", type=int, default=10, help="suggestions per member (default 10)")
    rec.add_argument("--scope", choices=["group", "federation", "sido", "all"], default="all",
                     help="where candidates may come from (default all)")
    rec.add_argument("--max-km", type=float, help="only candidates within this distance")
    rec.add_argument("--member", help="one member's id (default: every member)")
    rec.add_argument("--diversity-cap", type=int,
                     help="at most this many appearances of one firm across all lists (default 2 × --top)")
    rec.add_argument("--no-diversity", action="store_true", help="do not re-rank for diversity")
    rec.add_argument("--lang", choices=["ko", "en"], default="ko", help="language of the reasons (default ko)")
    rec.add_argument("--out", type=Path, required=True, help="output file: .csv (UTF-8 with BOM) or .xlsx")
    rec.set_defaults(run=run_recommend)

    evaluation = commands.add_parser(
        "evaluate", help="back-test the suggestions on past data (추천 검증)",
        description="Hide partnerships started on or after --cutoff, recommend from the rest and compare the "
                    "combined model with baselines (precision@k, recall@k, MRR, hit rate, coverage, concentration).",
    )
    evaluation.add_argument("--data", type=Path, required=True, help="directory with members.csv, partnerships.csv")
    evaluation.add_argument("--cutoff", default="2024-01-01", help="time-split date (default 2024-01-01)")
    evaluation.add_argument("--k", type=int, default=10, help="suggestions per member (default 10)")
    evaluation.add_argument("--split", choices=["time", "random"], default="time",
                            help="time split (default) or random split for data without dates")
    evaluation.add_argument("--scope", choices=["group", "federation", "sido", "all"], default="all")
    evaluation.add_argument("--max-km", type=float, help="only candidates within this distance")
    evaluation.add_argument("--json", action="store_true", help="print a JSON list, one object per method")
    evaluation.add_argument("--lang", choices=["ko", "en"], default="ko")
    evaluation.set_defaults(run=run_evaluate)

    analyze = commands.add_parser(
        "analyze", help="network analysis tables (네트워크 분석)",
        description="Write the member metrics, region and federation summaries, the region-to-region matrix, "
                    "top brokers and isolated members as CSV (UTF-8 with BOM).",
    )
    analyze.add_argument("--data", type=Path, required=True, help="directory with members.csv, partnerships.csv")
    analyze.add_argument("--out", type=Path, required=True, help="directory to write the tables to")
    analyze.add_argument("--samples", type=int, default=500,
                         help="betweenness sources when the graph is too big for the exact value (default 500)")
    analyze.add_argument("--lang", choices=["ko", "en"], default="ko")
    analyze.set_defaults(run=run_analyze)

    cov = commands.add_parser(
        "coverage", help="outreach coverage by 시도 or 시군구 and the under-served ranking (방문 커버리지)",
        description="Members, members visited, coverage, visits, participants, difficulties, days since the last "
                    "visit and distance to the nearest office per region, ranked by how under-served it is.",
    )
    cov.add_argument("--data", type=Path, required=True, help="directory with members.csv, visits.csv, offices.csv")
    cov.add_argument("--level", choices=["sido", "sigungu"], default="sigungu")
    cov.add_argument("--months", type=int, default=12, help="the last N months of the data (default 12)")
    cov.add_argument("--program", action="append", help="count only this programme type (repeatable)")
    cov.add_argument("--federation", help="count only members of this federation")
    cov.add_argument("--lang", choices=["ko", "en"], default="ko")
    cov.add_argument("--out", type=Path, required=True, help="output: .csv, .xlsx or .geojson (for QGIS)")
    cov.set_defaults(run=run_coverage)

    plan = commands.add_parser(
        "plan", help="where the next visits should go (다음 방문 계획)",
        description="Choose K visit sites that reach the most members not visited in the last --months within "
                    "--radius-km (greedy maximal covering, at least 63%% of the optimum).",
    )
    plan.add_argument("--data", type=Path, required=True, help="directory with members.csv, visits.csv, offices.csv")
    plan.add_argument("--visits", type=int, default=10, help="number of sites K (default 10)")
    plan.add_argument("--radius-km", type=float, default=30.0, help="reach of a visit (default 30 km)")
    plan.add_argument("--months", type=int, default=12, help="members visited in the last N months are done")
    plan.add_argument("--candidates", choices=["sigungu", "members", "offices"], default="sigungu",
                      help="candidate sites: 시군구 centres (default), member locations or offices")
    plan.add_argument("--weight", choices=["difficulties", "isolated"],
                      help="favour members who raised difficulties before, or members without partners")
    plan.add_argument("--max-per-office", type=int, help="at most this many sites per office")
    plan.add_argument("--lang", choices=["ko", "en"], default="ko")
    plan.add_argument("--out", type=Path, required=True,
                      help=".csv (sites; the member lists go to NAME_members.csv) or .xlsx (two sheets)")
    plan.set_defaults(run=run_plan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.run(args, parser)


def run_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``check``: validate, summarise, write."""
    sources = {t: getattr(args, t) for t in schema.TABLES if getattr(args, t) is not None}
    if args.data is not None and sources:
        parser.error("give either --data DIR or the separate files, not both")
    if args.data is None and not sources:
        parser.error("give --members (and optionally --partnerships, --visits, --offices) or --data DIR")
    sheet: str | int | None = args.sheet
    try:
        dataset = io.load_dataset(args.data if args.data is not None else sources, sheet=sheet)
    except DataError as err:
        print(err.describe(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    if args.out is not None:
        write_outputs(dataset, args.out, language=args.lang)
    if args.json:
        print(json.dumps(summary(dataset, language=args.lang), ensure_ascii=False, indent=2))
    else:
        print(summary_text(dataset, language=args.lang, max_problems=args.max_problems,
                           out=args.out))
    if dataset.report.file_errors:
        return EXIT_UNREADABLE
    return EXIT_REJECTED if dataset.report.n_rejected else EXIT_OK


def write_outputs(dataset: Dataset, out: Path, *, language: str = "ko") -> list[Path]:
    """Write normalised tables, ``rejected_<table>.csv`` and ``problems.csv`` to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in dataset.files:
        table = dataset.tables()[name]
        written.append(export.write_table(table.drop(columns=["source_row"], errors="ignore"),
                                          out / f"{name}.csv"))
        rejected = dataset.report.rejected_table(name, language=language)
        written.append(export.write_table(rejected, out / f"rejected_{name}.csv"))
    written.append(export.write_table(dataset.report.table(language=language), out / "problems.csv"))
    return written


def summary(dataset: Dataset, *, language: str = "ko") -> dict:
    """Return the check summary as plain data (what ``--json`` prints).

    Examples
    --------
    >>> ds = io.load_dataset({"members": "member_id,name,sido,sigungu\\nA,가,서울,종로구\\n".encode()})
    >>> summary(ds)["tables"]["members"]["valid"]
    1
    """
    report = dataset.report
    return {
        "tables": {name: {"file": dataset.files.get(name), **counts} for name, counts in report.counts.items()},
        "file_errors": [{"file": p.file, "message": p.message(language)} for p in report.file_errors],
        "problem_counts": dict(Counter(p.code for p in report.problems)),
        "problems": [
            {"file": p.file, "row": p.row, "column": p.column, "value": p.value, "severity": p.severity,
             "code": p.code, "message": p.message(language)}
            for p in report.problems
        ],
    }


def summary_text(dataset: Dataset, *, language: str = "ko", max_problems: int = 30, out: Path | None = None) -> str:
    """Return the check summary as lines for a terminal.

    Examples
    --------
    >>> ds = io.load_dataset({"members": "member_id,name,sido,sigungu\\nA,가,서울,종로구\\n".encode()})
    >>> print(summary_text(ds, language="en"))
    Members (members.csv): 1 read, 1 valid, 0 rejected
    0 errors, 0 warnings
    """
    report = dataset.report
    ko = language == "ko"
    lines = []
    for name, counts in report.counts.items():
        label = schema.TABLES[name].label_ko if ko else schema.TABLES[name].label_en
        if ko:
            lines.append(f"{label} ({dataset.files[name]}): {counts['read']}행 읽음, {counts['valid']}행 사용, "
                         f"{counts['rejected']}행 거부")
        else:
            lines.append(f"{label} ({dataset.files[name]}): {counts['read']} read, {counts['valid']} valid, "
                         f"{counts['rejected']} rejected")
    errors = report.errors()
    warnings = report.warnings()
    lines.append(f"오류 {len(errors)}건, 경고 {len(warnings)}건" if ko else
                 f"{len(errors)} errors, {len(warnings)} warnings")
    shown = (errors + warnings)[:max_problems]
    for p in shown:
        mark = "✗" if p.severity == "error" else "!"
        value = f" '{p.value}'" if p.value is not None else ""
        lines.append(f"  {mark} {p.location(language)}{value}: {p.message(language)}")
    hidden = len(errors) + len(warnings) - len(shown)
    if hidden > 0:
        lines.append(f"  … 외 {hidden}건 (--out 폴더의 problems.csv 참고)" if ko else
                     f"  … and {hidden} more (see problems.csv in the --out folder)")
    if out is not None:
        lines.append(f"결과를 {out}에 썼습니다" if ko else f"Wrote the results to {out}")
    return "\n".join(lines)


class ProgressBar:
    """A one-line progress bar on stderr: ``partnerships  [########------]  57%``."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.stage = ""
        self.started = time.perf_counter()

    def __call__(self, stage: str, step: int, total: int) -> None:
        if stage != self.stage and self.stage:
            self.stream.write("\n")
        self.stage = stage
        frac = 0.0 if total <= 0 else min(1.0, step / total)
        filled = int(round(frac * self.width))
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r{stage:<13} [{'#' * filled}{'-' * (self.width - filled)}] {frac:4.0%}  {elapsed:5.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()


def run_sample(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``sample``: generate and write the sample data set."""
    from network import sample

    if args.members < 50:
        parser.error(f"--members was {args.members} but is expected to be at least 50")
    bar = ProgressBar()
    started = time.perf_counter()
    if args.partnerships_per_member <= 0:
        parser.error(f"--partnerships-per-member was {args.partnerships_per_member} but is expected to be > 0")
    data = sample.generate_sample(members=args.members, seed=args.seed,
                                  partnerships_per_member=args.partnerships_per_member, progress=bar)
    bar("writing", 0, 1)
    paths = sample.write_sample(data, args.out)
    bar("writing", 1, 1)
    bar.close()
    print(f"{len(data.members)} members, {len(data.partnerships)} partnerships, {len(data.visits)} visits, "
          f"{len(data.offices)} offices → {args.out} ({time.perf_counter() - started:.1f} s)")
    for path in paths:
        print(f"  {path}")
    return EXIT_OK


def _load_for_analysis(directory: Path, lang: str):
    """Read and validate ``--data DIR``; report rejected rows on stderr; ``None`` when unreadable."""
    try:
        dataset = io.load_dataset(directory)
    except DataError as err:
        print(err.describe(lang), file=sys.stderr)
        return None
    if dataset.report.file_errors:
        for p in dataset.report.file_errors:
            print(f"{p.location(lang)}: {p.message(lang)}", file=sys.stderr)
        return None
    if dataset.report.n_rejected:
        note = (f"주의: 거부된 행 {dataset.report.n_rejected}개는 빼고 계산합니다 (python -m network check 참고)"
                if lang == "ko" else
                f"note: {dataset.report.n_rejected} rejected rows are left out (see python -m network check)")
        print(note, file=sys.stderr)
    return dataset


def run_recommend(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``recommend``: suggestions for one member or all members, written to CSV/XLSX."""
    from network import recommend

    if args.out.suffix.lower() not in (".csv", ".xlsx"):
        parser.error(f"--out was {str(args.out)!r} but is expected to end in .csv or .xlsx")
    if args.top < 1:
        parser.error(f"--top was {args.top} but is expected to be at least 1")
    dataset = _load_for_analysis(args.data, args.lang)
    if dataset is None:
        return EXIT_UNREADABLE
    cap = None if args.no_diversity or args.member else (args.diversity_cap or 2 * args.top)
    try:
        options = recommend.Options(top=args.top, scope=args.scope, max_km=args.max_km, diversity_cap=cap)
        engine = recommend.prepare(dataset.members, dataset.partnerships)
        if args.member:
            table = recommend.recommend_for_member(engine, args.member, options=options, language=args.lang)
        else:
            bar = ProgressBar()
            table = recommend.recommend_all(engine, options=options, language=args.lang, progress=bar)
            bar.close()
    except (recommend.RecommendError, ValueError) as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    export.write_table(table, args.out)
    members = table["member_id"].nunique()
    print(f"{len(table):,}개 추천 ({members:,}개 회원사) → {args.out}" if args.lang == "ko" else
          f"{len(table):,} suggestions for {members:,} members → {args.out}")
    return EXIT_OK


def run_evaluate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``evaluate``: the back-test table of methods × metrics."""
    from network import evaluate, recommend

    if args.k < 1:
        parser.error(f"--k was {args.k} but is expected to be at least 1")
    dataset = _load_for_analysis(args.data, args.lang)
    if dataset is None:
        return EXIT_UNREADABLE
    try:
        options = recommend.Options(top=args.k, scope=args.scope, max_km=args.max_km)
        bar = ProgressBar()
        table = evaluate.backtest(dataset.members, dataset.partnerships, cutoff=args.cutoff, split=args.split,
                                  k=args.k, options=options, progress=bar)
        bar.close()
    except (recommend.RecommendError, ValueError) as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    named = table.rename(columns={"precision@k": f"precision@{args.k}", "recall@k": f"recall@{args.k}"})
    if args.json:
        records = named.drop(columns=["seconds"]).to_dict(orient="records")
        print(json.dumps([{k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.items()} for r in records],
                         ensure_ascii=False, indent=2))
    else:
        print(named.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        print()
        print(evaluate.reading(table, language=args.lang))
        weights = ", ".join(f"{k}={v:g}" for k, v in table.attrs["weights"].items())
        print(("종합 모델 가중치: " if args.lang == "ko" else "combined model weights: ") + weights)
    return EXIT_OK


def run_analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``analyze``: the member, region and federation tables written to ``--out``."""
    from network import analysis, graph

    if args.samples < 1:
        parser.error(f"--samples was {args.samples} but is expected to be at least 1")
    dataset = _load_for_analysis(args.data, args.lang)
    if dataset is None:
        return EXIT_UNREADABLE
    bar = ProgressBar()
    steps = 7
    bar("analyze", 0, steps)
    G = graph.build_graph(dataset.members, dataset.partnerships)
    bar("analyze", 1, steps)
    metrics = analysis.member_metrics_table(G, samples=args.samples)
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
    sampled = metrics.attrs.get("betweenness_sampled")
    note = ((f"매개 중심성은 {metrics.attrs.get('betweenness_samples')}개 표본으로 추정했습니다" if args.lang == "ko" else
             f"betweenness estimated from {metrics.attrs.get('betweenness_samples')} sampled members")
            if sampled else ("매개 중심성은 정확한 값입니다" if args.lang == "ko" else "betweenness is exact"))
    print(f"{len(tables)}개 표 → {args.out} ({note}; modularity {metrics.attrs.get('modularity', 0):.3f})"
          if args.lang == "ko" else
          f"{len(tables)} tables → {args.out} ({note}; modularity {metrics.attrs.get('modularity', 0):.3f})")
    for name in tables:
        print(f"  {args.out / (name + '.csv')}")
    return EXIT_OK


def run_coverage(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``coverage``: the coverage table per region, as CSV, XLSX or GeoJSON."""
    from network import coverage, regions

    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".geojson"):
        parser.error(f"--out was {str(args.out)!r} but is expected to end in .csv, .xlsx or .geojson")
    if args.months < 1:
        parser.error(f"--months was {args.months} but is expected to be at least 1")
    dataset = _load_for_analysis(args.data, args.lang)
    if dataset is None:
        return EXIT_UNREADABLE
    window = coverage.time_window(dataset.visits, months=args.months)
    table = coverage.region_coverage_table(dataset.members, dataset.visits, dataset.offices, level=args.level,
                                           window=window, programs=args.program, federation=args.federation,
                                           language=args.lang)
    if suffix == ".geojson":
        args.out.write_bytes(export.to_geojson_bytes(regions.join_boundaries(table, level=args.level)))
    else:
        export.write_table(table, args.out)
    overall = table.attrs["overall_coverage"]
    top = coverage.underserved_table(table, n=5)
    name = "sigungu" if args.level == "sigungu" else "sido"
    if args.lang == "ko":
        print(f"{window.label()}: 회원사의 {overall:.1%} 방문 → {args.out}")
        print("방문이 가장 부족한 곳:")
    else:
        print(f"{window.label()}: {overall:.1%} of members visited → {args.out}")
        print("Most under-served:")
    for row in top.itertuples():
        print(f"  {row.rank}. {row.sido}{' ' + getattr(row, name) if name == 'sigungu' else ''}: {row.reason}")
    return EXIT_OK


def run_plan(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``plan``: the next-visit plan and its member lists."""
    from network import coverage, planner

    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        parser.error(f"--out was {str(args.out)!r} but is expected to end in .csv or .xlsx")
    for name, value, low in (("--visits", args.visits, 1), ("--months", args.months, 1)):
        if value < low:
            parser.error(f"{name} was {value} but is expected to be at least {low}")
    if args.radius_km <= 0:
        parser.error(f"--radius-km was {args.radius_km} but is expected to be greater than 0")
    dataset = _load_for_analysis(args.data, args.lang)
    if dataset is None:
        return EXIT_UNREADABLE
    window = coverage.time_window(dataset.visits, months=args.months)
    recent = coverage.select_visits(dataset.visits, window)
    weight = (planner.member_weights(dataset.members, "difficulties", visits=dataset.visits)
              if args.weight == "difficulties" else args.weight)
    try:
        sites = planner.candidate_sites(dataset.members, dataset.offices, kind=args.candidates, max_sites=5000)
        result = planner.plan_visits(dataset.members, sites, visits=recent, k=args.visits, radius_km=args.radius_km,
                                     weight=weight, partnerships=dataset.partnerships,
                                     max_per_office=args.max_per_office)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    if suffix == ".xlsx":
        args.out.write_bytes(export.to_xlsx_bytes({"sites": result.sites, "members": result.members}))
        written = [args.out]
    else:
        members_path = args.out.with_name(args.out.stem + "_members.csv")
        written = [export.write_table(result.sites, args.out), export.write_table(result.members, members_path)]
    before = result.visited_before / result.total_members if result.total_members else 0.0
    if args.lang == "ko":
        print(f"{window.label()} 기준: {len(result.sites)}곳을 방문하면 새로 {result.reached:,}곳에 닿아 "
              f"방문율 {before:.1%} → {result.coverage:.1%}")
    else:
        print(f"window {window.label()}: {len(result.sites)} visits reach {result.reached:,} more members, "
              f"coverage {before:.1%} → {result.coverage:.1%}")
    for row in result.sites.itertuples():
        print(f"  {row.order}. {row.site} ({row.office}): +{row.new_members:,}")
    if result.fallback_members:
        print(f"좌표 없는 회원사 {result.fallback_members:,}곳은 시군구 중심으로 계산" if args.lang == "ko" else
              f"{result.fallback_members:,} members without coordinates placed at their 시군구 centre")
    for path in written:
        print(f"  → {path}")
    return EXIT_OK

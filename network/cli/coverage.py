"""``coverage``: outreach coverage per 시도 or 시군구 with the under-served ranking, as CSV, XLSX, GeoJSON or a
GeoPackage for QGIS, drawn on the bundled boundaries or on a boundary file the user brings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from network import export, texts
from network.cli._common import EXIT_OK, at_least, data_argument, load_data, suffix
from network.config import SETTINGS

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "outreach coverage by 시도 or 시군구 and the under-served ranking (방문 커버리지)"
DESCRIPTION = ("Members, members visited, coverage, visits, participants, difficulties, days since the last "
               "visit and distance to the nearest office per region, ranked by how under-served it is.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    data_argument(parser, "members.csv, visits.csv, offices.csv")
    parser.add_argument("--level", choices=["sido", "sigungu"], default="sigungu",
                        help="one row per 시도 or per 시군구 (default sigungu)")
    parser.add_argument("--months", type=int, default=SETTINGS.defaults.window_months,
                        help=f"the last N months of the data (default {SETTINGS.defaults.window_months})")
    parser.add_argument("--program", action="append", help="count only this programme type (repeatable)")
    parser.add_argument("--federation", help="count only members of this federation")
    parser.add_argument("--out", type=Path, required=True,
                        help="output: .csv, .xlsx, .geojson, or .gpkg (a GeoPackage for QGIS with a layer "
                             "per level: coverage_sido and coverage_sigungu, every metric)")
    parser.add_argument("--boundaries", type=Path, metavar="FILE",
                        help="draw on your own boundaries instead of the bundled ones: a Shapefile (.shp with its "
                             ".dbf/.shx/.prj, or a .zip of them), .gpkg or .geojson in any CRS (e.g. EPSG:5179); "
                             "features are matched to today's 시군구 and the unmatched ones listed")


def run(args: argparse.Namespace) -> int:
    """The coverage table per region."""
    from network import coverage, geo

    kind = suffix("--out", args.out, (".csv", ".xlsx", ".geojson", ".gpkg"))
    at_least("--months", args.months, 1)
    boundaries = None
    if args.boundaries is not None:
        boundaries = geo.read_boundaries(args.boundaries)
        print(boundaries.summary(args.lang), file=sys.stderr)
        for problem in boundaries.problems:
            if problem.code != "boundary_missing_region":
                print(f"  {problem.location(args.lang)}: {problem.message(args.lang)}", file=sys.stderr)
    dataset = load_data(args.data, args.lang, args.db)
    window = coverage.time_window(dataset.visits, months=args.months)

    def table_of(level: str):
        return coverage.region_coverage_table(dataset.members, dataset.visits, dataset.offices,
                                              attendance=dataset.attendance, difficulties=dataset.difficulties,
                                              level=level, window=window, programs=args.program,
                                              federation=args.federation, language=args.lang)

    table = table_of(args.level)
    if kind == ".geojson":
        frame = geo.coverage_frame(table, level=args.level, boundaries=boundaries)
        args.out.write_bytes(export.to_geojson_bytes(geo.feature_collection(frame)))
    elif kind == ".gpkg":
        other = "sido" if args.level == "sigungu" else "sigungu"
        tables = {args.level: table, other: table_of(other)}
        geo.write_geopackage(args.out, {geo.LAYERS[level]: geo.coverage_frame(tables[level], level=level,
                                                                              boundaries=boundaries)
                                        for level in ("sido", "sigungu")})
    else:
        export.write_table(table, args.out)
    _, _, share = coverage.headline(table)
    print(texts.t("cli.coverage.done", args.lang, window=window.label(), coverage=share, out=args.out)
          if share is not None else texts.t("cli.coverage.done_unmeasured", args.lang, window=window.label(),
                                            out=args.out))
    underserved = coverage.underserved_table(table, n=5)
    if underserved.empty:
        print(coverage.no_underserved_reason(table, args.lang))
        return EXIT_OK
    print(texts.t("cli.coverage.most_underserved", args.lang))
    for row in underserved.itertuples():
        place = f"{row.sido} {row.sigungu}" if args.level == "sigungu" else row.sido
        print(f"  {row.rank}. {place}: {row.reason}")
    return EXIT_OK

"""Writing the all-members suggestions workbook (the app's XLSX download), streamed, against the previous method.

Run by hand (not part of the tests)::

    python benchmarks/export_xlsx.py                  # the 7,000-member sample: 10 suggestions each
    python benchmarks/export_xlsx.py --data DIR       # another data set (members.csv, partnerships.csv …)

The table is what the recommendations page downloads for all members: ``recommend.recommend_all`` (top 10,
reasons in words) through ``recommend.download_table`` (Korean headers, the candidate's federation, 시군구 and
industry, rounded numbers). It is then written, in the same run, by

* ``export.to_xlsx_bytes`` — ours: each sheet's XML made column-wise and streamed into its zip entry;
* the previous method — formula-like text neutralised, then pandas ``to_excel`` with openpyxl, cell by cell
  (what ``to_xlsx_bytes`` did before);
* openpyxl's write-only mode, row by row (the streaming mode openpyxl offers);
* xlsxwriter's ``constant_memory`` mode, row by row, when xlsxwriter is installed (it is not a dependency).

Each writer runs in a fresh (forked) process, so its peak memory above the table's is its own. Prints a
Markdown table and the ratio previous / ours; the numbers go into the README ("Measured speed"). Never opens
the app's workspace.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from network import export, recommend  # noqa: E402
from network.dataset import load_dataset  # noqa: E402

TABLE: pd.DataFrame | None = None  # the table to write, set before the children are forked


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours(table: pd.DataFrame) -> bytes:
    return export.to_xlsx_bytes({"추천": table})


def previous(table: pd.DataFrame) -> bytes:
    """What ``export.to_xlsx_bytes`` did before it streamed: apostrophes, dates as text, pandas + openpyxl."""
    out = export.neutralize_formulas(table)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name="추천", index=False)
    return buffer.getvalue()


def openpyxl_write_only(table: pd.DataFrame) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("추천")
    sheet.append(list(table.columns))
    columns = [table[c].astype(object).where(table[c].notna(), None).tolist() for c in table.columns]
    for row in zip(*columns):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsxwriter_constant_memory(table: pd.DataFrame) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("추천")
    sheet.write_row(0, 0, list(table.columns))
    columns = [table[c].astype(object).where(table[c].notna(), None).tolist() for c in table.columns]
    for r, row in enumerate(zip(*columns), start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


WRITERS = {"ours": ours, "previous": previous, "openpyxl_write_only": openpyxl_write_only,
           "xlsxwriter_constant_memory": xlsxwriter_constant_memory}


def _measure(name: str) -> dict:
    """In a forked child: write the table with ``name``'s writer, read the file back, time and peak memory."""
    import openpyxl

    assert TABLE is not None
    base = _peak_mb()
    started = time.perf_counter()
    data = WRITERS[name](TABLE)
    seconds = time.perf_counter() - started
    peak = _peak_mb() - base
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
    return {"seconds": seconds, "peak_mb": peak, "mb": len(data) / 1e6, "rows": rows}


def _in_child(name: str) -> dict:
    with mp.get_context("fork").Pool(1) as pool:
        return pool.apply(_measure, (name,))


def main() -> None:
    global TABLE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "sample"), help="data folder (default: the sample)")
    parser.add_argument("--top", type=int, default=10, help="suggestions per member (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours and of the row-by-row writers (best)")
    parser.add_argument("--skip-previous", action="store_true", help="leave out the slow previous method")
    args = parser.parse_args()

    started = time.perf_counter()
    dataset = load_dataset(args.data)
    engine = recommend.prepare(dataset.members, dataset.partnerships)
    table = recommend.recommend_all(engine, options=recommend.Options(top=args.top))
    TABLE = recommend.download_table(table, dataset.members)
    print(f"{len(dataset.members):,} members → {len(TABLE):,} rows × {TABLE.shape[1]} columns "
          f"({TABLE.size:,} cells) in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    names = ["ours", "openpyxl_write_only"]
    try:
        import xlsxwriter  # noqa: F401
        names.append("xlsxwriter_constant_memory")
    except ImportError:
        print("xlsxwriter is not installed: left out", file=sys.stderr)
    results = {}
    for name in names:
        runs = [_in_child(name) for _ in range(args.repeat)]
        results[name] = min(runs, key=lambda r: r["seconds"])
        print(f"{name}: {[round(r['seconds'], 2) for r in runs]} s", file=sys.stderr)
    if not args.skip_previous:
        results["previous"] = _in_child("previous")  # once: it takes long
        print(f"previous: {results['previous']['seconds']:.1f} s", file=sys.stderr)

    print("\n| writer | rows | time | peak memory above the table | file |\n|---|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['rows']:,} | {r['seconds']:.2f} s | {r['peak_mb']:.0f} MB | {r['mb']:.1f} MB |")
    if "previous" in results:
        ratio = results["previous"]["seconds"] / results["ours"]["seconds"]
        print(f"\nprevious / ours: {ratio:.1f}× ({results['previous']['seconds']:.1f} s vs "
              f"{results['ours']['seconds']:.2f} s; target ≤ 10 s for 70,000 rows)")


if __name__ == "__main__":
    main()

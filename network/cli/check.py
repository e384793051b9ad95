"""``check``: read and validate the data files, print a summary, write the normalised tables and rejected rows."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from network import dataset as _dataset
from network import export, schema, texts
from network.cli._common import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE
from network.dataset import Dataset
from network.errors import OptionError
from network.texts import Language

__all__ = [
    "DESCRIPTION",
    "HELP",
    "add_arguments",
    "run",
    "summary",
    "summary_text",
    "write_outputs",
    "written_tables",
]

HELP = "validate data files and write normalised tables (검증)"
DESCRIPTION = ("Read and validate the data files; print a summary; optionally write normalised tables "
               "(UTF-8 with BOM, today's region codes filled in) and rejected rows to --out.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    for table in schema.TABLES:
        parser.add_argument(f"--{table}", type=Path, help=f"{table} file (CSV or XLSX)")
    parser.add_argument("--data", type=Path, help="a directory with members.csv, partnerships.csv, … instead")
    parser.add_argument("--sheet", help="sheet name of XLSX files (default: the first sheet)")
    parser.add_argument("--out", type=Path, help="directory to write normalised tables and rejected rows to")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--max-problems", type=int, default=30, help="problems to print (default 30)")


def run(args: argparse.Namespace) -> int:
    """Validate, summarise, write."""
    sources = {t: getattr(args, t) for t in schema.TABLES if getattr(args, t) is not None}
    if args.data is not None and sources:
        raise OptionError("error.check_data_or_files")
    if args.data is None and not sources:
        raise OptionError("error.check_needs_files")
    dataset = _dataset.load_dataset(args.data if args.data is not None else sources, sheet=args.sheet)
    if args.out is not None:
        write_outputs(dataset, args.out, language=args.lang)
    if args.json:
        print(json.dumps(summary(dataset, language=args.lang), ensure_ascii=False, indent=2))
    else:
        print(summary_text(dataset, language=args.lang, max_problems=args.max_problems, out=args.out))
    if dataset.report.file_errors:
        return EXIT_UNREADABLE
    return EXIT_REJECTED if dataset.report.n_rejected else EXIT_OK


def written_tables(dataset: Dataset) -> list[str]:
    """The tables ``check --out`` writes: those whose files were given, and attendance and difficulties
    whenever visits were (they come from the visits file's cells too)."""
    given = set(dataset.files)
    if "visits" in given:
        given |= {"attendance", "difficulties"}
    return [name for name in schema.TABLES if name in given]


def write_outputs(dataset: Dataset, out: Path, *, language: Language = "ko") -> list[Path]:
    """Write normalised tables, ``rejected_<table>.csv`` and ``problems.csv`` to ``out``.

    The normalised tables read back as a data set (``--data out``) with the same rows.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    tables = dataset.tables()
    for name in written_tables(dataset):
        written.append(export.write_table(tables[name].drop(columns=["source_row"], errors="ignore"),
                                          out / f"{name}.csv"))
        if name in dataset.files:
            rejected = dataset.report.rejected_table(name, language=language)
            written.append(export.write_table(rejected, out / f"rejected_{name}.csv"))
    written.append(export.write_table(dataset.report.table(language=language), out / "problems.csv"))
    return written


def summary(dataset: Dataset, *, language: Language = "ko") -> dict:
    """Return the check summary as plain data (what ``--json`` prints).

    Examples
    --------
    >>> ds = _dataset.load_dataset({"members": "member_id,name,sido,sigungu\\nA,가,서울,종로구\\n".encode()})
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


def summary_text(dataset: Dataset, *, language: Language = "ko", max_problems: int = 30,
                 out: Path | None = None) -> str:
    """Return the check summary as lines for a terminal.

    Examples
    --------
    >>> ds = _dataset.load_dataset({"members": "member_id,name,sido,sigungu\\nA,가,서울,종로구\\n".encode()})
    >>> print(summary_text(ds, language="en"))
    Members (members.csv): 1 read, 1 valid, 0 rejected
    0 errors, 0 warnings
    """
    report = dataset.report
    lines = [texts.t("cli.check.table", language, table=schema.table_label(name, language),
                     file=dataset.files[name], **counts)
             for name, counts in report.counts.items()]
    errors = report.errors()
    warnings = report.warnings()
    lines.append(texts.t("cli.check.totals", language, errors=len(errors), warnings=len(warnings)))
    folded = report.summary(language=language)  # a problem repeated on many rows is one line
    for row in folded.head(max_problems).itertuples():
        mark = "✗" if row.severity == "error" else "!"
        column = f" [{row.column}]" if row.column else ""
        if row.count > 1:
            where = f"{row.file}{column} " + texts.t("cli.check.rows", language, count=row.count, rows=row.first_rows)
        else:
            at = f" {texts.t('location.row', language, row=row.first_rows)}" if row.first_rows else ""
            value = f" '{row.value}'" if isinstance(row.value, str) else ""
            where = f"{row.file or '?'}{at}{column}{value}"
        lines.append(f"  {mark} {where}: {row.message}")
    hidden = int(folded["count"].iloc[max_problems:].sum())
    if hidden > 0:
        lines.append(texts.t("cli.check.more", language, count=hidden))
    if out is not None:
        lines.append(texts.t("cli.check.wrote", language, out=out))
    return "\n".join(lines)

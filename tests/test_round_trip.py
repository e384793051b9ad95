"""Export → import gives back the same data: the workspace's CSV export, and each table as the app's downloads
write it (XLSX and CSV under the Korean headers people see), with text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``) in every kind of text column.

XLSX keeps such text as text (an inline string) and needs no apostrophe; CSV carries one (Excel needs it there)
and the importer takes it off again (:func:`network.export.restore_text`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from network import export, schema
from network.store import Workspace
from tests import small_data

FORMULA_LIKE = ["=SUM(A1)", "+82-2-555-0100", "-공동구매-", "@본사", '=HYPERLINK("http://x","y")', "=1+1",
                "'=이미 따옴표", "-3", "+1,234.5"]


def planted(folder: Path) -> Path:
    """One federation of the sample with formula-like text in names, 교류회, industries, offers and needs,
    partnership kinds and office names (the visits name the renamed office)."""
    out = small_data.write("one_federation", folder)
    members = pd.read_csv(out / "members.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for i, value in enumerate(FORMULA_LIKE):
        members.loc[i, "name"] = value
        members.loc[i, "industry_name"] = value
    members.loc[:20, "group"] = "=교류회+1"
    members.loc[:20, "offers"] = "=기술;+판로"
    members.loc[:20, "needs"] = "@물류;-인력"
    members.to_csv(out / "members.csv", index=False, encoding="utf-8-sig")
    partnerships = pd.read_csv(out / "partnerships.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    partnerships.loc[:5, "kind"] = "=공동구매"
    partnerships.to_csv(out / "partnerships.csv", index=False, encoding="utf-8-sig")
    offices = pd.read_csv(out / "offices.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    visits = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    old = offices.loc[0, "name"]
    offices.loc[0, "name"] = visits.loc[visits["office"] == old, "office"] = "-제주지부"
    offices.to_csv(out / "offices.csv", index=False, encoding="utf-8-sig")
    visits.to_csv(out / "visits.csv", index=False, encoding="utf-8-sig")
    return out


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    base = tmp_path_factory.mktemp("round-trip")
    with Workspace(f"sqlite:///{base / 'original.db'}") as workspace:
        result = workspace.import_files(planted(base))
        assert result.version is not None and result.checked.dataset.report.n_rejected == 0
        yield workspace.load(), base


def same_tables(before, after) -> None:
    for name, frame in before.tables().items():
        if frame.empty:
            continue
        got = after.tables()[name]
        assert list(got.columns) == list(frame.columns), name
        pd.testing.assert_frame_equal(got.drop(columns="source_row").reset_index(drop=True),
                                      frame.drop(columns="source_row").reset_index(drop=True),
                                      check_dtype=False, obj=name)


def test_the_planted_values_are_there(original):
    dataset, _ = original
    assert {export.restore_text(v) for v in FORMULA_LIKE} <= set(dataset.members["name"])  # as imported
    assert "=공동구매" in set(dataset.partnerships["kind"]) and "-제주지부" in set(dataset.offices["name"])


def test_the_workspace_export_reads_back_identically(original, tmp_path):
    dataset, base = original
    with Workspace(f"sqlite:///{base / 'original.db'}") as workspace:
        files = workspace.export(tmp_path / "out")
    members_csv = (tmp_path / "out" / "members.csv").read_text(encoding="utf-8-sig")
    assert "'=SUM(A1)" in members_csv  # CSV keeps the apostrophe: Excel would run the formula otherwise
    with Workspace(f"sqlite:///{tmp_path / 'again.db'}") as again:
        again.import_files({path.stem: path for path in files})
        same_tables(dataset, again.load())


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_downloads_under_korean_headers_read_back_identically(original, tmp_path, kind):
    dataset, _ = original
    files: dict[str, bytes] = {}
    for name, frame in dataset.tables().items():
        if frame.empty:
            continue
        shown = frame.drop(columns="source_row")
        shown = shown.rename(columns={c: schema.column_label(name, c) for c in shown.columns})
        files[name] = export.to_xlsx_bytes({name: shown}) if kind == "xlsx" else export.to_csv_bytes(shown)
    if kind == "xlsx":  # text as text: no apostrophe, never a formula
        sheet = zipfile.ZipFile(io.BytesIO(files["members"])).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and ">=SUM(A1)<" in sheet and ">'=SUM(A1)<" not in sheet
    with Workspace(f"sqlite:///{tmp_path / 'again.db'}") as again:
        result = again.import_files(files)
        assert result.checked.dataset.report.n_rejected == 0
        same_tables(dataset, again.load())

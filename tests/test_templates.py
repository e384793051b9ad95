"""Tests for network.templates: input templates people fill in and upload, read back by the importer."""

from __future__ import annotations

import io

import openpyxl
import pytest

from network import schema, templates
from network.dataset import load_dataset
from network.io import NOTE_MARK, read_table

TABLES = list(schema.TABLES)
#: A second member, for the partnership's and the visit's other firm.
SECOND_MEMBER = {"member_id": "098-76-54321", "name": "다라전자", "federation": "경기", "sido": "경기도",
                 "sigungu": "수원시 영통구", "industry": "26"}


def _sheet(data: bytes) -> list[list[object]]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("table", TABLES)
def test_every_header_is_one_the_importer_recognises_as_its_column(table):
    spec = schema.TABLES[table]
    lookup = schema.header_lookup(spec)
    for col in spec.columns:
        head = templates.header(table, col.name)
        assert lookup[schema.normalize_header(head)[0]] == col.name, (table, col.name, head)
        assert not head.isascii(), head  # Korean headers, as people's files have them


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("table", TABLES)
def test_template_has_headers_explanations_and_one_example(table, language):
    rows = _sheet(templates.template_xlsx(table, language))
    spec = schema.TABLES[table]
    assert len(rows) == 3
    assert rows[0] == [templates.header(table, c.name) for c in spec.columns]
    assert all(isinstance(cell, str) and cell.startswith(f"{NOTE_MARK} ") for cell in rows[1])
    needs = [cell.split(" · ")[0].removeprefix(f"{NOTE_MARK} ") for cell in rows[1]]
    assert needs == [("필수" if c.required else "선택") if language == "ko" else ("Required" if c.required
                     else "Optional") for c in spec.columns]
    example = templates.EXAMPLES[table]
    assert [c.name for c in spec.columns] == list(example)  # an example for every column, nothing else
    assert all(rows[2][j] == (example[c.name] if example[c.name] not in ("", None) else None)
               for j, c in enumerate(spec.columns))


def test_explanations_say_how_to_write_a_column():
    assert templates.note("members", "member_id") == (
        "※ 필수 · 회원사마다 다른 번호 (사업자등록번호도 됨) · 적은 그대로 (앞의 0 유지)")
    assert templates.note("members", "offers") == "※ 선택 · 회사가 제공할 수 있는 것, 여러 개는 ; 로 구분"
    assert templates.note("visits", "date", "en") == (
        "※ Required · Date (2024-10-23, 2024.10.23, 20241023, 23 Oct 2024 in Korean)")
    assert templates.note("attendance", "visit_id") == "※ 필수 · 방문 표에 있는 방문 ID · 적은 그대로 (앞의 0 유지)"


@pytest.mark.parametrize("table", TABLES)
def test_the_importer_skips_the_explanations_and_reads_the_example(table):
    raw = read_table(templates.template_xlsx(table), table)
    assert raw.problems == ()
    assert len(raw.df) == 1 and raw.df["source_row"].tolist() == [3]  # Excel's row 3: the example
    example = {k: v for k, v in templates.EXAMPLES[table].items() if v not in ("", None)}
    assert {k: raw.df.loc[0, k] for k in example} == {k: str(v) for k, v in example.items()}


def _filled(tmp_path, table: str, *, rows: tuple[dict, ...] = (), cleared: tuple[str, ...] = ()):
    """``table``'s template as a person fills it in: the example kept (or some of its cells cleared), rows added."""
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(table)))
    sheet = book.active
    columns = [c.name for c in schema.TABLES[table].columns]
    for name in cleared:
        sheet.cell(row=3, column=columns.index(name) + 1).value = None
    for row in rows:
        sheet.append([row.get(name) for name in columns])
    path = tmp_path / f"{table}.xlsx"
    book.save(path)
    return path


def test_filled_in_templates_import_with_no_problem(tmp_path):
    members = _filled(tmp_path, "members", rows=(SECOND_MEMBER,))
    ds = load_dataset({"members": members, "partnerships": _filled(tmp_path, "partnerships"),
                       "visits": _filled(tmp_path, "visits"), "offices": _filled(tmp_path, "offices")})
    assert ds.report.table().empty, ds.report.table().to_dict("records")
    assert ds.members["member_id"].tolist() == ["012-34-56789", "098-76-54321"]
    assert ds.members.loc[0, "sigungu"] == "종로구" and ds.members.loc[0, "revenue_krw"] == 1_500_000_000
    assert len(ds.partnerships) == 1 and ds.visits.loc[0, "office"] == "경기지역본부"
    assert sorted(ds.attendance["member_id"]) == ["012-34-56789", "098-76-54321"]  # from the visit's cell
    assert sorted(ds.difficulties["category"]) == ["자금", "판로·수출"]


def test_filled_in_attendance_and_difficulties_templates_import_with_no_problem(tmp_path):
    ds = load_dataset({"members": _filled(tmp_path, "members", rows=(SECOND_MEMBER,)),
                       "visits": _filled(tmp_path, "visits", cleared=("member_ids", "issues")),
                       "offices": _filled(tmp_path, "offices"), "attendance": _filled(tmp_path, "attendance"),
                       "difficulties": _filled(tmp_path, "difficulties")})
    assert ds.report.table().empty, ds.report.table().to_dict("records")
    assert ds.difficulties[["difficulty_id", "member_id", "category"]].values.tolist() == [
        ["V2026-00001#1", "012-34-56789", "자금"]]


def test_only_a_row_of_explanations_right_below_the_header_is_skipped():
    def rows(*lines: str) -> bytes:
        return "\n".join(["회원번호,회사명", *lines, ""]).encode("utf-8")

    assert read_table(rows("※ 설명,※ 설명", "A1,가"), "members").df["member_id"].tolist() == ["A1"]
    assert read_table(rows("A1,가", "※ 설명,※ 설명"), "members").df["member_id"].tolist() == ["A1", "※ 설명"]
    assert read_table(rows("※1,가나", "A2,다"), "members").df["member_id"].tolist() == ["※1", "A2"]  # data
    assert read_table(rows(",", "※ 설명,※ 설명", "A1,가"), "members").df["source_row"].tolist() == [3, 4]


def test_unknown_table_raises_naming_the_tables():
    with pytest.raises(ValueError, match=r"table was 'member' but is expected to be in \['members', "):
        templates.template_xlsx("member")


def test_file_names():
    assert [templates.file_name(table) for table in ("members", "visits")] == ["입력양식_회원사.xlsx", "입력양식_방문.xlsx"]
    assert templates.file_name("attendance", "en") == "template_attendance.xlsx"


# ----------------------------------------------------------------------------
# the data page offers them


def test_data_page_offers_a_template_for_each_table_the_role_may_import(app_workspace):
    from network.config import load_settings
    from network.store import Workspace
    from tests.test_app_access import no_exception, signed_in_app

    def template_buttons(role: str) -> dict[str, str]:
        with Workspace(load_settings().workspace_url) as workspace:
            at = signed_in_app(workspace, role)
        at.switch_page("app_pages/data.py").run()
        no_exception(at)
        return {b.key: b.label for b in at.get("download_button") if (b.key or "").startswith("data_template_")}

    admin = template_buttons("admin")
    assert list(admin) == [f"data_template_{table}" for table in TABLES]
    assert admin["data_template_members"] == "회원사 양식"
    staff = template_buttons("staff")
    assert staff and set(staff) < set(admin)  # staff import the field work only

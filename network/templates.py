"""Input templates: one XLSX per table with the headers people know, a row explaining each column and an example.

A template is the table's columns (:mod:`network.schema`) under their Korean headers, the ones the importer
recognises (:func:`header`); below them a row that says of each column whether it is required, what it holds
and how to write it, every cell starting with :data:`network.io.NOTE_MARK` so that the importer skips the row;
then one example row that passes every check.  A person overwrites the example with their rows and uploads
the file as it is.
"""

from __future__ import annotations

import io as _io

import pandas as pd

from network import io, schema, texts
from network.texts import Language

__all__ = ["EXAMPLES", "file_name", "header", "note", "template_table", "template_xlsx"]

#: The example row of each table: one record that passes every check, the tables' examples agreeing with
#: each other (the partnership's members, the visit's office, the attendance's visit …).
EXAMPLES: dict[str, dict[str, object]] = {
    "members": {
        "member_id": "012-34-56789", "name": "가나정밀(주)", "federation": "서울", "group": "서울01교류회",
        "sido": "서울특별시", "sigungu": "종로구", "address": "서울특별시 종로구 세종대로 175", "lat": 37.5725,
        "lon": 126.9769, "industry": "25", "industry_name": "금속가공제품", "employees": 12,
        "revenue_krw": 1_500_000_000, "founded": "2010-03-15", "offers": "금형; 도금", "needs": "소프트웨어; 수출",
        "joined": "2018-05-01",
    },
    "partnerships": {"source_id": "012-34-56789", "target_id": "098-76-54321", "kind": "공급망",
                     "started": "2022-04-01", "weight": 1},
    "visits": {
        "visit_id": "V2026-00001", "date": "2026-03-12", "program": "간담회", "sido": "경기도",
        "sigungu": "수원시 영통구", "address": "", "lat": None, "lon": None, "office": "경기지역본부",
        "member_ids": "012-34-56789; 098-76-54321", "participants": 3, "issues": "자금; 판로·수출",
    },
    "offices": {"office_id": "K05", "name": "경기지역본부", "sido": "경기도", "sigungu": "수원시 영통구",
                "address": "", "lat": None, "lon": None},
    "attendance": {"visit_id": "V2026-00001", "member_id": "012-34-56789"},
    "difficulties": {"difficulty_id": "V2026-00001#1", "visit_id": "V2026-00001", "member_id": "012-34-56789",
                     "category": "자금", "text": "운전자금 대출 한도가 모자랍니다", "status": "접수", "resolved": ""},
}

#: What each kind of column holds and how to write it (text columns say nothing more than their note).
_KINDS: dict[str, str] = {
    "id": "template.kind.id", "int": "template.kind.int", "float": "template.kind.float",
    "date": "template.kind.date", "tags": "template.kind.tags", "ids": "template.kind.ids",
    "industry": "template.kind.industry", "lat": "template.kind.lat", "lon": "template.kind.lon",
}
#: What a column means, where its name does not say it all: by ``(table, column)``, else by column.
_NOTES: dict[tuple[str, str] | str, str] = {
    ("members", "member_id"): "template.note.member_id",
    "sido": "template.note.location", "sigungu": "template.note.location", "address": "template.note.location",
    "industry_name": "template.note.industry_name", "revenue_krw": "template.note.revenue_krw",
    "offers": "template.note.offers", "needs": "template.note.needs",
    "source_id": "template.note.partner", "target_id": "template.note.partner", "kind": "template.note.kind",
    "weight": "template.note.weight", ("visits", "visit_id"): "template.note.visit_id",
    "visit_id": "template.note.visit_ref", "program": "template.note.program", "office": "template.note.office",
    "member_ids": "template.note.member_ids", "participants": "template.note.participants",
    "issues": "template.note.issues", "office_id": "template.note.office_id",
    ("attendance", "member_id"): "template.note.member_ref", "difficulty_id": "template.note.difficulty_id",
    ("difficulties", "member_id"): "template.note.raised_by", "category": "template.note.category",
    "text": "template.note.text", "status": "template.note.status",
}


def _spec(table: str) -> schema.TableSpec:
    if table not in schema.TABLES:
        raise ValueError(f"table was {table!r} but is expected to be in {list(schema.TABLES)}")
    return schema.TABLES[table]


def header(table: str, column: str) -> str:
    """The Korean header of ``column`` in ``table``'s template: its label when the importer recognises the label
    as that column, else the first Korean header it recognises.

    Examples
    --------
    >>> header("members", "member_id"), header("offices", "name"), header("difficulties", "member_id")
    ('회원 ID', '지부명', '제기한 회원 ID')
    """
    spec = _spec(table)
    lookup = schema.header_lookup(spec)
    label = schema.column_label(table, column, "ko")
    if lookup.get(schema.normalize_header(label)[0]) == column:
        return label
    for alias in spec.column(column).aliases:
        if not alias.isascii() and lookup.get(schema.normalize_header(alias)[0]) == column:
            return alias
    return column


def note(table: str, column: str, language: Language = "ko") -> str:
    """The explanation of ``column`` in ``table``'s template: required or optional, what it holds, how to write it;
    it starts with :data:`network.io.NOTE_MARK`, which makes the importer skip the row.

    Examples
    --------
    >>> note("partnerships", "started")
    '※ 선택 · 날짜 (2024-10-23, 2024.10.23, 20241023, 2024년 10월 23일)'
    >>> note("members", "member_id", "en")
    '※ Required · A number unique to each member (a business registration number works) · Kept as written, leading zeros too'
    """
    col = _spec(table).column(column)
    parts = [texts.t("template.required" if col.required else "template.optional", language)]
    meaning = _NOTES.get((table, column)) or _NOTES.get(column)
    if meaning:
        parts.append(texts.t(meaning, language))
    if col.kind in _KINDS and not (meaning and col.kind in ("tags", "ids")):
        parts.append(texts.t(_KINDS[col.kind], language))
    return f"{io.NOTE_MARK} " + " · ".join(parts)


def template_table(table: str, language: Language = "ko") -> pd.DataFrame:
    """``table``'s template as a frame: the headers as columns, then the row of explanations and the example row.

    Examples
    --------
    >>> t = template_table("attendance", "en")
    >>> list(t.columns), t.iloc[1].tolist()
    (['방문 ID', '참석 회원 ID'], ['V2026-00001', '012-34-56789'])
    """
    spec = _spec(table)
    example = EXAMPLES[table]
    columns = [c.name for c in spec.columns]
    return pd.DataFrame([[note(table, c, language) for c in columns], [example.get(c) for c in columns]],
                        columns=[header(table, c) for c in columns], dtype=object)


def template_xlsx(table: str, language: Language = "ko") -> bytes:
    """``table``'s template as an XLSX workbook: headers (bold, required ones marked by colour), the explanations
    (grey, wrapped) and the example row, the first two rows frozen.  Explanations are in ``language``; the headers
    are Korean, as the files people have are.

    Raises
    ------
    ValueError
        If ``table`` is not one of the six tables.

    Examples
    --------
    >>> import openpyxl
    >>> book = openpyxl.load_workbook(_io.BytesIO(template_xlsx("partnerships")))
    >>> sheet = book.active
    >>> sheet.title, sheet["A1"].value, sheet["A2"].value[:12], sheet["A3"].value, sheet.freeze_panes
    ('협력 관계', '회원 1', '※ 필수 · 협력한 두', '012-34-56789', 'A3')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = template_table(table, language)
    spec = _spec(table)
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = schema.table_label(table, language)[:31]
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(["" if v is None else v for v in row])
    for j, col in enumerate(spec.columns, start=1):
        head, explanation, example = (sheet.cell(row=r, column=j) for r in (1, 2, 3))
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor="FCE4D6" if col.required else "DDEBF7")
        explanation.font = Font(italic=True, color="595959", size=9)
        explanation.alignment = Alignment(wrap_text=True, vertical="top")
        explanation.data_type = "s"  # text, whatever it starts with
        if isinstance(example.value, str):
            example.data_type = "s"
        sheet.column_dimensions[get_column_letter(j)].width = max(14, min(40, 2 * len(str(head.value)) + 4))
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = "A3"
    buffer = _io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(table: str, language: Language = "ko") -> str:
    """The name of ``table``'s template file.

    Examples
    --------
    >>> file_name("members"), file_name("difficulties", "en")
    ('입력양식_회원사.xlsx', 'template_difficulties.xlsx')
    """
    _spec(table)
    return texts.t("template.file", language, table=schema.table_label(table, language).lower().replace(" ", "_"))

"""The monthly report of the field programme, for all of Korea, one office or one 시도.

:func:`monthly_report` counts, for one month: the visits held (by programme, with their participants and
a list of the visits), the member firms reached (distinct firms that attended a visit of the month), the
difficulties raised in the month by category × status, those closed in the month, and the difficulties
open and past their due date on the report's *as-of* day (the month's last day, or today in the current
month).  :func:`to_xlsx` writes it as one workbook (a summary sheet first, then one sheet per table) and
:func:`to_pdf` as a printable A4 PDF with the same tables and two charts (SVG drawn here, rendered by
WeasyPrint with the Korean font Noto Sans CJK KR; nothing is fetched from anywhere).

A visit belongs to an office by its ``office`` and to a 시도 by its place; a difficulty belongs to the
office of the visit where it was raised and to the 시도 of the firm (else of the visit).  Statuses are the
difficulties' current ones.  Every text is in the report's language; member names and difficulty texts are
data and are escaped wherever they are written into HTML.

Examples
--------
>>> from network.dataset import load_dataset
>>> ds = load_dataset({
...     "members": "회원번호,회사명,시도,시군구\\nA1,가나정밀,서울,종로구\\nB2,다라전자,부산,해운대구\\n".encode(),
...     "visits": ("방문번호,일자,프로그램,시군구,지역본부,참석기업,애로사항\\n"
...                "V1,2025-03-04,간담회,서울 종로구,서울지역본부,A1;B2,자금;인력\\n"
...                "V2,2025-04-02,방문상담,부산 해운대구,부산지역본부,B2,판로\\n").encode()})
>>> report = monthly_report(ds, "2025-03", today=dt.date(2026, 1, 1))
>>> report.title
'현장 소통 월간 보고서 2025년 3월'
>>> report.numbers()
{'visits': 1, 'participants': 2, 'firms': 2, 'raised': 2, 'closed': 0, 'open': 0, 'overdue': 0}

The other examples use this report (``_example()``) and its data (``_example_data()``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from network import export, fieldwork, regions, schema, texts
from network.dataset import Dataset
from network.errors import NetworkError, OptionError
from network.texts import Language

__all__ = ["FONT_FAMILIES", "PDF_ROWS", "SECTIONS", "MonthlyReport", "cell_text", "check_office", "html_to_pdf", "month_period", "monthly_report", "to_html",
           "to_pdf", "to_xlsx"]

#: The fonts the PDF asks for, in order: Debian's ``fonts-noto-cjk`` first, then other Korean fonts.
FONT_FAMILIES: tuple[str, ...] = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "sans-serif")
#: Rows of each list printed in the PDF (a month of a busy office stays a few pages; the XLSX has every row).
PDF_ROWS = 200
#: The report's tables, in the order of the workbook's sheets and the PDF's sections (after the summary).
SECTIONS: tuple[str, ...] = ("visits_by_program", "visits", "firms", "difficulties", "closed", "overdue")

_STATUSES = schema.DIFFICULTY_STATUSES
_OPEN, _CLOSED, _IMPORTED = schema.OPEN_STATUSES, schema.CLOSED_STATUSES, schema.IMPORTED_STATUS
_LOCAL_TIME = fieldwork.LOCAL_TIMEZONE  # the days a difficulty was closed on (it is stored in UTC)
_MONTH = re.compile(r"(\d{4})-(\d{2})")

_SUMMARY_ROWS = {  # the summary's numbers and their labels
    "visits": "report.row.visits", "participants": "report.row.participants", "firms": "report.row.firms",
    "raised": "report.row.raised", "closed": "report.row.closed", "open": "report.row.open",
    "overdue": "report.row.overdue",
}
_SECTION_TITLES = {
    "summary": "report.sheet.summary", "visits_by_program": "report.sheet.visits_by_program",
    "visits": "report.sheet.visits", "firms": "report.sheet.firms", "difficulties": "report.sheet.difficulties",
    "closed": "report.sheet.closed", "overdue": "report.sheet.overdue",
}
_COLUMN_LABELS = {
    "visit_id": "column.visit_id", "date": "column.date", "program": "column.program", "office": "column.office",
    "sido": "column.sido", "sigungu": "column.sigungu", "participants": "column.participants",
    "member_id": "column.member_id", "name": "column.members.name", "member_name": "column.members.name",
    "federation": "column.federation", "category": "column.category", "difficulty_id": "column.difficulty_id",
    "firms": "report.col.firms", "visits": "report.col.visits", "status": "report.col.status",
    "owner": "report.col.owner", "due": "report.col.due", "days_overdue": "report.col.days_overdue",
    "raised_on": "report.col.raised_on", "closed_on": "report.col.closed_on",
    "days_to_close": "report.col.days_to_close", "total": "report.total", "item": "report.col.item",
    "value": "report.col.value",
}
_VISIT_COLUMNS = ["visit_id", "date", "program", "office", "sido", "sigungu", "firms", "participants"]
_PROGRAM_COLUMNS = ["program", "visits", "participants", "firms"]
_FIRM_COLUMNS = ["member_id", "name", "federation", "sido", "sigungu", "visits"]
_CLOSED_COLUMNS = ["difficulty_id", "closed_on", "member_name", "category", "status", "owner", "raised_on",
                   "days_to_close"]
_OVERDUE_COLUMNS = ["difficulty_id", "member_name", "category", "status", "due", "days_overdue", "owner"]


@dataclass(frozen=True, eq=False)
class MonthlyReport:
    """One month of the field programme (:func:`monthly_report`).

    Attributes
    ----------
    month
        ``"YYYY-MM"``.
    start, end, as_of
        The month's first and last day, and the day open and overdue difficulties are counted on (the
        last day, or the day the report was made when that is earlier).
    office, sido
        The office and 시도 the report is limited to (``None``: all).
    language
        The language of the titles and labels.
    title, period
        The report's title and the line under it (period, scope, as-of day).
    summary
        ``item`` (``visits``, ``participants``, ``firms``, ``raised``, ``closed``, ``open``, ``overdue``) and
        ``value``.
    visits_by_program
        ``program``, ``visits``, ``participants``, ``firms`` (distinct member firms attending).
    visits
        The month's visits by date: ``visit_id``, ``date``, ``program``, ``office``, ``sido``, ``sigungu``,
        ``firms`` (member firms attending), ``participants``.
    firms
        The member firms reached: ``member_id``, ``name``, ``federation``, ``sido``, ``sigungu``, ``visits``
        (visits of the month attended), most visits first.
    difficulties
        The difficulties raised in the month: one row per category (the seven categories, then any other;
        ``-`` when none was given) and a ``total`` row; one column per status (the six statuses, then
        ``이력`` for imported history when there is any) and a ``total`` column.
    closed
        The difficulties closed in the month (해결, 이관 or 종결; the day in Korean time):
        ``difficulty_id``, ``closed_on``, ``member_name``, ``category``, ``status``, ``owner``,
        ``raised_on``, ``days_to_close``.
    overdue
        The difficulties open on ``as_of`` and due before it, longest overdue first: ``difficulty_id``,
        ``member_name``, ``category``, ``status``, ``due``, ``days_overdue``, ``owner``.
    """

    month: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    office: str | None
    sido: str | None
    language: Language
    title: str
    period: str
    summary: pd.DataFrame
    visits_by_program: pd.DataFrame
    visits: pd.DataFrame
    firms: pd.DataFrame
    difficulties: pd.DataFrame
    closed: pd.DataFrame
    overdue: pd.DataFrame

    def numbers(self) -> dict[str, int]:
        """The summary as ``{item: value}``.

        Examples
        --------
        >>> _example().numbers()["visits"]
        1
        """
        return {str(k): int(v) for k, v in zip(self.summary["item"], self.summary["value"])}

    def section_title(self, name: str) -> str:
        """The title of a table (``"summary"`` or one of :data:`SECTIONS`) in the report's language.

        Examples
        --------
        >>> _example().section_title("overdue")
        '기한 경과 애로사항'
        """
        return texts.t(_SECTION_TITLES[name], self.language)

    def labelled(self, name: str) -> pd.DataFrame:
        """A table as people read it: ``"summary"`` (the title, period, scope and as-of day, then the numbers)
        or one of :data:`SECTIONS`, with column labels in the report's language.

        Examples
        --------
        >>> report = _example()
        >>> list(report.labelled("visits").columns)
        ['방문 ID', '일자', '프로그램', '지부', '시도', '시군구', '참석 회원사', '참석자수']
        >>> report.labelled("difficulties").iloc[-1].tolist()[:1]
        ['합계']
        """
        language = self.language
        if name == "summary":
            scope = _scope_text(self.office, self.sido, language)
            head = [("report.row.title", self.title),
                    ("report.row.period", f"{self.start.isoformat()} ~ {self.end.isoformat()}"),
                    ("report.row.scope", scope), ("report.row.as_of", self.as_of.isoformat())]
            rows: list[tuple[str, object]] = [(texts.t(key, language), value) for key, value in head]
            rows += [(texts.t(_SUMMARY_ROWS[item], language), int(value))
                     for item, value in zip(self.summary["item"], self.summary["value"])]
            return pd.DataFrame(rows, columns=[texts.t("report.col.item", language),
                                               texts.t("report.col.value", language)], dtype=object)
        if name not in SECTIONS:
            raise ValueError(f"name was {name!r} but is expected to be in {['summary', *SECTIONS]}")
        table: pd.DataFrame = getattr(self, name)
        if name == "difficulties":
            total = texts.t("report.total", language)
            table = table.rename(index={"total": total}, columns={"total": total}).reset_index()
        return table.rename(columns={c: texts.t(_COLUMN_LABELS[c], language) for c in table.columns
                                     if c in _COLUMN_LABELS})


def month_period(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month`` (``"YYYY-MM"``).

    Raises
    ------
    OptionError
        If ``month`` is not a month written as ``YYYY-MM`` (key ``error.bad_month``).

    Examples
    --------
    >>> month_period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> month_period("2024-13")
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 월은 YYYY-MM 형식으로 입력하세요: 2024-13
    """
    text = str(month).strip() if month is not None else ""
    found = _MONTH.fullmatch(text)
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise OptionError("error.bad_month", value=month)
    start = dt.date(int(found[1]), int(found[2]), 1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def check_office(ds: Dataset, office: str | None) -> str | None:
    """``office`` without surrounding spaces if the data knows it (a visit's office or an office's name);
    ``None`` for no office.

    Raises
    ------
    OptionError
        If no visit or office of ``ds`` has this name (the message lists those it has).

    Examples
    --------
    >>> check_office(_example_data(), " 서울지역본부 "), check_office(_example_data(), "")
    ('서울지역본부', None)
    """
    name = (office or "").strip()
    if not name:
        return None
    known = {str(o) for o in _column(ds.visits, "office").dropna()}
    known |= {str(o) for o in _column(ds.offices, "name").dropna()}
    if name not in known:
        raise OptionError("error.report_unknown_office", office=name, known=", ".join(sorted(known)) or "-")
    return name


def monthly_report(ds: Dataset, month: str, *, office: str | None = None, sido: str | None = None,
                   today: dt.date | None = None, language: Language = "ko") -> MonthlyReport:
    """The report of one month, for all of Korea or one office and/or 시도.

    Parameters
    ----------
    ds
        The data set, best with the field work recorded in the app
        (:meth:`network.store.Workspace.load_with_records`); a data set without the follow-up columns is
        read as imported history (status ``이력``, no due dates).
    month
        ``"YYYY-MM"``.
    office
        Only the visits of this office, and the difficulties raised at them.
    sido
        Only this 시도 (any common form: ``서울``, ``서울특별시``, ``Seoul``): the visits held there and the
        difficulties of firms there.
    today
        The day the report is made (default: today); it decides the as-of day of the current month.
    language
        ``"ko"`` or ``"en"``: the titles and labels.

    Returns
    -------
    MonthlyReport

    Raises
    ------
    OptionError
        If ``month`` is not ``YYYY-MM`` or has not begun yet, if ``office`` is not an office of the data,
        or if ``sido`` is not a 시도.

    Examples
    --------
    >>> report = _example()
    >>> report.visits_by_program.values.tolist()
    [['간담회', 1, 2, 2]]
    >>> report.difficulties.loc[["자금", "인력", "total"], ["이력", "total"]].values.tolist()
    [[1, 1], [1, 1], [2, 2]]
    >>> monthly_report(_example_data(), "2025-03", office="제주지부")
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 알 수 없는 지부입니다: 제주지부 (자료에 있는 지부: 부산지역본부, 서울지역본부)
    """
    language = texts.check_language(language)
    start, end = month_period(month)
    today = today or dt.date.today()
    if start > today:
        raise OptionError("error.report_future_month", month=str(month).strip(), today=today.isoformat())
    as_of = min(end, today)
    ds = _with_follow_up(ds)
    office = check_office(ds, office)
    sido = _checked_sido(sido)
    first, last, on = pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(as_of)

    visits = ds.visits
    days = pd.to_datetime(visits["date"]).dt.normalize()
    keep = (days >= first) & (days <= last)
    if office is not None:
        keep &= _column(visits, "office") == office
    if sido is not None:
        keep &= _column(visits, "sido") == sido
    month_visits = visits[keep.fillna(False).astype(bool)]
    attended = fieldwork.attendance_at(ds.attendance, month_visits).dropna(subset=["member_id"])
    attended = attended.drop_duplicates(["visit_id", "member_id"])
    visit_table = _visit_table(month_visits, attended)
    program_table = _program_table(visit_table, attended)
    firm_table = _firm_table(ds.members, attended)

    queue = fieldwork.difficulty_queue(ds, today=as_of)
    chosen = pd.Series(True, index=queue.index)
    if office is not None:
        chosen &= queue["office"] == office
    if sido is not None:
        chosen &= queue["sido"] == sido
    queue = queue[chosen.fillna(False).astype(bool)]
    raised_on = pd.to_datetime(queue["raised_on"]).dt.normalize()
    closed_on = (pd.to_datetime(queue["closed_at"], utc=True).dt.tz_convert(_LOCAL_TIME).dt.tz_localize(None)
                 .dt.normalize())
    is_open, is_closed = queue["status"].isin(_OPEN), queue["status"].isin(_CLOSED)
    raised = queue[(raised_on >= first) & (raised_on <= last)]
    crosstab = _crosstab(raised)
    closed = _closed_table(queue.assign(closed_on=closed_on)[is_closed & (closed_on >= first) & (closed_on <= last)])
    open_then = (raised_on <= on) & (is_open | (is_closed & closed_on.notna() & (closed_on > on)))
    due = pd.to_datetime(queue["due"])
    overdue = _overdue_table(queue[open_then & due.notna() & (due < on)], on)

    participants = pd.to_numeric(visit_table["participants"], errors="coerce").sum()
    numbers = {"visits": len(visit_table), "participants": int(participants), "firms": len(firm_table),
               "raised": len(raised), "closed": len(closed), "open": int(open_then.sum()), "overdue": len(overdue)}
    summary = pd.DataFrame({"item": list(numbers), "value": pd.array(list(numbers.values()), dtype="int64")})
    month_text = texts.t("report.month", language, year=start.year, month=start.month)
    title = texts.t("report.title", language, month=month_text)
    period = texts.t("report.period", language, start=start.isoformat(), end=end.isoformat(),
                     scope=_scope_text(office, sido, language), as_of=as_of.isoformat())
    return MonthlyReport(month=f"{start.year:04d}-{start.month:02d}", start=start, end=end, as_of=as_of,
                         office=office, sido=sido, language=language, title=title, period=period, summary=summary,
                         visits_by_program=program_table, visits=visit_table, firms=firm_table,
                         difficulties=crosstab, closed=closed, overdue=overdue)


# ----------------------------------------------------------------------------
# the tables


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _with_follow_up(ds: Dataset) -> Dataset:
    """``ds`` with the follow-up columns (imported history only when it has none)."""
    if fieldwork.has_follow_up(ds.difficulties):
        return ds
    return fieldwork.with_records(ds, fieldwork.RecordTables.empty())


def _checked_sido(sido: str | None) -> str | None:
    text = (sido or "").strip()
    if not text:
        return None
    match = regions.normalize_region(text)
    if match.sido is None:
        raise OptionError("error.report_unknown_sido", sido=text)
    return match.sido


def _scope_text(office: str | None, sido: str | None, language: Language) -> str:
    parts = [p for p in (office, sido) if p]
    return " · ".join(parts) if parts else texts.t("report.scope_all", language)


def _visit_table(visits: pd.DataFrame, attended: pd.DataFrame) -> pd.DataFrame:
    firms = attended.groupby("visit_id")["member_id"].nunique()
    out = pd.DataFrame({
        "visit_id": visits["visit_id"].astype(object), "date": pd.to_datetime(visits["date"]).dt.normalize(),
        "program": _column(visits, "program"), "office": _column(visits, "office"),
        "sido": _column(visits, "sido"), "sigungu": _column(visits, "sigungu")})
    out["firms"] = out["visit_id"].map(firms).fillna(0).astype("int64")
    out["participants"] = pd.to_numeric(_column(visits, "participants"), errors="coerce").astype("Int64")
    out = out.sort_values(["date", "visit_id"], kind="stable")
    return out[_VISIT_COLUMNS].reset_index(drop=True)


def _in_order(values: Sequence[str], first: Sequence[str]) -> list[str]:
    """``values`` each once: those in ``first`` in its order, then the others sorted."""
    present = set(values)
    return [v for v in first if v in present] + sorted(present - set(first))


def _program_table(visit_table: pd.DataFrame, attended: pd.DataFrame) -> pd.DataFrame:
    programs = visit_table["program"].fillna("-").astype(str)
    grouped = visit_table.assign(program=programs).groupby("program")
    program_of = dict(zip(visit_table["visit_id"], programs))
    firms = attended.assign(program=attended["visit_id"].map(program_of)).groupby("program")["member_id"].nunique()
    out = pd.DataFrame({"visits": grouped.size(),
                        "participants": grouped["participants"].sum(min_count=0).astype("int64")})
    out = out.reindex(_in_order(list(out.index), (*schema.PROGRAMS, "기타")))
    out["firms"] = out.index.map(firms).fillna(0).astype("int64")
    out.index.name = "program"
    return out.reset_index()[_PROGRAM_COLUMNS]


def _firm_table(members: pd.DataFrame, attended: pd.DataFrame) -> pd.DataFrame:
    counts = attended.groupby("member_id")["visit_id"].nunique()
    out = pd.DataFrame({"member_id": counts.index.astype(object), "visits": counts.to_numpy(dtype="int64")})
    known = members.drop_duplicates("member_id").set_index("member_id")
    for column in ("name", "federation", "sido", "sigungu"):
        out[column] = out["member_id"].map(known[column]) if column in known.columns else None
    if "member_name" in attended.columns:  # a firm recorded at a visit that has since left the member list
        recorded = attended.dropna(subset=["member_name"]).drop_duplicates("member_id").set_index("member_id")
        out["name"] = out["name"].where(out["name"].notna(), out["member_id"].map(recorded["member_name"]))
    out = out.sort_values(["visits", "name", "member_id"], ascending=[False, True, True], kind="stable",
                          na_position="last")
    return out[_FIRM_COLUMNS].reset_index(drop=True)


def _crosstab(raised: pd.DataFrame) -> pd.DataFrame:
    categories = raised["category"].fillna("-").astype(str)
    statuses = raised["status"].fillna("-").astype(str)
    rows = _in_order([*schema.ISSUE_CATEGORIES, *categories], schema.ISSUE_CATEGORIES)
    columns = _in_order([*_STATUSES, *statuses], (*_STATUSES, _IMPORTED))
    table = pd.crosstab(categories, statuses).reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "category", None
    return table


def _closed_table(closed: pd.DataFrame) -> pd.DataFrame:
    raised_on = pd.to_datetime(closed["raised_on"]).dt.normalize()
    out = closed.assign(raised_on=raised_on, days_to_close=(closed["closed_on"] - raised_on).dt.days.astype("Int64"))
    out = out.sort_values(["closed_on", "difficulty_id"], kind="stable")
    return _missing_as_none(out[_CLOSED_COLUMNS].reset_index(drop=True), ("member_name", "owner"))


def _overdue_table(overdue: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    due = pd.to_datetime(overdue["due"]).dt.normalize()
    out = overdue.assign(due=due, days_overdue=(on - due).dt.days.astype("int64"))
    out = out.sort_values(["days_overdue", "difficulty_id"], ascending=[False, True], kind="stable")
    return _missing_as_none(out[_OVERDUE_COLUMNS].reset_index(drop=True), ("member_name", "owner"))


def _missing_as_none(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` with the missing cells of the text ``columns`` as ``None`` (not NaN)."""
    for column in columns:
        values = table[column].astype(object)
        table[column] = values.where(values.notna(), None)
    return table


# ----------------------------------------------------------------------------
# the workbook


def to_xlsx(report: MonthlyReport) -> bytes:
    """The report as an XLSX workbook: the summary sheet first, then one sheet per table of :data:`SECTIONS`,
    with the column labels in the report's language (formula-like text neutralised, dates as ``YYYY-MM-DD``).

    Examples
    --------
    >>> import io, openpyxl
    >>> book = openpyxl.load_workbook(io.BytesIO(to_xlsx(_example())))
    >>> book.sheetnames
    ['요약', '프로그램별 방문', '방문 목록', '방문한 회원사', '제기된 애로사항(유형×상태)', '처리된 애로사항', '기한 경과 애로사항']
    >>> [c.value for c in book["요약"]["A"]][:5], book["요약"]["B6"].value
    (['항목', '보고서', '기간', '범위', '기준일'], 1)
    """
    sheets = {report.section_title(name): report.labelled(name) for name in ("summary", *SECTIONS)}
    return export.to_xlsx_bytes(sheets)


# ----------------------------------------------------------------------------
# the PDF: HTML with inline SVG charts, rendered by WeasyPrint

_STATUS_COLOURS = {"접수": "#4c78a8", "검토": "#72b7b2", "조치중": "#f58518", "해결": "#54a24b", "이관": "#b279a2",
                   "종결": "#9d755d", _IMPORTED: "#bab0ac"}
_OTHER_COLOUR = "#e45756"
_BAR_COLOUR = "#4c78a8"


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    tip: str


@dataclass(frozen=True)
class _Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class _Chart:
    title: str
    width: float
    height: float
    rects: tuple[_Rect, ...]
    labels: tuple[_Label, ...]


def _bar_chart(title: str, rows: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
               legend: Sequence[tuple[str, str]] = ()) -> _Chart:
    """A horizontal bar chart: each row a label and its segments ``(name, value, colour)``, stacked."""
    width, label_width, row_height, bar_height, top = 520.0, 96.0, 20.0, 13.0, 4.0
    area = width - label_width - 44.0
    biggest = max([sum(v for _, v, _ in segments) for _, segments in rows] + [1])
    rects: list[_Rect] = []
    labels: list[_Label] = []
    y = top
    for label, segments in rows:
        labels.append(_Label(label_width - 6, y + bar_height - 2.5, label, "end"))
        x = label_width
        for name, value, colour in segments:
            if value > 0:
                size = area * value / biggest
                rects.append(_Rect(round(x, 2), y, round(size, 2), bar_height, colour, f"{label} · {name}: {value:,}"))
                x += size
        labels.append(_Label(round(x + 4, 2), y + bar_height - 2.5, f"{sum(v for _, v, _ in segments):,}"))
        y += row_height
    if legend:
        y += 6
        x = label_width
        for name, colour in legend:
            rects.append(_Rect(round(x, 2), y, 10.0, 10.0, colour, name))
            labels.append(_Label(round(x + 14, 2), y + 9, name))
            x += 24 + 9.5 * len(name)
        y += 16
    return _Chart(title, width, y + 2, tuple(rects), tuple(labels))


def _charts(report: MonthlyReport) -> list[_Chart]:
    table = report.difficulties.drop(index="total", columns="total")
    statuses = [s for s in table.columns if table[s].sum() > 0] or list(_STATUSES)
    colours = {s: _STATUS_COLOURS.get(s, _OTHER_COLOUR) for s in statuses}
    difficulty_rows = [(str(category), [(s, int(table.loc[category, s]), colours[s]) for s in statuses])
                       for category in table.index]
    difficulties = _bar_chart(texts.t("report.chart.difficulties", report.language), difficulty_rows,
                              [(s, colours[s]) for s in statuses])
    program_rows = [(str(p), [(str(p), int(n), _BAR_COLOUR)]) for p, n in
                    zip(report.visits_by_program["program"], report.visits_by_program["visits"])]
    visits = _bar_chart(texts.t("report.chart.visits", report.language), program_rows)
    return [difficulties, visits]


def cell_text(value: Any, *, decimals: int = 1) -> tuple[str, bool]:
    """A table cell of a printed document as text, and whether it is a number (right-aligned): dates as
    ``YYYY-MM-DD``, numbers with thousands separators and ``decimals`` places when not whole, missing as ``""``.

    Examples
    --------
    >>> cell_text(1234.0), cell_text(2.345, decimals=2), cell_text(None), cell_text(pd.Timestamp("2026-03-04"))
    (('1,234', True), ('2.35', True), ('', False), ('2026-03-04', False))
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return "", False
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d"), False
    if isinstance(value, dt.date):
        return value.isoformat(), False
    if isinstance(value, (bool, np.bool_)):
        return str(value), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "", False
        return (f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.{decimals}f}"), True
    return str(value), False


def _rows(table: pd.DataFrame) -> list[list[tuple[str, bool]]]:
    return [[cell_text(v) for v in row] for row in table.itertuples(index=False, name=None)]


_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
@page { size: A4; margin: 15mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #666; } }
html { font-family: {{ css_fonts }}; font-size: 8.5pt; color: #222; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h2 { font-size: 11pt; margin: 6mm 0 2mm 0; border-bottom: 0.6pt solid #4c78a8; padding-bottom: 1mm; }
p.period { margin: 0 0 1mm 0; color: #444; }
p.note { margin: 0 0 4mm 0; color: #666; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.4pt solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f6f6f6; }
tr { page-break-inside: avoid; }
table.summary { width: 60%; }
figure { margin: 3mm 0; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
svg { width: 100%; height: auto; }
p.none { color: #666; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="period">{{ period }}</p>
<p class="note">{{ note }}</p>
<table class="summary">
{%- for label, value in summary %}
<tr><th>{{ label }}</th><td class="num">{{ value }}</td></tr>
{%- endfor %}
</table>
{%- for chart in charts %}
<figure>
<figcaption>{{ chart.title }}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ chart.width }} {{ chart.height }}"
     width="{{ chart.width }}" height="{{ chart.height }}" font-family="{{ svg_fonts }}" font-size="9">
{%- for r in chart.rects %}
<rect x="{{ r.x }}" y="{{ r.y }}" width="{{ r.width }}" height="{{ r.height }}" fill="{{ r.colour }}"><title>{{ r.tip }}</title></rect>
{%- endfor %}
{%- for t in chart.labels %}
<text x="{{ t.x }}" y="{{ t.y }}" text-anchor="{{ t.anchor }}" fill="#222">{{ t.text }}</text>
{%- endfor %}
</svg>
</figure>
{%- endfor %}
{%- for section in sections %}
<h2>{{ section.title }}</h2>
{%- if section.rows %}
<table>
<thead><tr>{% for column in section.columns %}<th>{{ column }}</th>{% endfor %}</tr></thead>
<tbody>
{%- for row in section.rows %}
<tr{% if section.total_row and loop.last %} class="total"{% endif %}>{% for text, number in row %}<td{% if number %} class="num"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody>
</table>
{%- if section.left_out %}<p class="none">{{ section.left_out }}</p>{% endif %}
{%- else %}
<p class="none">{{ empty_text }}</p>
{%- endif %}
{%- endfor %}
</body>
</html>
"""


def _css_fonts() -> str:
    return ", ".join(f'"{f}"' if " " in f else f for f in FONT_FAMILIES)


def to_html(report: MonthlyReport) -> str:
    """The report as one self-contained HTML page (what :func:`to_pdf` prints): the summary, two SVG charts
    (difficulties raised by category, stacked by status; visits by programme) and every table, each list
    with at most :data:`PDF_ROWS` rows (a line says how many more the XLSX has).  All data is escaped; the
    page refers to nothing outside itself.

    Examples
    --------
    >>> html = to_html(_example())
    >>> "<svg" in html and "가나정밀" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    True
    """
    from jinja2 import Environment
    from markupsafe import Markup

    language = report.language
    sections = []
    for name in SECTIONS:
        table = report.labelled(name)
        shown = table if name == "difficulties" else table.head(PDF_ROWS)  # the crosstab keeps its total row
        left_out = (texts.t("report.rows_left_out", language, shown=len(shown), total=len(table))
                    if len(shown) < len(table) else "")
        sections.append({"title": report.section_title(name), "columns": [str(c) for c in table.columns],
                         "rows": _rows(shown), "total_row": name == "difficulties", "left_out": left_out})
    return Environment(autoescape=True).from_string(_TEMPLATE).render(
        lang=language, title=report.title, period=report.period, note=texts.t("report.as_of_note", language),
        summary=[(texts.t(_SUMMARY_ROWS[item], language), f"{int(value):,}")  # the title and period are above
                 for item, value in zip(report.summary["item"], report.summary["value"])],
        charts=_charts(report), sections=sections, empty_text=texts.t("report.none", language),
        css_fonts=Markup(_css_fonts()),  # a constant (CSS is not entity-decoded, so it must not be escaped)
        svg_fonts=", ".join(f"'{f}'" if " " in f else f for f in FONT_FAMILIES))


def to_pdf(report: MonthlyReport) -> bytes:
    """The report as a printable A4 PDF: :func:`to_html` rendered by :func:`html_to_pdf`.

    Raises
    ------
    NetworkError
        As :func:`html_to_pdf`.
    """
    return html_to_pdf(to_html(report))


def html_to_pdf(html: str) -> bytes:
    """A printable document (the monthly report, a meeting briefing) as PDF: rendered by WeasyPrint in the Korean
    font Noto Sans CJK KR (Debian's ``fonts-noto-cjk``; else another of :data:`FONT_FAMILIES`).

    Nothing is fetched: WeasyPrint is given no base URL and a fetcher that refuses every URL but ``data:``.

    Raises
    ------
    NetworkError
        If WeasyPrint or Pango cannot be loaded (``error.report_pdf_unavailable``), or if none of the Korean
        fonts of :data:`FONT_FAMILIES` is installed (``error.report_font_missing``).

    Examples
    --------
    >>> try:
    ...     pdf = html_to_pdf("<p>월간 보고서</p>")
    ... except NetworkError:  # no WeasyPrint, Pango or Korean font here: the message says what to install
    ...     pdf = b"%PDF-"
    >>> pdf[:5]
    b'%PDF-'
    """
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as err:  # OSError: the Pango library is missing
        raise NetworkError("error.report_pdf_unavailable", detail=str(err) or type(err).__name__) from err

    class OfflineFetcher(URLFetcher):
        """Refuses every URL but ``data:`` (the documents refer to none; this keeps it so)."""

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
            if not url.lower().startswith("data:"):
                raise ValueError(f"not fetched, the document is made offline: {url}")
            return super().fetch(url, headers)

    document = weasyprint.HTML(string=html, url_fetcher=OfflineFetcher()).render()
    pdf = bytes(document.write_pdf())
    used = sorted({str(getattr(font, "family", "")) for font in getattr(document, "fonts", {}).values()})
    if used and not set(used) & set(FONT_FAMILIES[:-1]):
        raise NetworkError("error.report_font_missing", found=", ".join(used))
    return pdf


# ----------------------------------------------------------------------------
# the examples' data


def _example_data() -> Dataset:
    from network.dataset import load_dataset

    return load_dataset({
        "members": "회원번호,회사명,시도,시군구\nA1,가나정밀,서울,종로구\nB2,다라전자,부산,해운대구\n".encode(),
        "visits": ("방문번호,일자,프로그램,시군구,지역본부,참석기업,애로사항\n"
                   "V1,2025-03-04,간담회,서울 종로구,서울지역본부,A1;B2,자금;인력\n"
                   "V2,2025-04-02,방문상담,부산 해운대구,부산지역본부,B2,판로\n").encode()})


def _example() -> MonthlyReport:
    """The docstrings' report: March 2025 of :func:`_example_data`."""
    return monthly_report(_example_data(), "2025-03", today=dt.date(2026, 1, 1))


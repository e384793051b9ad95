"""The data model: the six tables, their columns and the Korean headers recognised on import.

Each table is a :class:`TableSpec`; each column a :class:`Column` with its
canonical English name, its kind (how cells are parsed), whether it is
required, and the header aliases that real Korean exports use.  Headers are
matched after :func:`normalize_header` (case, spaces, dots and brackets do not
matter), so ``회사명``, ``회 사 명`` and ``회사명(국문)`` all mean ``name``.

``members``, ``partnerships``, ``visits`` and ``offices`` hold the network and
the field programme; ``attendance`` (which member attended which visit) and
``difficulties`` (each difficulty raised at a visit, and by whom when known)
belong to the visits.  A visits file may give both as cells (``참석기업`` as a
``;`` list, ``애로사항`` as a ``;`` list of categories); they are moved into the
two tables on import (:attr:`Column.moves_to`).  People see a column under its
label, :func:`column_label`, never under its internal name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from network import texts
from network.texts import Language, Text

__all__ = [
    "ATTENDANCE",
    "Column",
    "ColumnKind",
    "DIFFICULTIES",
    "ISSUE_ALIASES",
    "ISSUE_CATEGORIES",
    "LOCATION_COLUMNS",
    "MEMBERS",
    "OFFICES",
    "ONE_FIRM_PROGRAMS",
    "PARTNERSHIPS",
    "PROGRAMS",
    "REGION_COLUMNS",
    "TABLES",
    "TableSpec",
    "VISITS",
    "column_label",
    "column_text",
    "header_lookup",
    "normalize_header",
    "table_label",
]

ColumnKind = Literal["id", "text", "int", "float", "date", "tags", "ids", "industry", "lat", "lon"]


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name
        Canonical English name used everywhere in the library.
    kind
        How cells are parsed: ``id`` (text kept exactly, leading zeros too),
        ``text``, ``int``, ``float``, ``date``, ``tags`` (semicolon list),
        ``ids`` (semicolon list of member ids), ``industry`` (KSIC code),
        ``lat`` / ``lon``.
    aliases
        Other header names recognised on import (Korean and English).
    required
        Whether the table is unusable without this column.
    moves_to
        The table this column's cells are moved into on import (``attendance`` or
        ``difficulties``); the validated table does not keep the column.
    """

    name: str
    kind: ColumnKind
    aliases: tuple[str, ...] = ()
    required: bool = False
    moves_to: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """One table of the data model.

    Parameters
    ----------
    name
        ``members``, ``partnerships``, ``visits``, ``offices``, ``attendance`` or ``difficulties``.
    key
        The column identifying a row (``member_id`` …), used in rejection reports.
    columns
        The columns, in output order.
    has_location
        Whether rows are placed by ``sido``/``sigungu``/``address``/``lat``/``lon``.
    """

    name: str
    key: str
    columns: tuple[Column, ...]
    has_location: bool

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def kept(self) -> tuple[str, ...]:
        """Names of the columns the validated table keeps (those not moved to another table)."""
        return tuple(c.name for c in self.columns if c.moves_to is None)


LOCATION_COLUMNS: tuple[Column, ...] = (
    Column("sido", "text", ("시도", "시·도", "광역시도", "시도명", "광역자치단체", "광역시·도", "province")),
    Column("sigungu", "text", ("시군구", "시·군·구", "시군구명", "기초자치단체", "시군", "시군명", "city", "district")),
    Column("address", "text", ("주소", "소재지", "도로명주소", "지번주소", "소재지도로명주소", "소재지지번주소",
                               "사업장주소", "본사주소", "소재지주소", "공장주소", "사업장소재지", "개최장소", "장소",
                               "addr")),
    Column("lat", "lat", ("위도", "latitude", "y좌표", "y")),
    Column("lon", "lon", ("경도", "longitude", "lng", "long", "x좌표", "x")),
)

#: Columns the importer adds to every located table (today's codes and names).
REGION_COLUMNS: tuple[str, ...] = ("sido_code", "sido", "sigungu_code", "sigungu")

MEMBERS = TableSpec(
    name="members",
    key="member_id",
    has_location=True,
    columns=(
        Column("member_id", "id", ("회원id", "회원번호", "회원사번호", "회원코드", "기업id", "기업코드", "업체id",
                                   "업체코드", "사업자등록번호", "사업자번호", "id"),
               required=True),
        Column("name", "text", ("회사명", "기업명", "업체명", "상호", "상호명", "회원사명", "법인명", "company",
                                "firm", "company_name"),
               required=True),
        Column("federation", "text", ("지역연합회", "연합회", "소속연합회", "연합회명")),
        Column("group", "text", ("교류회", "융합회", "교류회명", "소속교류회", "융합교류회", "exchange_group")),
        *LOCATION_COLUMNS,
        Column("industry", "industry", ("업종코드", "표준산업분류", "표준산업분류코드", "산업분류코드", "ksic",
                                        "ksic코드", "업종분류코드")),
        Column("industry_name", "text", ("업종", "업종명", "주업종", "산업분류명", "업태")),
        Column("employees", "int", ("종업원수", "종사자수", "상시근로자수", "직원수", "근로자수", "고용인원")),
        Column("revenue_krw", "float", ("매출액", "매출", "연매출", "연간매출액", "매출액원", "revenue")),
        Column("founded", "date", ("설립일", "설립연도", "설립일자", "설립년도", "창업일", "개업일", "founded_date")),
        Column("offers", "tags", ("제공", "제공가능", "제공분야", "보유역량", "보유기술", "강점", "offer")),
        Column("needs", "tags", ("필요", "필요분야", "수요", "희망분야", "협업희망분야", "need")),
        Column("joined", "date", ("가입일", "가입연도", "입회일", "가입일자", "joined_date")),
    ),
)

PARTNERSHIPS = TableSpec(
    name="partnerships",
    key="source_id",
    has_location=False,
    columns=(
        Column("source_id", "id", ("기업1", "회원1", "기업a", "회원a", "기업1id", "회원1id", "출발", "source",
                                   "from", "from_id", "회원id1"),
               required=True),
        Column("target_id", "id", ("기업2", "회원2", "기업b", "회원b", "기업2id", "회원2id", "도착", "target",
                                   "to", "to_id", "회원id2", "협력기업", "파트너"),
               required=True),
        Column("kind", "text", ("유형", "협력유형", "협업유형", "제휴유형", "종류", "type")),
        Column("started", "date", ("시작일", "협력시작일", "체결일", "시작연도", "협약일", "start", "start_date")),
        Column("weight", "float", ("가중치", "강도", "건수", "횟수")),
    ),
)

VISITS = TableSpec(
    name="visits",
    key="visit_id",
    has_location=True,
    columns=(
        Column("visit_id", "id", ("방문id", "방문번호", "행사id", "행사번호", "일련번호", "번호", "id"),
               required=True),
        Column("date", "date", ("일자", "날짜", "방문일", "방문일자", "개최일", "개최일자", "행사일", "visit_date"),
               required=True),
        Column("program", "text", ("프로그램", "사업", "사업명", "행사유형", "유형", "구분", "방문유형")),
        *LOCATION_COLUMNS,
        Column("office", "text", ("지역본부", "지부", "담당지부", "담당기관", "주관", "주관기관", "지부명", "office_id")),
        Column("member_ids", "ids", ("참석기업", "참석회원", "참석기업id", "참가기업", "참석회원id", "참석자id",
                                     "attendees"), moves_to="attendance"),
        Column("participants", "int", ("참석자수", "참가자수", "참석인원", "참가인원", "인원", "인원수")),
        Column("issues", "tags", ("애로사항", "애로유형", "애로사항분류", "건의분야", "difficulties"),
               moves_to="difficulties"),
    ),
)

OFFICES = TableSpec(
    name="offices",
    key="office_id",
    has_location=True,
    columns=(
        Column("office_id", "id", ("지부id", "지부코드", "기관코드", "코드", "id"),
               required=True),
        Column("name", "text", ("지부명", "기관명", "명칭", "이름", "지역본부", "지부"),
               required=True),
        *LOCATION_COLUMNS,
    ),
)

_VISIT_ID_ALIASES = ("방문id", "방문번호", "행사id", "행사번호", "visit")

ATTENDANCE = TableSpec(
    name="attendance",
    key="visit_id",
    has_location=False,
    columns=(
        Column("visit_id", "id", _VISIT_ID_ALIASES, required=True),
        Column("member_id", "id", ("회원번호", "회원id", "참석기업", "참석회원", "참석기업id", "참석회원id", "기업id",
                                   "기업코드", "사업자등록번호", "사업자번호", "member"), required=True),
    ),
)

DIFFICULTIES = TableSpec(
    name="difficulties",
    key="difficulty_id",
    has_location=False,
    columns=(
        Column("difficulty_id", "id", ("애로번호", "애로id", "애로사항번호", "접수번호", "id")),
        Column("visit_id", "id", _VISIT_ID_ALIASES, required=True),
        Column("member_id", "id", ("회원번호", "회원id", "기업id", "기업코드", "사업자등록번호", "사업자번호",
                                   "제기기업", "제기한회원id", "member")),
        Column("category", "text", ("애로유형", "애로분야", "분야", "유형", "분류", "애로사항분류")),
        Column("text", "text", ("애로내용", "내용", "애로사항", "상세내용", "건의내용", "애로사항내용")),
        Column("status", "text", ("처리상태", "진행상태", "처리결과", "상태", "status")),
        Column("resolved", "date", ("처리일", "해결일", "완료일", "종결일", "처리완료일", "resolved")),
    ),
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (MEMBERS, PARTNERSHIPS, VISITS, OFFICES, ATTENDANCE,
                                                            DIFFICULTIES)}

#: Difficulty categories (애로사항) and the other spellings mapped to them.
ISSUE_CATEGORIES: tuple[str, ...] = ("자금", "인력", "판로·수출", "기술", "규제", "원자재·물류", "경영일반")
ISSUE_ALIASES: dict[str, str] = {
    "자금": "자금", "금융": "자금", "정책자금": "자금", "투자": "자금", "자금조달": "자금",
    "인력": "인력", "인력확보": "인력", "인건비": "인력", "고용": "인력", "외국인력": "인력",
    "판로": "판로·수출", "수출": "판로·수출", "판로수출": "판로·수출", "판로·수출": "판로·수출",
    "판로/수출": "판로·수출", "내수부진": "판로·수출", "마케팅": "판로·수출", "환율": "판로·수출",
    "기술": "기술", "r&d": "기술", "기술개발": "기술", "인증": "기술",
    "규제": "규제", "법령": "규제", "인허가": "규제",
    "원자재": "원자재·물류", "물류": "원자재·물류", "원자재·물류": "원자재·물류", "원자재/물류": "원자재·물류",
    "원자재물류": "원자재·물류",
    "경영일반": "경영일반", "경영": "경영일반", "사업전환": "경영일반", "판매대금회수": "경영일반",
    "기타": "경영일반",
}

#: A difficulty's statuses, in the order of the work (접수 → 검토 → 조치중 → 해결, or 이관 / 종결), and the other
#: spellings a file may use (a difficulties file's 처리상태 column).
DIFFICULTY_STATUSES: tuple[str, ...] = ("접수", "검토", "조치중", "해결", "이관", "종결")
OPEN_STATUSES: tuple[str, ...] = ("접수", "검토", "조치중")
CLOSED_STATUSES: tuple[str, ...] = ("해결", "이관", "종결")
#: The status of an imported difficulty whose file gave none (history, not followed up).
IMPORTED_STATUS = "이력"
STATUS_ALIASES: dict[str, str] = {
    **{s: s for s in DIFFICULTY_STATUSES},
    "신규": "접수", "접수중": "접수", "미처리": "접수", "검토중": "검토", "처리중": "조치중", "진행중": "조치중",
    "조치": "조치중", "완료": "해결", "처리완료": "해결", "해결완료": "해결", "조치완료": "해결", "이관완료": "이관",
    "타기관이관": "이관", "처리불가": "종결", "해결불가": "종결", "종료": "종결",
    "open": "접수", "inprogress": "조치중", "solved": "해결", "resolved": "해결", "referred": "이관", "closed": "종결",
}

#: Programme types of the agency's field programme.
PROGRAMS: tuple[str, ...] = ("사업설명회", "간담회", "현장상담회", "방문상담")
#: Programmes that visit one firm: a difficulty raised there, when one member attended, is that member's.
ONE_FIRM_PROGRAMS: tuple[str, ...] = ("방문상담",)

_UNIT_SCALES = {"억원": 1e8, "백만원": 1e6, "천원": 1e3, "만원": 1e4, "원": 1.0}
_BRACKETS = re.compile(r"[\(\[（［](.*?)[\)\]）］]")
_DROP = re.compile(r"[\s·ㆍ・.\-_/:*#]+")


def normalize_header(header: object) -> tuple[str, float]:
    """Return a header in matching form, and the unit scale written in brackets.

    Matching ignores case, spaces, dots, middle dots, hyphens and underscores,
    and anything in brackets; a money unit in brackets (``매출액(백만원)``)
    becomes a scale factor to reach won.

    Examples
    --------
    >>> normalize_header(" 회사명 (국문) ")
    ('회사명', 1.0)
    >>> normalize_header("매출액(백만원)")
    ('매출액', 1000000.0)
    >>> normalize_header("Member_ID")
    ('memberid', 1.0)
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    scale = 1.0
    for inside in _BRACKETS.findall(text):
        unit = _DROP.sub("", inside)
        if unit in _UNIT_SCALES:
            scale = _UNIT_SCALES[unit]
    text = _BRACKETS.sub("", text)
    return _DROP.sub("", text), scale


def column_label(table: str, column: str, language: Language = "ko") -> str:
    """The label people see for ``column`` of ``table`` (never the internal name when a label exists).

    Examples
    --------
    >>> column_label("members", "name"), column_label("offices", "name"), column_label("visits", "date", "en")
    ('회사명', '지부명', 'Date')
    """
    return column_text(table, column).get(texts.check_language(language))


def column_text(table: str, column: str) -> Text:
    """The :class:`network.texts.Text` label of ``column`` of ``table`` (both languages).

    Examples
    --------
    >>> column_text("members", "member_id")
    Text(ko='회원 ID', en='Member ID')
    """
    for key in (f"column.{table}.{column}", f"column.{column}"):
        if key in texts.LIBRARY:
            return texts.LIBRARY.text(key)
    return Text(ko=column, en=column)


def table_label(table: str, language: Language = "ko") -> str:
    """The name people see for ``table``.

    Examples
    --------
    >>> table_label("members"), table_label("difficulties", "en")
    ('회원사', 'Difficulties')
    """
    return texts.t(f"table.{table}", language)


def header_lookup(spec: TableSpec) -> dict[str, str]:
    """Return ``{normalised header: canonical column}`` for a table.

    Examples
    --------
    >>> header_lookup(MEMBERS)["업체명"]
    'name'
    >>> header_lookup(MEMBERS)["memberid"]
    'member_id'
    """
    lookup: dict[str, str] = {}
    for col in spec.columns:
        for alias in (col.name, *col.aliases):
            lookup.setdefault(normalize_header(alias)[0], col.name)
    return lookup

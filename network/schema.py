"""The data model: the four tables, their columns and the Korean headers recognised on import.

Each table is a :class:`TableSpec`; each column a :class:`Column` with its
canonical English name, its kind (how cells are parsed), whether it is
required, and the header aliases that real Korean exports use.  Headers are
matched after :func:`normalize_header` (case, spaces, dots and brackets do not
matter), so ``회사명``, ``회 사 명`` and ``회사명(국문)`` all mean ``name``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

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
    label_ko, label_en
        Short labels for people.
    """

    name: str
    kind: ColumnKind
    aliases: tuple[str, ...] = ()
    required: bool = False
    label_ko: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class TableSpec:
    """One table of the data model.

    Parameters
    ----------
    name
        ``members``, ``partnerships``, ``visits`` or ``offices``.
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
    label_ko: str
    label_en: str

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


LOCATION_COLUMNS: tuple[Column, ...] = (
    Column("sido", "text", ("시도", "시·도", "광역시도", "시도명", "광역자치단체", "광역시·도", "province"),
           label_ko="시도", label_en="Province"),
    Column("sigungu", "text", ("시군구", "시·군·구", "시군구명", "기초자치단체", "시군", "city", "district"),
           label_ko="시군구", label_en="District"),
    Column("address", "text", ("주소", "소재지", "도로명주소", "지번주소", "사업장주소", "본사주소",
                               "소재지주소", "공장주소", "사업장소재지", "개최장소", "장소", "addr"),
           label_ko="주소", label_en="Address"),
    Column("lat", "lat", ("위도", "latitude", "y좌표", "y"), label_ko="위도", label_en="Latitude"),
    Column("lon", "lon", ("경도", "longitude", "lng", "long", "x좌표", "x"), label_ko="경도", label_en="Longitude"),
)

#: Columns the importer adds to every located table (today's codes and names).
REGION_COLUMNS: tuple[str, ...] = ("sido_code", "sido", "sigungu_code", "sigungu")

MEMBERS = TableSpec(
    name="members",
    key="member_id",
    has_location=True,
    label_ko="회원사",
    label_en="Members",
    columns=(
        Column("member_id", "id", ("회원id", "회원번호", "회원사번호", "회원코드", "기업id", "기업코드", "업체id",
                                   "업체코드", "사업자등록번호", "사업자번호", "id"),
               required=True, label_ko="회원 ID", label_en="Member ID"),
        Column("name", "text", ("회사명", "기업명", "업체명", "상호", "상호명", "회원사명", "법인명", "company",
                                "firm", "company_name"),
               required=True, label_ko="회사명", label_en="Name"),
        Column("federation", "text", ("지역연합회", "연합회", "소속연합회", "연합회명"),
               label_ko="지역연합회", label_en="Federation"),
        Column("group", "text", ("교류회", "융합회", "교류회명", "소속교류회", "융합교류회", "exchange_group"),
               label_ko="교류회", label_en="Exchange group"),
        *LOCATION_COLUMNS,
        Column("industry", "industry", ("업종코드", "표준산업분류", "표준산업분류코드", "산업분류코드", "ksic",
                                        "ksic코드", "업종분류코드"),
               label_ko="업종코드", label_en="KSIC code"),
        Column("industry_name", "text", ("업종", "업종명", "주업종", "산업분류명", "업태"),
               label_ko="업종", label_en="Industry"),
        Column("employees", "int", ("종업원수", "종사자수", "상시근로자수", "직원수", "근로자수", "고용인원"),
               label_ko="종업원수", label_en="Employees"),
        Column("revenue_krw", "float", ("매출액", "매출", "연매출", "연간매출액", "매출액원", "revenue"),
               label_ko="매출액(원)", label_en="Revenue (KRW)"),
        Column("founded", "date", ("설립일", "설립연도", "설립일자", "설립년도", "창업일", "개업일", "founded_date"),
               label_ko="설립일", label_en="Founded"),
        Column("offers", "tags", ("제공", "제공가능", "제공분야", "보유역량", "보유기술", "강점", "offer"),
               label_ko="제공 가능", label_en="Offers"),
        Column("needs", "tags", ("필요", "필요분야", "수요", "희망분야", "협업희망분야", "need"),
               label_ko="필요", label_en="Needs"),
        Column("joined", "date", ("가입일", "가입연도", "입회일", "가입일자", "joined_date"),
               label_ko="가입일", label_en="Joined"),
    ),
)

PARTNERSHIPS = TableSpec(
    name="partnerships",
    key="source_id",
    has_location=False,
    label_ko="협력 관계",
    label_en="Partnerships",
    columns=(
        Column("source_id", "id", ("기업1", "회원1", "기업a", "회원a", "기업1id", "회원1id", "출발", "source",
                                   "from", "from_id", "회원id1"),
               required=True, label_ko="회원 1", label_en="Member 1"),
        Column("target_id", "id", ("기업2", "회원2", "기업b", "회원b", "기업2id", "회원2id", "도착", "target",
                                   "to", "to_id", "회원id2", "협력기업", "파트너"),
               required=True, label_ko="회원 2", label_en="Member 2"),
        Column("kind", "text", ("유형", "협력유형", "협업유형", "제휴유형", "종류", "type"),
               label_ko="유형", label_en="Kind"),
        Column("started", "date", ("시작일", "협력시작일", "체결일", "시작연도", "협약일", "start", "start_date"),
               label_ko="시작일", label_en="Started"),
        Column("weight", "float", ("가중치", "강도", "건수", "횟수"), label_ko="가중치", label_en="Weight"),
    ),
)

VISITS = TableSpec(
    name="visits",
    key="visit_id",
    has_location=True,
    label_ko="방문",
    label_en="Visits",
    columns=(
        Column("visit_id", "id", ("방문id", "방문번호", "행사id", "행사번호", "일련번호", "번호", "id"),
               required=True, label_ko="방문 ID", label_en="Visit ID"),
        Column("date", "date", ("일자", "날짜", "방문일", "방문일자", "개최일", "개최일자", "행사일", "visit_date"),
               required=True, label_ko="일자", label_en="Date"),
        Column("program", "text", ("프로그램", "사업", "사업명", "행사유형", "유형", "구분", "방문유형"),
               label_ko="프로그램", label_en="Programme"),
        *LOCATION_COLUMNS,
        Column("office", "text", ("지역본부", "지부", "담당지부", "담당기관", "주관", "주관기관", "지부명", "office_id"),
               label_ko="지부", label_en="Office"),
        Column("member_ids", "ids", ("참석기업", "참석회원", "참석기업id", "참가기업", "참석회원id", "참석자id",
                                     "attendees"),
               label_ko="참석 회원", label_en="Attending members"),
        Column("participants", "int", ("참석자수", "참가자수", "참석인원", "참가인원", "인원", "인원수"),
               label_ko="참석자 수", label_en="Participants"),
        Column("issues", "tags", ("애로사항", "애로유형", "애로사항분류", "건의분야", "difficulties"),
               label_ko="애로사항", label_en="Difficulties"),
    ),
)

OFFICES = TableSpec(
    name="offices",
    key="office_id",
    has_location=True,
    label_ko="지부",
    label_en="Offices",
    columns=(
        Column("office_id", "id", ("지부id", "지부코드", "기관코드", "코드", "id"),
               required=True, label_ko="지부 ID", label_en="Office ID"),
        Column("name", "text", ("지부명", "기관명", "명칭", "이름", "지역본부", "지부"),
               required=True, label_ko="지부명", label_en="Name"),
        *LOCATION_COLUMNS,
    ),
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (MEMBERS, PARTNERSHIPS, VISITS, OFFICES)}

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

#: Programme types of the agency's field programme.
PROGRAMS: tuple[str, ...] = ("사업설명회", "간담회", "현장상담회", "방문상담")

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

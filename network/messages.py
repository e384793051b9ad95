"""Texts of every problem the library reports, in Korean and English.

All user-facing messages of the library live here, keyed by a short code, so
that the app can show them in either language and tests can refer to codes.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["ko", "en"]

#: code -> (Korean, English). Placeholders are filled with ``str.format``;
#: ``{value}`` is the offending cell value.
MESSAGES: dict[str, tuple[str, str]] = {
    # whole files
    "file_not_found": ("파일을 찾을 수 없습니다", "File not found"),
    "empty_file": ("파일이 비어 있습니다", "The file is empty"),
    "unreadable_file": (
        "파일을 읽을 수 없습니다 (CSV 또는 XLSX인지 확인하세요): {detail}",
        "Cannot read the file (is it CSV or XLSX?): {detail}",
    ),
    "unknown_encoding": (
        "문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949/EUC-KR로 저장하세요)",
        "Unknown text encoding (save as UTF-8 or CP949/EUC-KR)",
    ),
    "sheet_not_found": (
        "시트 '{sheet}'가 없습니다. 있는 시트: {sheets}",
        "No sheet '{sheet}'. Sheets in the file: {sheets}",
    ),
    "no_header": (
        "머리글 행을 찾지 못했습니다. 필요한 열: {expected}",
        "No header row found. Expected columns: {expected}",
    ),
    "missing_column": (
        "필수 열 '{column}'이(가) 없습니다 (인식하는 이름: {aliases})",
        "Required column '{column}' is missing (recognised names: {aliases})",
    ),
    "missing_location": (
        "위치 열이 없습니다 (시도·시군구, 주소 또는 위도·경도 중 하나가 필요합니다)",
        "No location columns (give sido and sigungu, an address, or lat/lon)",
    ),
    "unknown_column": (
        "알 수 없는 열이라 그대로 둡니다",
        "Unrecognised column, kept as it is",
    ),
    "duplicate_column": (
        "같은 뜻의 열이 두 번 있습니다 ('{other}'); 첫 번째 열을 사용합니다",
        "Two columns mean the same ('{other}'); the first one is used",
    ),
    "unknown_table": ("알 수 없는 표 이름입니다: {value}", "Unknown table: {value}"),
    # values
    "missing_value": ("값이 비어 있습니다", "The value is empty"),
    "duplicate_id": (
        "중복된 ID입니다 (처음 나온 행: {first_row})",
        "Duplicate ID (first seen in row {first_row})",
    ),
    "bad_number": ("숫자가 아닙니다: {value}", "Not a number: {value}"),
    "negative_number": ("음수일 수 없습니다: {value}", "Cannot be negative: {value}"),
    "not_positive": ("0보다 커야 합니다: {value}", "Must be greater than 0: {value}"),
    "not_integer": ("정수여야 합니다: {value}", "Must be a whole number: {value}"),
    "bad_date": (
        "날짜를 읽을 수 없습니다: {value} (예: 2024-10-23, 2024.10.23, 20241023, 2024년 10월 23일)",
        "Cannot read the date: {value} (e.g. 2024-10-23, 2024.10.23, 20241023)",
    ),
    "date_out_of_range": (
        "날짜가 범위를 벗어났습니다: {value} (1900–2100)",
        "Date out of range: {value} (1900–2100)",
    ),
    "bad_industry": (
        "업종코드(KSIC)는 2–5자리 숫자여야 합니다: {value}",
        "Industry code (KSIC) must be 2–5 digits: {value}",
    ),
    "unknown_industry": (
        "알 수 없는 KSIC 중분류입니다: {value}",
        "Unknown KSIC division: {value}",
    ),
    "unknown_issue_category": (
        "알 수 없는 애로사항 분류라 그대로 둡니다: {value} (분류: {allowed})",
        "Unknown difficulty category, kept as given: {value} (categories: {allowed})",
    ),
    # coordinates
    "coordinates_outside_korea": (
        "좌표가 대한민국 밖입니다: 위도 {lat}, 경도 {lon}",
        "Coordinates are outside Korea: lat {lat}, lon {lon}",
    ),
    "coordinates_swapped": (
        "위도와 경도가 바뀌어 있어 바로잡았습니다: 위도 {lat}, 경도 {lon}",
        "Latitude and longitude were swapped and have been corrected: lat {lat}, lon {lon}",
    ),
    "coordinates_incomplete": (
        "위도와 경도는 함께 있어야 합니다",
        "Latitude and longitude must be given together",
    ),
    "coordinates_region_mismatch": (
        "좌표는 {found}에 있지만 입력한 지역은 {given}입니다; 입력한 지역을 사용합니다",
        "The coordinates lie in {found} but the row says {given}; the row's region is used",
    ),
    "point_not_in_region": (
        "좌표가 어느 시군구에도 속하지 않습니다 (바다 위?)",
        "The coordinates are not inside any 시군구 (at sea?)",
    ),
    # regions
    "unknown_region": ("알 수 없는 지역입니다: {value}", "Unknown region: {value}"),
    "unknown_region_suggest": (
        "알 수 없는 지역입니다: {value} — '{suggestion}'을(를) 뜻하셨나요?",
        "Unknown region: {value} — did you mean '{suggestion}'?",
    ),
    "ambiguous_region": (
        "지역이 모호합니다: {value} (후보: {candidates}); 시도를 함께 적어 주세요",
        "Ambiguous region: {value} (could be {candidates}); add the 시도",
    ),
    "sido_only": (
        "시도까지만 알 수 있습니다: {value}",
        "Only the 시도 could be determined: {value}",
    ),
    "city_only": (
        "구까지는 알 수 없어 시 단위로 둡니다: {value}",
        "The 구 is unknown, so the city is used: {value}",
    ),
    "region_mismatch": (
        "시도와 시군구가 맞지 않습니다: {value}",
        "The 시도 and 시군구 do not match: {value}",
    ),
    "region_split": (
        "'{value}'은(는) 나뉘었습니다 ({candidates}); 주소나 좌표로 정합니다",
        "'{value}' was split ({candidates}); the address or coordinates decide",
    ),
    "no_location": (
        "위치가 없습니다 (시도·시군구, 주소, 좌표가 모두 비어 있음)",
        "No location (sido/sigungu, address and coordinates are all empty)",
    ),
    "region_from_address": (
        "시도·시군구 대신 주소에서 지역을 찾았습니다",
        "The region was taken from the address instead of the sido/sigungu columns",
    ),
    "region_from_coordinates": (
        "지역을 좌표로 정했습니다",
        "The region was determined from the coordinates",
    ),
    "old_region_name": (
        "옛 지역명·코드를 현재 지역으로 바꿨습니다: {value} → {current}",
        "Old region name or code mapped to today's: {value} → {current}",
    ),
    # references between tables
    "self_partnership": ("자기 자신과의 협력 관계입니다", "A partnership of a member with itself"),
    "unknown_member": (
        "회원 목록에 없는 회원입니다: {value}",
        "Not in the members table: {value}",
    ),
    "rejected_member": (
        "회원 목록에서 거부된 회원입니다: {value} (회원 파일 {member_row}행)",
        "This member was rejected in the members file: {value} (row {member_row})",
    ),
    "duplicate_partnership": (
        "같은 두 회원의 협력 관계가 이미 있어 합쳤습니다 (행 {first_row}); 가중치를 더하고 가장 이른 시작일을 씁니다",
        "The same pair already appears (row {first_row}); merged: weights added, earliest start kept",
    ),
    "unknown_attendee": (
        "회원 목록에 없는 참석 회원이라 뺐습니다: {value}",
        "Attendee not in the members table, dropped: {value}",
    ),
    "participants_below_attendees": (
        "참석자 수({value})가 참석 회원 수({attendees})보다 적어 참석 회원 수로 바꿨습니다",
        "Participants ({value}) fewer than listed attendees ({attendees}); set to {attendees}",
    ),
    "unknown_office": (
        "지부 목록에 없는 지부입니다: {value}",
        "Not in the offices table: {value}",
    ),
}


def render(code: str, language: Language = "ko", /, **params: object) -> str:
    """Return the message for ``code`` in ``language`` with ``params`` filled in.

    Unknown placeholders are left visible rather than raising, so a message
    can never hide the problem it reports.

    Examples
    --------
    >>> render("bad_number", "en", value="12a")
    'Not a number: 12a'
    >>> render("bad_number", "ko", value="12a")
    '숫자가 아닙니다: 12a'
    """
    if language not in ("ko", "en"):
        raise ValueError(f"language was {language!r} but is expected to be in ['ko', 'en']")
    ko, en = MESSAGES[code]
    template = ko if language == "ko" else en
    return template.format_map(_Missing(params))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"

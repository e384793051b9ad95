"""Every string the app shows, in Korean (default) and English, in one place."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("지역 협업 네트워크 탐색기", "Regional Collaboration Network Explorer"),
    "app_caption": (
        "중소기업융합중앙회 회원사 협업 네트워크와 찾아가는 현장 소통 현황",
        "SME federation partnerships and the agency's field programme",
    ),
    "language_toggle": ("English", "English"),
    "page_overview": ("개요", "Overview"),
    "page_data": ("데이터", "Data"),
    "data_source": ("데이터", "Data"),
    "source_sample": ("샘플 데이터 (가상의 회원사 7,000곳)", "Sample data (7,000 fictitious members)"),
    "source_upload": ("업로드한 데이터", "Uploaded data"),
    "loading": ("데이터를 불러오는 중…", "Loading the data…"),
    # overview
    "kpi_members": ("회원사", "Members"),
    "kpi_federations": ("지역연합회", "Federations"),
    "kpi_groups": ("교류회", "Exchange groups"),
    "kpi_partnerships": ("협력 관계", "Partnerships"),
    "kpi_visits": ("방문·행사", "Visits"),
    "kpi_sigungu_reached": ("방문한 시군구", "시군구 reached"),
    "kpi_members_visited": ("방문한 회원사", "Members visited"),
    "members_by_federation": ("연합회별 회원사", "Members per federation"),
    "members_by_sido": ("시도별 회원사", "Members per 시도"),
    "map_caption": (
        "지도는 인터넷 없이 그려집니다 (배경지도 없음). 시도에 마우스를 올리면 숫자가 보입니다.",
        "The map draws without internet (no basemap). Hover over a 시도 to see its numbers.",
    ),
    "col_federation": ("지역연합회", "Federation"),
    "col_members": ("회원사", "Members"),
    "col_groups": ("교류회", "Groups"),
    "col_members_per_group": ("교류회당 회원사", "Members per group"),
    "col_sido": ("시도", "시도"),
    "col_sido_code": ("시도 코드", "시도 code"),
    "col_share": ("비율", "Share"),
    "no_members": (
        "회원사 데이터가 없습니다. 데이터 페이지에서 파일을 올리거나 샘플로 돌아가세요.",
        "There are no members. Upload files on the Data page or go back to the sample.",
    ),
    "download_csv": ("CSV 내려받기", "Download CSV"),
    "download_xlsx": ("XLSX 내려받기", "Download XLSX"),
    # data page
    "data_intro": (
        "회원사·협력 관계·방문·지부 파일(CSV 또는 XLSX)을 올리면 검사 결과를 보여 줍니다. "
        "한글 머리글(회사명, 시군구, 종업원수 …)과 CP949/UTF-8 CSV를 모두 읽습니다. "
        "문제가 있는 행은 빼고, 그 목록을 내려받을 수 있습니다.",
        "Upload members, partnerships, visits or offices files (CSV or XLSX) to check them. Korean headers "
        "and CP949/UTF-8 CSV are read. Rows with problems are set aside and can be downloaded.",
    ),
    "upload_members": ("회원사 파일", "Members file"),
    "upload_partnerships": ("협력 관계 파일", "Partnerships file"),
    "upload_visits": ("방문 파일", "Visits file"),
    "upload_offices": ("지부 파일", "Offices file"),
    "sheet_name": ("XLSX 시트 이름 (비우면 첫 시트)", "XLSX sheet name (empty: first sheet)"),
    "report_title": ("검사 결과", "Validation report"),
    "col_table": ("표", "Table"),
    "col_file": ("파일", "File"),
    "col_read": ("읽은 행", "Rows read"),
    "col_valid": ("사용 행", "Valid rows"),
    "col_rejected": ("거부 행", "Rejected rows"),
    "col_row": ("행", "Row"),
    "col_column": ("열", "Column"),
    "col_value": ("값", "Value"),
    "col_severity": ("구분", "Severity"),
    "col_code": ("코드", "Code"),
    "col_message": ("내용", "Message"),
    "file_errors": ("읽지 못한 파일", "Files that could not be read"),
    "problems_title": ("문제 목록", "Problems"),
    "show_severity": ("보기", "Show"),
    "severity_all": ("모두", "All"),
    "severity_error": ("오류만", "Errors only"),
    "severity_warning": ("경고만", "Warnings only"),
    "no_problems": ("문제가 없습니다.", "No problems found."),
    "download_problems": ("문제 목록 CSV", "Problems CSV"),
    "download_rejected": ("거부된 행 CSV: {table}", "Rejected rows CSV: {table}"),
    "use_upload": ("올린 데이터 사용하기", "Use the uploaded data"),
    "use_upload_needs_members": (
        "올린 데이터를 쓰려면 회원사 파일이 필요합니다.",
        "A members file is needed to use uploaded data.",
    ),
    "now_using_upload": ("이제 올린 데이터를 사용합니다.", "Now using the uploaded data."),
    "back_to_sample": ("샘플 데이터로 돌아가기", "Back to the sample data"),
    "now_using_sample": ("샘플 데이터를 사용합니다.", "Using the sample data."),
    "current_data": ("지금 사용하는 데이터", "Data in use"),
    "choose_table": ("표 선택", "Table"),
    "rows_shown": ("{shown:,}행 표시 (전체 {total:,}행 — 전체는 내려받기로)",
                   "{shown:,} rows shown (of {total:,} — download for all)"),
    "table_members": ("회원사", "Members"),
    "table_partnerships": ("협력 관계", "Partnerships"),
    "table_visits": ("방문", "Visits"),
    "table_offices": ("지부", "Offices"),
    "unexpected_error": (
        "처리하지 못한 문제가 생겼습니다. 파일을 확인하고 다시 시도해 주세요.",
        "Something went wrong. Check the file and try again.",
    ),
}


def text(key: str, language: str = "ko", **params: object) -> str:
    """Return the UI string ``key`` in ``language`` (``ko`` or ``en``), formatted with ``params``."""
    ko, en = TEXTS[key]
    template = en if language == "en" else ko
    return template.format(**params) if params else template

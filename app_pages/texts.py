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
    # recommendations
    "page_recommend": ("협업 추천", "Recommendations"),
    "rec_intro": (
        "회원사를 고르면 함께 일할 만한 회원사를 이유와 함께 추천합니다. 이유는 데이터로 확인할 수 있습니다: "
        "공통 협력사, 업종 궁합(기존 협력 건수), 제공↔필요 태그, 거리, 같은 교류회.",
        "Pick a member to see suggested partners with reasons you can check in the data: shared partners, "
        "industry fit (existing partnerships), offers ↔ needs, distance, same 교류회.",
    ),
    "rec_member": ("회원사 (이름이나 ID로 찾기)", "Member (search by name or id)"),
    "rec_top": ("추천 수", "Suggestions"),
    "rec_scope": ("후보 범위", "Candidates from"),
    "scope_group": ("같은 교류회", "Same 교류회"),
    "scope_federation": ("같은 연합회", "Same federation"),
    "scope_sido": ("같은 시도", "Same 시도"),
    "scope_all": ("전체", "Anywhere"),
    "rec_max_km": ("최대 거리 km (0 = 제한 없음)", "Max distance km (0 = no limit)"),
    "rec_weights": ("신호 가중치 (과거 데이터로 맞춘 값이 기본값)", "Signal weights (defaults fitted on past data)"),
    "rec_reset_weights": ("기본값으로", "Reset to defaults"),
    "rec_for_member": ("{name}에 대한 추천", "Suggestions for {name}"),
    "rec_none": ("이 조건으로는 추천할 후보가 없습니다. 범위나 거리를 넓혀 보세요.",
                 "No candidates under these settings. Widen the scope or the distance."),
    "rec_breakdown": ("점수 구성 (신호별 기여)", "Score breakdown (contribution per signal)"),
    "rec_map": ("회원사(빨강)와 추천 회원사(파랑)", "The member (red) and its suggestions (blue)"),
    "rec_all": ("전체 회원사 추천표", "Suggestions for all members"),
    "rec_all_caption": (
        "한 회사가 너무 많은 목록에 나오지 않도록 한 회사는 최대 {cap}번까지만 추천합니다.",
        "A firm is suggested at most {cap} times across all lists, so a few hubs are not suggested to everyone.",
    ),
    "rec_filter_federation": ("연합회", "Federation"),
    "rec_filter_sido": ("시도", "시도"),
    "rec_filter_industry": ("업종(KSIC 중분류)", "Industry (KSIC division)"),
    "rec_all_option": ("전체", "All"),
    "rec_backtest": ("지난 추천은 얼마나 맞았나", "How good were past suggestions"),
    "rec_backtest_cutoff": ("기준일 (이후 시작된 협력을 숨김)", "Cut-off (partnerships started after it are hidden)"),
    "rec_backtest_chart": ("방법별 precision@k", "precision@k by method"),
    "rec_backtest_error": ("검증할 수 없습니다: {error}", "Cannot back-test: {error}"),
    "col_rank": ("순위", "Rank"),
    "col_candidate": ("추천 회원사", "Suggested member"),
    "col_score": ("점수", "Score"),
    "col_km": ("거리(km)", "km"),
    "col_reasons": ("추천 이유", "Reasons"),
    "col_method": ("방법", "Method"),
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

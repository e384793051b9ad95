"""Smoke tests of the Streamlit app (``app.py`` + ``app_pages/``) with ``streamlit.testing.v1.AppTest``.

Every page runs without an exception; widgets are driven by key.  The data page
builds an XLSX of the shown table on every run (seconds for the 7,000 members),
so tests that do not need the members preview start on the 34-row offices table.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.texts import APP as TEXTS
from network import fieldwork, planner
from network.dataset import load_dataset
from network.recommend import SIGNALS
from tests.test_app_access import shown

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"  # AppTest resolves relative paths against this test file, so pass it absolute
SAMPLE = REPO / "data" / "sample"
DATA_PAGE = "app_pages/data.py"
OVERVIEW_PAGE = "app_pages/overview.py"
TIMEOUT = 60

# A members file as Korean Excel saves it: Korean headers, CP949, and rows with problems.
MEMBERS_CP949 = "\r\n".join([
    "회원번호,회사명,지역연합회,교류회,시도,시군구,업종코드,종업원수",
    "012-34-56789,가나정밀,경기,수원1교류회,경기도,수원시 영통구,25,12",      # 2: valid
    "000-11-22222,다라전자,서울,서울1교류회,서울,강남구,26,30",               # 3: valid
    "000-11-33333,마바화학,인천·부천·김포,인천1교류회,인천광역시,남구,20,5",  # 4: old name 남구 (warning, kept)
    "000-11-44444,사아기계,서울,서울1교류회,서울,갱남구,29,7",               # 5: typo in the 구 (rejected)
    "000-11-22222,중복,서울,서울1교류회,서울,종로구,25,3",                    # 6: duplicate id (rejected)
    "000-11-55555,자차금속,경기,수원1교류회,경기도,수원시 장안구,25,-4",      # 7: negative employees (rejected)
    "",
]).encode("cp949")
UPLOAD_READ, UPLOAD_VALID, UPLOAD_REJECTED = 6, 3, 3
UPLOAD_ERRORS, UPLOAD_WARNINGS = 3, 1


def save_button(at):
    """The data page's save button (its key names the version the upload was checked against)."""
    found = [b for b in at.button if (b.key or "").startswith("data_save_")]
    assert len(found) == 1, [b.key for b in at.button]
    return found[0]


def text(key: str, **params: object) -> str:
    """A text as the app shows it in Korean (its values escaped for Markdown, as ``t`` in the app does)."""
    return TEXTS.markdown(key, "ko", **params)


SEVERITY, ROW = text("col_severity"), text("col_row")  # column headers of the problem table (Korean)


@pytest.fixture(autouse=True)
def fresh_workspace(app_workspace):
    """Each test runs the app on its own copy of the sample workspace (see ``app_workspace`` in conftest)."""
    return app_workspace


@pytest.fixture(scope="module")
def expected_numbers() -> dict[str, str]:
    """The sample's headline numbers, counted from the raw files (the sample has no rejected rows)."""
    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(SAMPLE / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)

    members, partnerships, visits = read("members"), read("partnerships"), read("visits")
    return {
        "members": f"{len(members):,}",
        "federations": f"{members['federation'].nunique():,}",
        "groups": f"{members['group'].nunique():,}",
        "partnerships": f"{len(partnerships):,}",
        "visits": f"{len(visits):,}",
        "sigungu_reached": f"{len(visits[['sido', 'sigungu']].drop_duplicates()):,}",
    }


def signed_in(at: AppTest, role: str = "admin", *, federation: str | None = None, username: str | None = None
              ) -> AppTest:
    """``at`` with a user of ``role`` signed in: the account is made in the test's workspace (single sign-on only,
    so no password hashing) and the session holds it, as the sign-in page leaves it."""
    import time

    from app_pages.common import LAST_SEEN_KEY, USER_KEY
    from network.config import load_settings
    from network.store import Workspace

    name = username or f"{role}-user"
    with Workspace(load_settings().workspace_url) as workspace:
        user = workspace.accounts.add(name, role, federation=federation, email=f"{name}@example.com")
    at.session_state[USER_KEY] = user
    at.session_state[LAST_SEEN_KEY] = time.time()
    return at


def _app(*, table: str | None = None, role: str | None = "admin") -> AppTest:
    """The app; by default an administrator is signed in (``role=None``: nobody, demo mode on the sample)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if table is not None:
        at.session_state["data_table"] = table
    return signed_in(at, role) if role is not None else at


def _data_page(*, table: str | None = "offices") -> AppTest:
    at = _app(table=table)
    at.switch_page(DATA_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _keys(widgets) -> list[str]:
    return [w.key for w in widgets]


def _upload(at: AppTest, data: bytes, name: str = "회원.csv", mime: str = "text/csv") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime)).run()  # the members uploader (its key changes after a save)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame_with(at: AppTest, column: str) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(frames) == 1, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


# ----------------------------------------------------------------------------
# overview


def test_overview_page(expected_numbers):
    at = _app().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert [t.value for t in at.title] == ["지역 협업 네트워크 탐색기"]
    assert _metrics(at) == {
        "회원사": "7,000",
        "지역연합회": expected_numbers["federations"],
        "교류회": expected_numbers["groups"],
        "협력 관계": expected_numbers["partnerships"],
        "방문·행사": expected_numbers["visits"],
        "방문한 시군구": expected_numbers["sigungu_reached"],
    }
    assert expected_numbers["members"] == "7,000"
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.json)
    assert [layer["@@type"] for layer in spec["layers"]] == ["GeoJsonLayer", "LineLayer"]  # the regions, their outlines
    assert "carto" not in charts[0].proto.json.lower()
    assert "http" not in charts[0].proto.json.lower()
    assert {"overview_fed_csv", "overview_fed_xlsx", "overview_sido_csv", "overview_sido_xlsx"} <= set(
        _keys(at.download_button))
    by_fed = _frame_with(at, "교류회당 회원사")
    assert len(by_fed) == int(expected_numbers["federations"])
    assert by_fed["회원사"].sum() == 7000
    by_sido = _frame_with(at, "시도 코드")
    assert by_sido["회원사"].sum() == 7000
    assert by_sido["비율"].sum() == pytest.approx(1.0, abs=1e-3)


def test_english_toggle():
    at = _app().run()
    assert at.toggle(key="ui_english").value is False
    at.toggle(key="ui_english").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Regional Collaboration Network Explorer"]
    assert _metrics(at)["Members"] == "7,000"
    assert "Sample data (7,000 fictitious members)" in [c.value for c in at.sidebar.caption][0]
    assert at.query_params["lang"] == "en"  # a reload or a shared link keeps English
    at.toggle(key="ui_english").set_value(False).run()
    assert [t.value for t in at.title] == ["지역 협업 네트워크 탐색기"]
    assert "lang" not in at.query_params


def test_the_server_warms_up_the_other_pages_once():
    import sys

    from app_pages.common import WARM_MODULES, warm_up_server

    thread = warm_up_server()
    assert warm_up_server() is thread  # once per server
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert set(WARM_MODULES) <= set(sys.modules)


def test_the_address_chooses_the_language():
    at = _app()
    at.query_params["lang"] = "en"
    at.run()
    assert at.toggle(key="ui_english").value is True
    assert [t.value for t in at.title] == ["Regional Collaboration Network Explorer"]


# ----------------------------------------------------------------------------
# data page


def test_data_page_shows_members_and_every_table():
    at = _data_page(table=None)
    assert [t.value for t in at.title] == ["데이터"]
    assert not at.error
    assert _keys(at.file_uploader) == [*(f"data_file_{t}" for t in ("members", "partnerships", "visits", "offices",
                                                                      "attendance", "difficulties")),
                                       "data_boundaries_0"]  # the map boundary file (tests/test_app_boundaries.py)
    assert at.segmented_control(key="data_table").value == "members"
    preview = _frame_with(at, "회원 ID")
    assert len(preview) == 1000  # first 1,000 of 7,000 rows
    assert "source_row" not in preview.columns
    assert preview["회원 ID"].str.fullmatch(r"\d{3}-\d{2}-\d{5}").all()
    assert any("7,000" in c.value for c in at.caption)
    assert {"data_download_members_csv", "data_download_members_xlsx"} <= set(_keys(at.download_button))

    expected = {"partnerships": ("회원 1", 1000), "visits": ("일자", 1000), "offices": ("지부 ID", 34),
                "attendance": ("참석 회원 ID", 1000), "difficulties": ("애로유형", 1000), "members": ("회원 ID", 1000)}
    for table, (column, rows) in expected.items():
        at.segmented_control(key="data_table").set_value(table).run()
        assert not at.exception, (table, [e.value for e in at.exception])
        assert len(_frame_with(at, column)) == rows, table
        assert {f"data_download_{table}_csv", f"data_download_{table}_xlsx"} <= set(_keys(at.download_button))


def test_upload_cp949_with_bad_rows():
    at = _upload(_data_page(), MEMBERS_CP949)
    assert not at.error  # a readable file: its problems are listed, not raised
    assert "검사 결과" in [s.value for s in at.subheader]

    report = _frame_with(at, "거부 행")
    assert report.to_dict("records")[0] == {"표": "회원사", "파일": "회원.csv", "읽은 행": UPLOAD_READ,
                                             "사용 행": UPLOAD_VALID, "거부 행": UPLOAD_REJECTED}
    # nothing of the sample is kept: the new version would hold only this file (never fictional visits)
    assert report["표"].tolist() == ["회원사"]
    assert text("data_sample_not_kept") in [c.value for c in at.caption]
    # the page folds repeats (one line per message, with how many rows and the first rows); the download has each row
    problems = _frame_with(at, SEVERITY)
    problems = problems[problems["파일"] == "회원.csv"]
    counts = problems[text("col_count")].astype(int)
    assert counts.sum() == UPLOAD_ERRORS + UPLOAD_WARNINGS
    assert sorted(problems[SEVERITY].repeat(counts)) == ["경고"] * UPLOAD_WARNINGS + ["오류"] * UPLOAD_ERRORS
    rows = sorted(int(r) for cell in problems[text("col_first_rows")] for r in str(cell).split(", "))
    assert rows == [4, 5, 6, 7]

    downloads = at.get("download_button")
    keys = _keys(downloads)
    assert "data_download_problems" in keys
    assert "data_download_rejected_members" in keys
    labels = {b.key: b.label for b in downloads}
    assert labels["data_download_rejected_members"] == "거부된 행 CSV: 회원사"
    assert save_button(at).disabled is False


def test_severity_filter():
    at = _upload(_data_page(), MEMBERS_CP949)
    assert at.radio(key="data_severity").value == "all"
    assert at.radio(key="data_severity").options == ["모두", "오류만", "경고만"]
    for severity, rows in [("error", UPLOAD_ERRORS), ("warning", UPLOAD_WARNINGS),
                           ("all", UPLOAD_ERRORS + UPLOAD_WARNINGS)]:
        at.radio(key="data_severity").set_value(severity).run()
        assert not at.exception, (severity, [e.value for e in at.exception])
        shown = _frame_with(at, SEVERITY)
        shown = shown[shown["파일"] == "회원.csv"]
        assert shown[text("col_count")].astype(int).sum() == rows, severity
        if severity != "all":
            assert set(shown[SEVERITY]) == {text(f"severity_value_{severity}")}  # 오류 / 경고


def test_save_upload_as_a_version_then_roll_back_to_the_sample():
    at = _upload(_data_page(table="partnerships"), MEMBERS_CP949)
    at.text_input(key="data_note").set_value("12월 명단").run()
    save_button(at).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert text("data_saved", version=2) in [s.value for s in at.success]
    versions = _frame_with(at, text("col_note"))
    assert versions[[text("col_version"), text("col_note"), text("col_members"), text("col_current")]].values.tolist() \
        == [[2, "12월 명단", UPLOAD_VALID, True], [1, "샘플 데이터 (가상의 회원사)", 7000, False]]

    at.switch_page(OVERVIEW_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    numbers = _metrics(at)
    assert numbers["회원사"] == str(UPLOAD_VALID)
    assert numbers["협력 관계"] == "0"  # the sample's partnerships were kept, but none of their members is left
    assert len(at.get("deck_gl_json_chart")) == 1
    assert "2번 버전" in at.sidebar.caption[0].value and "12월 명단" in at.sidebar.caption[0].value

    at.switch_page(DATA_PAGE).run()
    assert at.selectbox(key="data_version").value == 2
    assert _metrics(at)[text("diff_members_added")] == str(UPLOAD_VALID)
    assert _metrics(at)[text("diff_members_removed")] == "7,000"
    assert at.button(key="data_rollback").disabled is True  # version 2 is the one in use
    at.selectbox(key="data_version").set_value(1).run()
    at.button(key="data_rollback").click().run()
    assert not at.exception, [e.value for e in at.exception]

    at.switch_page(OVERVIEW_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at)["회원사"] == "7,000"
    assert "샘플 데이터" in at.sidebar.caption[0].value


def test_a_version_saved_by_someone_else_meanwhile_is_never_saved_over_unseen(fresh_workspace):
    from network.store import Workspace

    at = _upload(_data_page(), MEMBERS_CP949)
    assert save_button(at).key == "data_save_1"  # checked against the sample
    with Workspace(f"sqlite:///{fresh_workspace / 'network.db'}") as other:  # another session saves meanwhile
        other.import_files({"members": "회원번호,회사명\nA,가\nB,나\n".encode(),
                            "partnerships": "기업1,기업2\nA,B\n".encode()}, note="someone else")
    save_button(at).click().run()  # the click of the report made against version 1
    assert not at.exception, [e.value for e in at.exception]
    assert text("data_saved", version=3) not in [s.value for s in at.success]
    versions = _frame_with(at, text("col_note"))
    assert versions[text("col_version")].tolist() == [2, 1]  # nothing saved: the new report needs its own click
    assert save_button(at).key == "data_save_2"  # the files were checked again, against version 2
    assert "2번 버전" in at.sidebar.caption[0].value
    save_button(at).click().run()
    assert text("data_saved", version=3) in [s.value for s in at.success]


def test_uploaded_members_only_every_table():
    """Save an upload with only a members file onto the sample, then show each of the six tables: the members,
    and nothing of the sample's (fictional) other tables."""
    at = _upload(_data_page(), MEMBERS_CP949)
    save_button(at).click().run()
    failed = {}
    for table in ("members", "partnerships", "visits", "offices", "attendance", "difficulties"):
        at.segmented_control(key="data_table").set_value(table).run()
        if at.exception:  # the app redacts details (showErrorDetails = "none"); the log has the traceback
            failed[table] = "exception"
            continue
        if table != "members":  # none of the sample's rows: an empty table says so
            assert text("table_empty") in [c.value for c in at.caption], table
            continue
        frame = _frame_with(at, "회원 ID")
        assert frame["회원 ID"].tolist() == ["012-34-56789", "000-11-22222", "000-11-33333"]
        assert frame.set_index("회원 ID").loc["000-11-33333", "시군구"] == "미추홀구"
    if failed:  # say why: the frames the page tries to show

        tables = load_dataset({"members": MEMBERS_CP949}).tables()
        duplicated = {name: tables[name].columns[tables[name].columns.duplicated()].tolist() for name in failed}
        pytest.fail(f"tables that crashed the page: {failed}; duplicated column names: {duplicated}")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("회원.xlsx", bytes(range(256)) * 8),                       # binary noise
        ("회원.csv", b"\x00\x01\x02PK\x03\x04" + bytes(500)),        # NUL bytes in a "CSV"
    ],
    ids=["binary-xlsx", "nul-csv"],
)
def test_unreadable_upload_shows_error(name, data):
    at = _upload(_data_page(), data, name=name, mime="application/octet-stream")
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1
    assert name in errors[0]
    assert save_button(at).disabled is True
    assert "data_download_problems" in _keys(at.download_button)


# --- 협업 추천 (Recommendations) -------------------------------------------------------------------

RECOMMEND_PAGE = "app_pages/recommend.py"


@pytest.fixture(scope="module")
def sample_ids() -> list[str]:
    return pd.read_csv(SAMPLE / "members.csv", encoding="utf-8-sig", dtype=str)["member_id"].tolist()


def _recommend_page() -> AppTest:
    at = _app()
    at.switch_page(RECOMMEND_PAGE).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_recommend_page_shows_suggestions_reasons_and_backtest(sample_ids):
    at = _recommend_page()
    subheaders = [s.value for s in at.subheader]
    assert any("추천" in s for s in subheaders)
    member_table = at.dataframe[0].value
    assert len(member_table) == 10
    assert member_table[text("col_reasons")].str.len().min() > 0
    # the back-test panel: its reading names the cut-off, its table has every method
    assert any("2024-01-01" in shown(info.value) for info in at.info)
    tables = {frame.value.columns[0]: frame.value for frame in at.dataframe}
    methods = tables[text("col_method")][text("col_method")].tolist()
    assert methods[0] == "종합 모델" and "무작위" in methods and "같은 교류회" in methods  # names, not codes
    # how the combined model's weights were chosen: the sentence and the weights per signal
    assert any("검증" in c.value and "precision" in c.value for c in at.caption)
    weights = tables[text("col_signal")]
    assert len(weights) == 8 and weights[text("rec_col_weight")].sum() > 0
    # the suggestions shown to the signed-in administrator were logged: the panel counts them
    summary = tables[text("col_measure")].set_index(text("col_measure"))[text("col_count")]
    assert summary.iloc[0] >= 10
    assert len(at.get("download_button")) >= 10


def test_recommend_page_member_scope_distance_weights_and_filters(sample_ids):
    at = _recommend_page()
    at.selectbox(key="rec_member").set_value(sample_ids[100]).run(timeout=120)
    assert not at.exception
    assert sample_ids[100] not in at.dataframe[0].value[text("col_candidate")].tolist()
    at.segmented_control(key="rec_scope").set_value("group").run(timeout=120)
    at.number_input(key="rec_max_km").set_value(20).run(timeout=120)
    assert not at.exception
    km = at.dataframe[0].value[text("col_km")]
    assert (km <= 20).all()
    at.number_input(key="rec_w_tags").set_value(5.0).run(timeout=120)
    at.button(key="rec_reset").click().run(timeout=120)
    assert at.number_input(key="rec_w_tags").value == pytest.approx(sample_model().weights.tags)
    for key, value in [("rec_filter_federation", "경기"), ("rec_filter_sido", "경기도"), ("rec_filter_industry", "25")]:
        at.selectbox(key=key).set_value(value).run(timeout=120)
        assert not at.exception, key


@functools.cache
def sample_model():
    from network import evaluate, recommend

    sample = load_dataset(SAMPLE)
    return evaluate.choose_model(sample.members, sample.partnerships, options=recommend.Options(top=10))


def test_recommend_page_says_why_a_list_is_empty(sample_ids):
    at = _recommend_page()
    for name in SIGNALS:
        at.number_input(key=f"rec_w_{name}").set_value(0.0)
    at.run(timeout=120)
    assert not at.exception
    assert any("모든 가중치가 0" in info.value for info in at.info)


def test_recommend_page_in_english():
    at = _app()
    at.switch_page(RECOMMEND_PAGE)
    at.session_state["ui_english"] = True
    at.run(timeout=120)
    assert not at.exception
    assert at.title[0].value == "Recommendations"
    assert "shared partner" in " ".join(at.dataframe[0].value["Reasons"]) or "km apart" in " ".join(
        at.dataframe[0].value["Reasons"])


# --- 네트워크 분석 (Network analysis) ----------------------------------------------------------------

def test_analysis_page_brokers_isolated_regions_and_matrix():
    at = _app()
    at.switch_page("app_pages/analysis.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    subheaders = [s.value for s in at.subheader]
    assert subheaders[0] == text("an_brokers")
    assert any("협력사가 없는 회원사" in s for s in subheaders)
    assert any("정확한 값" in c.value for c in at.caption)  # 7,000 members: exact betweenness
    brokers = at.dataframe[0].value
    assert len(brokers) == 20 and brokers[text("col_betweenness")].is_monotonic_decreasing
    at.segmented_control(key="an_level").set_value("federation").run(timeout=120)
    assert not at.exception
    assert len(at.dataframe[2].value) == 13  # one row per federation


# --- 방문 커버리지 (Coverage) --------------------------------------------------------------------------

def test_coverage_page_map_underserved_planner_and_offices():
    at = _app()
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.subheader] == [text("cov_underserved"), text("cov_planner"), text("cov_offices")]
    assert at.metric[0].label == text("cov_kpi_coverage")
    assert len(at.get("deck_gl_json_chart")) == 1
    underserved = at.dataframe[0].value
    assert underserved[text("col_rank")].tolist() == sorted(underserved[text("col_rank")].tolist())
    plan = at.dataframe[1].value
    assert len(plan) == 10 and plan[text("col_cumulative_coverage")].is_monotonic_increasing
    for key, widget, value in [("cov_level", "segmented_control", "sido"), ("cov_drill", "selectbox", "47"),
                               ("cov_level", "segmented_control", "sigungu"), ("cov_metric", "selectbox", "members"),
                               ("cov_months", "slider", 6), ("cov_k", "slider", 5),
                               ("cov_weight", "selectbox", "difficulties"), ("cov_weight", "selectbox", "isolated"),
                               ("cov_candidates", "selectbox", "offices"), ("cov_max_office", "number_input", 1),
                               ("cov_show_arcs", "toggle", True), ("cov_show_members", "toggle", False)]:
        getattr(at, widget)(key=key).set_value(value).run(timeout=120)
        assert not at.exception, (key, [e.value for e in at.exception])
    assert len(at.dataframe[1].value) <= 5


# --- 네트워크 (Network) ------------------------------------------------------------------------------

def test_network_page_slices_member_url_and_aggregate(sample_ids):
    at = _app()
    at.switch_page("app_pages/network.py").run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert any("너무 많습니다" in w.value for w in at.warning)  # 7,000 members: the region view
    at.selectbox(key="net_federation").set_value("제주").run(timeout=120)
    assert not at.exception and not at.warning
    assert any("회원사" in c.value and "협력 관계" in c.value for c in at.caption)
    for key, widget, value in [("net_color", "selectbox", "community"), ("net_color", "selectbox", "industry"),
                               ("net_min_degree", "number_input", 3), ("net_bridges", "toggle", True),
                               ("net_suggested", "toggle", True), ("net_bridges", "toggle", False)]:
        getattr(at, widget)(key=key).set_value(value).run(timeout=120)
        assert not at.exception, key
    at.selectbox(key="net_federation").set_value(text("rec_all_option")).run(timeout=120)
    at.selectbox(key="net_member").set_value(sample_ids[7]).run(timeout=120)
    assert not at.exception
    assert at.query_params["member"] == [sample_ids[7]] or at.query_params["member"] == sample_ids[7]
    assert any(s.value.endswith("상세") for s in at.subheader)
    at.segmented_control(key="net_hops").set_value(2).run(timeout=120)
    assert not at.exception


def test_network_page_reads_the_member_from_the_url(sample_ids):
    at = _app()
    at.query_params["member"] = sample_ids[11]
    at.switch_page("app_pages/network.py").run(timeout=180)
    assert not at.exception
    assert at.selectbox(key="net_member").value == sample_ids[11]


# --- uploads that other pages must survive ----------------------------------------------------------

PAGES = ["overview", "network", "recommend", "coverage", "analysis"]


def _use_upload(at: AppTest, name: str, data: bytes, *, sheet: str = "") -> None:
    at.switch_page(DATA_PAGE).run(timeout=120)
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run(timeout=120)
    at.text_input(key="data_sheet").set_value(sheet).run(timeout=120)
    save_button(at).click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]


def test_every_page_runs_on_an_upload_with_only_the_required_columns():
    at = _app(table="offices")
    _use_upload(at, "m.csv", "member_id,name\nA1,가나\nA2,다라\n".encode())
    shown = {  # what each page says about the two members
        "overview": lambda: _metrics(at)["회원사"] == "2",
        "network": lambda: any(c.value.startswith(text("net_shown", nodes=2, edges=0)) for c in at.caption),
        "recommend": lambda: text("rec_for_member", name="가나") in [h.value for h in at.subheader],
        "coverage": lambda: _metrics(at)[text("cov_kpi_coverage")] == "0.0%",
        "analysis": lambda: text("an_isolated", count=2) in [h.value for h in at.subheader],
    }
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run(timeout=120)
        assert not at.exception, (page, [str(e.value)[:300] for e in at.exception])
        assert shown[page](), page


def test_choosing_another_sheet_switches_every_page_to_it(make_xlsx):
    header = ["회원번호", "회사명", "지역연합회", "교류회", "시도", "시군구"]
    book = make_xlsx({"A": [header, ["100-00-00001", "갑", "경기", "g", "경기", "수원시 영통구"],
                            ["100-00-00002", "을", "경기", "g", "경기", "수원시 장안구"]],
                      "B": [header, ["200-00-00001", "병", "서울", "h", "서울", "강남구"],
                            ["200-00-00002", "정", "서울", "h", "서울", "종로구"]]})
    at = _app(table="offices")
    _use_upload(at, "book.xlsx", book)
    at.switch_page("app_pages/recommend.py").run(timeout=120)
    assert at.selectbox(key="rec_member").value == "100-00-00001"
    _use_upload(at, "book.xlsx", book, sheet="B")
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run(timeout=120)
        assert not at.exception, (page, [str(e.value)[:300] for e in at.exception])
    at.switch_page("app_pages/recommend.py").run(timeout=120)
    assert at.selectbox(key="rec_member").value == "200-00-00001"


# --- what the pages decide is the library's: the pages show exactly its answers ------------------------

@pytest.fixture(scope="module")
def sample_dataset():
    return load_dataset(SAMPLE)


def test_network_page_member_detail_shows_partners_and_visits_attended(sample_dataset):
    ds = sample_dataset
    member = ds.attendance["member_id"].value_counts().index[0]  # the member at most visits
    at = _app()
    at.query_params["member"] = member
    at.switch_page("app_pages/network.py").run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    expected = fieldwork.visits_attended_table(ds.visits, ds.attendance, ds.difficulties, member)
    shown = _frame_with(at, text("col_categories"))
    assert shown["방문 ID"].tolist() == expected["visit_id"].tolist()
    assert shown[text("col_difficulties")].tolist() == expected["difficulties"].tolist()
    degree = int(((ds.partnerships["source_id"] == member) | (ds.partnerships["target_id"] == member)).sum())
    assert _metrics(at)[text("col_degree")] == str(degree)


def test_coverage_page_plan_is_the_library_plan(sample_dataset):
    ds = sample_dataset
    at = _app()
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    at.selectbox(key="cov_weight").set_value("difficulties").run(timeout=120)
    at.number_input(key="cov_max_office").set_value(1).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    plan = planner.plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships, attendance=ds.attendance,
                                   difficulties=ds.difficulties,
                                   options=planner.PlanOptions(weight="difficulties", max_per_office=1))
    shown = _frame_with(at, text("col_cumulative_coverage"))
    assert shown[text("col_site")].tolist() == plan.sites["site"].tolist()
    assert shown[text("col_office")].is_unique  # one site per office
    assert any(f"{plan.reached:,}" in s.value for s in at.success)


def test_coverage_page_plans_with_seats_reasons_and_the_chosen_sido():
    at = _app()
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert at.selectbox(key="cov_weight").value == "underserved"  # the ranking shown above is the default target
    assert at.selectbox(key="cov_visit_program").value == "사업설명회"
    assert at.number_input(key="cov_seats_사업설명회").value == 40
    assert any(text("cov_plan_seats", seats=40) in s.value for s in at.success)
    plan = _frame_with(at, text("col_cumulative_coverage"))
    assert (plan[text("col_new_members")] <= 40).all() and (plan[text("col_seats")] == 40).all()
    assert plan[text("col_reason")].str.contains("좌석 40").all()
    at.selectbox(key="cov_visit_program").set_value("현장상담회").run(timeout=120)
    assert at.number_input(key="cov_seats_현장상담회").value == 10
    assert (_frame_with(at, text("col_cumulative_coverage"))[text("col_new_members")] <= 10).all()
    at.selectbox(key="cov_drill").set_value("47").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert set(_frame_with(at, text("col_cumulative_coverage"))[text("col_sido")]) == {"경상북도"}


def test_recommend_page_says_how_often_a_firm_may_be_suggested():
    at = _recommend_page()
    assert text("rec_all_caption", cap=20) in [c.value for c in at.caption]  # 2 × 10 suggestions
    at.slider(key="rec_top").set_value(5).run(timeout=120)
    assert text("rec_all_caption", cap=10) in [c.value for c in at.caption]


def test_data_page_reads_a_difficulties_file():
    at = _data_page()
    at.file_uploader(key="data_file_members").set_value(("m.csv", MEMBERS_CP949, "text/csv")).run()
    visits = "방문번호,일자,시도,시군구,참석기업\nV1,2025-03-04,경기,수원시 영통구,012-34-56789\n".encode("cp949")
    at.file_uploader(key="data_file_visits").set_value(("v.csv", visits, "text/csv")).run()
    difficulties = "애로번호,방문번호,회원번호,애로유형,애로내용\nD1,V1,012-34-56789,판로,수출처 발굴\nD2,V9,,자금,\n"
    at.file_uploader(key="data_file_difficulties").set_value(
        ("애로.csv", difficulties.encode("cp949"), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    report = _frame_with(at, "거부 행").set_index("표")
    assert report.loc["애로사항", ["파일", "읽은 행", "사용 행", "거부 행"]].tolist() == ["애로.csv", 2, 1, 1]
    assert report.index.tolist() == ["회원사", "방문", "애로사항"]  # nothing of the sample is kept
    problems = _frame_with(at, SEVERITY)
    assert "방문 목록에 없는 방문입니다: V9" in problems[text("col_message")].tolist()
    assert "data_download_rejected_difficulties" in _keys(at.download_button)


# --- the view scope in the address (?sido=…&federation=…) ------------------------------------------------


def test_the_address_scope_applies_on_every_page_and_follows_a_change(sample_dataset):
    federation = sample_dataset.members["federation"].value_counts().index[0]
    at = _app()
    at.query_params["sido"] = "47"
    at.query_params["federation"] = federation
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cov_drill").value == "47" and at.selectbox(key="cov_federation").value == federation
    at.switch_page("app_pages/network.py").run(timeout=180)
    assert at.selectbox(key="net_sido").value == "47" and at.selectbox(key="net_federation").value == federation
    at.switch_page("app_pages/recommend.py").run(timeout=120)
    assert at.selectbox(key="rec_filter_sido").value == "경상북도"
    assert at.selectbox(key="rec_filter_federation").value == federation
    # a change on one page is every page's, and the address's
    at.selectbox(key="rec_filter_sido").set_value("서울특별시").run(timeout=120)
    assert at.query_params["sido"] == "11"
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert at.selectbox(key="cov_drill").value == "11"
    at.selectbox(key="cov_federation").set_value(text("rec_all_option")).run(timeout=120)
    assert "federation" not in at.query_params
    assert not at.exception, [e.value for e in at.exception]


def test_an_unknown_sido_in_the_address_is_ignored():
    at = _app()
    at.query_params["sido"] = "99"
    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cov_drill").value == "" and "sido" not in at.query_params

"""What people see, in a real headless Chromium: pages load, the map draws, uploads and downloads work,
nothing is requested from any host but the app's own."""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from tests import browser

pytestmark = pytest.mark.e2e


def open_page(page, path: str = "") -> float:
    """Open ``path`` of the app and wait until it is idle; return the seconds it took."""
    started = time.perf_counter()
    page.goto(f"{page.base_url}/{path}", wait_until="domcontentloaded")
    browser.wait_for_app(page)
    return time.perf_counter() - started


def assert_clean(page) -> None:
    assert browser.exception_boxes(page) == []
    assert page.log.foreign == [], f"requests left the machine: {page.log.foreign}"
    assert page.log.page_errors == []
    # Streamlit's own frontend, opened at /recommend, first probes /recommend/_stcore/health and
    # /recommend/_stcore/host-config (404) to find its base path; those 404s are not ours.
    probes = [f for f in page.log.failed if f.endswith(("/_stcore/health", "/_stcore/host-config"))]
    ours = [e for e in page.log.console_errors if not (e.startswith("Failed to load resource") and probes)]
    assert ours == [], ours
    assert len(page.log.failed) == len(probes), page.log.failed


def test_overview_draws_the_map_offline(app_page):
    seconds = open_page(app_page)
    app_page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)
    chart = app_page.query_selector("[data-testid='stDeckGlJsonChart']")
    browser.wait_for_drawing(app_page, chart, "overview_map", min_colours=20)  # deck.gl has painted the map
    browser.screenshot(app_page, "overview")
    assert "7,000" in app_page.inner_text("[data-testid='stMetricValue']")
    assert_clean(app_page)
    print(f"overview ready in {seconds:.1f} s, {len(app_page.log.requests)} local requests")


def test_overview_in_english_survives_a_reload_and_a_page_change(app_page):
    open_page(app_page)
    app_page.get_by_text("English").first.click()
    browser.wait_for_app(app_page)
    app_page.wait_for_selector("text=Regional Collaboration Network Explorer", timeout=20_000)
    browser.wait_until(lambda: "lang=en" in app_page.url, message="?lang=en in the address")
    app_page.reload(wait_until="domcontentloaded")
    browser.wait_for_app(app_page)
    app_page.wait_for_selector("text=Regional Collaboration Network Explorer", timeout=30_000)
    app_page.locator("[data-testid='stSidebarNav'] a", has_text="Outreach coverage").first.click()
    browser.wait_for_app(app_page)
    browser.wait_until(lambda: "/coverage" in app_page.url and "lang=en" in app_page.url,
                       message="the coverage page's address keeps ?lang=en")
    app_page.reload(wait_until="domcontentloaded")
    browser.wait_for_app(app_page)
    app_page.get_by_role("heading", name="Outreach coverage").first.wait_for(timeout=60_000)
    assert_clean(app_page)


@pytest.mark.parametrize("path, marker", [("recommend", "[data-testid='stDeckGlJsonChart'] canvas"),
                                          ("coverage", "[data-testid='stDeckGlJsonChart'] canvas"),
                                          ("analysis", "[data-testid='stVegaLiteChart']"),
                                          ("meeting", "[data-testid='stDeckGlJsonChart'] canvas")])
def test_recommendation_coverage_and_analysis_pages_draw_offline(app_page, path, marker):
    seconds = open_page(app_page, path)
    app_page.wait_for_selector(marker, timeout=60_000)
    element = app_page.query_selector(marker)
    browser.wait_for_drawing(app_page, element, f"{path}_chart", min_colours=5)
    browser.screenshot(app_page, path)
    assert_clean(app_page)
    print(f"{path} ready in {seconds:.1f} s")


def test_data_page_loads(app_page):
    open_page(app_page, "data")
    app_page.wait_for_selector("[data-testid='stFileUploader']", timeout=20_000)
    assert len(app_page.query_selector_all("[data-testid='stFileUploader']")) == 7  # six tables, the map boundaries
    browser.screenshot(app_page, "data")
    assert_clean(app_page)


BAD_MEMBERS = (
    "회원번호,회사명,지역연합회,시도,시군구,종업원수\n"
    "012-34-56789,가나정밀,경기,경기도,수원시 영통구,12\n"
    "012-34-56789,중복회사,경기,경기,덕양구,3\n"
    "000-11-33333,마바화학,인천,인천,남구,5\n"
    "000-11-44444,오타상사,충북,충청북두,청주시,x\n"
)


def test_upload_with_bad_rows_shows_report_and_rejected_rows_download(app_page, tmp_path):
    path = tmp_path / "회원명단.csv"
    path.write_bytes(BAD_MEMBERS.encode("cp949"))
    open_page(app_page, "data")
    app_page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(path))
    # the report's own heading (the page's introduction also mentions "검사 결과"), then its downloads
    app_page.get_by_role("heading", name="검사 결과", exact=True).wait_for(timeout=60_000)
    browser.wait_for_app(app_page)
    app_page.wait_for_selector("text=거부된 행 CSV", timeout=60_000)
    browser.screenshot(app_page, "data_report")
    with app_page.expect_download(timeout=30_000) as info:
        app_page.get_by_text("거부된 행 CSV").first.click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rejected = pd.read_csv(saved, encoding="utf-8-sig", dtype=str)
    assert download.suggested_filename == "rejected_members.csv"
    assert set(rejected["row"].astype(int)) == {3, 5}
    assert "중복된 ID" in " ".join(rejected["reason"])
    assert_clean(app_page)

    # in demo mode (the sample, no account) nothing is saved: the page says to create an administrator first
    save = app_page.get_by_role("button", name="작업공간에 저장")
    assert save.is_disabled()
    assert "첫 관리자 계정을 만든 뒤" in app_page.inner_text("body")
    assert_clean(app_page)


def test_meeting_briefing_downloads_as_a_korean_pdf(app_page, tmp_path):
    import shutil
    import subprocess
    from pathlib import Path

    open_page(app_page, "meeting")
    app_page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    with app_page.expect_download(timeout=120_000) as pdf_download:
        app_page.get_by_role("button", name="PDF 브리핑 내려받기 (인쇄용)").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        target = tmp_path / "briefing.pdf"
        target.write_bytes(pdf)
        words = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        assert "간담회" in words and "추천 이유" in words, words[:500]
    assert_clean(app_page)


def test_an_official_shapefile_draws_the_coverage_map_and_goes_into_the_geopackage(app_page, tmp_path):
    """An EPSG:5179 Shapefile with a CP949 .dbf, uploaded as its four parts, then the coverage page (same session)."""
    import geopandas as gpd
    import pyogrio

    from network import geo

    frame = geo.bundled_frame("sigungu").to_crs("EPSG:5179").rename(
        columns={"sigungu_code": "SIG_CD", "sigungu": "SIG_KOR_NM"})[["SIG_CD", "SIG_KOR_NM", "geometry"]]
    shp = tmp_path / "sig.shp"
    frame.to_file(shp, encoding="cp949")
    shp.with_suffix(".cpg").unlink(missing_ok=True)
    parts = [str(shp.with_suffix(s)) for s in (".shp", ".shx", ".dbf", ".prj")]
    open_page(app_page, "data")
    app_page.locator("[data-testid='stFileUploader'] input[type='file']").last.set_input_files(parts)
    app_page.wait_for_selector("text=지도에 쓰는 경계: sig.shp (EPSG:5179, 시군구): 도형 256개 중 256개를 맞췄고",
                               timeout=60_000)
    browser.wait_for_app(app_page)
    browser.screenshot(app_page, "data_boundaries")
    assert_clean(app_page)

    app_page.locator("[data-testid='stSidebarNav'] a", has_text="방문 커버리지").first.click()  # keeps the session
    app_page.wait_for_selector("text=지도 경계: 올린 파일", timeout=60_000)
    app_page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    browser.wait_for_drawing(app_page, app_page.query_selector("[data-testid='stDeckGlJsonChart']"),
                             "coverage_official_boundaries", min_colours=5)
    with app_page.expect_download(timeout=60_000) as info:
        app_page.get_by_text("GeoPackage (QGIS").first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "coverage.gpkg"
    assert sorted(pyogrio.list_layers(saved)[:, 0]) == ["coverage_sido", "coverage_sigungu"]
    layer = gpd.read_file(saved, layer="coverage_sigungu")
    assert len(layer) == 256 and (layer["boundary"] == "file").all() and int(layer["members"].sum()) == 7000
    assert_clean(app_page)


#: Streamlit's own English words that must not show in the Korean UI.
STREAMLIT_ENGLISH = r"\b(Upload|per file|Choose options|Choose an option|No options to select|empty)\b"


def visible_english(page) -> list[str]:
    """Visible text of the page that holds one of Streamlit's English words (text shrunk to nothing by the app's
    stylesheet, and icon names, do not count)."""
    return page.evaluate(
        """(pattern) => {
            const re = new RegExp(pattern);
            const found = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, el = node.parentElement;
                if (!el || !re.test(node.textContent) || el.closest("[data-testid='stIconMaterial']")) continue;
                const style = getComputedStyle(el);
                if (style.fontSize === "0px" || style.visibility === "hidden" || el.offsetParent === null) continue;
                found.push(node.textContent.trim());
            }
            return found;
        }""", STREAMLIT_ENGLISH)


@pytest.mark.parametrize("path", ["data", "coverage", "difficulties"])
def test_the_korean_ui_shows_no_english_placeholder(app_page, path):
    open_page(app_page, path)
    app_page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    browser.wait_for_app(app_page)
    assert visible_english(app_page) == []
    if path == "data":  # the uploader's own words are replaced by the app's
        assert "파일 선택" in app_page.evaluate(
            "() => getComputedStyle(document.querySelector(\"[data-testid='stFileUploaderDropzone'] button \""
            " + \"[data-testid='stMarkdownContainer'] p\"), '::after').content")
    assert_clean(app_page)


def test_a_table_downloads_under_korean_headers_that_read_back(app_page, tmp_path):
    """The data page's members download has the headers the page shows (Korean), and the importer reads the file
    back to the same members with no problem."""
    from network.dataset import load_dataset

    open_page(app_page, "data")
    button = app_page.locator("[data-testid='stDownloadButton'] button", has_text="CSV 내려받기").last
    with app_page.expect_download(timeout=120_000) as info:
        button.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "members.csv"
    header = saved.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["회원 ID", "회사명", "지역연합회"]
    back = load_dataset({"members": saved})
    assert len(back.members) == 7000 and back.report.table().query("severity == 'error'").empty
    assert_clean(app_page)


def test_the_scope_in_the_address_survives_a_reload_and_a_page_change(app_page):
    open_page(app_page, "coverage?sido=47")
    app_page.wait_for_selector("text=경상북도만 봅니다", timeout=60_000)
    app_page.reload(wait_until="domcontentloaded")
    browser.wait_for_app(app_page)
    app_page.wait_for_selector("text=경상북도만 봅니다", timeout=60_000)
    app_page.locator("[data-testid='stSidebarNav'] a", has_text="네트워크").first.click()
    browser.wait_for_app(app_page, timeout=120_000)
    browser.wait_until(lambda: "/network" in app_page.url and "sido=47" in app_page.url,
                       message="the network page's address keeps ?sido=47")
    label = app_page.locator("[data-testid='stWidgetLabel']", has_text=re.compile("^시도$"))
    box = app_page.locator("[data-testid='stSelectbox']", has=label).first
    shown = box.evaluate("e => e.textContent + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")
    assert "경상북도" in shown, box.evaluate("e => e.outerHTML")[:2000]
    assert_clean(app_page)


def test_an_address_of_no_page_opens_the_overview_with_a_korean_notice(app_page):
    """Not Streamlit's own "Page not found" dialog (in English): the overview, and a notice naming the address."""
    open_page(app_page, "no-such-page")
    notice = app_page.locator("[data-testid='stAlertContainer']", has_text="/no-such-page")
    notice.wait_for()
    assert "해당하는 화면이 없어 첫 화면을 엽니다" in notice.inner_text()
    assert app_page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "지역 협업 네트워크 탐색기"
    assert app_page.get_by_text("Page not found").count() == 0
    assert_clean(app_page)

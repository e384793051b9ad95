"""Field work on a phone, in a real headless Chromium (390 × 844, touch): a staff member signs in, records a visit
with two firms and a difficulty raised there, moves the difficulty to 해결 in the queue, and finds both in the
month's report (XLSX and PDF) — with nothing wider than the screen, no error box and no request leaving the
machine."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from network.store import Workspace
from tests import browser

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"
OFFICE = "서울지역본부"
TEXT = "운전자금 대출 한도가 부족해 원자재 대금 결제가 어렵습니다"


@pytest.fixture(scope="module")
def field_app(tmp_path_factory):
    """The app on the sample with one staff account of 서울지역본부 (so sign-in is required)."""
    browser.require_browser()
    folder = tmp_path_factory.mktemp("field-workspace")
    with Workspace(f"sqlite:///{folder / 'network.db'}") as workspace:
        workspace.ensure_sample()
        workspace.accounts.add("lee", "staff", password=PASSWORD, office=OFFICE)
        members = workspace.load().members
    server = browser.start_app(tmp_path_factory.mktemp("field-streamlit"), env={"NETWORK_WORKSPACE_DIR": str(folder)})
    server.workspace_url = f"sqlite:///{folder / 'network.db'}"
    server.firms = members[members["name"].str.len() >= 4].drop_duplicates("name").head(2)[["member_id", "name"]]
    yield server
    server.stop()


@pytest.fixture
def phone(chromium, field_app):
    page = browser.new_page(chromium, field_app.url, width=390, height=844, is_mobile=True)
    page.set_default_timeout(120_000)
    yield page
    page.context.close()


def settled(page) -> None:
    browser.wait_for_app(page, timeout=120_000)


def open_page(page, title: str) -> None:
    """Open a page from the sidebar, which a phone shows only when asked (and then closed again: on a phone it
    covers the page)."""
    page.locator("[data-testid='stExpandSidebarButton']").click()
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    settled(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    if sidebar.get_attribute("data-collapsed") == "false":
        sidebar.hover()  # the collapse button shows on hover
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stSidebar']\")?.getAttribute('data-collapsed') === 'true'")


def pick(page, label: str, typed: str) -> None:
    """Choose in a select box or a multiselect by typing, as one does on a phone (the first match)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type(typed)
    page.locator("[role='option']").filter(has_text=typed).first.click()
    if page.locator("[role='option']").count():  # a multiselect stays open for more
        page.keyboard.press("Escape")
    settled(page)


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_staff_record_follow_and_report_on_a_phone(phone, field_app, tmp_path):
    page = phone
    first, second = field_app.firms.itertuples(index=False)
    page.goto(page.base_url, wait_until="domcontentloaded")
    settled(page)
    page.get_by_label("사용자 이름").fill("lee")
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("button", name="로그아웃").wait_for()
    settled(page)

    # a visit with two firms
    open_page(page, "현장 기록")
    page.get_by_label("장소 (주소 또는 시군구)").fill("수원시 영통구")
    pick(page, "참석 기업 (회원사)", first.name)
    pick(page, "참석 기업 (회원사)", second.name)
    assert fits_the_screen(page)
    page.get_by_role("button", name="저장").click()
    page.get_by_text("방문 RV-000001을 저장했습니다").wait_for()
    settled(page)

    # a difficulty raised there: the category is suggested from the text
    pick(page, "기업", first.name)
    text_box = page.get_by_label("애로 내용 (기업이 말한 그대로)")
    text_box.fill(TEXT)
    text_box.press("Tab")  # leaving the field sends the text: the suggestion follows
    page.get_by_text("제안 분야: 자금").wait_for()
    settled(page)
    assert fits_the_screen(page)
    page.get_by_role("button", name="애로사항 저장").click()
    page.get_by_text("애로사항 RD-000001을 저장했습니다").wait_for()
    settled(page)
    with Workspace(field_app.workspace_url) as workspace:
        visit = workspace.records.visit("RV-000001")
        saved = workspace.records.difficulty("RD-000001")
    assert set(visit.member_ids) == {first.member_id, second.member_id} and visit.office == OFFICE
    assert (saved.member_id, saved.visit_id, saved.category, saved.text) == (first.member_id, "RV-000001", "자금",
                                                                             TEXT)

    # followed to 해결 in the queue
    open_page(page, "애로사항")
    pick(page, "처리할 애로사항", "RD-000001")
    pick(page, "상태 바꾸기", "해결")
    page.get_by_label("조치 내용 (기록에 남습니다)").fill("정책자금 안내, 대출 실행 확인")
    page.get_by_role("button", name="저장").click()
    page.get_by_text("RD-000001을 저장했습니다 (상태: 해결)").wait_for()
    settled(page)
    assert fits_the_screen(page)

    # and found in the month's report, as XLSX and as PDF
    page.get_by_role("tab", name="월간 보고서").click()
    settled(page)
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="월간 보고서 XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()), read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
             if c is not None]
    assert "RV-000001" in cells and "해결" in cells, cells[:80]
    assert first.name in " ".join(cells)
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="월간 보고서 PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        target = tmp_path / "report.pdf"
        target.write_bytes(pdf)
        words = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        assert "월간" in words and "해결" in words and dt.date.today().strftime("%Y") in words
    assert browser.exception_boxes(page) == []
    assert page.log.foreign == [], f"requests left the machine: {page.log.foreign}"
    assert not page.log.page_errors, page.log.page_errors

"""Nothing leaks, in a real headless Chromium: each role signs in through the form, visits every page, opens a
member outside its scope by URL and triggers every download; no name or restricted value outside its scope
appears in any page text or downloaded file.  A browser that has not signed in sees only the sign-in form.

The app runs on a workspace of its own: the sample, a difficulties file with confided texts, and one account
per role (so sign-in is required).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pandas as pd
import pytest

from network.dataset import load_dataset
from network.store import Workspace
from tests import browser
from tests.leaks import file_text, found_names, leader_hidden

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
PASSWORD = "correct horse battery"
FEDERATION = "제주"
PAGES = ["overview", "network", "recommend", "coverage", "difficulties", "analysis", "data"]
SECRET = "비밀 사정"  # in every confided difficulty text of the workspace


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


def confided(sample) -> list[tuple[int, str, str]]:
    """(number, visit, member) of the confided difficulties: one at each of 80 visits, 제주 members' among them."""
    attended = sample.attendance.drop_duplicates("visit_id")
    jeju = set(sample.members.loc[sample.members["federation"] == FEDERATION, "member_id"])
    picked = pd.concat([attended[attended["member_id"].isin(jeju)].head(10),
                        attended[~attended["member_id"].isin(jeju)].head(70)])
    return [(i, v, m) for i, (v, m) in enumerate(zip(picked["visit_id"], picked["member_id"]))]


@pytest.fixture(scope="module")
def secured_app(tmp_path_factory, sample):
    """The app on a workspace with the sample, confided difficulty texts and an account per role."""
    browser.require_browser()
    folder = tmp_path_factory.mktemp("secured-workspace")
    with Workspace(f"sqlite:///{folder / 'network.db'}") as workspace:
        workspace.ensure_sample()
        rows = [f"S{i},{v},{m},자금,{SECRET} {i}번: 대표가 털어놓은 이야기" for i, v, m in confided(sample)]
        # the sample's files as a real import (nothing is kept from the sample itself), with the confided texts
        files = {path.stem: path for path in SAMPLE.glob("*.csv")}
        workspace.import_files({**files, "difficulties": ("애로번호,방문번호,회원번호,애로유형,애로내용\n" + "\n".join(rows)
                                                          + "\n").encode()}, note="애로사항")
        accounts = workspace.accounts
        accounts.add("admin", "admin", password=PASSWORD)
        accounts.add("staff", "staff", password=PASSWORD)
        accounts.add("leader", "leader", federation=FEDERATION, password=PASSWORD)
        accounts.add("analyst", "analyst", password=PASSWORD)
    server = browser.start_app(tmp_path_factory.mktemp("secured-streamlit"), env={"NETWORK_WORKSPACE_DIR": str(folder)})
    server.workspace_url = f"sqlite:///{folder / 'network.db'}"
    yield server
    server.stop()


@pytest.fixture
def page(chromium, secured_app):
    page = browser.new_page(chromium, secured_app.url)
    page.set_default_timeout(60_000)
    yield page
    page.context.close()


def open_path(page, path: str) -> None:
    page.goto(f"{page.base_url}/{path}", wait_until="domcontentloaded")
    browser.wait_for_app(page, timeout=120_000)


def sign_in(page, username: str, path: str = "") -> None:
    """Sign in through the form (a sign-in lasts as long as the browser tab's session: the app is then used by
    its own links, not by loading addresses anew)."""
    open_path(page, path)
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("button", name="로그아웃").wait_for(timeout=120_000)
    browser.wait_for_app(page, timeout=120_000)


def everything_shown(page) -> str:
    """The page's text, the text of its frames (the network drawing) and its tables' cells."""
    parts = [page.inner_text("body")]
    for frame in page.frames[1:]:
        try:
            parts.append(frame.content())
        except Exception:  # a frame that went away meanwhile
            continue
    return "\n".join(parts)


def download_everything(page, tmp_path: Path) -> dict[str, str]:
    """Click every download button of the page; return ``{file name: its text}``."""
    files = {}
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible() or not button.is_enabled():
            continue
        with page.expect_download(timeout=120_000) as info:
            button.click()
        download = info.value
        target = tmp_path / f"{len(files)}-{download.suggested_filename}"
        download.save_as(target)
        files[download.suggested_filename + f"#{i}"] = file_text(download.suggested_filename, target.read_bytes())
    return files


TITLES = {"admin": "관리", "overview": "개요", "network": "네트워크", "recommend": "협업 추천", "coverage": "방문 커버리지",
          "analysis": "네트워크 분석", "data": "데이터", "difficulties": "애로사항", "field": "현장 기록"}


def go_to(page, path: str) -> None:
    """Open a page by the sidebar's link (the session, and its sign-in, stay)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=TITLES[path]).first.click()
    page.wait_for_url(f"**/{path}" if path != "overview" else "**/*")
    browser.wait_for_app(page, timeout=120_000)


def visit_every_page(page, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Every page's text and every file its buttons download."""
    shown, downloaded = {}, {}
    for path in PAGES:
        go_to(page, path)
        assert browser.exception_boxes(page) == [], path
        shown[path] = everything_shown(page)
        for name, content in download_everything(page, tmp_path).items():
            downloaded[f"{path}/{name}"] = content
    assert page.log.foreign == [], f"requests left the machine: {page.log.foreign}"
    return shown, downloaded


def test_a_browser_that_has_not_signed_in_sees_only_the_sign_in_form(page, sample):
    for path in ("", "overview", "network?member=" + sample.members["member_id"].iloc[0], "data", "admin"):
        open_path(page, path)
        text = page.inner_text("body")
        assert "로그인" in text and page.get_by_label("비밀번호", exact=True).is_visible()
        assert not found_names(set(sample.members["name"].head(3000)), text), path
        assert page.locator("[data-testid='stDownloadButton']").count() == 0
        assert page.locator("[data-testid='stMetricValue']").count() == 0


def test_a_leader_sees_and_downloads_nothing_outside_their_scope(page, sample, tmp_path, secured_app):
    hidden_names, other_ids = leader_hidden(sample, FEDERATION)
    started = time.perf_counter()
    sign_in(page, "leader")
    shown, downloaded = visit_every_page(page, tmp_path)
    assert len(downloaded) >= 15, sorted(downloaded)
    own = set(sample.members.loc[sample.members["federation"] == FEDERATION, "member_id"])
    others_secrets = [f"{SECRET} {i}번" for i, _, m in confided(sample) if m not in own]
    own_secrets = [f"{SECRET} {i}번" for i, _, m in confided(sample) if m in own]
    assert others_secrets and own_secrets
    for where, text in {**shown, **downloaded}.items():
        assert not found_names(hidden_names, text), (where, found_names(hidden_names, text)[:5])
        leaked_ids = [i for i in other_ids if i in text]
        assert not leaked_ids, (where, leaked_ids[:5])
        assert not [s for s in others_secrets if s in text], where  # only their own members' difficulties
    # a link to a firm of another federation, opened in a new tab and signed in there: "권한이 없습니다",
    # not even its name (and the id is dropped from the address)
    other = sample.members[(sample.members["federation"] != FEDERATION)].iloc[100]
    link = page.context.new_page()
    watch = browser.PageLog()
    browser.watch_page(link, watch)
    link.base_url = page.base_url
    link.set_default_timeout(60_000)
    sign_in(link, "leader", f"network?member={other['member_id']}")
    text = link.inner_text("body")
    assert "권한이 없습니다" in text and other["name"] not in text, text[:500]
    assert other["member_id"] not in link.url
    log = Workspace(secured_app.workspace_url).audit.table(actor="leader")
    assert {"sign_in", "download", "denied"} <= set(log["action"])
    assert int((log["action"] == "download").sum()) == len(downloaded)
    print(f"leader: {len(PAGES)} pages and {len(downloaded)} downloads checked in {time.perf_counter() - started:.0f} s")


def test_an_analyst_sees_and_downloads_no_difficulty_text(page, tmp_path, secured_app):
    sign_in(page, "analyst")
    shown, downloaded = visit_every_page(page, tmp_path)
    assert downloaded
    for where, text in {**shown, **downloaded}.items():
        assert SECRET not in text, where
    assert "관리" not in [b.inner_text() for b in page.locator("[data-testid='stSidebarNav'] a").all()]
    other = page.context.new_page()  # the address of a page outside the role: no administration
    other.base_url = page.base_url
    sign_in(other, "analyst", "admin")
    text = other.inner_text("body")
    assert "권한이 없습니다" in text and "감사 기록" not in text and "analyst" in text


def test_staff_see_the_confided_texts_they_collected(page, tmp_path):
    sign_in(page, "staff")
    go_to(page, "data")
    page.locator("button").filter(has_text=re.compile(r"^애로사항$")).click()  # the table to preview
    browser.wait_for_app(page)
    downloaded = download_everything(page, tmp_path)
    assert any(SECRET in text for text in downloaded.values()), sorted(downloaded)


def test_the_administrator_reads_accounts_and_the_audit_log_and_downloads_it(page, tmp_path):
    sign_in(page, "admin")
    go_to(page, "admin")
    text = page.inner_text("body")
    assert "감사 기록" in text and browser.exception_boxes(page) == []
    users = page.locator("[data-testid='stDataFrame']").first
    users.wait_for()
    downloaded = download_everything(page, tmp_path)
    audit = next(content for name, content in downloaded.items() if name.startswith("audit_log.csv"))
    assert "admin,로그인" in audit  # the sign-in just made, in words
    assert PASSWORD not in audit and all(PASSWORD not in content for content in downloaded.values())
    assert page.log.foreign == []


def test_the_administrator_saves_an_upload_as_a_version_and_rolls_back(page, tmp_path):
    path = tmp_path / "회원명단.csv"
    path.write_bytes("회원번호,회사명,지역연합회,시도,시군구\n012-34-56789,가나정밀,경기,경기도,수원시 영통구\n"
                     "000-11-33333,마바화학,인천,인천,미추홀구\n".encode("cp949"))
    sign_in(page, "admin")
    go_to(page, "data")
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(path))
    page.get_by_role("heading", name="검사 결과", exact=True).wait_for(timeout=120_000)
    browser.wait_for_app(page)
    page.get_by_role("button", name="작업공간에 저장").click()
    page.wait_for_selector("text=3번 버전으로 저장했습니다", timeout=120_000)
    browser.wait_for_app(page)
    go_to(page, "overview")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stMetricValue']\")?.innerText.trim() === '2'", timeout=60_000)
    assert "3번 버전" in page.inner_text("[data-testid='stSidebar']")
    # and back to version 2 (the sample with the confided texts), for the tests that follow
    go_to(page, "data")
    versions = page.locator("[data-testid='stSelectbox']", has_text="버전 살펴보기")
    versions.scroll_into_view_if_needed()
    versions.locator("input").click()
    page.keyboard.type("2번 버전")
    page.keyboard.press("Enter")
    browser.wait_for_app(page)
    page.get_by_text("2번 버전으로 되돌리기").click()
    page.wait_for_selector("text=2번 버전이 지금 쓰는 버전입니다", timeout=60_000)
    go_to(page, "overview")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stMetricValue']\")?.innerText.trim() === '7,000'",
        timeout=60_000)
    assert browser.exception_boxes(page) == [] and page.log.foreign == []

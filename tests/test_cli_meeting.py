"""Tests for ``python -m network meeting``: from files (``--data``) and from the workspace (``--db``, with the field
work recorded in the app and the pairs declined there), XLSX and PDF, and every bad request (exit 2, the message,
nothing written).

The data are tests/test_meeting.py's (nine firms around 수원, one in 부산); the meeting's day is far in the future
so that the tests do not age.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from network.cli import COMMANDS, EXIT_OK, EXIT_UNREADABLE, main
from tests.test_meeting import DIFFICULTIES, MEMBERS, OFFICES, PARTNERSHIPS, VISITS

DAY = "2099-12-10"
FILES = {"members": MEMBERS, "partnerships": PARTNERSHIPS, "visits": VISITS, "difficulties": DIFFICULTIES,
         "offices": OFFICES}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("meeting_data")
    for name, text in FILES.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def workspace_url(tmp_path) -> str:
    """A workspace with the files imported and, recorded in the app, an open difficulty of C1 (due in January)."""
    from network.store import Workspace
    from network.store.records import DifficultyInput

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    with Workspace(url) as ws:
        ws.import_files({name: text.encode() for name, text in FILES.items()})
        members = ws.load().members
        ws.records.add_difficulty(DifficultyInput("C1", "포장재 단가가 올라 납품 단가를 맞추기 어렵습니다", category="원자재·물류",
                                                  due=dt.date(2027, 1, 15)),
                                  members=members, actor="lee", today=dt.date(2026, 11, 20))
    return url


def _sheet(path: Path, name: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].values)


def test_the_command_is_registered():
    assert "meeting" in COMMANDS
    with pytest.raises(SystemExit) as exit_info:
        main(["meeting", "--help"])
    assert exit_info.value.code == 0


def test_from_files_to_xlsx(data_dir, tmp_path, capsys):
    out = tmp_path / "간담회.xlsx"
    assert main(["meeting", "--data", str(data_dir), "--sigungu", "41117", "--date", DAY, "--seats", "5",
                 "--radius-km", "20", "--max-group-share", "0.4", "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert printed.startswith("2099-12-10 경기도 수원시 영통구 간담회: 5곳 초대, 소개할 짝 ")
    assert "(반경 20 km 안 회원사 7곳 중)" in printed and f"→ {out}" in printed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["요약", "초대 명단", "소개할 짝", "회원사 프로필"]
    invitees = _sheet(out, "초대 명단")
    assert len(invitees) == 6 and invitees[0][:3] == ("순서", "회원 ID", "회사명")
    groups = [row[4] for row in invitees[1:]]
    assert max(groups.count(g) for g in set(groups)) <= 2  # at most 40 % of five seats from one 교류회
    assert not {"P1", "Z1", "S1"} & {row[1] for row in invitees[1:]}  # outside 20 km
    for row in invitees[1:]:
        assert f"  {row[0]}. {row[2]} (" in printed


def test_from_files_to_pdf_in_english(data_dir, tmp_path, capsys):
    out = tmp_path / "meeting.pdf"
    code = main(["meeting", "--data", str(data_dir), "--office", "경기지역본부", "--date", DAY, "--seats", "4",
                 "--radius-km", "20", "--max-group-share", "0.5", "--out", str(out), "--lang", "en"])
    if code == EXIT_UNREADABLE and not out.exists():  # no WeasyPrint/Pango or Korean font: said on stderr
        err = capsys.readouterr().err
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the PDF cannot be made in CI: {err}")
        pytest.skip(err.strip())
    assert code == EXIT_OK
    assert out.read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().out.startswith("Meeting on 2099-12-10 at 경기지역본부: 4 firms invited")
    tool = shutil.which("pdftotext")
    if tool:
        text = subprocess.run([tool, "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True,
                              timeout=60).stdout.decode("utf-8")
        assert "Matchmaking meeting: 경기지역본부, 2099-12-10" in text and "Pairs to introduce, and why" in text


def test_from_the_workspace_with_records_declines_and_the_audit_log(workspace_url, tmp_path, capsys):
    from network.store import Workspace

    out = tmp_path / "first.xlsx"
    argv = ["meeting", "--db", workspace_url, "--sigungu", "수원시 영통구", "--date", DAY, "--seats", "7",
            "--radius-km", "20", "--max-group-share", "1"]
    assert main([*argv, "--out", str(out)]) == EXIT_OK
    capsys.readouterr()
    profiles = {row[0]: row for row in _sheet(out, "회원사 프로필")}
    header = profiles["회원 ID"]
    open_list = header.index("미해결 애로사항")
    assert profiles["C1"][open_list] == "원자재·물류 (접수)"  # recorded in the app
    assert profiles["B1"][open_list] == "판로·수출 (조치중)"  # imported with its status
    invitees = {row[1]: row for row in _sheet(out, "초대 명단")}
    bonus_open = invitees["회원 ID"].index("미해결 애로 가산점")
    assert invitees["C1"][bonus_open] == 1 and invitees["A2"][bonus_open] == 0

    pairs = _sheet(out, "소개할 짝")[1:]
    first = (pairs[0][0], pairs[0][2])
    with Workspace(workspace_url) as ws:
        ds = ws.load_with_records()
        ws.outcomes.record(*first, "declined", actor="lee", members=ds.members, partnerships=ds.partnerships)
    again = tmp_path / "again.xlsx"
    assert main([*argv, "--out", str(again)]) == EXIT_OK
    assert first not in {(row[0], row[2]) for row in _sheet(again, "소개할 짝")[1:]}

    with Workspace(workspace_url) as ws:
        log = ws.audit.table(action="download")
    assert {"first.xlsx", "again.xlsx"} <= set(log["target"])
    assert f"meeting --sigungu 41117 --date {DAY} --seats 7 --radius-km 20" in set(log["detail"])
    assert all(actor.startswith("cli") for actor in log["actor"])


@pytest.mark.parametrize(("argv", "message"), [
    (["--sigungu", "41117", "--date", DAY, "--seats", "1", "--radius-km", "20"],
     "meeting: 좌석 수 1: 간담회에는 2석 이상이 필요합니다"),
    (["--sigungu", "41117", "--date", "2020-01-01", "--seats", "5", "--radius-km", "20"],
     "meeting: 간담회 날짜 2020-01-01이 이미 지났습니다"),
    (["--sigungu", "41117", "--date", "12/10/2099", "--seats", "5", "--radius-km", "20"],
     "간담회 날짜는 YYYY-MM-DD 형식으로 입력하세요: 12/10/2099"),
    (["--sigungu", "41117", "--date", DAY, "--seats", "5", "--radius-km", "0"], "radius_km의 값 0.0: 0보다 커야 합니다"),
    (["--sigungu", "41117", "--date", DAY, "--seats", "5", "--radius-km", "20", "--max-group-share", "2"],
     "max_group_share의 값 2.0: 0에서 1 사이여야 합니다"),
])
def test_bad_options_exit_2_before_reading_anything(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:  # no --data, no --db: the workspace is never opened
        main(["meeting", *argv, "--out", "m.xlsx"])
    assert exit_info.value.code == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing written, not even a workspace


@pytest.mark.parametrize(("argv", "message"), [
    (["--office", "서울지부"], "알 수 없는 지부입니다: 서울지부 (자료에 있는 지부: 경기지역본부, 위치없는지부, 제주지부)"),
    (["--sigungu", "없는구"], "알 수 없는 시군구입니다: 없는구 (알 수 없는 지역입니다: 없는구)"),
    (["--office", "제주지부"], "제주지부에서 20 km 안에 위치를 아는 회원사가 없습니다. 반경을 넓혀 보세요"),
])
def test_bad_places_exit_2_and_write_nothing(data_dir, tmp_path, capsys, argv, message):
    out = tmp_path / "m.xlsx"
    code = main(["meeting", "--data", str(data_dir), *argv, "--date", DAY, "--seats", "5", "--radius-km", "20",
                 "--out", str(out)])
    assert code == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_fewer_seats_filled_is_said(data_dir, tmp_path, capsys):
    # one firm per 교류회 (a quarter of four seats) and three 교류회 within 20 km: three seats
    out = tmp_path / "m.xlsx"
    assert main(["meeting", "--data", str(data_dir), "--office", "K01", "--date", DAY, "--seats", "4",
                 "--radius-km", "20", "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "3곳 초대" in printed
    assert "  반경 안의 회원사가 7곳이고 교류회마다 1곳까지라 4석 중 3석만 채웠습니다" in printed
    assert len(_sheet(out, "초대 명단")) == 4


def test_messages_in_english(data_dir, tmp_path, capsys):
    code = main(["meeting", "--data", str(data_dir), "--office", "제주지부", "--date", DAY, "--seats", "5",
                 "--radius-km", "20", "--out", str(tmp_path / "m.xlsx"), "--lang", "en"])
    assert code == EXIT_UNREADABLE
    assert "No member with a known location within 20 km of 제주지부: try a larger radius" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["meeting", "--data", str(data_dir), "--sigungu", "41117", "--date", DAY, "--seats", "1",
              "--radius-km", "20", "--out", str(tmp_path / "m.xlsx"), "--lang", "en"])
    assert "seats was 1: a meeting needs at least 2 seats" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--office", "K01", "--sigungu", "41117"], "not allowed with argument"),
    ([], "one of the arguments --office --sigungu is required"),
])
def test_one_place_exactly(data_dir, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["meeting", "--data", str(data_dir), *argv, "--date", DAY, "--seats", "5", "--radius-km", "20",
              "--out", "m.xlsx"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_wrong_suffix_exits_2(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["meeting", "--data", str(data_dir), "--sigungu", "41117", "--date", DAY, "--seats", "5",
              "--radius-km", "20", "--out", str(tmp_path / "m.csv")])
    assert exit_info.value.code == EXIT_UNREADABLE
    assert "확장자가 .xlsx, .pdf 중 하나여야 합니다" in capsys.readouterr().err


def test_python_m_network_meeting_in_a_process(data_dir, tmp_path):
    out = tmp_path / "m.xlsx"
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-m", "network", "meeting", "--data", str(data_dir), "--sigungu", "41117",
                             "--date", DAY, "--seats", "3", "--radius-km", "20", "--out", str(out)],
                            cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "3곳 초대" in result.stdout and out.exists()

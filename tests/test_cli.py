"""Tests for network.cli: ``python -m network check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import network
from network.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, main
from network.recommend import SIGNALS

REPO = Path(network.__file__).resolve().parent.parent

# Korean headers, free-text addresses, saved by Excel as CP949.
MEMBERS_CP949 = "\n".join([
    "회원번호,회사명,소재지,종업원수",
    "007,가나정밀,인천광역시 남구 주안로 1,12",               # 2: old name 남구 → 미추홀구 (warning)
    "008,다라전자,경기도 수원시 영통구 광교로 10,30",          # 3: 일반구
    "009,마바화학,서울 갱남구 테헤란로 5,5",                    # 4: typo in the 구 → rejected
    "010,사아기계,중구 세종대로 1,3",                           # 5: ambiguous 중구 → rejected
    "011,자차금속,경기됴 성남시 분당구 판교역로 235,7",         # 6: typo in the 시도, 구 is clear
    "012,카타물산,충북 청원군 오창읍 각리 1,-4",                # 7: old name (warning); negative employees → rejected
    "008,중복,서울특별시 종로구 세종대로 209,1",                # 8: duplicate id → rejected
    "013,파하산업,경기 고양시 덕양구 화중로 1,9",              # 9: 일반구
    "",
])
CLEAN_MEMBERS = "회원번호,회사명,시도,시군구\nA,가나,서울,종로구\nB,다라,부산,해운대구\n"


def _read_out(path: Path) -> pd.DataFrame:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.fixture
def members_file(tmp_path) -> Path:
    path = tmp_path / "회원명단.csv"
    path.write_bytes(MEMBERS_CP949.encode("cp949"))
    return path


@pytest.fixture
def clean_file(tmp_path) -> Path:
    path = tmp_path / "members.csv"
    path.write_bytes(CLEAN_MEMBERS.encode())
    return path


def test_module_help_lists_check():
    result = subprocess.run([sys.executable, "-m", "network", "--help"], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert "check" in result.stdout


def test_help_in_process(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--members" in out and "--data" in out and "--out" in out


def test_check_writes_todays_codes_and_rejected_rows(members_file, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["check", "--members", str(members_file), "--out", str(out_dir)]) == EXIT_REJECTED
    members = _read_out(out_dir / "members.csv")
    assert members[["member_id", "sigungu_code", "sigungu"]].values.tolist() == [
        ["007", "28177", "미추홀구"],
        ["008", "41117", "수원시 영통구"],
        ["011", "41135", "성남시 분당구"],
        ["013", "41281", "고양시 덕양구"],
    ]
    assert "source_row" not in members.columns
    rejected = _read_out(out_dir / "rejected_members.csv")
    assert list(rejected.columns[:5]) == ["row", "member_id", "column", "value", "reason"]
    assert rejected[["row", "member_id", "column"]].values.tolist() == [
        ["4", "009", "소재지"], ["5", "010", "소재지"], ["7", "012", "종업원수"], ["8", "008", "회원번호"]]
    assert rejected.loc[3, "reason"] == "중복된 ID입니다 (처음 나온 행: 3)"
    assert rejected.loc[2, "회사명"] == "카타물산"  # original cells follow
    problems = _read_out(out_dir / "problems.csv")
    assert problems.loc[problems["code"] == "old_region_name", "row"].tolist() == ["2", "7"]
    out = capsys.readouterr().out
    assert "8행 읽음, 4행 사용, 4행 거부" in out
    assert "회원명단.csv 8행 [회원번호]" in out


def test_check_old_name_file_gets_todays_code(tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_bytes("회원번호,회사명,소재지\n1,가,충북 청원군 오창읍 각리 1\n".encode("cp949"))
    assert main(["check", "--members", str(path), "--out", str(tmp_path / "o")]) == EXIT_OK
    members = _read_out(tmp_path / "o" / "members.csv")
    assert members[["sido_code", "sigungu_code", "sigungu"]].values.tolist() == [["43", "43114", "청주시 청원구"]]


def test_check_all_valid_exits_0(clean_file, capsys):
    assert main(["check", "--members", str(clean_file)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "회원사 (members.csv): 2행 읽음, 2행 사용, 0행 거부" in out
    assert "오류 0건, 경고 0건" in out


def test_check_unreadable_file_exits_2(tmp_path, clean_file, capsys):
    bad = tmp_path / "visits.csv"
    bad.write_bytes(b"\x00\x01\x02\x03")
    assert main(["check", "--members", str(clean_file), "--visits", str(bad)]) == EXIT_UNREADABLE
    out = capsys.readouterr().out
    assert "visits.csv" in out and "파일을 읽을 수 없습니다" in out


def test_check_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", "--members", str(tmp_path / "없음.csv"), "--json"]) == EXIT_UNREADABLE
    summary = json.loads(capsys.readouterr().out)
    assert summary["file_errors"] == [{"file": "없음.csv", "message": "파일을 찾을 수 없습니다"}]


def test_check_empty_data_dir_exits_2(tmp_path, capsys):
    assert main(["check", "--data", str(tmp_path)]) == EXIT_UNREADABLE
    assert "members.csv" in capsys.readouterr().err


def test_check_json_summary(members_file, capsys):
    assert main(["check", "--members", str(members_file), "--json"]) == EXIT_REJECTED
    summary = json.loads(capsys.readouterr().out)
    assert summary["tables"] == {"members": {"file": "회원명단.csv", "read": 8, "valid": 4, "rejected": 4}}
    assert summary["file_errors"] == []
    assert summary["problem_counts"]["duplicate_id"] == 1
    assert summary["problem_counts"]["old_region_name"] == 2
    dup = [p for p in summary["problems"] if p["code"] == "duplicate_id"]
    assert dup == [{"file": "회원명단.csv", "row": 8, "column": "회원번호", "value": "008", "severity": "error",
                    "code": "duplicate_id", "message": "중복된 ID입니다 (처음 나온 행: 3)"}]


def test_check_data_directory(tmp_path, capsys):
    (tmp_path / "members.csv").write_bytes(CLEAN_MEMBERS.encode("cp949"))
    (tmp_path / "partnerships.csv").write_bytes("기업1,기업2\nA,B\nA,Z\n".encode())
    out_dir = tmp_path / "out"
    assert main(["check", "--data", str(tmp_path), "--out", str(out_dir), "--json"]) == EXIT_REJECTED
    summary = json.loads(capsys.readouterr().out)
    assert summary["tables"]["partnerships"] == {"file": "partnerships.csv", "read": 2, "valid": 1, "rejected": 1}
    rejected = _read_out(out_dir / "rejected_partnerships.csv")
    assert rejected[["row", "source_id", "column", "value"]].values.tolist() == [["3", "A", "기업2", "Z"]]
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "members.csv", "partnerships.csv", "problems.csv", "rejected_members.csv", "rejected_partnerships.csv"]


def test_check_xlsx_sheet(tmp_path, make_xlsx, capsys):
    path = tmp_path / "members.xlsx"
    path.write_bytes(make_xlsx({"안내": [["설명"]], "회원": [["회원번호", "회사명", "시도", "시군구"],
                                                           ["007", "가", "서울", "종로구"]]}))
    assert main(["check", "--members", str(path), "--sheet", "회원", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["tables"]["members"]["valid"] == 1


def test_check_english(members_file, capsys):
    assert main(["check", "--members", str(members_file), "--lang", "en"]) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "Members (회원명단.csv): 8 read, 4 valid, 4 rejected" in out
    assert "4 errors, 2 warnings" in out
    assert "row 8 [회원번호] '008': Duplicate ID (first seen in row 3)" in out


def test_check_max_problems(members_file, capsys):
    main(["check", "--members", str(members_file), "--max-problems", "2"])
    out = capsys.readouterr().out
    assert "… 외 4건" in out  # 4 errors + 2 warnings, 2 shown


def test_check_english_headers_rejected_rows(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes("member_id,name,sido,sigungu\nA,가,서울,종로구\nA,나,서울,종로구\n".encode())
    assert main(["check", "--members", str(path), "--out", str(tmp_path / "o")]) == EXIT_REJECTED
    header = (tmp_path / "o" / "rejected_members.csv").read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:5] == ["row", "member_id", "column", "value", "reason"]
    assert len(header) == len(set(header))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--lang", "en"], "give --members"),
        (["check", "--data", "d", "--members", "m.csv", "--lang", "en"], "either --data DIR or the separate files"),
        (["check"], "--members 파일"),  # Korean by default
        (["recommend", "--data", "d", "--top", "0", "--out", "x.csv"], "--top의 값 0: 1 이상이어야 합니다"),
        (["check", "--members", "m.csv", "--lang", "fr"], "invalid choice"),
        ([], "COMMAND"),
    ],
    ids=["no-files", "data-and-members", "no-files-ko", "top-0-ko", "bad-language", "no-command"],
)
def test_argument_errors_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# --- recommend / evaluate / analyze on the bundled sample ------------------------------------------

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def test_recommend_one_member_writes_xlsx(tmp_path, capsys):
    import openpyxl

    member = pd.read_csv(SAMPLE_DIR / "members.csv", encoding="utf-8-sig", dtype=str)["member_id"].iloc[0]
    out = tmp_path / "one.xlsx"
    assert main(["recommend", "--data", str(SAMPLE_DIR), "--member", member, "--top", "5", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:7] == ["member_id", "member_name", "rank", "candidate_id", "candidate_name", "score", "reasons"]
    assert sheet.max_row == 6


def test_recommend_all_members_csv_with_diversity_cap(tmp_path):
    out = tmp_path / "all.csv"
    assert main(["recommend", "--data", str(SAMPLE_DIR), "--top", "3", "--scope", "federation",
                 "--diversity-cap", "4", "--out", str(out)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"member_id": str, "candidate_id": str})
    assert table["candidate_id"].value_counts().max() <= 4
    assert (table["member_id"] != table["candidate_id"]).all()
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"


def test_recommend_unknown_member_and_bad_suffix(tmp_path, capsys):
    assert main(["recommend", "--data", str(SAMPLE_DIR), "--member", "000-00-00000",
                 "--out", str(tmp_path / "x.csv")]) == EXIT_UNREADABLE
    assert "000-00-00000" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["recommend", "--data", str(SAMPLE_DIR), "--out", str(tmp_path / "x.txt")])
    assert exc.value.code == 2


def test_an_output_that_cannot_be_written_is_said_not_raised(tmp_path, capsys):
    out = tmp_path / "없는 폴더" / "all.csv"
    assert main(["recommend", "--data", str(SAMPLE_DIR), "--top", "3", "--out", str(out)]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert f"파일을 쓸 수 없습니다: {out}" in err and "Traceback" not in err


def test_evaluate_json_lists_every_method(capsys):
    assert main(["evaluate", "--data", str(SAMPLE_DIR), "--cutoff", "2024-01-01", "--k", "10", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    rows = result["methods"]
    assert [r["method"] for r in rows] == ["combined", "random", "common_neighbours", "adamic_adar",
                                           "resource_allocation", "same_group", "industry"]
    best_baseline = max(r["precision@10"] for r in rows[1:])
    assert rows[0]["precision@10"] > best_baseline
    assert 0 < rows[0]["members_with_partners"] <= rows[0]["members_evaluated"]
    assert rows[0]["precision@10_with_partners"] > 0
    # how the weights were chosen: the decision, the windows, the positives, the weights
    model = result["model"]
    assert model["decision"] == "fitted" and model["fallback_signal"] is None
    assert model["positives"] > 1000 and model["fit_window"][1] < model["validation_window"][0]
    assert set(model["weights"]) == set(SIGNALS) and sum(model["weights"].values()) > 0
    assert result["split"] == {"kind": "time", "cutoff": "2024-01-01", "train": model_train(), "test": 13752 - model_train(),
                               "k": 10}


def model_train() -> int:
    started = pd.read_csv(SAMPLE_DIR / "partnerships.csv", encoding="utf-8-sig", dtype=str)["started"]
    return int((pd.to_datetime(started) < pd.Timestamp("2024-01-01")).sum())


def test_evaluate_prints_how_the_weights_were_chosen(capsys):
    assert main(["evaluate", "--data", str(SAMPLE_DIR), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "The suggestion weights were fitted on this data" in out
    assert "of the evaluated members had a partner before the cut-off" in out


def test_evaluate_without_dates_says_so(tmp_path, capsys):
    members = pd.read_csv(SAMPLE_DIR / "members.csv", encoding="utf-8-sig", dtype=str).head(300)
    parts = pd.read_csv(SAMPLE_DIR / "partnerships.csv", encoding="utf-8-sig", dtype=str)
    parts = parts[parts["source_id"].isin(members["member_id"]) & parts["target_id"].isin(members["member_id"])]
    members.to_csv(tmp_path / "members.csv", index=False)
    parts.drop(columns=["started"]).to_csv(tmp_path / "partnerships.csv", index=False)
    assert main(["evaluate", "--data", str(tmp_path)]) == EXIT_UNREADABLE
    assert "random" in capsys.readouterr().err
    assert main(["evaluate", "--data", str(tmp_path), "--split", "random", "--json"]) == 0


def test_analyze_writes_every_table(tmp_path):
    out = tmp_path / "analysis"
    assert main(["analyze", "--data", str(SAMPLE_DIR), "--out", str(out)]) == 0
    names = sorted(p.stem for p in out.glob("*.csv"))
    assert names == ["federation_matrix", "federation_summary", "isolated_members", "member_metrics",
                     "sido_matrix", "sido_summary", "sigungu_summary", "top_brokers"]
    metrics = pd.read_csv(out / "member_metrics.csv", encoding="utf-8-sig", dtype={"member_id": str})
    assert len(metrics) == 7000
    sido = pd.read_csv(out / "sido_summary.csv", encoding="utf-8-sig", dtype={"sido_code": str})
    assert sido["members"].sum() == 7000


def test_plan_writes_sites_and_member_lists(tmp_path, capsys):
    out = tmp_path / "plan.csv"
    assert main(["plan", "--data", str(SAMPLE_DIR), "--visits", "5", "--radius-km", "25", "--out", str(out)]) == 0
    sites = pd.read_csv(out, encoding="utf-8-sig")
    members = pd.read_csv(tmp_path / "plan_members.csv", encoding="utf-8-sig", dtype={"member_id": str})
    assert list(sites["order"]) == [1, 2, 3, 4, 5]
    assert sites["cumulative_coverage"].is_monotonic_increasing
    assert members["member_id"].is_unique and (members["km"] <= 25).all()
    assert sites["new_members"].sum() == len(members)
    assert (sites["new_members"] <= 40).all() and sites["reason"].str.contains("좌석 40").all()  # a briefing's seats
    assert "→" in capsys.readouterr().out
    renamed = tmp_path / "renamed.csv"  # --sites is the option's name now; --visits still works
    assert main(["plan", "--data", str(SAMPLE_DIR), "--sites", "5", "--radius-km", "25", "--out", str(renamed)]) == 0
    assert pd.read_csv(renamed, encoding="utf-8-sig").equals(sites)


def test_plan_help_lists_programmes_and_prints_no_doubled_percent(capsys):
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    shown = capsys.readouterr().out
    assert "63%" in shown and "%%" not in shown
    assert "사업설명회 40" in shown and "현장상담회 10" in shown and "--sites K" in shown


def test_plan_xlsx_weighted_and_limited_per_office(tmp_path):
    import openpyxl

    out = tmp_path / "plan.xlsx"
    assert main(["plan", "--data", str(SAMPLE_DIR), "--visits", "6", "--weight", "isolated", "--max-per-office", "1",
                 "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["sites", "members"]
    offices = [row[5] for row in book["sites"].iter_rows(min_row=2, values_only=True)]
    assert len(offices) == len(set(offices))


def test_plan_bad_arguments_exit_2(tmp_path):
    for argv in (["--visits", "0"], ["--radius-km", "-1"], ["--out", str(tmp_path / "x.txt")]):
        args = ["plan", "--data", str(SAMPLE_DIR), "--out", str(tmp_path / "p.csv"), *argv]
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2


def test_check_attendance_and_difficulties_files(tmp_path, capsys):
    (tmp_path / "m.csv").write_bytes(CLEAN_MEMBERS.encode("cp949"))
    (tmp_path / "v.csv").write_bytes("방문번호,일자,시도,시군구,참석기업\nV1,2025-03-04,서울,종로구,A\n".encode("cp949"))
    (tmp_path / "a.csv").write_bytes("방문번호,회원번호\nV1,B\n".encode("cp949"))
    (tmp_path / "애로.csv").write_bytes("애로번호,방문번호,회원번호,애로유형,애로내용\nD1,V1,B,판로,수출처\nD2,V2,,자금,\n"
                                      .encode("cp949"))
    out = tmp_path / "out"
    argv = ["check", "--members", str(tmp_path / "m.csv"), "--visits", str(tmp_path / "v.csv"),
            "--attendance", str(tmp_path / "a.csv"), "--difficulties", str(tmp_path / "애로.csv"), "--out", str(out)]
    assert main(argv) == EXIT_REJECTED
    text = capsys.readouterr().out
    assert "애로사항 (애로.csv): 2행 읽음, 1행 사용, 1행 거부" in text
    assert "방문 참석 (a.csv): 1행 읽음, 1행 사용, 0행 거부" in text
    assert _read_out(out / "attendance.csv")[["visit_id", "member_id"]].values.tolist() == [["V1", "A"], ["V1", "B"]]
    assert _read_out(out / "difficulties.csv")[["difficulty_id", "member_id", "category", "text"]].values.tolist() == [
        ["D1", "B", "판로·수출", "수출처"]]
    rejected = _read_out(out / "rejected_difficulties.csv")
    assert rejected[["row", "difficulty_id", "column", "value"]].values.tolist() == [["3", "D2", "방문번호", "V2"]]
    assert main(["check", "--data", str(out)]) == EXIT_OK  # the normalised tables read back cleanly


# --- the workspace: import, versions, rollback, export; analysis from the current version -------------------

def _db(tmp_path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'ws.db'}"]


def test_import_versions_rollback_export_round_trip(tmp_path, capsys):
    db = _db(tmp_path)
    members = tmp_path / "m.csv"
    members.write_bytes(CLEAN_MEMBERS.encode("cp949"))
    assert main(["import", *db, "--members", str(members), "--note", "첫 명단"]) == EXIT_OK
    assert "1번 버전을 저장했습니다: 회원사 2곳" in capsys.readouterr().out
    partnerships = tmp_path / "p.csv"
    partnerships.write_bytes("기업1,기업2\nA,B\nA,Z\n".encode())
    assert main(["import", *db, "--partnerships", str(partnerships), "--lang", "en"]) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "Saved version 2: 2 members, 1 partnerships" in out
    assert main(["versions", *db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[0] == "2" and lines[1].endswith("← 현재") and "첫 명단" in lines[2]
    assert main(["rollback", *db, "--to", "1"]) == EXIT_OK
    assert "1번 버전이 이제 현재 버전입니다 (이전: 2번)" in capsys.readouterr().out
    assert main(["export", *db, "--version", "2", "--out", str(tmp_path / "out")]) == EXIT_OK
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["members.csv", "partnerships.csv"]
    again = ["--db", f"sqlite:///{tmp_path / 'again.db'}"]
    assert main(["import", *again, "--data", str(tmp_path / "out")]) == EXIT_OK  # reads back cleanly


def test_import_strict_makes_no_version_and_bad_requests_exit_2(tmp_path, capsys):
    db = _db(tmp_path)
    members = tmp_path / "m.csv"
    members.write_bytes("회원번호,회사명\nA,가\nA,나\n".encode())
    assert main(["import", *db, "--members", str(members), "--strict"]) == EXIT_REJECTED
    assert "--strict에 따라 버전을 만들지 않았습니다" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02\x03")
    assert main(["import", *db, "--members", str(bad)]) == EXIT_UNREADABLE
    assert "파일을 읽을 수 없습니다" in capsys.readouterr().err
    assert main(["versions", *db]) == EXIT_OK
    assert len(capsys.readouterr().out.splitlines()) == 1  # the header only: no version was made
    assert main(["import", *db, "--members", str(members)]) == EXIT_REJECTED  # the valid row is kept
    with pytest.raises(SystemExit) as exc:
        main(["rollback", *db, "--to", "1"])
    assert exc.value.code == 2 and "1번은 이미 현재 버전입니다" in capsys.readouterr().err
    assert main(["rollback", *db, "--to", "9", "--lang", "en"]) == EXIT_UNREADABLE
    assert "There is no version 9 (versions: 1)" in capsys.readouterr().err


def test_analysis_commands_read_the_workspace_by_default(tmp_path, capsys):
    db = _db(tmp_path)
    out = tmp_path / "recs.csv"
    assert main(["recommend", *db, "--top", "3", "--out", str(out)]) == EXIT_OK  # an empty workspace: the sample
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"member_id": str})
    assert table["member_id"].nunique() == 7000
    assert main(["versions", *db]) == EXIT_OK
    assert "샘플 데이터" in capsys.readouterr().out
    assert main(["coverage", *db, "--level", "sido", "--out", str(tmp_path / "c.csv")]) == EXIT_OK


@pytest.mark.parametrize(("url", "shown"), [
    ("nonsense", "작업공간 주소를 이해할 수 없습니다: nonsense"),
    ("postgresql+psycopg://u:secret@127.0.0.1:1/db", "작업공간 데이터베이스 서버에 연결할 수 없습니다"),
])
def test_a_bad_workspace_address_exits_2_with_one_clear_message(url, shown, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["versions"]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert shown in err and "secret" not in err and "Traceback" not in err


def test_check_folds_a_problem_repeated_on_many_rows(tmp_path, capsys):
    """Issue 14: one file got 2,729 identical warnings, one per row; the terminal shows one line with the count and
    the first rows, and problems.csv keeps every row."""
    rows = "".join(f"A{i},가{i},경기도\n" for i in range(1, 13))
    (tmp_path / "members.csv").write_bytes(f"회원번호,회사명,주소\n{rows}B1,나,없는시 어디\n".encode())
    assert main(["check", "--data", str(tmp_path), "--out", str(tmp_path / "o")]) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "  ! members.csv [주소] 12개 행 (2, 3, 4, 5, 6, …): 시도까지만 알 수 있습니다: 경기도" in out
    assert "  ✗ members.csv 14행 [주소] '없는시 어디': 알 수 없는 지역입니다: 없는시 어디" in out
    assert out.index("✗") < out.index("12개 행")  # errors first
    problems = pd.read_csv(tmp_path / "o" / "problems.csv", encoding="utf-8-sig")
    assert len(problems) == 13


# ----------------------------------------------------------------------------
# small and partial data: every command says why a result is short or cannot exist


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    from tests import small_data

    base = tmp_path_factory.mktemp("small-cli")
    return lambda name: small_data.write(name, base)


def test_a_command_on_the_bundled_sample_says_so_on_stderr(tmp_path, capsys):
    db = _db(tmp_path)
    header_only = tmp_path / "members.csv"
    header_only.write_text("회원번호,회사명\n", encoding="utf-8")
    assert main(["import", *db, "--members", str(header_only)]) == EXIT_UNREADABLE  # no rows: nothing saved
    assert "머리글 아래에 데이터 행이 없습니다" in capsys.readouterr().err
    assert main(["coverage", *db, "--out", str(tmp_path / "c.csv")]) == EXIT_OK
    err = capsys.readouterr().err
    assert "예시 데이터(가상의 회원사 7,000곳)로 계산합니다" in err


def test_commands_on_members_only_say_why_results_are_empty(tmp_path, capsys, small_set):
    data = ["--data", str(small_set("members_only"))]
    assert main(["coverage", *data, "--out", str(tmp_path / "c.csv")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "방문한 회원사가 없어 방문이 부족한 곳을 가릴 수 없습니다" in out and "방문이 가장 부족한 곳:" not in out
    assert main(["plan", *data, "--out", str(tmp_path / "p.csv"), "--weight", "underserved"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "미방문 회원사 수로 방문지를 골랐습니다" in out and "(None)" not in out and " 0곳을 방문하면" not in out
    assert main(["analyze", *data, "--out", str(tmp_path / "a")]) == EXIT_OK
    assert "모듈성 –" in capsys.readouterr().out
    assert main(["evaluate", *data]) == EXIT_UNREADABLE
    assert "협력 관계가 0건뿐이라" in capsys.readouterr().err


def test_plan_without_located_members_says_no_visit_can_reach_them(tmp_path, capsys, small_set):
    assert main(["plan", "--data", str(small_set("no_located_members")), "--out", str(tmp_path / "p.csv")]) == EXIT_OK
    assert "400곳은 좌표도 시군구도 없어 어느 방문으로도 닿을 수 없습니다" in capsys.readouterr().out


def test_a_report_of_an_empty_month_says_so(tmp_path, capsys, small_set):
    db = _db(tmp_path)
    assert main(["import", *db, "--data", str(small_set("one_federation"))]) == EXIT_OK
    capsys.readouterr()
    assert main(["report", *db, "--month", "2026-06", "--out", str(tmp_path / "r.xlsx")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "2026-06에는 방문도 애로사항도 없습니다 (기록이 있는 가장 최근 달: 2025-12)" in out

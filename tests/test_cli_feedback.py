"""Tests for ``python -m network feedback``: recording what became of a suggestion, and listing the outcomes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import network
from network.cli import EXIT_OK, EXIT_UNREADABLE, main
from network.store import Workspace

REPO = Path(network.__file__).resolve().parent.parent

MEMBERS = "회원번호,회사명\nA1,가나정밀\nA2,다라전자\nB1,마바화학\nB2,사아기계\n"
PARTNERSHIPS = "기업1,기업2,시작일\nA1,B1,2021-05-01\n"
VISITS = "방문번호,일자,시군구,참석기업\nV1,2026-02-05,서울 종로구,A1\n"


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'network.db'}"
    with Workspace(url) as ws:
        ws.import_files({"members": MEMBERS.encode(), "partnerships": PARTNERSHIPS.encode(),
                         "visits": VISITS.encode()})
    return url


def _stored(db: str) -> tuple[pd.DataFrame, int]:
    with Workspace(db) as ws:
        return ws.outcomes.table(), ws.outcomes.stamp()


def _feedback(db: str, *options: str) -> int:
    return main(["feedback", "--db", db, *options])


def test_an_outcome_is_recorded_and_said(db, capsys):
    assert _feedback(db, "--member", "A1", "--candidate", "A2", "--outcome", "met", "--by", "kim") == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("추천 결과 SO-000001을 저장했습니다: 가나정밀(A1) → 다라전자(A2), 만남 (")
    assert out.rstrip().endswith("기록: kim)")
    table, _ = _stored(db)
    assert table[["member_id", "candidate_id", "outcome", "reason", "recorded_by"]].values.tolist() == [
        ["A1", "A2", "met", None, "kim"]]


def test_a_partnered_pair_becomes_a_partnership_of_the_workspace(db, capsys):
    assert _feedback(db, "--member", "A2", "--candidate", "B2", "--outcome", "협력 성사", "--lang", "en") == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Saved outcome SO-000001: 다라전자(A2) → 사아기계(B2), partnered (")
    table, _ = _stored(db)
    day = table["day"].iloc[0]
    assert lines[1] == f"The two firms now count as partners from {day:%Y-%m-%d}"
    with Workspace(db) as ws:
        p = ws.load_with_records().partnerships
    assert p[["source_id", "target_id", "started", "recorded"]].values.tolist() == [
        ["A1", "B1", pd.Timestamp("2021-05-01"), False], ["A2", "B2", day, True]]


def test_a_decline_with_its_reason_says_until_when(db, capsys, monkeypatch):
    monkeypatch.setenv("NETWORK_DECLINE_MONTHS", "6")
    assert _feedback(db, "--member", "A1", "--candidate", "B2", "--outcome", "관심없음", "--reason",
                     "거래처 있음") == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    table, _ = _stored(db)
    until = (table["day"].iloc[0] + pd.DateOffset(months=6)).date().isoformat()
    assert "관심 없음 — 거래처 있음" in lines[0] and "기록: cli" in lines[0]  # no --by: the command's user
    assert lines[1] == f"두 기업은 {until}부터 다시 서로에게 추천됩니다"
    assert table["reason"].tolist() == ["거래처 있음"]


@pytest.mark.parametrize(("options", "message"), [
    (["--member", "Z9", "--candidate", "A2", "--outcome", "met"], "회원 명단에 없는 회원사입니다: 'Z9'"),
    (["--member", "A1", "--candidate", "B22", "--outcome", "met"],
     "추천된 기업이 회원 명단에 없습니다: 'B22' — B2를 뜻하셨나요?"),
    (["--member", "A1", "--candidate", "B1", "--outcome", "introduced"],
     "A1과 B1은 이미 협력 관계입니다 (2021-05-01부터)"),
    (["--member", "B1", "--candidate", "A1", "--outcome", "partnered"],
     "B1과 A1은 이미 협력 관계입니다 (2021-05-01부터)"),
    (["--member", "A1", "--candidate", "A2", "--outcome", "좋음"], "알 수 없는 추천 결과입니다: '좋음'"),
    (["--member", "A1", "--candidate", "A2", "--outcome", "met", "--reason", "왜"],
     "사유는 '관심 없음'에만 적을 수 있습니다"),
    (["--member", "A1", "--outcome", "met"], "--candidate 옵션이 필요합니다"),
    (["--list", "--outcome", "met"], "--list와 함께 쓸 수 없는 옵션입니다: --outcome"),
    (["--member", "A1", "--candidate", "A2", "--outcome", "met", "--out", "x.csv"],
     "--list와 함께 쓸 수 없는 옵션입니다: --out"),
    (["--list", "--out", "x.txt"], "x.txt"),
])
def test_bad_input_exits_with_2_and_the_korean_message_and_stores_nothing(db, capsys, options, message):
    before = _stored(db)
    with pytest.raises(SystemExit) as info:
        _feedback(db, *options)
    assert info.value.code == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert err.startswith("python -m network feedback: ") and message in err, err
    after = _stored(db)
    assert after[1] == before[1] and after[0].empty


def test_the_second_partnered_outcome_of_a_pair_is_refused(db, capsys):
    assert _feedback(db, "--member", "A2", "--candidate", "B2", "--outcome", "partnered") == EXIT_OK
    with pytest.raises(SystemExit) as info:
        _feedback(db, "--member", "B2", "--candidate", "A2", "--outcome", "met", "--lang", "en")
    assert info.value.code == EXIT_UNREADABLE
    assert "B2 and A2 are already partners (since " in capsys.readouterr().err
    assert len(_stored(db)[0]) == 1


def test_list_prints_the_outcomes_and_writes_them_to_a_file(db, tmp_path, capsys):
    _feedback(db, "--member", "A1", "--candidate", "A2", "--outcome", "소개함", "--by", "kim")
    _feedback(db, "--member", "B2", "--candidate", "A2", "--outcome", "declined", "--reason", "바쁨", "--by", "lee")
    capsys.readouterr()
    assert _feedback(db, "--list", "--lang", "en") == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("SO-000001  ") and "가나정밀(A1) → 다라전자(A2)  introduced  (kim, " in lines[0]
    assert "사아기계(B2) → 다라전자(A2)  declined — 바쁨  (lee, " in lines[1]
    out = tmp_path / "outcomes.csv"
    assert _feedback(db, "--list", "--member", "A1", "--out", str(out)) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"추천 결과 1건 → {out}"
    written = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert written[["outcome_id", "member_name", "candidate_name", "outcome"]].values.tolist() == [
        ["SO-000001", "가나정밀", "다라전자", "소개함"]]
    with Workspace(db) as ws:
        entry = ws.audit.table(action="download").iloc[0]
    assert (entry["target"], entry["rows"], entry["detail"]) == ("outcomes.csv", 1, "feedback --list --member A1")


def test_list_of_nothing_says_so(db, capsys):
    assert _feedback(db, "--list") == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == "기록된 추천 결과가 없습니다"


def test_python_m_network_feedback(db):
    result = subprocess.run([sys.executable, "-m", "network", "feedback", "--db", db, "--member", "A1",
                             "--candidate", "Z9", "--outcome", "met", "--lang", "en"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == EXIT_UNREADABLE
    assert "The suggested firm is not in the member list: 'Z9'" in result.stderr
    assert "Traceback" not in result.stderr
    assert _stored(db)[0].empty


def test_evaluate_scores_the_suggestions_shown_against_the_outcomes(db, capsys):
    import datetime as dt
    import json

    with Workspace(db) as ws:
        ws.outcomes.log_shown("A1", [("A2", 1, 0.9), ("B2", 2, 0.5)], actor="kim",
                              now=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
    assert _feedback(db, "--member", "A1", "--candidate", "A2", "--outcome", "partnered") == EXIT_OK
    assert _feedback(db, "--member", "B2", "--candidate", "A1", "--outcome", "declined") == EXIT_OK
    capsys.readouterr()
    assert main(["evaluate", "--db", db, "--outcomes", "--json"]) == EXIT_OK
    counts = json.loads(capsys.readouterr().out)
    assert (counts["shown"], counts["acted_on"], counts["partnership"], counts["declined"]) == (2, 1, 1, 1)
    assert main(["evaluate", "--db", db, "--outcomes", "--lang", "en"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "suggestions shown: 2" in out and "led to a partnership: 1 (50.0%)" in out
    with pytest.raises(SystemExit) as stopped:  # a wrong option: the usage and the message, exit 2
        main(["evaluate", "--data", str(REPO / "data" / "sample"), "--outcomes"])
    assert stopped.value.code == 2 and "--db" in capsys.readouterr().err


def test_recommend_from_the_workspace_leaves_out_declined_pairs(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'network.db'}"
    with Workspace(url) as ws:
        ws.ensure_sample()
    out = tmp_path / "before.csv"
    member = pd.read_csv(REPO / "data" / "sample" / "members.csv", encoding="utf-8-sig", dtype=str)["member_id"][5]
    assert main(["recommend", "--db", url, "--member", member, "--out", str(out)]) == EXIT_OK
    first = pd.read_csv(out, encoding="utf-8-sig", dtype=str)["candidate_id"].tolist()
    assert _feedback(url, "--member", member, "--candidate", first[0], "--outcome", "declined") == EXIT_OK
    assert _feedback(url, "--member", member, "--candidate", first[1], "--outcome", "partnered") == EXIT_OK
    assert main(["recommend", "--db", url, "--member", member, "--out", str(out)]) == EXIT_OK
    after = pd.read_csv(out, encoding="utf-8-sig", dtype=str)["candidate_id"].tolist()
    assert first[0] not in after and first[1] not in after  # declined; a partner now
    assert after[:8] == first[2:]

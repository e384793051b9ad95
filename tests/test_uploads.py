"""Tests for network.uploads: an upload is checked in a worker process with a time limit and a memory ceiling."""

from __future__ import annotations

import resource
import threading
import time

import pytest

from network import uploads
from network.config import Limits
from network.errors import StoreError
from network.sample import SAMPLE_DIR
from network.store import Workspace
from network.uploads import check_uploads, limits_note
from tests.test_io import many_rows_xlsx, zip_bomb_xlsx


@pytest.fixture(scope="module")
def workspace_url(tmp_path_factory) -> str:
    """A workspace holding the bundled sample as its current version, as the app starts."""
    url = f"sqlite:///{tmp_path_factory.mktemp('uploads')}/network.db"
    with Workspace(url) as workspace:
        workspace.ensure_sample()
    return url


def _sample(*tables: str) -> dict[str, tuple[str, bytes]]:
    return {table: (f"{table}.csv", (SAMPLE_DIR / f"{table}.csv").read_bytes()) for table in tables}


def _file_errors(result) -> list[tuple[str, str]]:
    return [(p.code, p.file) for p in result.checked.dataset.report.file_errors]


def test_check_uploads_passes_the_sample(workspace_url):
    result = check_uploads(workspace_url, _sample("members", "partnerships"))
    checked = result.checked
    assert checked.savable and checked.based_on == 1 and not checked.dataset.report.file_errors
    assert checked.dataset.report.counts["members"] == {"read": 7000, "valid": 7000, "rejected": 0}
    assert checked.kept == ()  # nothing of the sample's fictional tables is kept
    assert set(checked.sources) == {"members", "partnerships"}
    assert result.seconds < 20
    assert result.peak_mb is None or result.peak_mb < 1024


def test_check_uploads_refuses_a_zip_bomb_in_little_memory(workspace_url):
    files = {"members": ("회원.csv", _sample("members")["members"][1]), "partnerships": ("협력.xlsx", zip_bomb_xlsx())}
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = check_uploads(workspace_url, files)
    report = result.checked.dataset.report
    assert _file_errors(result) == [("archive_too_large", "협력.xlsx")]
    assert report.counts["members"]["valid"] == 7000  # the other file is still read
    assert not result.checked.savable
    assert report.table().loc[0, "message"] == (
        "XLSX 파일의 압축을 풀면 2,048 MB가 되어 열지 않았습니다 (한도 500 MB). 파일을 나눠 올려 주세요")
    assert result.peak_mb is not None and result.peak_mb < 400  # the worker never unpacked it (2 GiB)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - own_peak < 64 * 1024  # kB: the server stays small


def test_check_uploads_reports_a_sheet_declaring_millions_of_rows(workspace_url, make_xlsx):
    from tests.test_io import _with_dimension

    data = _with_dimension("A1:Z3000000", [["회원번호", "회사명"], ["1", "가"]], make_xlsx)
    result = check_uploads(workspace_url, {"members": ("명단.xlsx", data)}, language="en")
    [problem] = result.checked.dataset.report.file_errors
    assert (problem.code, problem.file) == ("too_many_rows_declared", "명단.xlsx")
    assert problem.message("en").startswith("The sheet declares 3,000,000 rows (A1:Z3000000)")


def test_check_uploads_stops_a_check_past_its_time_limit(workspace_url):
    data = many_rows_xlsx(900_000)  # under the row limit, and half a minute's reading
    started = time.perf_counter()
    result = check_uploads(workspace_url, {"members": ("큰명단.xlsx", data)}, limits=Limits(upload_check_seconds=2))
    assert time.perf_counter() - started < 2 + 5  # the limit, and starting a worker when none was waiting
    assert _file_errors(result) == [("check_timeout", "큰명단.xlsx")]
    report = result.checked.dataset.report
    assert report.table().loc[0, "message"] == (
        "파일 검사가 2초 안에 끝나지 않아 중단했습니다. 행 수를 줄이거나 파일을 나눠 다시 올려 주세요")
    assert report.file_errors[0].message("en").startswith("The check did not finish within 2 seconds")
    assert not result.checked.savable and result.checked.dataset.members.empty


def test_check_uploads_stops_a_check_past_its_memory_ceiling(workspace_url):
    rows = "".join(f"M{k},회사{k},서울,종로구\n" for k in range(200_000))
    data = ("회원번호,회사명,시도,시군구\n" + rows).encode()
    result = check_uploads(workspace_url, {"members": ("m.csv", data)}, limits=Limits(upload_check_memory_mb=32))
    [problem] = result.checked.dataset.report.file_errors
    # a Python allocation that fails says so; one in C code may end the process instead
    assert (problem.code, problem.file) in {("check_memory", "m.csv"), ("check_stopped", "m.csv")}
    assert "32 MB" in problem.message("ko")


def test_other_sessions_stay_responsive_during_a_hostile_check(workspace_url):
    """While one session's hostile upload is being checked, the server's interpreter stays free (the
    worker holds no lock of it) and another session's ordinary upload is checked in a few seconds."""
    hostile: dict[str, object] = {}

    def check_hostile() -> None:
        hostile["result"] = check_uploads(workspace_url, {"members": ("큰명단.xlsx", many_rows_xlsx(900_000))},
                                          limits=Limits(upload_check_seconds=8))
        hostile["done"] = time.perf_counter()

    thread = threading.Thread(target=check_hostile)
    thread.start()
    try:
        gaps, last, until = [], time.perf_counter(), time.perf_counter() + 1
        while time.perf_counter() < until:  # a request of another session: a few milliseconds of Python, often
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
        started = time.perf_counter()
        other = check_uploads(workspace_url, _sample("members"))
        done = time.perf_counter()
    finally:
        thread.join()
    assert max(gaps) < 0.5  # a check in the server's own process would hold it for seconds
    assert other.checked.savable and done - started < 8
    assert done < hostile["done"]  # (the hostile check was running all along)
    assert _file_errors(hostile["result"]) == [("check_timeout", "큰명단.xlsx")]


def test_only_a_few_uploads_are_checked_at_once(workspace_url):
    limits = Limits(upload_checks_at_once=1, upload_check_seconds=3)
    slow = many_rows_xlsx(900_000)
    first = threading.Thread(target=check_uploads, args=(workspace_url, {"members": ("큰명단.xlsx", slow)}),
                             kwargs={"limits": limits})
    first.start()
    turns = uploads._turns(1)
    deadline = time.monotonic() + 10
    while turns._value > 0 and time.monotonic() < deadline:  # the first check has taken its turn (for its 3 s)
        time.sleep(0.01)
    waited = check_uploads(workspace_url, _sample("members"), limits=limits)
    first.join()
    assert _file_errors(waited) == [("check_busy", "members.csv")]
    assert waited.checked.dataset.report.file_errors[0].message("ko").startswith("다른 파일 검사가 1건 진행 중이라")
    again = check_uploads(workspace_url, _sample("members"), limits=limits)  # its turn, once the first is done
    assert not again.checked.dataset.report.file_errors


def test_check_uploads_raises_what_the_workspace_raises():
    with pytest.raises(StoreError, match="지원하지 않는 데이터베이스입니다: mysql://") as err:
        check_uploads("mysql://rcn@db/rcn", _sample("offices"))
    assert err.value.message("en") == "Unsupported database: mysql://rcn@db/rcn (only SQLite and PostgreSQL)"


def test_limits_note():
    assert limits_note(50, language="en") == (
        "Each file may be up to 50 MB with up to 1,000,000 rows (an XLSX up to 500 MB unpacked). A check that "
        "takes longer than 300 seconds is stopped.")
    assert "10초" in limits_note(20, limits=Limits(upload_check_seconds=10))

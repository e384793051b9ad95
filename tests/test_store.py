"""Tests for network.store: the workspace on a real SQLite file and a real PostgreSQL server.

Every test taking ``workspace_url`` runs twice: on an SQLite file and on a new database of the throw-away
PostgreSQL cluster started by the tests (``tests/database.py``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from network import schema
from network.dataset import load_dataset
from network.errors import ConflictError, DataError, InsufficientDataError, NotFoundError, OptionError, StoreError
from network.store import Workspace
from network.store import tables as t
from network.store.workspace import MIGRATIONS_DIR, migrate
from tests.conftest import raises_message

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"

MEMBERS = "회원번호,회사명,시도,시군구,업종코드,종업원수,설립일\nA,가나정밀,서울,종로구,25,12,2015-03-04\nB,다라전자,부산,중구,26,30,\n" \
          "C,마바화학,경기,수원시 영통구,20,,2001\n"
PARTNERSHIPS = "기업1,기업2,유형,시작일\nA,B,공급망,2020-01-01\nB,C,공동R&D,2022-05-01\n"
VISITS = "방문번호,일자,프로그램,시도,시군구,참석기업,참석자수,애로사항\nV1,2025-03-04,간담회,서울,종로구,A;B,10,판로;자금\n" \
         "V2,2025-04-01,방문상담,경기,수원시 영통구,C,2,인력\n"


def _files(**tables: str) -> dict[str, bytes]:
    return {name: text.encode() for name, text in tables.items()}


def _same_data(left, right) -> None:
    """Two data sets hold the same rows in every table (values, not dtypes; source rows aside)."""
    for name in schema.TABLES:
        a, b = left.tables()[name], right.tables()[name]
        columns = [c for c in a.columns if c != "source_row"]
        assert set(columns) <= set(b.columns), (name, columns, list(b.columns))
        pd.testing.assert_frame_equal(a[columns].reset_index(drop=True).astype(object).where(a[columns].notna(), None),
                                      b[columns].reset_index(drop=True).astype(object).where(b[columns].notna(), None),
                                      check_dtype=False, obj=name)


# ----------------------------------------------------------------------------
# the schema: created at the latest migration, upgraded from each earlier one


def test_a_new_workspace_is_at_the_latest_migration_and_matches_the_tables(workspace_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ws = Workspace(workspace_url)
    with ws.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == ws.revision
        assert compare_metadata(context, t.METADATA) == []  # the migrations make exactly the tables of the code
        assert connection.execute(sa.select(t.workspace_state)).mappings().one()["current_version"] is None
    assert ws.current() is None and ws.versions() == []


def _revisions() -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return [r.revision for r in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


def test_the_head_revision_read_from_the_scripts_is_alembics():
    from network.store.workspace import HEAD_REVISION

    assert _revisions()[-1] == HEAD_REVISION


@pytest.mark.parametrize("revision", _revisions())
def test_each_migration_upgrades_a_database_made_at_the_one_before(workspace_url, revision):
    """A database made at the revision before (with data when there is one before) upgrades to this one and
    keeps its data."""
    from alembic import command

    from network.store.workspace import _alembic_config

    revisions = _revisions()
    previous = revisions[revisions.index(revision) - 1] if revisions.index(revision) else None
    engine = sa.create_engine(workspace_url)
    try:
        with engine.begin() as connection:
            if previous is not None:
                command.upgrade(_alembic_config(connection), previous)
        if previous is not None:  # data made at the previous revision survives the upgrade
            with Workspace(workspace_url) as ws:
                ws.import_files(_files(members=MEMBERS))
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), revision)
        assert migrate(engine) == revisions[-1]
        if previous is not None:
            with Workspace(workspace_url) as ws:
                assert ws.load().members["member_id"].tolist() == ["A", "B", "C"]
    finally:
        engine.dispose()


def test_a_database_from_a_newer_program_is_refused_clearly(tmp_path):
    url = f"sqlite:///{tmp_path / 'network.db'}"
    Workspace(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with raises_message(StoreError, "newer version of this program \\(schema 9999\\)"):
        Workspace(url)
    with pytest.raises(StoreError, match="프로그램을 업데이트해 주세요"):
        Workspace(url)


# ----------------------------------------------------------------------------
# import, load, versions


def test_import_then_load_gives_the_checked_data_and_report(workspace_url):
    ws = Workspace(workspace_url)
    members = MEMBERS + "A,중복,서울,중구,25,3,\n"  # a duplicate id: rejected, with its original cells kept
    result = ws.import_files(_files(members=members, partnerships=PARTNERSHIPS, visits=VISITS), note="12월 명단")
    assert result.version is not None and result.version.id == 1 and result.version.current
    assert result.version.tables == {"members": 3, "partnerships": 2, "visits": 2, "attendance": 3,
                                     "difficulties": 3}
    loaded = ws.load()
    _same_data(result.checked.dataset, loaded)
    assert loaded.members["employees"].tolist()[:2] == [12, 30] and pd.isna(loaded.members["employees"].iloc[2])
    assert loaded.members["founded"].dt.strftime("%Y-%m-%d").tolist()[0] == "2015-03-04"
    # the report, as saved
    assert loaded.report.counts["members"] == {"read": 4, "valid": 3, "rejected": 1}
    assert [(p.code, p.row, p.column) for p in loaded.report.errors()] == [("duplicate_id", 5, "회원번호")]
    rejected = loaded.report.rejected_table("members", language="en")
    assert rejected[["row", "member_id", "column", "value"]].values.tolist() == [[5, "A", "회원번호", "A"]]
    assert rejected.loc[0, "reason"] == "Duplicate ID (first seen in row 2)"
    assert rejected.loc[0, "회사명"] == "중복"
    assert loaded.files == {"members": "members.csv", "partnerships": "partnerships.csv", "visits": "visits.csv"}


def test_versions_newest_first_and_the_newest_is_current(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS), note="첫째")
    ws.import_files(_files(partnerships=PARTNERSHIPS), note="둘째")
    versions = ws.versions()
    assert [(v.id, v.note, v.current, v.based_on) for v in versions] == [(2, "둘째", True, 1), (1, "첫째", False, None)]
    assert ws.current().id == 2 and ws.current_id() == 2
    table = ws.versions_table()
    assert table[["version", "members", "partnerships", "current"]].values.tolist() == [[2, 3, 2, True],
                                                                                        [1, 3, 0, False]]


def test_a_table_not_given_is_kept_and_rows_are_shared_not_copied(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS, partnerships=PARTNERSHIPS))
    second = ws.import_files(_files(visits=VISITS)).version
    assert second.tables["members"] == 3 and second.tables["partnerships"] == 2 and second.tables["visits"] == 2
    assert ws.load().partnerships[["source_id", "target_id"]].values.tolist() == [["A", "B"], ["B", "C"]]
    with ws.engine.connect() as connection:
        counts = dict(connection.execute(sa.select(t.snapshots.c.table_name, sa.func.count())
                                         .group_by(t.snapshots.c.table_name)).all())
    assert counts["members"] == 1 and counts["partnerships"] == 1  # unchanged tables: the same snapshot


def test_a_kept_table_keeps_its_row_numbers_and_its_snapshot(workspace_url):
    ws = Workspace(workspace_url)
    with_a_bad_row = "회원번호,회사명,시도,시군구\nA,가나정밀,서울,종로구\nA,중복,서울,중구\nB,다라전자,부산,중구\nC,마바,경기,수원시 영통구\n"
    first = ws.import_files(_files(members=with_a_bad_row, partnerships="기업1,기업2\nA,B\nB,C\nA,C\n"))
    assert first.checked.dataset.members["source_row"].tolist() == [2, 4, 5]  # row 3 was a duplicate
    ws.import_files(_files(visits=VISITS))
    assert ws.load().members["source_row"].tolist() == [2, 4, 5]  # still the rows of the file they came from
    with ws.engine.connect() as connection:
        members = connection.execute(sa.select(sa.func.count()).select_from(t.snapshots)
                                     .where(t.snapshots.c.table_name == "members")).scalar()
    assert members == 1  # shared with version 1, not copied
    # a row of a kept table rejected now is named by its row in the file it came from
    gone = ws.import_files(_files(members="회원번호,회사명,시도,시군구\nA,가나정밀,서울,종로구\nB,다라전자,부산,중구\n"))
    def partnership_errors(report):
        return [(p.value, p.row) for p in report.errors() if p.file.startswith("partnerships.csv")]

    assert partnership_errors(gone.checked.dataset.report) == [("C", 3), ("C", 4)]
    assert gone.checked.dataset.report.rejected["partnerships"]["row"].tolist() == [3, 4]
    assert partnership_errors(ws.report()) == [("C", 3), ("C", 4)]  # as saved
    assert ws.load().partnerships["source_row"].tolist() == [2]


def test_a_table_given_with_no_valid_row_is_recorded_with_its_file(workspace_url):
    ws = Workspace(workspace_url)
    version = ws.import_files({"members": MEMBERS.encode(), "partnerships": ("기업1,기업2\nA,Z\n".encode())}).version
    assert version.files == {"members": "members.csv", "partnerships": "partnerships.csv"}
    assert version.tables["partnerships"] == 0
    assert ws.report().counts["partnerships"] == {"read": 1, "valid": 0, "rejected": 1}
    assert ws.load().partnerships.empty and ws.load().files["partnerships"] == "partnerships.csv"


def test_kept_tables_are_checked_against_the_new_ones(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS, partnerships=PARTNERSHIPS))
    fewer = "회원번호,회사명,시도,시군구\nA,가나정밀,서울,종로구\nB,다라전자,부산,중구\n"  # C left
    result = ws.import_files(_files(members=fewer))
    assert result.version.tables["partnerships"] == 1
    errors = [(p.code, p.value) for p in result.checked.dataset.report.errors()]
    assert errors == [("unknown_member", "C")]  # B–C cannot stay: said, with the row of the kept table
    assert result.checked.kept == ("partnerships",)
    assert ws.load().report.errors()[0].file.startswith("partnerships.csv (1번 버전에서 유지)")


def test_a_new_visits_file_brings_its_own_attendance_and_difficulties(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS, visits=VISITS))
    newer = "방문번호,일자,시도,시군구,참석기업\nV9,2025-06-01,서울,종로구,A\n"
    ws.import_files(_files(visits=newer))
    loaded = ws.load()
    assert loaded.attendance[["visit_id", "member_id"]].values.tolist() == [["V9", "A"]]
    assert loaded.difficulties.empty


def test_strict_import_with_rejected_rows_makes_no_version(workspace_url):
    ws = Workspace(workspace_url)
    result = ws.import_files(_files(members=MEMBERS + "A,중복,서울,중구,,,\n"), strict=True)
    assert result.version is None and ws.current() is None
    assert result.checked.dataset.report.n_rejected == 1


def test_an_unreadable_file_makes_no_version(workspace_url, tmp_path):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    with pytest.raises(DataError, match="파일을 읽을 수 없습니다"):
        ws.import_files({"members": b"\x00\x01\x02\x03" * 10})
    with pytest.raises(DataError, match="파일을 찾을 수 없습니다"):
        ws.import_files({"members": tmp_path / "없는파일.csv"})
    assert [v.id for v in ws.versions()] == [1]


def test_empty_workspace_has_nothing_to_load(workspace_url):
    with raises_message(InsufficientDataError, "has no data yet"):
        Workspace(workspace_url).load()


def test_first_run_imports_the_sample_as_version_one(workspace_url):
    ws = Workspace(workspace_url)
    first = ws.ensure_sample()
    assert first is not None and first.id == 1 and first.is_sample
    assert ws.ensure_sample() is None  # not twice
    assert ws.current_or_sample() == first
    _same_data(load_dataset(SAMPLE), ws.load())


def test_a_first_import_keeps_nothing_of_the_sample(workspace_url):
    """A federation's members file on top of the bundled sample: its members alone, never with the sample's
    fictional partnerships, visits and offices (which the pages would count as its own)."""
    ws = Workspace(workspace_url)
    ws.ensure_sample()
    result = ws.import_files(_files(members=MEMBERS))
    assert result.checked.kept == () and result.version is not None and result.version.kept == {}
    data = ws.load()
    assert len(data.members) == 3
    assert [len(data.partnerships), len(data.visits), len(data.offices), len(data.attendance)] == [0, 0, 0, 0]
    second = ws.import_files(_files(partnerships=PARTNERSHIPS))  # after a real import, tables are kept as before
    assert second.version is not None and second.version.kept == {"members": result.version.id}


def test_the_sample_is_never_saved_over_an_import_that_came_first(workspace_url, monkeypatch):
    ws = Workspace(workspace_url)
    checked_sample = ws.check_files

    def someone_imports_meanwhile(*args, **kwargs):
        checked = checked_sample(*args, **kwargs)  # the sample, checked against the empty workspace
        Workspace(workspace_url).import_files(_files(members=MEMBERS), note="real members")
        return checked

    monkeypatch.setattr(ws, "check_files", someone_imports_meanwhile)
    assert ws.ensure_sample() is None
    assert [(v.id, v.note, v.is_sample) for v in ws.versions()] == [(1, "real members", False)]
    assert not ws.current_or_sample().is_sample


# ----------------------------------------------------------------------------
# rollback, compare, export


def test_rollback_makes_an_earlier_version_current_without_deleting(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    ws.import_files(_files(members="회원번호,회사명\nZ,새회사\n"))
    assert ws.rollback(1).current
    assert ws.load().members["member_id"].tolist() == ["A", "B", "C"]
    assert [v.id for v in ws.versions()] == [2, 1]
    assert ws.load(2).members["member_id"].tolist() == ["Z"]
    assert ws.rollback(2).id == 2


def test_rollback_to_the_current_or_an_unknown_version_says_so(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    with raises_message(OptionError, "Version 1 is already the current one"):
        ws.rollback(1)
    with raises_message(NotFoundError, "There is no version 7 \\(versions: 1\\)"):
        ws.rollback(7)
    with pytest.raises(NotFoundError, match="7번 버전이 없습니다"):
        ws.load(7)
    assert ws.current_id() == 1


def test_compare_members_and_partnerships(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS, partnerships=PARTNERSHIPS))
    changed = ("회원번호,회사명,시도,시군구,업종코드,종업원수,설립일\nA,가나정밀,서울,종로구,25,15,2015-03-04\n"
               "B,다라전자,부산,중구,26,30,\nD,사아기계,서울,중구,29,7,\n")
    ws.import_files(_files(members=changed, partnerships="기업1,기업2\nA,B\nA,D\n"))
    diff = ws.compare()
    assert (diff.before, diff.after) == (1, 2)
    assert diff.members_added["member_id"].tolist() == ["D"]
    assert diff.members_removed["member_id"].tolist() == ["C"]
    assert diff.members_changed.values.tolist() == [["A", "가나정밀", "employees"]]
    assert diff.partnerships_added.values.tolist() == [["A", "D"]]
    assert diff.partnerships_removed.values.tolist() == [["B", "C"]]
    assert ws.compare(1).counts()["members_added"] == 3  # the first version against nothing


def test_after_a_rollback_a_new_version_is_compared_with_the_one_it_was_made_from(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    ws.import_files(_files(members="회원번호,회사명\nZ,새회사\n"))
    ws.rollback(1)
    ws.import_files(_files(members=MEMBERS + "D,사아기계,서울,중구,,,\n"))
    diff = ws.compare()
    assert (diff.before, diff.after) == (1, 3)
    assert diff.counts()["members_added"] == 1 and diff.counts()["members_removed"] == 0


def test_export_reads_back_to_the_same_data(workspace_url, tmp_path):
    ws = Workspace(workspace_url)
    ws.ensure_sample()
    ws.import_files(_files(members=MEMBERS + "D,\"=HYPERLINK(\"\"x\"\")\",서울,중구,,,\n", partnerships=PARTNERSHIPS,
                           visits=VISITS))
    written = ws.export(tmp_path / "out")
    assert sorted(p.name for p in written) == ["attendance.csv", "difficulties.csv", "members.csv",
                                               "partnerships.csv", "visits.csv"]  # nothing kept from the sample
    again = Workspace(f"sqlite:///{tmp_path / 'again.db'}")
    result = again.import_files(tmp_path / "out")
    assert result.checked.dataset.report.errors() == []
    _same_data(ws.load(), again.load())
    _same_data(ws.load(1), Workspace(workspace_url).load(1))


# ----------------------------------------------------------------------------
# two people at once, and failures


def test_a_check_made_before_another_import_is_not_saved_over_it(workspace_url):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    checked = ws.check_files(_files(partnerships=PARTNERSHIPS))
    Workspace(workspace_url).import_files(_files(members="회원번호,회사명\nZ,새회사\n"))  # someone else, meanwhile
    with raises_message(ConflictError, "someone saved a new version \\(2\\)"):
        ws.save(checked)
    assert ws.current_id() == 2
    # import_files checks again against the new current version by itself
    result = ws.import_files(_files(partnerships=PARTNERSHIPS))
    assert result.version.id == 3 and result.checked.dataset.report.n_rejected == 2  # A, B, C are gone


def test_imports_at_the_same_time_make_one_version_each_and_one_current(workspace_url):
    Workspace(workspace_url).import_files(_files(members=MEMBERS))
    errors: list[Exception] = []

    def one(k: int) -> None:
        try:
            Workspace(workspace_url).import_files(_files(members=f"회원번호,회사명\nM{k},회사{k}\n"), note=str(k))
        except Exception as err:  # a clear, expected failure is allowed; anything else fails the test
            errors.append(err)

    threads = [threading.Thread(target=one, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(isinstance(e, (ConflictError, StoreError)) for e in errors), errors
    ws = Workspace(workspace_url)
    versions = ws.versions()
    assert len(versions) == 1 + 4 - len(errors)
    assert sum(v.current for v in versions) == 1 and versions[0].current  # the newest is the only current one
    assert len(ws.load().members) == 1


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from network.store import Workspace

    def progress(stage, done, total):  # after the first batch of rows: say so, then wait to be killed
        print(stage, done, total, flush=True)
        time.sleep(60)

    Workspace(sys.argv[1]).import_files(sys.argv[2], note="killed", progress=progress)
""")


def test_a_process_killed_in_the_middle_of_an_import_leaves_the_previous_version(workspace_url, tmp_path):
    ws = Workspace(workspace_url)
    ws.import_files(_files(members=MEMBERS))
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, workspace_url, str(SAMPLE)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()  # the first rows are written, the transaction is open: kill it now
    assert line.startswith("storing"), (line, process.stderr.read() if process.stderr else "")
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)  # reaps it and closes the pipes
    assert process.returncode == -signal.SIGKILL
    after = Workspace(workspace_url)
    assert after.current_id() == 1 and [v.id for v in after.versions()] == [1]
    assert after.load().members["member_id"].tolist() == ["A", "B", "C"]
    if workspace_url.startswith("sqlite"):
        path = workspace_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert after.import_files(_files(partnerships=PARTNERSHIPS)).version.id == 2  # and it goes on working


def test_a_read_only_workspace_says_so_and_keeps_the_current_version(tmp_path):
    path = tmp_path / "network.db"
    Workspace(f"sqlite:///{path}").import_files(_files(members=MEMBERS))
    read_only = Workspace(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert read_only.load().members["member_id"].tolist() == ["A", "B", "C"]  # reading works
    with raises_message(StoreError, "read-only, nothing was saved"):
        read_only.import_files(_files(members="회원번호,회사명\nZ,새회사\n"))
    assert Workspace(f"sqlite:///{path}").current_id() == 1


def test_a_full_disk_says_so_and_keeps_the_current_version(tmp_path):
    path = tmp_path / "network.db"
    ws = Workspace(f"sqlite:///{path}")
    ws.import_files(_files(members=MEMBERS))

    @sa.event.listens_for(ws.engine, "connect")
    def _small(dbapi_connection, _record):  # the database may not grow past its size now: a full disk
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    ws.engine.dispose()
    with raises_message(StoreError, "The disk is full, nothing was saved"):
        ws.import_files(SAMPLE)
    assert Workspace(f"sqlite:///{path}").load().members["member_id"].tolist() == ["A", "B", "C"]


@pytest.mark.parametrize(("url", "shown"), [
    ("nonsense", "Cannot understand the workspace address: nonsense"),
    ("mysql://u@localhost/db", "Unsupported database: mysql://u@localhost/db"),
    ("postgres://u@127.0.0.1:1/db", "Cannot reach the workspace database server"),  # as many hosts write it
    ("sqlite:////proc/no/such/place/network.db", "Cannot open the workspace file"),
])
def test_bad_addresses_are_explained(url, shown):
    with raises_message(StoreError, shown):
        Workspace(url)


def test_an_unreachable_server_and_a_wrong_password_are_explained(postgres_server):
    with raises_message(StoreError, "Cannot reach the workspace database server"):
        Workspace("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")
    wrong = postgres_server.url(password="not-the-password")
    with raises_message(StoreError, "Could not log in") as info:
        Workspace(wrong)
    assert "not-the-password" not in info.value.message("en")  # the password is never shown


def test_the_suggestion_model_is_chosen_once_per_version_and_kept(workspace_url, monkeypatch):
    from network import evaluate

    chosen = []
    real = evaluate.choose_model

    def counting(members, partnerships, **kwargs):
        chosen.append(len(members))
        return real(members, partnerships, **kwargs)

    monkeypatch.setattr(evaluate, "choose_model", counting)
    with Workspace(workspace_url) as ws:
        ws.ensure_sample()
        first = ws.suggestion_model()
        assert first.decision == "fitted" and first.positives > 1000
        assert ws.suggestion_model() == first and chosen == [7000]  # kept: not chosen again
    with Workspace(workspace_url) as ws:  # another process (the command line) reads the same
        assert ws.suggestion_model(1) == first and chosen == [7000]
        ws.import_files({"members": "회원번호,회사명\nA1,가\nA2,나\n".encode(),
                         "partnerships": "기업1,기업2\nA1,A2\n".encode()})
        other = ws.suggestion_model()  # the new version has its own: no dates, the defaults
        assert other.decision == "default" and chosen == [7000, 2]
        assert ws.suggestion_model(1) == first

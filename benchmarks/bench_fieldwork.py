"""Speed of the field work: saving a visit and a difficulty, the queue over many records, the monthly report.

Run by hand (never in timed unit tests):

    python benchmarks/bench_fieldwork.py                      # the sample, 10,000 and 100,000 recorded difficulties

What a person waits for:

* saving a visit (two firms) and a difficulty from the form: :meth:`Records.add_visit` /
  :meth:`Records.add_difficulty` (median of 20, after the first, which loads the category analyser);
* the queue: reading every record, adding them to the version (:func:`network.fieldwork.with_records`) and
  building the queue (:func:`network.fieldwork.difficulty_queue`), against a plain script in the same run
  that reads the records table with pandas and sorts it by due date (no version, no regions, no filters);
* ``python -m network report --month … --out X.xlsx`` / ``.pdf`` and ``python -m network difficulties``,
  whole process (interpreter start, imports, workspace, report, file written).

Many records are written straight into the table (bulk insert): what is measured is reading and computing.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import pandas as pd

    from network import fieldwork, schema
    from network.store import Workspace
    from network.store import tables as t
    from network.store.records import DifficultyInput, VisitInput

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'network.db'}"
    ws = Workspace(url)
    ws.ensure_sample()
    ws.accounts.add("lee", "staff", email="lee@example.com")
    members = ws.load().members
    records = ws.records
    ids = members["member_id"].tolist()

    # --- saving from the form ---
    first = time.perf_counter()
    records.add_difficulty(DifficultyInput(ids[0], "운전자금 대출 한도가 부족합니다"), members=members, actor="lee")
    print(f"first difficulty saved (loads the category analyser): {time.perf_counter() - first:.2f} s")
    visit_times, difficulty_times = [], []
    for i in range(20):
        started = time.perf_counter()
        visit = records.add_visit(VisitInput(dt.date.today(), "현장상담회", "수원시 영통구", "서울지역본부",
                                             member_ids=(ids[i], ids[i + 1])), members=members, actor="lee")
        visit_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        records.add_difficulty(DifficultyInput(ids[i], "외국인 근로자 고용허가 인원이 부족합니다", visit_id=visit.id,
                                               owner="lee"), members=members, actor="lee")
        difficulty_times.append(time.perf_counter() - started)
    print(f"save a visit: median {statistics.median(visit_times) * 1000:.0f} ms; "
          f"save a difficulty: median {statistics.median(difficulty_times) * 1000:.0f} ms")

    version = ws.load()
    rng = random.Random(7)
    for total in (10_000, 100_000):
        have = records.stamp()
        now = dt.datetime.now(dt.timezone.utc)
        rows = []
        for _ in range(total - len(records.tables().difficulties)):
            raised = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330))
            status = rng.choice(schema.DIFFICULTY_STATUSES)
            rows.append({"member_id": rng.choice(ids), "member_name": None, "federation": None, "visit_id": None,
                         "channel": "전화", "category": rng.choice(schema.ISSUE_CATEGORIES), "text": "애로 내용",
                         "urgency": "보통", "status": status, "owner": "lee", "raised_on": raised,
                         "due": raised + dt.timedelta(days=30), "created_by": "lee", "created_at": now,
                         "updated_by": "lee", "updated_at": now, "version": 1,
                         "closed_at": now if status in schema.CLOSED_STATUSES else None,
                         "first_response_at": now if status != "접수" else None})
        with ws.engine.begin() as connection:
            for start in range(0, len(rows), 20_000):
                connection.execute(t.field_difficulties.insert(), rows[start:start + 20_000])
            connection.execute(t.field_history.insert().values(kind="difficulty", record=1, at=now, actor="lee",
                                                               action="note", changes="{}", note=f"bulk {have}"))

        def ours():
            merged = fieldwork.with_records(version, records.tables())
            return fieldwork.difficulty_queue(merged)

        def plain():
            frame = pd.read_sql_table("field_difficulties", ws.engine)
            return frame.sort_values("due")

        ours_s = min(_timed(ours) for _ in range(3))
        plain_s = min(_timed(plain) for _ in range(3))
        queue = ours()
        print(f"queue of {len(queue):,} difficulties ({total:,} recorded + imported history): "
              f"ours {ours_s:.2f} s, plain read + sort {plain_s:.2f} s ({ours_s / plain_s:.1f}×)")
        for argv, name in ((["report", "--db", url, "--month", "2026-11", "--out", str(folder / "r.xlsx")], "report xlsx"),
                           (["report", "--db", url, "--month", "2026-11", "--out", str(folder / "r.pdf")], "report pdf"),
                           (["difficulties", "--db", url, "--out", str(folder / "q.csv")], "difficulties csv")):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "network", *argv], cwd=ROOT, check=True, capture_output=True)
            print(f"  python -m network {name}, whole process: {time.perf_counter() - started:.1f} s")
    return 0


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())

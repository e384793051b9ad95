"""Tests for network.fieldwork: visits, attendance and difficulties joined the same way everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from network import fieldwork
from tests.conftest import split_visits

VISITS = pd.DataFrame({
    "visit_id": ["V1", "V2", "V3"],
    "date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-10"]),
    "program": ["간담회", "방문상담", "사업설명회"],
    "sido": ["서울특별시", "경기도", "서울특별시"],
    "sigungu": ["종로구", "수원시 영통구", "중구"],
    "office": ["서울", "경기", "서울"],
})
ATTENDANCE = pd.DataFrame({"visit_id": ["V1", "V1", "V2", "V3"], "member_id": ["a", "b", "a", "c"]})
DIFFICULTIES = pd.DataFrame({
    "difficulty_id": ["V1#1", "V1#2", "V1#3", "V2#1"],
    "visit_id": ["V1", "V1", "V1", "V2"],
    "member_id": [None, "b", None, "a"],
    "category": ["자금", "인력", "자금", None],
    "text": ["자금", "구인난", "정책자금", "기타 상담"],
})


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["a;b", None, "b"], {"a", "b"}),
        (["a;;b;", ""], {"a", "b"}),       # empty entries are skipped
        ([None, np.nan], set()),
        ([], set()),
        (["012-34-56789"], {"012-34-56789"}),  # leading zero kept
    ],
)
def test_visited_member_ids(cells, expected):
    _, attendance, _ = split_visits(pd.DataFrame({"member_ids": pd.Series(cells, dtype=object)}))
    assert fieldwork.visited_member_ids(attendance) == expected


def test_visited_member_ids_without_the_column():
    assert fieldwork.visited_member_ids(pd.DataFrame({"visit_id": ["v1"]})) == set()


def test_visited_member_ids_of_some_visits():
    assert fieldwork.visited_member_ids(ATTENDANCE, VISITS[VISITS["visit_id"] == "V1"]) == {"a", "b"}
    assert fieldwork.visited_member_ids(ATTENDANCE, VISITS.iloc[0:0]) == set()


def test_attendance_and_difficulties_at_visits():
    chosen = VISITS[VISITS["visit_id"].isin(["V2", "V3"])]
    assert fieldwork.attendance_at(ATTENDANCE, chosen)["member_id"].tolist() == ["a", "c"]
    assert fieldwork.difficulties_at(DIFFICULTIES, chosen)["difficulty_id"].tolist() == ["V2#1"]


def test_difficulty_counts():
    assert fieldwork.difficulty_counts(DIFFICULTIES).to_dict() == {"V1": 3, "V2": 1}
    assert fieldwork.difficulty_counts(DIFFICULTIES.iloc[0:0]).to_dict() == {}


def test_visits_attended_table_newest_first_with_difficulties():
    table = fieldwork.visits_attended_table(VISITS, ATTENDANCE, DIFFICULTIES, "a")
    assert list(table.columns) == list(fieldwork.VISITS_ATTENDED_COLUMNS)
    assert table[["visit_id", "program", "difficulties", "categories"]].values.tolist() == [
        ["V2", "방문상담", 1, ""],          # its one difficulty has no category
        ["V1", "간담회", 3, "자금, 인력"],  # each category once, in the order raised
    ]


def test_visits_attended_table_of_a_member_who_attended_nothing():
    table = fieldwork.visits_attended_table(VISITS, ATTENDANCE, DIFFICULTIES, "zz")
    assert table.empty and list(table.columns) == list(fieldwork.VISITS_ATTENDED_COLUMNS)


def test_inputs_are_not_changed():
    before = [df.copy(deep=True) for df in (VISITS, ATTENDANCE, DIFFICULTIES)]
    fieldwork.visits_attended_table(VISITS, ATTENDANCE, DIFFICULTIES, "a")
    fieldwork.visited_member_ids(ATTENDANCE, VISITS)
    for df, original in zip((VISITS, ATTENDANCE, DIFFICULTIES), before):
        pd.testing.assert_frame_equal(df, original)

"""Tests for network.feedback: outcome codes and labels, partnered pairs as partnerships, the declined pairs'
window, and the scoring of the suggestions shown.  Pure functions on hand-built tables; the store is in
tests/test_outcomes_store.py."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from network import feedback
from network.config import Feedback, load_settings
from network.dataset import load_dataset
from network.errors import OptionError
from network.feedback import (
    DECLINED_COLUMNS,
    MEASURES,
    OUTCOME_COLUMNS,
    OUTCOMES,
    declined_pairs,
    member_outcomes,
    outcome_frame,
    outcome_summary,
    parse_outcome,
    with_outcomes,
)
from tests.conftest import raises_message

# --- codes, labels, input ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "code"), [
    ("소개함", "introduced"), ("만남", "met"), ("협력 성사", "partnered"), ("협력성사", "partnered"),
    ("관심 없음", "declined"), ("관심없음", "declined"), (" 관심  없음 ", "declined"),
    ("introduced", "introduced"), ("MET", "met"), ("Partnered", "partnered"), ("declined", "declined"),
])
def test_parse_outcome_accepts_codes_and_labels(value, code):
    assert parse_outcome(value) == code


@pytest.mark.parametrize("value", ["", None, "소개", "협력", "partner", "관심", "좋음"])
def test_parse_outcome_refuses_anything_else_and_lists_what_it_accepts(value):
    with raises_message(OptionError, r"one of: introduced, met, partnered, declined\)$"):
        parse_outcome(value)
    with raises_message(OptionError, r"가능한 값: 소개함, 만남, 협력 성사, 관심 없음 \(introduced", language="ko"):
        parse_outcome(value)


def test_labels_in_both_languages():
    assert feedback.outcome_labels("ko") == {"introduced": "소개함", "met": "만남", "partnered": "협력 성사",
                                             "declined": "관심 없음"}
    assert list(feedback.outcome_labels("en").values()) == list(OUTCOMES)
    with pytest.raises(ValueError, match="expected to be in"):
        feedback.outcome_label("maybe")


def test_outcome_frame_is_shaped_like_the_stored_table():
    frame = outcome_frame([("A", "B", "관심 없음", "2026-03-04", "업종 다름")], recorded_by="kim")
    assert list(frame.columns) == list(OUTCOME_COLUMNS)
    assert frame.dtypes.astype(str).to_dict() == feedback.empty_outcomes().dtypes.astype(str).to_dict()
    assert frame.iloc[0][["outcome", "reason", "recorded_by"]].tolist() == ["declined", "업종 다름", "kim"]


def test_local_day_is_the_korean_calendar_day():
    moments = pd.Series(pd.to_datetime(["2026-03-04 14:59:59", "2026-03-04 15:00:00"], utc=True))
    assert feedback.local_day(moments).tolist() == [pd.Timestamp("2026-03-04"), pd.Timestamp("2026-03-05")]


# --- partnered pairs become partnerships -------------------------------------------------------------

MEMBERS = "회원번호,회사명\nA,가\nB,나\nC,다\nD,라\nE,마\n"
PARTNERSHIPS = "기업1,기업2,유형,시작일,가중치\nA,B,공급망,2020-01-01,2\n"


@pytest.fixture
def ds():
    return load_dataset({"members": MEMBERS.encode(), "partnerships": PARTNERSHIPS.encode()})


def test_a_partnered_pair_becomes_a_partnership_started_that_day(ds):
    outcomes = outcome_frame([("C", "D", "partnered", "2026-03-04"), ("A", "C", "met", "2026-03-04"),
                              ("A", "D", "introduced", "2026-03-05"), ("A", "E", "declined", "2026-03-06")])
    merged = with_outcomes(ds, outcomes)
    p = merged.partnerships
    assert p[["source_id", "target_id", "kind", "started", "recorded"]].astype(object).where(p.notna(), None
                                                                                          ).values.tolist() == [
        ["A", "B", "공급망", pd.Timestamp("2020-01-01"), False],
        ["C", "D", None, pd.Timestamp("2026-03-04"), True]]
    assert p["weight"].tolist()[0] == 2.0 and np.isnan(p["weight"].tolist()[1])
    assert p["source_row"].tolist() == [2, 0]
    assert (str(p["started"].dtype), str(p["source_row"].dtype), str(p["recorded"].dtype)) == (
        "datetime64[ns]", "int64", "bool")
    assert merged.members is ds.members and merged.visits is ds.visits and merged.report is ds.report
    assert "recorded" not in ds.partnerships.columns and len(ds.partnerships) == 1  # the input is not changed


def test_a_pair_already_partners_in_the_data_is_not_added_again_in_either_direction(ds):
    outcomes = outcome_frame([("B", "A", "partnered", "2026-03-04"), ("A", "B", "partnered", "2026-03-05")])
    assert with_outcomes(ds, outcomes).partnerships[["source_id", "target_id", "recorded"]].values.tolist() == [
        ["A", "B", False]]


def test_a_pair_partnered_twice_is_added_once_from_its_first_outcome(ds):
    outcomes = outcome_frame([("D", "C", "partnered", "2026-03-09"), ("C", "D", "partnered", "2026-03-04")])
    added = with_outcomes(ds, outcomes).partnerships.query("recorded")
    assert added[["source_id", "target_id", "started"]].values.tolist() == [["C", "D", pd.Timestamp("2026-03-04")]]


def test_a_pair_with_a_firm_no_longer_a_member_is_left_out(ds):
    outcomes = outcome_frame([("C", "Z", "partnered", "2026-03-04"), ("Z", "D", "partnered", "2026-03-04")])
    assert not with_outcomes(ds, outcomes).partnerships["recorded"].any()


def test_with_outcomes_twice_adds_nothing_more(ds):
    outcomes = outcome_frame([("C", "D", "partnered", "2026-03-04")])
    once = with_outcomes(ds, outcomes)
    twice = with_outcomes(once, outcomes)
    pd.testing.assert_frame_equal(once.partnerships, twice.partnerships)


def test_without_outcomes_the_partnerships_only_get_the_recorded_column(ds):
    merged = with_outcomes(ds, feedback.empty_outcomes())
    pd.testing.assert_frame_equal(merged.partnerships.drop(columns="recorded"), ds.partnerships)
    assert merged.partnerships["recorded"].tolist() == [False]


def test_with_outcomes_on_a_data_set_without_partnerships():
    ds = load_dataset({"members": MEMBERS.encode()})
    p = with_outcomes(ds, outcome_frame([("A", "B", "partnered", "2026-03-04")])).partnerships
    assert p[["source_id", "target_id", "started", "recorded"]].values.tolist() == [
        ["A", "B", pd.Timestamp("2026-03-04"), True]]
    assert str(p["started"].dtype) == "datetime64[ns]"


# --- declined pairs ----------------------------------------------------------------------------------

def _pairs(frame: pd.DataFrame) -> list[list[str]]:
    return frame[["member_id", "candidate_id"]].values.tolist()


@pytest.mark.parametrize(("today", "suppressed"), [
    ("2025-11-20", True),   # the day it was declined
    ("2026-11-19", True),   # the last day of the 12 months
    ("2026-11-20", False),  # 12 months later: suggested again
    ("2025-11-19", False),  # before it was declined (a back-test): not yet
])
def test_a_decline_holds_twelve_months(today, suppressed):
    outcomes = outcome_frame([("A", "B", "declined", "2025-11-20")])
    found = declined_pairs(outcomes, today=dt.date.fromisoformat(today))
    assert _pairs(found) == ([["A", "B"]] if suppressed else [])


def test_declined_pairs_say_when_the_pair_may_come_back():
    found = declined_pairs(outcome_frame([("A", "B", "declined", "2025-11-20")]), today=dt.date(2026, 1, 1))
    assert list(found.columns) == list(DECLINED_COLUMNS)
    assert found.iloc[0][["day", "until"]].tolist() == [pd.Timestamp("2025-11-20"), pd.Timestamp("2026-11-20")]


def test_a_decline_on_the_last_day_of_a_month_ends_on_the_last_day_of_the_month_after_the_months():
    outcomes = outcome_frame([("A", "B", "declined", "2024-02-29")])
    assert _pairs(declined_pairs(outcomes, today=dt.date(2025, 2, 27))) == [["A", "B"]]
    assert _pairs(declined_pairs(outcomes, today=dt.date(2025, 2, 28))) == []


@pytest.mark.parametrize(("months", "today", "suppressed"), [
    (6, "2026-05-19", True), (6, "2026-05-20", False), (1, "2025-12-19", True), (0, "2025-11-20", False)])
def test_the_months_are_configurable(months, today, suppressed):
    outcomes = outcome_frame([("A", "B", "declined", "2025-11-20")])
    assert bool(len(declined_pairs(outcomes, today=dt.date.fromisoformat(today), months=months))) is suppressed


def test_negative_months_are_refused():
    with raises_message(OptionError, "months was -1 but is expected to be at least 0"):
        declined_pairs(feedback.empty_outcomes(), months=-1)


def test_a_pair_is_returned_once_for_both_directions_as_last_declined():
    outcomes = outcome_frame([("A", "B", "declined", "2026-01-05"), ("B", "A", "declined", "2026-02-01"),
                              ("C", "D", "declined", "2026-01-10")])
    assert _pairs(declined_pairs(outcomes, today=dt.date(2026, 3, 1))) == [["B", "A"], ["C", "D"]]


def test_a_later_outcome_ends_a_decline_and_a_later_decline_starts_it_again():
    outcomes = outcome_frame([("A", "B", "declined", "2026-01-05"), ("B", "A", "introduced", "2026-02-01")])
    assert _pairs(declined_pairs(outcomes, today=dt.date(2026, 3, 1))) == []
    assert _pairs(declined_pairs(outcomes, today=dt.date(2026, 1, 31))) == [["A", "B"]]  # before the introduction
    again = pd.concat([outcomes, outcome_frame([("A", "B", "declined", "2026-02-10")]).assign(outcome_id="SO-000003")])
    found = declined_pairs(again, today=dt.date(2026, 3, 1))
    assert _pairs(found) == [["A", "B"]] and found.iloc[0]["until"] == pd.Timestamp("2027-02-10")


def test_declined_pairs_of_no_outcomes():
    found = declined_pairs(feedback.empty_outcomes(), today=dt.date(2026, 1, 1))
    assert found.empty and list(found.columns) == list(DECLINED_COLUMNS)


def test_the_decline_months_setting():
    assert Feedback().decline_months == 12 and load_settings({}).feedback == Feedback()
    assert load_settings({"NETWORK_DECLINE_MONTHS": " 6 "}).feedback.decline_months == 6
    assert load_settings({"NETWORK_DECLINE_MONTHS": "0"}).feedback.decline_months == 0


@pytest.mark.parametrize("value", ["-1", "six", "1.5"])
def test_a_bad_decline_months_setting_is_refused(value):
    with raises_message(OptionError, "NETWORK_DECLINE_MONTHS was"):
        load_settings({"NETWORK_DECLINE_MONTHS": value})


# --- a member's outcomes -----------------------------------------------------------------------------

def test_member_outcomes_gives_the_latest_of_each_pair_seen_from_the_member():
    outcomes = outcome_frame([("A", "B", "introduced", "2026-03-01"), ("B", "A", "met", "2026-03-02"),
                              ("C", "A", "declined", "2026-03-03", "바쁨"), ("B", "C", "met", "2026-03-04")])
    found = member_outcomes(outcomes, "A")
    assert list(found.columns) == list(OUTCOME_COLUMNS)
    assert found[["member_id", "candidate_id", "outcome", "reason"]].values.tolist() == [
        ["A", "C", "declined", "바쁨"], ["A", "B", "met", None]]
    assert member_outcomes(outcomes, "Z").empty


def test_outcome_table_names_the_firms_and_words_the_outcome():
    members = pd.DataFrame({"member_id": ["A", "B"], "name": ["가나정밀", "다라전자"]})
    table = feedback.outcome_table(outcome_frame([("A", "B", "partnered", "2026-03-04"),
                                                  ("A", "Z", "met", "2026-03-05")]), members)
    assert table[["member_name", "candidate_id", "candidate_name", "outcome", "day"]].values.tolist() == [
        ["가나정밀", "B", "다라전자", "협력 성사", "2026-03-04"], ["가나정밀", "Z", None, "만남", "2026-03-05"]]
    backwards = feedback.outcome_table(outcome_frame([("B", "A", "met", "2026-03-04"), ("A", "B", "met", "2026-03-05")]
                                                     ).iloc[::-1], members, language="en")
    assert backwards[["member_name", "candidate_name", "outcome"]].values.tolist() == [
        ["가나정밀", "다라전자", "met"], ["다라전자", "가나정밀", "met"]]


# --- how good the suggestions shown were -------------------------------------------------------------

SHOWN_AT = pd.Timestamp("2026-03-01 16:00", tz="UTC")  # 2026-03-02 01:00 in Korea


def _shown(*pairs: tuple[str, str], at: pd.Timestamp = SHOWN_AT) -> pd.DataFrame:
    return pd.DataFrame({"member_id": [p[0] for p in pairs], "candidate_id": [p[1] for p in pairs],
                         "rank": range(1, len(pairs) + 1), "score": 0.5, "first_shown_at": at, "last_shown_at": at,
                         "shown_by": "kim"})


NO_PARTNERSHIPS = pd.DataFrame({"source_id": [], "target_id": [], "started": pd.to_datetime([])})


def test_outcome_summary_by_hand():
    shown = _shown(("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("B", "C"), ("F", "G"))
    outcomes = outcome_frame([
        ("B", "A", "introduced", "2026-03-03"),   # A-B acted on (the other direction counts too)
        ("A", "B", "met", "2026-03-10"),          # … then met,
        ("A", "B", "partnered", "2026-04-01"),    # … then partnered: one suggestion, counted once per measure
        ("A", "C", "declined", "2026-03-05"),     # A-C declined
        ("A", "D", "met", "2026-03-06"),          # A-D acted on
        ("X", "Y", "met", "2026-03-06"),          # never shown
    ])
    partnerships = pd.DataFrame({"source_id": ["E", "C"], "target_id": ["A", "B"],
                                 "started": pd.to_datetime(["2026-05-01", "2026-03-02"])})
    summary = outcome_summary(shown, outcomes, partnerships)
    assert summary.as_dict() == {"shown": 6, "acted_on": 2, "partnership": 3, "introduced": 1, "met": 2,
                                 "partnered": 1, "declined": 1, "outcomes_recorded": 6, "outcomes_not_shown": 1}
    assert summary.declined == 1


def test_what_was_recorded_before_a_suggestion_was_shown_is_not_its_result():
    shown = _shown(("A", "B"), ("A", "C"))
    outcomes = outcome_frame([("A", "B", "met", "2026-03-01")])  # noon in Korea, 03:00 UTC: before SHOWN_AT
    partnerships = pd.DataFrame({"source_id": ["A"], "target_id": ["C"], "started": pd.to_datetime(["2026-03-01"])})
    summary = outcome_summary(shown, outcomes, partnerships)
    assert (summary.acted_on, summary.partnership, summary.by_outcome["met"]) == (0, 0, 0)


def test_a_partnership_counts_from_the_korean_day_the_suggestion_was_first_shown():
    shown = _shown(("A", "B"), ("A", "C"), ("A", "D"))
    partnerships = pd.DataFrame({"source_id": ["A", "C", "A"], "target_id": ["B", "A", "D"],
                                 "started": pd.to_datetime(["2026-03-01", "2026-03-02", None])})
    # shown 2026-03-02 01:00 in Korea: started 03-01 is before it, 03-02 counts, no date does not count
    assert outcome_summary(shown, feedback.empty_outcomes(), partnerships).partnership == 1


def test_a_suggestion_shown_several_times_counts_once_from_its_first_showing():
    later = SHOWN_AT + pd.Timedelta(days=10)
    shown = pd.concat([_shown(("A", "B"), at=later), _shown(("A", "B"))], ignore_index=True)
    outcomes = outcome_frame([("A", "B", "met", "2026-03-05")])
    summary = outcome_summary(shown, outcomes, NO_PARTNERSHIPS)
    assert (summary.shown, summary.acted_on) == (1, 1)


def test_partnered_outcomes_merged_into_the_partnerships_are_not_counted_twice(ds):
    shown = _shown(("C", "D"))
    outcomes = outcome_frame([("C", "D", "partnered", "2026-03-05")])
    merged = with_outcomes(ds, outcomes)
    assert outcome_summary(shown, outcomes, merged.partnerships).partnership == 1
    assert outcome_summary(shown, outcomes, ds.partnerships).partnership == 1


def test_outcome_summary_of_nothing_shown():
    summary = outcome_summary(feedback.empty_shown(), outcome_frame([("A", "B", "met", "2026-03-05")]),
                              NO_PARTNERSHIPS)
    assert summary.as_dict() == {**dict.fromkeys(MEASURES, 0), "outcomes_recorded": 1, "outcomes_not_shown": 1}
    assert summary.table()["share"].isna().all()


def test_the_summary_table_has_one_row_per_measure_with_its_share_of_the_suggestions_shown():
    summary = feedback.OutcomeSummary(8, 2, 1, {"introduced": 2, "met": 1, "partnered": 1, "declined": 4}, 9, 1)
    table = summary.table("en")
    assert table["measure"].tolist() == list(MEASURES)
    assert table["count"].tolist() == [8, 2, 1, 2, 1, 1, 4, 9, 1]
    assert table["share"].tolist()[:7] == [1.0, 0.25, 0.125, 0.25, 0.125, 0.125, 0.5]
    assert table["share"].iloc[7:].isna().all()
    assert table["label"].tolist()[:4] == ["suggestions shown", "acted on (introduced, met or partnered)",
                                           "led to a partnership", "introduced"]
    assert summary.table("ko")["label"].tolist()[6] == "관심 없음"


def test_open_candidates_are_the_suggestions_then_the_pairs_under_way():
    from network.feedback import member_outcomes, open_candidates, outcome_frame

    latest = member_outcomes(outcome_frame([("A", "B", "introduced", "2026-03-04"), ("C", "A", "met", "2026-03-05"),
                                            ("A", "D", "declined", "2026-03-06"), ("E", "A", "partnered", "2026-03-07")]),
                             "A")
    assert open_candidates(["F", "C"], latest) == ["F", "C", "B"]  # declined and partnered pairs are done
    assert open_candidates([], latest.iloc[0:0]) == []

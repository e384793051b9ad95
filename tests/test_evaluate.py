"""Tests for network.evaluate: splits, back-tests on hand-built histories and on the sample, fitted weights."""

from __future__ import annotations

import pandas as pd
import pytest

from network.dataset import load_dataset
from network.errors import InsufficientDataError
from network.evaluate import (
    METHODS,
    METRICS,
    Model,
    backtest,
    choose_model,
    fit_weights,
    method_label,
    outcome_window,
    random_split,
    reading,
    time_split,
)
from network.recommend import SIGNALS, Options, Weights
from tests.conftest import raises_message

CUTOFF = "2024-01-01"
TABLE_COLUMNS = {"method", "members_evaluated", "members_with_partners", "precision@k_with_partners", "seconds",
                 *METRICS}


# ----------------------------------------------------------------------------
# tiny hand-built history


def history(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_id", "target_id", "started"]).assign(
        started=lambda df: pd.to_datetime(df["started"]))


@pytest.fixture
def tiny_members() -> pd.DataFrame:
    return pd.DataFrame({"member_id": list("abcdef"), "name": ["가", "나", "다", "라", "마", "바"]})


@pytest.fixture
def tiny_history() -> pd.DataFrame:
    """Before the cut-off a - b - c and d - e; after it a - c (the only distance-2 pair), a - d, and a - b again."""
    return history([
        ("a", "b", "2020-01-01"), ("b", "c", "2021-01-01"), ("d", "e", "2022-01-01"),
        ("a", "c", "2024-02-01"), ("d", "a", "2024-03-01"), ("b", "a", "2024-04-01"),
    ])


# ----------------------------------------------------------------------------
# the sample (loaded once)


@pytest.fixture(scope="module")
def sample():
    return load_dataset("data/sample")


@pytest.fixture(scope="module")
def sample_backtest(sample) -> pd.DataFrame:
    return backtest(sample.members, sample.partnerships, cutoff=CUTOFF, k=10)


# ----------------------------------------------------------------------------
# splits


def test_time_split_by_hand():
    p = history([("a", "b", "2020-01-01"), ("b", "c", "2023-12-31"), ("c", "d", "2024-01-01"),
                 ("d", "e", "2025-06-01")])
    split = time_split(p, CUTOFF)
    assert split.kind == "time"
    assert split.cutoff == pd.Timestamp(CUTOFF)
    assert split.train["source_id"].tolist() == ["a", "b"]
    assert split.test["source_id"].tolist() == ["c", "d"]  # on the cut-off day counts as after


def test_time_split_sizes_on_the_sample(sample):
    p = sample.partnerships
    split = time_split(p, CUTOFF)
    before = int((p["started"] < pd.Timestamp(CUTOFF)).sum())
    assert len(split.train) == before
    assert len(split.test) == len(p) - before
    assert 0 < before < len(p)
    assert (split.train["started"] < pd.Timestamp(CUTOFF)).all()
    assert (split.test["started"] >= pd.Timestamp(CUTOFF)).all()


def test_random_split_sizes(sample):
    p = sample.partnerships
    split = random_split(p, test_share=0.2, seed=42)
    assert split.kind == "random" and split.cutoff is None
    assert len(split.test) == round(0.2 * len(p))
    assert len(split.train) + len(split.test) == len(p)
    assert set(split.train.index).isdisjoint(split.test.index)
    again = random_split(p, test_share=0.2, seed=42)
    pd.testing.assert_frame_equal(split.test, again.test)
    other = random_split(p, test_share=0.2, seed=7)
    assert not split.test.index.equals(other.test.index)


def test_random_split_by_hand():
    p = pd.DataFrame({"source_id": list("abcde"), "target_id": list("bcdea")})
    split = random_split(p, test_share=0.4, seed=1)
    assert (len(split.train), len(split.test)) == (3, 2)
    assert sorted(split.train.index.tolist() + split.test.index.tolist()) == [0, 1, 2, 3, 4]
    # a tiny share still hides at least one partnership
    assert len(random_split(p, test_share=0.01).test) == 1


@pytest.mark.parametrize("p", [
    pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]}),
    pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"], "started": [pd.NaT, pd.NaT]}),
], ids=["no started column", "all NaT"])
def test_time_split_without_dates_suggests_random(p):
    with raises_message(InsufficientDataError, "random"):
        time_split(p, CUTOFF)


@pytest.mark.parametrize("cutoff", ["1990-01-01", "2030-01-01"])
def test_time_split_cutoff_outside_the_data(tiny_history, cutoff):
    with raises_message(InsufficientDataError, f"cut-off {cutoff}.*2020-01-01 … 2024-04-01"):
        time_split(tiny_history, cutoff)


@pytest.mark.parametrize("share", [0, 1, -0.1, 1.5])
def test_random_split_bad_share(share):
    p = pd.DataFrame({"source_id": list("abc"), "target_id": list("bca")})
    with pytest.raises(ValueError, match=f"test_share was {share}"):
        random_split(p, test_share=share)


def test_random_split_too_few_partnerships():
    with raises_message(InsufficientDataError, "too few"):
        random_split(pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}))


# ----------------------------------------------------------------------------
# back-test on the tiny history, by hand


def test_backtest_common_neighbours_by_hand(tiny_members, tiny_history):
    # train: a-b, b-c, d-e. New after the cut-off: a-c and a-d (a-b is not new).
    # Members to evaluate: a (finds c, d), c (finds a), d (finds a).
    # common neighbours (k = 2): a → [c], c → [a], d → [] (no distance-2 pair)
    table = backtest(tiny_members, tiny_history, cutoff=CUTOFF, k=2, methods=["common_neighbours"],
                     options=Options(hub_quantile=None))
    row = table.set_index("method").loc["common_neighbours"]
    assert row["members_evaluated"] == 3
    assert row["precision@k"] == pytest.approx((1 / 2 + 1 / 2 + 0) / 3)
    assert row["recall@k"] == pytest.approx((1 / 2 + 1 / 1 + 0) / 3)
    assert row["mrr"] == pytest.approx((1 + 1 + 0) / 3)
    assert row["hit_rate"] == pytest.approx(2 / 3)
    assert row["coverage"] == pytest.approx(2 / 3)
    # suggestion counts over the 6 members: c once, a once → the top 1 % (one firm) holds half
    assert row["top1pct_share"] == pytest.approx(0.5)
    # counts sorted [0, 0, 0, 0, 1, 1]: Σ (2i − n − 1) x_i / (n Σx) = (3 + 5) / (6 × 2)
    assert row["gini"] == pytest.approx(8 / 12)


def test_backtest_k1_by_hand(tiny_members, tiny_history):
    table = backtest(tiny_members, tiny_history, cutoff=CUTOFF, k=1, methods=["common_neighbours", "combined"],
                     weights=Weights.only("common_neighbours"), options=Options(hub_quantile=None))
    t = table.set_index("method")
    assert t.loc["common_neighbours", "precision@k"] == pytest.approx(2 / 3)
    assert t.loc["common_neighbours", "recall@k"] == pytest.approx((1 / 2 + 1 + 0) / 3)
    # combined with the same weights is the same method
    metrics = list(METRICS)
    assert t.loc["combined", metrics].tolist() == pytest.approx(t.loc["common_neighbours", metrics].tolist())
    assert table.attrs["weights"] == Weights.only("common_neighbours").as_dict()
    assert table.attrs["split"] == {"kind": "time", "cutoff": CUTOFF, "train": 3, "test": 3, "k": 1}


def test_backtest_columns(tiny_members, tiny_history):
    table = backtest(tiny_members, tiny_history, cutoff=CUTOFF, k=2, weights=Weights.only("common_neighbours"))
    assert set(table.columns) == TABLE_COLUMNS
    assert table["method"].tolist() == list(METHODS)
    assert (table["members_evaluated"] == 3).all()


def test_backtest_nothing_new_to_find(tiny_members):
    p = history([("a", "b", "2020-01-01"), ("b", "c", "2021-01-01"), ("b", "a", "2024-04-01")])
    with raises_message(InsufficientDataError, "no new partnerships"):
        backtest(tiny_members, p, cutoff=CUTOFF, methods=["common_neighbours"])


@pytest.mark.parametrize("kwargs, error, shown", [
    ({"methods": ["combined", "nope"]}, ValueError, "nope"),
    ({"k": 0}, ValueError, "k was 0"),
    ({"split": "weekly"}, ValueError, "'weekly'"),
    ({"cutoff": None}, ValueError, "cutoff"),
    ({"cutoff": "2030-01-01"}, InsufficientDataError, "2030-01-01"),
])
def test_backtest_bad_arguments(tiny_members, tiny_history, kwargs, error, shown):
    with pytest.raises(error, match=shown):
        backtest(tiny_members, tiny_history, **{"cutoff": CUTOFF, **kwargs})


def test_backtest_time_split_without_dates(tiny_members, tiny_history):
    with raises_message(InsufficientDataError, "random"):
        backtest(tiny_members, tiny_history.drop(columns="started"), cutoff=CUTOFF)


# ----------------------------------------------------------------------------
# the sample


def test_sample_backtest_columns(sample_backtest):
    assert set(sample_backtest.columns) == TABLE_COLUMNS
    assert sample_backtest["method"].tolist() == list(METHODS)
    assert sample_backtest["members_evaluated"].nunique() == 1
    assert sample_backtest["members_evaluated"].iloc[0] > 1000
    for metric in ("precision@k", "recall@k", "mrr", "hit_rate", "coverage", "top1pct_share", "gini"):
        assert sample_backtest[metric].between(0, 1).all(), metric


def test_combined_beats_every_baseline_on_the_sample(sample_backtest):
    t = sample_backtest.set_index("method")["precision@k"]
    others = t.drop("combined")
    assert (t["combined"] > others).all(), t.to_dict()
    assert t["combined"] > 0.05
    assert t["random"] < 0.01


def test_sample_backtest_attrs(sample, sample_backtest):
    weights = sample_backtest.attrs["weights"]
    assert set(weights) == set(SIGNALS)
    assert all(v >= 0 for v in weights.values())
    assert sum(weights.values()) > 0
    split = sample_backtest.attrs["split"]
    before = int((sample.partnerships["started"] < pd.Timestamp(CUTOFF)).sum())
    assert split == {"kind": "time", "cutoff": CUTOFF, "train": before,
                     "test": len(sample.partnerships) - before, "k": 10}


def test_fit_weights_non_negative_and_deterministic(sample):
    train = time_split(sample.partnerships, CUTOFF).train
    first = fit_weights(sample.members, train, seed=3)
    second = fit_weights(sample.members, train, seed=3)
    assert isinstance(first, Weights)
    assert first == second
    assert (first.as_array() >= 0).all()
    assert first.as_array().sum() > 0


def test_fit_weights_by_hand_is_non_negative():
    m = pd.DataFrame({"member_id": list("abcdef"), "group": list("ggghhh")})
    p = history([("a", "b", "2015-01-01"), ("b", "c", "2024-01-01"), ("d", "e", "2015-01-01"),
                 ("e", "f", "2024-02-01")])
    w = fit_weights(m, p, since="2023-01-01")
    assert (w.as_array() >= 0).all()
    assert w == fit_weights(m, p, since="2023-01-01")


def test_fit_weights_without_dates():
    m = pd.DataFrame({"member_id": list("abc")})
    with raises_message(InsufficientDataError, "no start dates"):
        fit_weights(m, pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}))


def best_baseline(table: pd.DataFrame) -> str:
    t = table.set_index("method")["precision@k"].drop(["combined", "random"])
    return str(t.idxmax())


def test_reading_in_korean(sample_backtest):
    text = reading(sample_backtest)
    best = best_baseline(sample_backtest)
    assert CUTOFF in text
    assert f"가장 좋은 단일 신호({method_label(best)}," in text  # the signal's name, not its code
    assert "종합 모델" in text and "무작위" in text
    n = int(sample_backtest["members_evaluated"].iloc[0])
    assert f"{n:,}곳" in text


def test_reading_in_english(sample_backtest):
    text = reading(sample_backtest, language="en")
    best = best_baseline(sample_backtest)
    assert CUTOFF in text
    assert f"the best single signal ({method_label(best, 'en')}," in text
    assert "combined model" in text and "random suggestions" in text
    # no Hangul but the Korean terms the English UI keeps (교류회, 시도, 시군구)
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in text.replace("교류회", "").replace("시군구", "").replace("시도", ""))


def test_reading_by_hand():
    t = pd.DataFrame({"method": ["combined", "same_group", "random"], "precision@k": [0.06, 0.03, 0.002],
                      "hit_rate": [0.5, 0.3, 0.01], "coverage": [1.0, 1.0, 1.0], "members_evaluated": [1234] * 3})
    t.attrs["split"] = {"kind": "time", "cutoff": "2023-07-01", "k": 5}
    assert reading(t, language="en") == (
        "Hiding the partnerships started on or after 2023-07-01 and suggesting 5 partners to each of the 1,234 "
        "members who formed new ones: 6.0% of the combined model's suggestions came true (50% of members got "
        "at least one right), 2.0× the best single signal (same 교류회, 3.0%) and 30× random suggestions (0.2%).")
    ko = reading(t)
    assert ko.startswith("2023-07-01 이후 시작된 협력 관계를 숨기고, 새 협력이 생긴 회원사 1,234곳에 5곳씩 추천했을 때")
    assert "가장 좋은 단일 신호(같은 교류회, 3.0%)의 2.0배" in ko
    assert "무작위 추천(0.2%)의 30배" in ko


def test_random_split_backtest_without_dates(sample):
    undated = sample.partnerships.drop(columns="started")
    table = backtest(sample.members, undated, split="random", k=10,
                     methods=["combined", "common_neighbours", "random"])
    assert table["method"].tolist() == ["combined", "common_neighbours", "random"]
    assert set(table.columns) == TABLE_COLUMNS
    split = table.attrs["split"]
    assert split["kind"] == "random" and split["cutoff"] is None
    assert split["test"] == round(0.2 * len(undated))
    assert split["train"] + split["test"] == len(undated)
    t = table.set_index("method")["precision@k"]
    assert t["combined"] > t["random"]
    text = reading(table, language="en")
    assert text.startswith("Hiding a random share of partnerships")
    with raises_message(InsufficientDataError, "random"):
        backtest(sample.members, undated, cutoff=CUTOFF)


def test_backtest_refits_the_default_weights_and_tests_chosen_ones_as_given(sample, sample_backtest):
    """The app passes the weights shown on its page: left at their defaults (fitted on the sample's later
    years), they are refitted before the cut-off; changed by a person, they are tested as they are."""
    from network.recommend import DEFAULT_WEIGHTS

    model = choose_model(sample.members, sample.partnerships[sample.partnerships["started"] < CUTOFF],
                         options=Options(top=10))
    as_defaults = backtest(sample.members, sample.partnerships, cutoff=CUTOFF, k=10, weights=DEFAULT_WEIGHTS,
                           methods=["combined"])
    assert as_defaults.attrs["weights"] == model.weights.as_dict() == sample_backtest.attrs["weights"]
    assert as_defaults.attrs["model"] == model.as_dict() == sample_backtest.attrs["model"]
    assert as_defaults.attrs["weights"] != DEFAULT_WEIGHTS.as_dict()
    assert as_defaults.loc[0, "precision@k"] == sample_backtest.set_index("method").loc["combined", "precision@k"]
    chosen = Weights(same_group=1.0, tags=2.0)
    as_chosen = backtest(sample.members, sample.partnerships, cutoff=CUTOFF, k=10, weights=chosen,
                         methods=["combined"])
    assert as_chosen.attrs["weights"] == chosen.as_dict()


# ----------------------------------------------------------------------------
# choosing the model: a window from the data, a validation slice, a fallback


def test_outcome_window_from_the_data():
    started = pd.Series(pd.to_datetime([f"20{y}-06-01" for y in range(10, 20)] + [None]))
    assert outcome_window(started, share=0.3, min_pairs=1) == pd.Timestamp("2017-06-01")
    # a short history: the window reaches back for the minimum number of pairs, but never takes the first day
    assert outcome_window(started, share=0.3, min_pairs=8) == pd.Timestamp("2012-06-01")
    assert outcome_window(started, share=0.3, min_pairs=100) == pd.Timestamp("2011-06-01")
    with raises_message(InsufficientDataError, "no start dates"):
        outcome_window(pd.Series(pd.to_datetime(["2020-01-01", "2020-01-01"])))


def test_choose_model_keeps_the_fit_when_it_holds_up_on_the_sample(sample):
    train = time_split(sample.partnerships, CUTOFF).train
    model = choose_model(sample.members, train, options=Options(top=10))
    assert model.decision == "fitted" and model.reason == "fitted_best"
    single = {k: v for k, v in model.validation.items() if k in SIGNALS}
    assert model.validation["fitted"] >= max(single.values())
    assert model.positives > 1000
    assert model.fit_window is not None and model.validation_window is not None
    assert model.fit_window[1] < model.validation_window[0] <= model.validation_window[1] < CUTOFF
    # the hub cap stays only where it raised precision on the validation slice
    assert set(model.hub_cap) == {"with_cap", "without_cap"}
    assert (model.hub_quantile is not None) == (model.hub_cap["with_cap"] > model.hub_cap["without_cap"])
    assert Model.from_dict(model.as_dict()) == model


@pytest.mark.parametrize("fit, reason", [
    (Weights(), "fit_degenerate"),  # all-zero weights would suggest nothing
    (Weights.only("distance"), "fit_lost"),  # a poor fit (distance alone is the weakest signal on the sample)
    (None, "no_outcomes"),  # nothing to learn from
])
def test_choose_model_falls_back_to_the_best_single_signal(sample, monkeypatch, fit, reason):
    import network.evaluate as evaluate

    def fake_fit(*args, **kwargs):
        if fit is None:
            raise InsufficientDataError("error.no_outcomes_to_fit")
        return fit, 12

    monkeypatch.setattr(evaluate, "_fit", fake_fit)
    table = backtest(sample.members, sample.partnerships, cutoff=CUTOFF, k=10,
                     methods=["combined", *[m for m in METHODS if m in SIGNALS]])
    model = Model.from_dict(table.attrs["model"])
    assert (model.decision, model.reason) == ("fallback", reason)
    single = {k: v for k, v in model.validation.items() if k in SIGNALS}
    assert model.fallback_signal == max(single, key=single.__getitem__)
    assert model.weights == Weights.only(model.fallback_signal)
    t = table.set_index("method")
    # never an empty model: the combined row is the fallback signal's own row
    assert t.loc["combined", "coverage"] > 0.5
    if model.hub_quantile is None:
        assert t.loc["combined", "precision@k"] == t.loc[model.fallback_signal, "precision@k"]
    text = model.describe("en")
    assert text.startswith("Suggestions use the best single signal on the validation slice")
    assert "best single signal" in model.describe("en") and "가장 좋은 단일 신호" in model.describe("ko")


def test_choose_model_without_dates_uses_the_defaults(tiny_members, tiny_history):
    from network.recommend import DEFAULT_WEIGHTS

    model = choose_model(tiny_members, tiny_history.drop(columns="started"))
    assert (model.decision, model.reason, model.weights) == ("default", "no_dates", DEFAULT_WEIGHTS)
    assert "기본 가중치" in model.describe("ko")


def test_choose_model_keeps_the_defaults_when_the_validation_slice_is_too_small(sample):
    """One 시도's own data (a few new partnerships a year) cannot tell the signals apart: by chance one of them
    would be chosen alone (all scores equal, suggestions in arbitrary order); the defaults are kept and said."""
    from network.evaluate import MIN_VALIDATION_PAIRS
    from network.recommend import DEFAULT_WEIGHTS

    members = sample.members[sample.members["sido"] == "세종특별자치시"]
    ids = set(members["member_id"])
    partnerships = sample.partnerships[sample.partnerships["source_id"].isin(ids)
                                       & sample.partnerships["target_id"].isin(ids)]
    model = choose_model(members, partnerships)
    assert (model.decision, model.reason, model.weights) == ("default", "too_few_outcomes", DEFAULT_WEIGHTS)
    assert model.validation_window is not None and MIN_VALIDATION_PAIRS == 30
    assert "기본 가중치" in model.describe("ko") and "검증에서 더 나았음" not in model.describe("ko")


def test_backtest_reports_members_with_partners_separately(tiny_members, tiny_history):
    """a, b and d form new partnerships; a and b had partners before the cut-off, d had too (d - e): all three;
    after removing d - e, d is new and only a and b count."""
    table = backtest(tiny_members, tiny_history, cutoff=CUTOFF, k=1, methods=["common_neighbours"],
                     options=Options(hub_quantile=None))
    assert table.loc[0, "members_with_partners"] == 3
    assert table.loc[0, "precision@k_with_partners"] == pytest.approx(table.loc[0, "precision@k"])
    newcomer = tiny_history[~((tiny_history["source_id"] == "d") & (tiny_history["target_id"] == "e"))]
    table = backtest(tiny_members, newcomer, cutoff=CUTOFF, k=1, methods=["common_neighbours"],
                     options=Options(hub_quantile=None))
    assert table.loc[0, "members_evaluated"] == 3 and table.loc[0, "members_with_partners"] == 2
    # a finds c (its only distance-2 member) and c finds a; d, new, finds nothing
    assert table.loc[0, "precision@k"] == pytest.approx(2 / 3)
    assert table.loc[0, "precision@k_with_partners"] == pytest.approx(1.0)


def test_combined_is_at_least_1_3_times_the_best_baseline_on_the_sample(sample_backtest):
    t = sample_backtest.set_index("method")["precision@k"]
    assert t["combined"] >= 1.3 * t.drop(["combined", "random"]).max(), t.to_dict()


def test_reading_mentions_members_with_partners(sample_backtest):
    row = sample_backtest.set_index("method").loc["combined"]
    assert f"{int(row['members_with_partners']):,} of the evaluated members had a partner" in reading(
        sample_backtest, language="en")
    assert "precision@10은" in reading(sample_backtest)


def test_a_reading_on_a_handful_of_members_warns_that_chance_decides():
    from network.evaluate import reading

    def table(n: int) -> pd.DataFrame:
        t = pd.DataFrame({"method": ["combined", "random"], "precision@k": [0.1, 0.05], "hit_rate": [1.0, 0.5],
                          "coverage": [1.0, 1.0], "members_evaluated": [n, n]})
        t.attrs["split"] = {"kind": "time", "cutoff": "2024-01-01", "k": 10}
        return t

    assert "only 4 members were evaluated" in reading(table(4), language="en")
    assert "우연에 크게 좌우됩니다" in reading(table(4), language="ko")
    assert "were evaluated, so" not in reading(table(200), language="en")

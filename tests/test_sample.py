"""Tests for network.sample and the committed sample in ``data/sample`` (7,000 members, seed 42)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import network
from network import fieldwork, regions, sample
from network.cli import main
from network.dataset import load_dataset

REPO = Path(network.__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample"
PROGRAMMES = ["사업설명회", "간담회", "현장상담회"]
MEMBER_ID = r"\d{3}-\d{2}-\d{5}"


@pytest.fixture(scope="module")
def small():
    return sample.generate_sample(members=400, seed=3)


@pytest.fixture(scope="module")
def ds():
    """The committed sample, read and validated as the app does."""
    return load_dataset(SAMPLE_DIR)


@pytest.fixture(scope="module")
def degree(ds) -> pd.Series:
    p = ds.partnerships
    ends = pd.concat([p["source_id"], p["target_id"]])
    return ends.value_counts().reindex(ds.members["member_id"], fill_value=0)


@pytest.fixture(scope="module")
def programme_visits(ds) -> pd.DataFrame:
    return ds.visits[ds.visits["program"].isin(PROGRAMMES)]


# ----------------------------------------------------------------------------
# determinism and errors


def test_same_seed_gives_identical_tables(small):
    again = sample.generate_sample(members=400, seed=3)
    for name, df in small.tables().items():
        pd.testing.assert_frame_equal(df, again.tables()[name], obj=name)


def test_other_seed_differs(small):
    other = sample.generate_sample(members=400, seed=4)
    assert not small.members.equals(other.members)
    assert not small.partnerships.equals(other.partnerships)
    assert not small.visits.equals(other.visits)


def test_small_sample_shape(small):
    assert len(small.members) == 400
    assert small.members["member_id"].is_unique
    assert len(small.offices) == 34
    assert set(small.tables()) == {"members", "partnerships", "visits", "offices"}


@pytest.mark.parametrize("members", [10, 49, 0, -5])
def test_too_few_members_raise(members):
    with pytest.raises(ValueError, match="at least 50"):
        sample.generate_sample(members=members)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((37.5665, 126.9780, 37.5665, 126.9780), 0.0),
        ((0.0, 0.0, 0.0, 1.0), 111.19),      # one degree of longitude at the equator
        ((0.0, 0.0, 1.0, 0.0), 111.19),      # one degree of latitude
    ],
)
def test_haversine_km_hand_checked(args, expected):
    assert float(sample.haversine_km(*args)) == pytest.approx(expected, abs=0.01)


def test_haversine_km_broadcasts():
    d = sample.haversine_km(np.array([[0.0], [0.0]]), np.array([[0.0], [0.0]]),
                            np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]]))
    assert d.shape == (2, 2)
    assert d[0].tolist() == pytest.approx([0.0, 111.19], abs=0.01)


# ----------------------------------------------------------------------------
# the committed sample: validity


def test_committed_sample_is_clean(ds):
    assert ds.report.problems == ()
    assert ds.report.file_errors == ()
    assert ds.report.n_rejected == 0
    assert {name: c["read"] for name, c in ds.report.counts.items()} == {
        "members": 7000, "partnerships": len(ds.partnerships), "visits": len(ds.visits), "offices": 34}


@pytest.mark.parametrize("name", ["members", "partnerships", "visits", "offices"])
def test_committed_files_are_utf8_with_bom(name):
    data = (SAMPLE_DIR / f"{name}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8-sig")


# ----------------------------------------------------------------------------
# the committed sample: realism


def test_thirteen_federations_sized_like_the_reference(ds):
    ref = pd.read_csv(REPO / "data" / "reference" / "federations.csv", dtype={"members": int})
    expected = ref.set_index("federation")["members"] / ref["members"].sum() * 7000
    counts = ds.members["federation"].value_counts()
    assert ds.members["federation"].nunique() == 13
    assert set(counts.index) == set(expected.index)
    ratio = counts.reindex(expected.index) / expected
    assert ratio.between(0.97, 1.03).all(), ratio.to_dict()


def test_groups_have_18_to_32_members_and_about_280_groups(ds):
    sizes = ds.members.groupby("group").size()
    assert sizes.between(18, 32).all(), sizes.describe().to_dict()
    assert 270 <= len(sizes) <= 290


def test_about_four_partnerships_per_member_heavy_tailed(degree):
    assert 3.5 <= degree.mean() <= 4.5
    assert degree.max() >= 10 * degree.median()


def test_partnerships_mostly_inside_groups_some_across_regions(ds):
    m = ds.members.set_index("member_id")
    p = ds.partnerships
    same_group = (m.loc[p["source_id"], "group"].to_numpy() == m.loc[p["target_id"], "group"].to_numpy()).mean()
    other_sido = (m.loc[p["source_id"], "sido_code"].to_numpy()
                  != m.loc[p["target_id"], "sido_code"].to_numpy()).mean()
    assert 0.35 <= same_group <= 0.75
    assert other_sido > 0.02


def test_partnership_dates_span_2015_to_2025_with_both_halves(ds):
    started = ds.partnerships["started"]
    assert started.notna().all()
    assert started.min() >= pd.Timestamp("2015-01-01")
    assert started.max() <= pd.Timestamp("2025-12-31")
    early = (started < pd.Timestamp("2020-07-01")).mean()
    assert 0.1 <= early <= 0.9  # a time split (train on the past, test on the future) is possible


def test_thirty_four_offices(ds):
    assert len(ds.offices) == 34
    assert ds.offices["office_id"].is_unique
    assert ds.offices["sigungu_code"].notna().all()


def test_programme_sessions_participants_and_difficulties(ds, programme_visits):
    issues = ds.difficulties["visit_id"].isin(set(programme_visits["visit_id"]))
    assert 60 <= len(programme_visits) <= 80
    assert 1900 <= programme_visits["participants"].sum() <= 2500
    assert 550 <= issues.sum() <= 720


def test_visit_dates_within_the_programme(ds):
    dates = ds.visits["date"]
    assert dates.notna().all()
    assert dates.min() >= pd.Timestamp("2024-10-23")
    assert dates.max() <= pd.Timestamp("2025-12-31")


def test_industries_lean_to_manufacturing_with_some_services(ds):
    division = ds.members["industry"].astype(int)
    assert division.between(10, 34).mean() >= 0.70
    assert division.between(58, 63).any()
    assert division.between(70, 73).any()


def test_employees_between_5_and_300(ds):
    assert ds.members["employees"].between(5, 300).all()


def test_member_ids_are_unique_business_numbers(ds):
    ids = ds.members["member_id"]
    assert ids.is_unique
    assert ids.map(type).eq(str).all()
    assert ids.str.fullmatch(MEMBER_ID).all()
    assert ids.str.startswith("0").any()  # leading zeros survive reading and writing


def test_every_member_lies_in_its_own_sigungu(ds):
    m = ds.members
    located = regions.locate_points(m["lat"].to_numpy(), m["lon"].to_numpy())
    mismatch = located["sigungu_code"].to_numpy() != m["sigungu_code"].to_numpy()
    assert not mismatch.any(), m.loc[mismatch, ["member_id", "sigungu_code", "lat", "lon"]].head()


@pytest.fixture(scope="module")
def coverage(ds) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Members with ``visited`` and distance ``d_km`` to the nearest office; 시군구 (≥ 20 members) by share."""
    m, o = ds.members, ds.offices
    visited = fieldwork.visited_member_ids(ds.attendance)
    d = sample.haversine_km(m["lat"].to_numpy()[:, None], m["lon"].to_numpy()[:, None],
                            o["lat"].to_numpy()[None, :], o["lon"].to_numpy()[None, :]).min(axis=1)
    m = m.assign(visited=m["member_id"].isin(visited), d_km=d)
    by = m.groupby("sigungu_code").agg(n=("visited", "size"), share=("visited", "mean"))
    by = by[by["n"] >= 20].sort_values("share", kind="stable")
    return m, by, float(m["visited"].mean())


def test_some_sigungu_are_under_served(coverage):
    m, by, overall = coverage
    assert len(by) >= 40
    lowest = by.index[: max(1, len(by) // 10)]
    assert m.loc[m["sigungu_code"].isin(lowest), "visited"].mean() < overall / 2


def test_least_visited_sigungu_are_farther_from_offices(coverage):
    m, by, _ = coverage
    q = len(by) // 4
    least = m.loc[m["sigungu_code"].isin(by.index[:q]), "d_km"].median()
    most = m.loc[m["sigungu_code"].isin(by.index[-q:]), "d_km"].median()
    assert least > most


# ----------------------------------------------------------------------------
# the command line


def test_cli_sample_then_check(tmp_path, capsys):
    assert main(["sample", "--members", "300", "--seed", "5", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["members.csv", "offices.csv", "partnerships.csv", "visits.csv"]
    for path in tmp_path.iterdir():
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
        path.read_bytes().decode("utf-8-sig")
    members = pd.read_csv(tmp_path / "members.csv", encoding="utf-8-sig", dtype=str)
    assert len(members) == 300
    capsys.readouterr()
    assert main(["check", "--data", str(tmp_path)]) == 0


def test_cli_sample_too_few_members(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sample", "--members", "10", "--out", str(tmp_path), "--lang", "en"])
    assert exc.value.code == 2
    assert "at least 50" in capsys.readouterr().err

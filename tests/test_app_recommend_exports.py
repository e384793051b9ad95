"""Downloads of suggestions for analysts: the table (``recommend.download_table``), and what the 협업 추천 page
offers (Korean headers in the Korean UI, the candidate's federation, 시군구 and industry, rounded numbers, file
names with the filters and the date; the XLSX streamed)."""

from __future__ import annotations

import functools
import io

import openpyxl
import pandas as pd
import pytest
import streamlit

from network import fieldwork, recommend
from network.dataset import load_dataset
from network.export import file_stem
from tests.test_app import SAMPLE, _app

PAGE = "app_pages/recommend.py"


@functools.cache
def sample_suggestions() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample's members and the suggestions for the first 30 of them."""
    sample = load_dataset(SAMPLE)
    engine = recommend.prepare(sample.members, sample.partnerships)
    table = recommend.recommend_all(engine, member_ids=sample.members["member_id"].head(30).tolist())
    return sample.members, table


# ----------------------------------------------------------------------------
# the table


def test_download_table_adds_the_candidates_facts_and_rounds_the_numbers():
    members, table = sample_suggestions()
    out = recommend.download_table(table, members)
    assert len(out) == len(table)
    assert list(out.columns[:11]) == ["회원 ID", "회사명", "순위", "추천 기업 회원 ID", "추천 기업 회사명",
                                      "추천 기업 지역연합회", "추천 기업 시군구", "추천 기업 업종", "점수", "거리(km)",
                                      "추천 이유"]
    facts = members.set_index("member_id").loc[table["candidate_id"]]
    assert out["추천 기업 지역연합회"].tolist() == facts["federation"].tolist()
    assert out["추천 기업 시군구"].tolist() == facts["sigungu"].tolist()
    assert out["추천 기업 업종"].tolist() == facts["industry_name"].tolist()
    assert (out["점수"] == table["score"].round(3)).all() and (out["점수"] * 1000).round(9).mod(1).eq(0).all()
    shares = [c for c in out.columns if c.startswith("점수 중 ")]
    assert len(shares) == len(recommend.SIGNALS) and "점수 중 같은 교류회 비중(%)" in shares
    assert (out[shares].sum(axis=1) - 100).abs().max() < 1  # still adds up to about 100
    assert out["추천 이유"].tolist() == table["reasons"].tolist()


def test_download_table_in_english_and_when_empty():
    members, table = sample_suggestions()
    english = recommend.download_table(table, members, language="en")
    assert list(english.columns[:8]) == ["Member ID", "Company name", "Rank", "Candidate: Member ID",
                                         "Candidate: Company name", "Candidate: Federation",
                                         "Candidate: District (시군구)", "Candidate: Industry"]
    assert "Signal: same 교류회" in english.columns and "Share of the score: distance (%)" in english.columns
    empty = recommend.download_table(table.iloc[:0], members)
    assert empty.empty and list(empty.columns) == list(recommend.download_table(table, members).columns)


def test_download_table_without_the_candidates_facts():
    members, table = sample_suggestions()
    bare = members[["member_id", "name"]]
    out = recommend.download_table(table, bare)
    assert out["추천 기업 지역연합회"].isna().all() and out["추천 기업 업종"].isna().all()


# ----------------------------------------------------------------------------
# the page


@pytest.fixture
def downloads(app_workspace, monkeypatch) -> dict[str, tuple[str, object]]:
    """The page's download buttons as they are made: key → (file name, the function that builds the file)."""
    made: dict[str, tuple[str, object]] = {}
    original = streamlit.download_button

    def recorded(label, data, *, file_name=None, key=None, **kwargs):
        made[key] = (file_name, data)
        return original(label, data, file_name=file_name, key=key, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recorded)
    return made


def _page(*, english: bool = False, **chosen: str):
    at = _app()
    at.switch_page(PAGE)
    if english:
        at.session_state["ui_english"] = True
    for key, value in chosen.items():
        at.session_state[key] = value
    at.run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_downloads_carry_korean_headers_the_filter_and_the_date(downloads):
    at = _page()
    at.selectbox(key="rec_filter_federation").set_value("경기").run(timeout=180)
    assert not at.exception
    today = pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()
    name, build = downloads["rec_all_xlsx"]
    assert name == f"추천_경기_{today:%Y-%m-%d}.xlsx"
    assert downloads["rec_all_csv"][0] == f"추천_경기_{today:%Y-%m-%d}.csv"
    book = openpyxl.load_workbook(io.BytesIO(build()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert book.sheetnames == [f"추천_경기_{today:%Y-%m-%d}"]
    assert rows[0][:8] == ("회원 ID", "회사명", "순위", "추천 기업 회원 ID", "추천 기업 회사명", "추천 기업 지역연합회",
                           "추천 기업 시군구", "추천 기업 업종")
    members = load_dataset(SAMPLE).members.set_index("member_id")
    assert len(rows) > 1 and {members.loc[r[0], "federation"] for r in rows[1:]} == {"경기"}
    assert all(round(r[8], 3) == r[8] for r in rows[1:])  # the score, rounded
    member_file = [key for key in downloads if key == "rec_one_xlsx"]
    assert member_file and downloads["rec_one_xlsx"][0].startswith("추천_") and downloads["rec_one_xlsx"][0].endswith(
        f"_{today:%Y-%m-%d}.xlsx")


def test_page_downloads_in_english_romanise_the_filter(downloads):
    _page(english=True, view_federation="경기", rec_filter_industry="25")  # the federation is the view scope's
    today = pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()
    name, build = downloads["rec_all_csv"]
    assert name == f"recommendations_gyeonggi_25_{today:%Y-%m-%d}.csv"
    header = build().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Member ID,Company name,Rank,Candidate: Member ID")


def test_file_stem_leaves_out_filters_not_in_use():
    assert file_stem("추천", None, "", day="2026-11-30") == "추천_2026-11-30"
    assert file_stem("recommendations", "서울특별시", None, "26", day="2026-11-30", language="en") == (
        "recommendations_seoulteukbyeolsi_26_2026-11-30")

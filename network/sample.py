"""A realistic, deterministic sample federation: members, partnerships, visits and offices.

The sample resembles 중소기업융합중앙회 and the agency's field programme using
public figures copied into ``data/reference/`` (federation sizes, the 34
offices, SMEs per 시도, the 2025 programme totals).  Everything else is drawn
from a seeded random generator, so the same ``seed`` and ``members`` always
give the same files.

How it is drawn
---------------
* Members: each federation's count is scaled to ``members``; they sit in
  교류회 of 18–32 firms, each 교류회 anchored in one 시군구 of the federation's
  area (most firms there, the rest nearby), at random points inside real 시군구
  polygons.  Industries lean to manufacturing (KSIC 10–34) with some services
  (58–63, 70–73) and a regional flavour (울산 자동차·화학, 구미 전자 …);
  employees are log-normal (5–300); offers and needs come from a fixed
  vocabulary tied to the industry.
* Partnerships (about 4 per firm, heavy-tailed): drawn in date order
  2015–2025; mostly inside the 교류회, then inside the federation, some closing
  triangles (a partner's partner), a few bridges between regions.  Candidates
  are weighted by value-chain complementarity of industries, by one firm
  offering what the other needs, and by distance.
* Visits 2024-10-23 … 2025-12-31: about 70 programme sessions (사업설명회,
  간담회, 현장상담회) with about 2,200 participants and 630 difficulties, and
  routine one-firm consultations (방문상담) whose probability decays with the
  distance to the nearest office, so remote 시군구 are truly under-served.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from network import export, regions
from network.regions import haversine_km

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "INDUSTRY_WEIGHTS",
    "ISSUE_SHARES",
    "NEEDS",
    "NEEDS_BY_DIVISION",
    "OFFERS",
    "PARTNERSHIP_END",
    "PARTNERSHIP_KINDS",
    "PARTNERSHIP_START",
    "PROGRAM_END",
    "PROGRAM_START",
    "Progress",
    "REFERENCE_DIR",
    "REGIONAL_FLAVOUR",
    "SAMPLE_DIR",
    "Sample",
    "VALUE_CHAINS",
    "federation_areas",
    "generate_members",
    "generate_offices",
    "generate_partnerships",
    "generate_sample",
    "generate_visits",
    "write_sample",
]

REFERENCE_DIR = regions.DATA_DIR / "reference"
SAMPLE_DIR = regions.DATA_DIR / "sample"

PROGRAM_START = dt.date(2024, 10, 23)
PROGRAM_END = dt.date(2025, 12, 31)
PARTNERSHIP_START = dt.date(2015, 1, 1)
PARTNERSHIP_END = dt.date(2025, 12, 31)

#: KSIC divisions and their base weights (manufacturing-heavy, some services).
INDUSTRY_WEIGHTS: dict[str, float] = {
    "10": 5, "11": 1, "13": 3, "14": 2, "15": 1, "16": 1, "17": 2, "18": 2, "20": 5, "21": 2, "22": 7,
    "23": 3, "24": 4, "25": 14, "26": 9, "27": 5, "28": 7, "29": 11, "30": 7, "31": 2, "32": 2, "33": 2,
    "34": 2, "58": 1, "62": 5, "63": 1, "70": 2, "71": 1, "72": 2, "73": 2,
}

#: Regional specialisation: 시도 code -> {division: multiplier}.
REGIONAL_FLAVOUR: dict[str, dict[str, float]] = {
    "31": {"30": 3, "20": 3, "31": 4, "24": 2},   # 울산: 자동차, 화학, 조선
    "47": {"26": 2.5, "24": 2, "30": 1.5},          # 경북: 구미 전자, 포항 철강
    "48": {"29": 2.5, "31": 2.5, "30": 1.5},        # 경남: 창원 기계, 거제 조선
    "11": {"62": 3, "58": 3, "63": 3, "73": 2, "70": 2, "14": 2},
    "41": {"26": 1.5, "29": 1.3, "62": 1.3},
    "28": {"29": 1.5, "25": 1.3, "24": 1.3},
    "12": {"10": 2, "20": 1.5, "31": 1.5},
    "52": {"10": 2, "30": 1.3, "20": 1.3},
    "50": {"10": 3, "11": 2, "62": 1.5},
    "44": {"26": 1.5, "20": 1.5, "30": 1.3},
    "43": {"26": 1.8, "21": 2, "28": 1.3},
    "26": {"31": 2, "24": 1.5, "15": 2},
    "27": {"13": 2.5, "30": 1.5, "25": 1.3},
}

#: Value chains: pairs of divisions that often work together (weight multiplier).
VALUE_CHAINS: dict[tuple[str, str], float] = {
    ("25", "30"): 5, ("25", "29"): 5, ("24", "25"): 4, ("22", "30"): 4, ("26", "28"): 5, ("26", "27"): 4,
    ("28", "29"): 4, ("29", "34"): 3, ("25", "31"): 4, ("20", "22"): 4, ("13", "14"): 5, ("10", "17"): 3,
    ("10", "11"): 3, ("26", "62"): 4, ("29", "62"): 2, ("27", "62"): 2, ("20", "21"): 3, ("21", "70"): 4,
    ("26", "70"): 2, ("20", "70"): 2, ("23", "25"): 2, ("28", "30"): 3, ("26", "30"): 3, ("18", "17"): 3,
    ("32", "16"): 3, ("33", "22"): 2, ("62", "63"): 3, ("58", "62"): 3, ("72", "29"): 2, ("73", "14"): 2,
}

#: What firms of a division can offer (tags); every firm may also offer 디자인/소프트웨어 if in 73/62.
OFFERS: dict[str, list[str]] = {
    "10": ["식품가공", "포장"], "11": ["식품가공"], "13": ["섬유소재"], "14": ["봉제"], "15": ["가죽가공"],
    "16": ["목가공"], "17": ["포장"], "18": ["인쇄"], "20": ["화학소재", "도장"], "21": ["바이오", "인증"],
    "22": ["사출", "플라스틱가공"], "23": ["세라믹"], "24": ["주조", "열처리"], "25": ["정밀가공", "금형", "도금", "용접"],
    "26": ["전자부품", "PCB"], "27": ["계측", "광학"], "28": ["전기장비", "배선"], "29": ["자동화설비", "정밀가공"],
    "30": ["자동차부품"], "31": ["조선기자재"], "32": ["가구"], "33": ["완제품조립"], "34": ["설비수리"],
    "58": ["소프트웨어"], "62": ["소프트웨어", "스마트공장"], "63": ["데이터"], "70": ["R&D", "시험분석"],
    "71": ["컨설팅", "인증"], "72": ["설계", "시험분석"], "73": ["디자인", "마케팅"],
}
#: What firms look for, with base probabilities.
NEEDS: dict[str, float] = {
    "판로": 0.35, "수출": 0.25, "자금": 0.2, "인증": 0.12, "물류": 0.1, "R&D": 0.15, "인력": 0.2,
    "디자인": 0.1, "소프트웨어": 0.1, "스마트공장": 0.12, "정밀가공": 0.08, "금형": 0.06, "도금": 0.04,
    "시험분석": 0.06, "마케팅": 0.1, "포장": 0.05, "전자부품": 0.05, "자동화설비": 0.06,
}
#: Extra needs by division (its inputs along the value chain).
NEEDS_BY_DIVISION: dict[str, list[str]] = {
    "30": ["정밀가공", "금형", "사출", "전자부품", "도장"], "29": ["정밀가공", "전자부품", "배선", "소프트웨어"],
    "26": ["PCB", "사출", "시험분석"], "28": ["전자부품", "금형"], "25": ["열처리", "도금", "자동화설비"],
    "10": ["포장", "인증", "마케팅"], "14": ["섬유소재", "디자인"], "21": ["R&D", "시험분석", "인증"],
    "62": ["판로", "데이터"], "31": ["용접", "정밀가공"], "22": ["금형", "화학소재"],
}
PARTNERSHIP_KINDS = ("공급망", "공동R&D", "공동구매", "공동수출", "공동마케팅", "기술제휴")

ISSUE_SHARES = {"자금": 0.28, "인력": 0.22, "판로·수출": 0.18, "기술": 0.1, "규제": 0.08, "원자재·물류": 0.08,
                "경영일반": 0.06}

_NAME_HEADS = list("가경고광금나다대동두명미보부삼상새서성세수신아영우원유을이인일장정제조주중진창천청태평한해현협화효흥")
_NAME_TAILS = list("가경광국남대동림명민보봉산상서성솔신아안양연영우원윤인일전정제주진창천태하한해호화흥")
_NAME_SUFFIX = {
    "10": ["식품", "푸드"], "11": ["음료"], "13": ["섬유", "텍스"], "14": ["어패럴", "패션"], "15": ["피혁"],
    "16": ["목재"], "17": ["지업", "팩"], "18": ["인쇄", "프린팅"], "20": ["화학", "케미칼"], "21": ["바이오", "제약"],
    "22": ["플라스틱", "폴리머"], "23": ["세라믹"], "24": ["금속", "스틸"], "25": ["정밀", "금속", "금형"],
    "26": ["전자", "일렉트로닉스"], "27": ["계측", "옵틱스"], "28": ["전기", "파워"], "29": ["기계", "오토메이션"],
    "30": ["오토텍", "모터스"], "31": ["마린", "중공업"], "32": ["가구"], "33": ["산업"], "34": ["엔지니어링"],
    "58": ["소프트"], "62": ["시스템", "소프트", "아이티"], "63": ["데이터"], "70": ["연구소", "랩"],
    "71": ["컨설팅"], "72": ["엔지니어링", "기술"], "73": ["디자인"],
}


@dataclass(frozen=True)
class Sample:
    """The four generated tables (as the importer would return them, before validation)."""

    members: pd.DataFrame
    partnerships: pd.DataFrame
    visits: pd.DataFrame
    offices: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return ``{name: DataFrame}``."""
        return {"members": self.members, "partnerships": self.partnerships,
                "visits": self.visits, "offices": self.offices}


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, step: int, total: int) -> None:
    return None


@cache
def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


@cache
def _sigungu_shapes() -> dict[str, BaseGeometry]:
    import shapely

    collection = json.loads(regions.boundaries_path("sigungu").read_text(encoding="utf-8"))
    return {f["properties"]["sigungu_code"]: shapely.geometry.shape(f["geometry"]) for f in collection["features"]}


def federation_areas() -> pd.DataFrame:
    """Today's 시군구 of each federation's area: ``federation``, ``sigungu_code``, ``sido_code``, weight.

    The weight spreads members over the area: SMEs per 시도 (2021) shared out
    over its 시군구, with cities and 구 weighted above rural 군.
    """
    sgg = regions.sigungu_table()
    smes = _reference("sme_by_sido_2021.csv")
    sido = regions.sido_table()
    sme_by_code: dict[str | None, float] = {}
    for name, value in zip(smes["sido"], smes["smes_10k"]):
        match = regions.normalize_region(name)
        sme_by_code[match.sido_code] = sme_by_code.get(match.sido_code, 0.0) + float(value)
    rows = []
    feds = _reference("federations.csv")
    claimed = {code for codes in feds["area_codes"] for code in codes.split(";") if len(code) == 5}
    for fed, codes in zip(feds["federation"], feds["area_codes"]):
        for code in codes.split(";"):
            if len(code) == 2:
                part = sgg[(sgg["sido_code"] == code) & ~sgg["city_code"].isin(claimed)
                           & ~sgg["sigungu_code"].isin(claimed)]
            else:
                part = sgg[(sgg["sigungu_code"] == code) | (sgg["city_code"] == code)]
            for row in part.itertuples():
                urban = 0.35 if row.sigungu.endswith("군") else 1.0
                n_in_sido = (sgg["sido_code"] == row.sido_code).sum()
                rows.append({"federation": fed, "sigungu_code": row.sigungu_code, "sido_code": row.sido_code,
                             "weight": sme_by_code.get(row.sido_code, 1.0) / n_in_sido * urban,
                             "lat": row.lat, "lon": row.lon})
    out = pd.DataFrame(rows)
    assert set(out["sido_code"]) == set(sido["sido_code"]), "every 시도 belongs to a federation"
    return out


def _random_points(rng: np.random.Generator, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random points inside each 시군구 of ``codes`` (checked against the 읍면동 polygons)."""
    import shapely

    shapes = _sigungu_shapes()
    lat = np.full(len(codes), np.nan)
    lon = np.full(len(codes), np.nan)
    todo = np.arange(len(codes))
    for _ in range(30):
        if len(todo) == 0:
            break
        for code in np.unique(codes[todo]):
            idx = todo[codes[todo] == code]
            geom = shapes[code]
            minx, miny, maxx, maxy = geom.bounds
            k = len(idx) * 4 + 8
            xs = np.round(rng.uniform(minx, maxx, k), 5)  # rounded as written, then checked
            ys = np.round(rng.uniform(miny, maxy, k), 5)
            inside = shapely.contains_xy(geom, xs, ys)
            xs, ys = xs[inside], ys[inside]
            n = min(len(idx), len(xs))
            lon[idx[:n]], lat[idx[:n]] = xs[:n], ys[:n]
        located = regions.locate_points(lat[todo], lon[todo])["sigungu_code"].to_numpy()
        bad = located != codes[todo]
        lat[todo[bad]] = np.nan
        lon[todo[bad]] = np.nan
        todo = todo[bad]
    if len(todo):  # tiny or ragged 시군구: fall back to the representative point
        table = regions.sigungu_table().set_index("sigungu_code")
        lat[todo] = table.loc[codes[todo], "lat"].to_numpy()
        lon[todo] = table.loc[codes[todo], "lon"].to_numpy()
    return np.round(lat, 5), np.round(lon, 5)


def _company_names(rng: np.random.Generator, divisions: np.ndarray) -> list[str]:
    """Unique fictitious company names fitting each firm's industry (``(주)한성정밀``, ``대명전자`` …)."""
    n = len(divisions)
    heads = np.array(_NAME_HEADS)[rng.integers(0, len(_NAME_HEADS), n)]
    tails = np.array(_NAME_TAILS)[rng.integers(0, len(_NAME_TAILS), n)]
    pick = rng.random(n)
    form = rng.random(n)
    names: list[str] = []
    seen: dict[str, int] = {}
    for k in range(n):
        suffixes = _NAME_SUFFIX.get(divisions[k], ["산업"])
        name = heads[k] + tails[k] + suffixes[int(pick[k] * len(suffixes))]
        if name in seen:  # keep names unique: 대명전자, 대명전자2, …
            seen[name] += 1
            name = f"{name}{seen[name]}"
        else:
            seen[name] = 1
        names.append("(주)" + name if form[k] < 0.3 else (name + "(주)" if form[k] < 0.37 else name))
    return names


def _business_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """Unique numbers in the 사업자등록번호 format ``NNN-NN-NNNNN`` (some with leading zeros)."""
    values = rng.choice(10**10, size=int(n * 1.2) + 10, replace=False)[:n]
    digits = [f"{v:010d}" for v in values]
    return [f"{d[:3]}-{d[3:5]}-{d[5:]}" for d in digits]


def generate_members(rng: np.random.Generator, n_members: int, progress: Progress = _no_progress) -> pd.DataFrame:
    """Draw the members table (see the module docstring)."""
    feds = _reference("federations.csv")
    areas = federation_areas()
    total = feds["members"].astype(int).sum()
    counts = np.round(feds["members"].astype(int).to_numpy() / total * n_members).astype(int)
    counts[np.argmax(counts)] += n_members - counts.sum()
    divisions = np.array(list(INDUSTRY_WEIGHTS))
    base_w = np.array(list(INDUSTRY_WEIGHTS.values()), dtype=float)
    rows = []
    group_no = 0
    for f_i, (fed, groups_ref) in enumerate(zip(feds["federation"], feds["groups"].astype(int))):
        n = int(counts[f_i])
        if n == 0:
            continue
        area = areas[areas["federation"] == fed].reset_index(drop=True)
        scale = n / int(feds["members"].iloc[f_i])
        n_groups = max(1, int(round(groups_ref * scale)), int(np.ceil(n / 32)))
        n_groups = min(n_groups, max(1, n // 18))
        sizes = np.full(n_groups, n // n_groups)
        sizes[: n - sizes.sum()] += 1
        p_home = area["weight"].to_numpy() / area["weight"].sum()
        homes = rng.choice(len(area), size=n_groups, p=p_home)
        short = fed.split("·")[0]
        for g, (size, home) in enumerate(zip(sizes, homes)):
            group_no += 1
            home_row = area.iloc[home]
            d = haversine_km(home_row["lat"], home_row["lon"], area["lat"], area["lon"])
            near_w = area["weight"].to_numpy() * np.exp(-d / 15.0)
            near_w[home] = 0
            place = np.where(rng.random(size) < 0.7, home,
                             rng.choice(len(area), size=size, p=near_w / near_w.sum()) if near_w.sum() > 0 else home)
            flavour = REGIONAL_FLAVOUR.get(home_row["sido_code"], {})
            w = base_w * np.array([flavour.get(dv, 1.0) for dv in divisions])
            # each 교류회 leans towards a few industries (firms that know each other)
            focus = rng.choice(len(divisions), size=3, replace=False, p=w / w.sum())
            w_group = w.copy()
            w_group[focus] *= 4
            inds = rng.choice(divisions, size=size, p=w_group / w_group.sum())
            codes = area["sigungu_code"].to_numpy()[place]
            rows.append(pd.DataFrame({"federation": fed, "group": f"{short}{g + 1:02d}교류회",
                                      "sigungu_code": codes, "industry": inds}))
        progress("members", f_i + 1, len(feds))
    df = pd.concat(rows, ignore_index=True)
    n = len(df)
    df["lat"], df["lon"] = _random_points(rng, df["sigungu_code"].to_numpy())
    table = regions.sigungu_table().set_index("sigungu_code")
    df["sido"] = table.loc[df["sigungu_code"], "sido"].to_numpy()
    df["sigungu"] = table.loc[df["sigungu_code"], "sigungu"].to_numpy()
    df["member_id"] = _business_numbers(rng, n)
    df["name"] = _company_names(rng, df["industry"].to_numpy())
    ksic = pd.read_csv(regions.DATA_DIR / "ksic_divisions.csv", dtype=str).set_index("division")["name_ko"]
    df["industry_name"] = df["industry"].map(ksic)
    employees = np.clip(np.round(np.exp(rng.normal(np.log(22), 0.85, n))), 5, 300).astype(int)
    df["employees"] = employees
    per_head = np.exp(rng.normal(np.log(2.2e8), 0.45, n))
    df["revenue_krw"] = (np.round(employees * per_head / 1e6) * 1e6).astype(np.int64)
    founded = pd.to_datetime("1975-01-01") + pd.to_timedelta(rng.integers(0, 47 * 365, n), unit="D")
    df["founded"] = founded.strftime("%Y-%m-%d")
    joined_days = rng.integers(0, (pd.Timestamp("2025-06-30") - pd.Timestamp("2005-01-01")).days, n)
    joined = pd.Timestamp("2005-01-01") + pd.to_timedelta(joined_days, unit="D")
    joined = joined.where(joined > founded, founded + pd.Timedelta(days=365))
    df["joined"] = joined.strftime("%Y-%m-%d")
    df["offers"], df["needs"] = _tags(rng, df["industry"].to_numpy())
    columns = ["member_id", "name", "federation", "group", "sido", "sigungu", "lat", "lon", "industry",
               "industry_name", "employees", "revenue_krw", "founded", "offers", "needs", "joined"]
    return df[columns]


def _tags(rng: np.random.Generator, industries: np.ndarray) -> tuple[list[str], list[str]]:
    n = len(industries)
    need_names = list(NEEDS)
    wanted = rng.random((n, len(need_names))) < np.array(list(NEEDS.values()))
    extra_pick, extra_on = rng.random(n), rng.random(n) < 0.7
    own_pick, two, bonus_on = rng.random((n, 2)), rng.random(n) < 0.5, rng.random(n) < 0.15
    bonus = rng.choice(["수출", "물류", "인증", "디자인", "교육"], size=n)
    offers, needs = [], []
    for k, division in enumerate(industries):
        own = OFFERS.get(division, ["완제품조립"])
        first = own[int(own_pick[k, 0] * len(own))]
        offer = [first]
        if two[k] and len(own) > 1:
            rest = [t for t in own if t != first]
            offer.append(rest[int(own_pick[k, 1] * len(rest))])
        if bonus_on[k]:
            offer.append(str(bonus[k]))
        picked = [need_names[j] for j in np.flatnonzero(wanted[k])]
        extra = NEEDS_BY_DIVISION.get(division)
        if extra and extra_on[k]:
            picked.append(extra[int(extra_pick[k] * len(extra))])
        picked = [t for t in dict.fromkeys(picked) if t not in offer][:4]
        offers.append(";".join(dict.fromkeys(offer)))
        needs.append(";".join(picked))
    return offers, needs


def _compat_matrix(divisions: list[str]) -> np.ndarray:
    index = {d: i for i, d in enumerate(divisions)}
    m = np.ones((len(divisions), len(divisions)))
    np.fill_diagonal(m, 2.0)
    for (a, b), w in VALUE_CHAINS.items():
        if a in index and b in index:
            m[index[a], index[b]] = m[index[b], index[a]] = w
    return m


def _date_between(rng: np.random.Generator, start: dt.date, end: dt.date, size: int, *, growth: float) -> np.ndarray:
    """Random dates, denser towards the end when ``growth`` > 0 (the federation grew)."""
    span = (end - start).days
    u = rng.random(size)
    frac = np.log1p(u * np.expm1(growth)) / growth if growth else u
    return np.array(np.datetime64(start) + np.floor(frac * span).astype("timedelta64[D]"))


def generate_partnerships(rng: np.random.Generator, members: pd.DataFrame,
                          progress: Progress = _no_progress, *, per_member: float = 2.0) -> pd.DataFrame:
    """Draw about ``per_member × members`` partnerships in date order (see the module docstring).

    The default 2.0 gives each firm about 4 partners on average.
    """
    n = len(members)
    n_edges = int(round(n * per_member))
    activity = np.exp(rng.normal(0, 0.9, n))
    hubs = rng.choice(n, size=max(1, n // 500), replace=False)
    activity[hubs] *= 12
    divisions = sorted(INDUSTRY_WEIGHTS)
    div_index = {d: i for i, d in enumerate(divisions)}
    ind = np.array([div_index.get(d, 0) for d in members["industry"]])
    compat = _compat_matrix(divisions)
    vocabulary = sorted({t for s in pd.concat([members["offers"], members["needs"]]) for t in s.split(";") if t})
    bit = {t: 1 << i for i, t in enumerate(vocabulary)}
    offers = np.array([sum(bit[t] for t in s.split(";") if t) for s in members["offers"]], dtype=object)
    needs = np.array([sum(bit[t] for t in s.split(";") if t) for s in members["needs"]], dtype=object)
    lat, lon = members["lat"].to_numpy(), members["lon"].to_numpy()
    group_of = np.unique(members["group"].to_numpy(), return_inverse=True)[1]
    fed_of = np.unique(members["federation"].to_numpy(), return_inverse=True)[1]
    pools = {"group": _pools(group_of, activity), "fed": _pools(fed_of, activity),
             "all": _pools(np.zeros(n, dtype=int), activity)}
    dates = np.sort(_date_between(rng, PARTNERSHIP_START, PARTNERSHIP_END, n_edges, growth=1.2))
    sources = rng.choice(n, size=n_edges, p=activity / activity.sum())
    modes = rng.random(n_edges)
    neighbours: list[set[int]] = [set() for _ in range(n)]
    adjacency: list[list[int]] = [[] for _ in range(n)]
    edges: list[tuple[int, int, int]] = []
    draws = rng.random((n_edges, 8))
    picks = rng.random(n_edges)
    walks = rng.random((n_edges, 8, 2))
    cos_lat = np.cos(np.radians(lat))
    step = max(1, n_edges // 20)
    for e in range(n_edges):
        i = int(sources[e])
        r = modes[e]
        if r < 0.52:
            pool = pools["group"][group_of[i]]
        elif r < 0.76 or (r < 0.93 and not adjacency[i]):
            pool = pools["fed"][fed_of[i]]
        elif r < 0.93:
            pool = None  # close a triangle: a partner's partner, by short random walks
        else:
            pool = pools["all"][0]
        if pool is None:
            first = adjacency[i]
            candidates = []
            for a, b in walks[e]:
                j = first[int(a * len(first))]
                second = adjacency[j]
                candidates.append(second[int(b * len(second))])
        else:
            members_pool, cum = pool
            candidates = members_pool[np.searchsorted(cum, draws[e] * cum[-1])].tolist()
        candidates = [c for c in dict.fromkeys(candidates) if c != i and c not in neighbours[i]]
        if not candidates:
            continue
        cand = np.array(candidates)
        # distance: equirectangular is plenty at these scales
        dy = (lat[cand] - lat[i]) * 111.2
        dx = (lon[cand] - lon[i]) * 111.2 * cos_lat[i]
        d = np.sqrt(dx * dx + dy * dy)
        oi, ni = offers[i], needs[i]
        match = np.array([bool((oi & needs[c]) or (offers[c] & ni)) for c in candidates])
        score = compat[ind[i], ind[cand]] * (1 + 2.0 * match) * np.exp(-d / 60.0)
        cum_score = np.cumsum(score)
        j = candidates[min(int(np.searchsorted(cum_score, picks[e] * cum_score[-1])), len(candidates) - 1)]
        neighbours[i].add(j)
        neighbours[j].add(i)
        adjacency[i].append(j)
        adjacency[j].append(i)
        edges.append((i, j, e))
        if e % step == 0:
            progress("partnerships", e, n_edges)
    src = np.array([a for a, _, _ in edges])
    dst = np.array([b for _, b, _ in edges])
    when = dates[[k for _, _, k in edges]]
    kinds = _kinds(rng, ind[src], ind[dst], compat, members, src, dst)
    weight = np.minimum(rng.geometric(0.55, len(src)), 5)
    ids = members["member_id"].to_numpy()
    out = pd.DataFrame({"source_id": ids[src], "target_id": ids[dst], "kind": kinds,
                        "started": pd.to_datetime(when).strftime("%Y-%m-%d"), "weight": weight})
    progress("partnerships", n_edges, n_edges)
    return out


def _pools(labels: np.ndarray, activity: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    pools = {}
    for chunk in np.split(order, bounds):
        pools[int(labels[chunk[0]])] = (chunk, np.cumsum(activity[chunk]))
    return pools


def _kinds(rng, ind_a, ind_b, compat, members, src, dst) -> np.ndarray:
    """Kind of each partnership, from the industries and whether either firm wants to export."""
    needs = members["needs"].to_numpy()
    exporting = np.array(["수출" in needs[s] or "수출" in needs[t] for s, t in zip(src, dst)])
    chain = compat[ind_a, ind_b] >= 3
    same = (ind_a == ind_b) & ~chain
    out = np.empty(len(src), dtype=object)
    for mask, choices, p in (
        (chain, ["공급망", "기술제휴", "공동R&D"], [0.65, 0.2, 0.15]),
        (same, ["공동구매", "공동마케팅", "기술제휴"], [0.45, 0.35, 0.2]),
        (~chain & ~same, list(PARTNERSHIP_KINDS), [0.25, 0.2, 0.15, 0.1, 0.15, 0.15]),
    ):
        out[mask] = rng.choice(choices, size=int(mask.sum()), p=p)
    export = exporting & (rng.random(len(src)) < 0.3)
    out[export] = "공동수출"
    return out


def generate_offices() -> pd.DataFrame:
    """The agency's 34 offices with today's regions and a point in their seat 시군구."""
    ref = _reference("kosme_offices.csv")
    rows = []
    for r in ref.itertuples():
        match = regions.normalize_region(sido=r.sido, sigungu=r.sigungu)
        if match.sigungu_code is None:
            raise ValueError(f"office {r.name}: cannot place {r.sido} {r.sigungu}: {match.problem}")
        rows.append({"office_id": r.office_id, "name": r.name, "sido": match.sido, "sigungu": match.sigungu,
                     "sigungu_code": match.sigungu_code})
    df = pd.DataFrame(rows)
    table = regions.sigungu_table(include_cities=True).set_index("sigungu_code")
    df["lat"] = table.loc[df["sigungu_code"], "lat"].to_numpy()
    df["lon"] = table.loc[df["sigungu_code"], "lon"].to_numpy()
    return df[["office_id", "name", "sido", "sigungu", "lat", "lon"]]


def generate_visits(rng: np.random.Generator, members: pd.DataFrame, offices: pd.DataFrame,
                    *, sessions: int = 70, consultations: int | None = None) -> pd.DataFrame:
    """Draw programme sessions and one-firm consultations (see the module docstring)."""
    n = len(members)
    if consultations is None:
        consultations = int(round(n * 0.17))
    lat, lon = members["lat"].to_numpy(), members["lon"].to_numpy()
    d_office = haversine_km(lat[:, None], lon[:, None], offices["lat"].to_numpy()[None, :],
                            offices["lon"].to_numpy()[None, :])
    nearest = d_office.argmin(axis=1)
    d_near = d_office[np.arange(n), nearest]
    reach = np.exp(-d_near / 18.0)
    categories = list(ISSUE_SHARES)
    cat_p = np.array(list(ISSUE_SHARES.values()))
    rows = []
    days = (PROGRAM_END - PROGRAM_START).days
    # programme sessions, at members' places near an office
    programs = rng.choice(["사업설명회", "간담회", "현장상담회"], size=sessions, p=[0.35, 0.35, 0.3])
    office_weight = np.bincount(nearest, minlength=len(offices)).astype(float) + 1
    session_office = rng.choice(len(offices), size=sessions, p=office_weight / office_weight.sum())
    for s in range(sessions):
        o = session_office[s]
        catchment = np.flatnonzero(nearest == o)
        if len(catchment) == 0:
            catchment = np.arange(n)
        w = reach[catchment] ** 1.5
        host = catchment[rng.choice(len(catchment), p=w / w.sum())]
        participants = int(rng.poisson(31))
        d_host = haversine_km(lat[host], lon[host], lat, lon)
        attend_w = np.exp(-d_host / 12.0)
        k = min(int(participants * rng.uniform(0.5, 0.7)), int((attend_w > 0.05).sum()))
        attendees = (rng.choice(n, size=k, replace=False, p=attend_w / attend_w.sum()) if k
                     else np.empty(0, dtype=np.intp))
        issues = rng.choice(categories, size=int(rng.poisson(9)), p=cat_p)
        date = PROGRAM_START + dt.timedelta(days=int(rng.integers(0, days + 1)) if s else 0)
        rows.append({"date": date, "program": programs[s], "sigungu_code": members["sigungu"].iat[host],
                     "sido": members["sido"].iat[host], "lat": None, "lon": None,
                     "office": offices["name"].iat[o],
                     "member_ids": ";".join(members["member_id"].to_numpy()[attendees]),
                     "participants": max(participants, len(attendees)), "issues": ";".join(issues)})
    # routine consultations: one firm, probability falls with distance to its office
    p = reach / reach.sum()
    firms = rng.choice(n, size=consultations, p=p)
    n_issues = rng.choice([0, 1, 1, 2], size=consultations)
    issue_cats = rng.choice(categories, size=(consultations, 2), p=cat_p)
    consult = pd.DataFrame({
        "date": [PROGRAM_START + dt.timedelta(days=int(x)) for x in rng.integers(0, days + 1, consultations)],
        "program": "방문상담",
        "sigungu_code": members["sigungu"].to_numpy()[firms],
        "sido": members["sido"].to_numpy()[firms],
        "lat": lat[firms], "lon": lon[firms],
        "office": offices["name"].to_numpy()[nearest[firms]],
        "member_ids": members["member_id"].to_numpy()[firms],
        "participants": rng.choice([1, 1, 2, 3], size=consultations),
        "issues": [";".join(issue_cats[k, :n_issues[k]]) for k in range(consultations)],
    })
    rows = pd.concat([pd.DataFrame(rows), consult], ignore_index=True)
    df = rows.sort_values("date", kind="stable").reset_index(drop=True)
    df["visit_id"] = [f"V{d.year}-{i + 1:05d}" for i, d in enumerate(df["date"])]
    df["date"] = pd.to_datetime(df["date"]).dt.strftime("%Y-%m-%d")
    df = df.rename(columns={"sigungu_code": "sigungu"})
    return df[["visit_id", "date", "program", "sido", "sigungu", "lat", "lon", "office", "member_ids",
               "participants", "issues"]]


def generate_sample(*, members: int = 7000, seed: int = 42, partnerships_per_member: float = 2.0,
                    progress: Progress = _no_progress) -> Sample:
    """Generate the whole sample; the same arguments always give the same tables.

    Parameters
    ----------
    members
        Number of member firms (7,000 is the real federation's size; 100,000 for scale tests).
    seed
        Seed of the random generator.
    partnerships_per_member
        Partnerships drawn per member (2.0: each firm has about 4 partners; 4.0 gives the
        400,000 partnerships of the 100,000-member benchmark).
    progress
        Called as ``progress(stage, step, total)`` while working.

    Returns
    -------
    Sample

    Raises
    ------
    ValueError
        If ``members`` is below 50 (too few to form 교류회 in every federation).

    Examples
    --------
    >>> s = generate_sample(members=300, seed=1)
    >>> len(s.members), s.members["member_id"].is_unique, len(s.offices)
    (300, True, 34)
    """
    if members < 50:
        raise ValueError(f"members was {members} but is expected to be at least 50")
    rng = np.random.default_rng(seed)
    df_members = generate_members(rng, members, progress)
    df_partnerships = generate_partnerships(rng, df_members, progress, per_member=partnerships_per_member)
    df_offices = generate_offices()
    scale = members / 7000
    df_visits = generate_visits(rng, df_members, df_offices, sessions=max(5, int(round(70 * min(scale, 4)))))
    progress("visits", 1, 1)
    return Sample(df_members, df_partnerships, df_visits, df_offices)


def write_sample(sample: Sample, out: str | Path) -> list[Path]:
    """Write the four tables as ``members.csv`` … (UTF-8 with BOM) into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [export.write_table(df, out / f"{name}.csv") for name, df in sample.tables().items()]

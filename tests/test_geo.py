"""Tests for network.geo: coverage as GeoDataFrames, the GeoPackage for QGIS, and boundary files people bring."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from network import coverage, geo
from network.cli import EXIT_OK, EXIT_UNREADABLE, main
from network.dataset import load_dataset
from network.errors import DataError
from network.render import map as render_map

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
JONGNO = "11110"


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


def _table(ds, level: str) -> pd.DataFrame:
    return coverage.region_coverage_table(ds.members, ds.visits, ds.offices, attendance=ds.attendance,
                                          difficulties=ds.difficulties, level=level)


@pytest.fixture(scope="module")
def official() -> gpd.GeoDataFrame:
    """Official-looking 시군구 boundaries: the national boundary file's columns (SIG_CD, SIG_KOR_NM) in EPSG:5179,
    with 종로구 drawn 300 m wider than the bundled polygon so the file's own geometry can be told apart."""
    frame = geo.bundled_frame("sigungu").to_crs("EPSG:5179")
    frame = frame.rename(columns={"sigungu_code": "SIG_CD", "sigungu": "SIG_KOR_NM"})[
        ["SIG_CD", "SIG_KOR_NM", "geometry"]]
    wide = frame["SIG_CD"] == JONGNO
    frame.loc[wide, "geometry"] = frame.loc[wide, "geometry"].buffer(300)
    return frame


def _shapefile(frame: gpd.GeoDataFrame, folder: Path, *, name: str = "sig", cpg: bool = False) -> Path:
    """``frame`` as a Shapefile whose .dbf is CP949 and, as in the national files, without a .cpg."""
    path = folder / f"{name}.shp"
    frame.to_file(path, encoding="cp949", engine="pyogrio")
    if not cpg:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def _metric_area(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=geo.WGS84).to_crs(geo.KOREA_METRIC).area.iloc[0])


# --- coverage as GeoDataFrames and a GeoPackage ---------------------------------------------------------


@pytest.mark.parametrize(("level", "count"), [("sido", 16), ("sigungu", 256)])
def test_coverage_frame_has_every_region_and_every_metric(sample, level, count):
    table = _table(sample, level)
    frame = geo.coverage_frame(table, level=level)
    assert isinstance(frame, gpd.GeoDataFrame) and str(frame.crs) == "EPSG:4326"
    assert len(frame) == count and frame[f"{level}_code"].is_unique
    assert int(frame["members"].sum()) == 7000
    for column in ("visited", "coverage", "visits", "median_office_km", "missing_members", "rank", "reason"):
        assert column in frame.columns, column
    assert (frame["boundary"] == "bundled").all()
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()


def test_coverage_frame_needs_the_level_key():
    with pytest.raises(ValueError, match="sigungu_code"):
        geo.coverage_frame(pd.DataFrame({"members": [1]}), level="sigungu")
    with pytest.raises(ValueError, match="level"):
        geo.bundled_frame("dong")


def test_geopackage_has_a_layer_per_level_that_reads_back(sample, tmp_path):
    frames = {geo.LAYERS[level]: geo.coverage_frame(_table(sample, level), level=level) for level in ("sido", "sigungu")}
    path = geo.write_geopackage(tmp_path / "coverage.gpkg", frames)
    assert sorted(pyogrio.list_layers(path)[:, 0]) == ["coverage_sido", "coverage_sigungu"]
    for layer, count in (("coverage_sido", 16), ("coverage_sigungu", 256)):
        back = gpd.read_file(path, layer=layer)
        assert len(back) == count and back.crs.to_epsg() == 4326
        assert int(back["members"].sum()) == 7000
        assert back["reason"].str.contains("[가-힣]").any()  # Korean text kept
        assert pd.api.types.is_datetime64_any_dtype(back["last_visit"])
    # written again: replaced, not appended to
    geo.write_geopackage(path, {"coverage_sido": frames["coverage_sido"]})
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["coverage_sido"]
    assert geo.geopackage_bytes(frames).startswith(b"SQLite format 3")


def test_cli_coverage_writes_a_geopackage(tmp_path, capsys):
    out = tmp_path / "커버리지.gpkg"
    assert main(["coverage", "--data", str(SAMPLE), "--level", "sido", "--out", str(out)]) == EXIT_OK
    layers = pyogrio.list_layers(out)
    assert sorted(layers[:, 0]) == ["coverage_sido", "coverage_sigungu"]
    assert {str(kind) for kind in layers[:, 1]} <= {"MultiPolygon", "Polygon"}
    sido = gpd.read_file(out, layer="coverage_sido")
    assert int(sido["members"].sum()) == 7000 and len(sido) == 16
    assert "방문이 가장 부족한 곳:" in capsys.readouterr().out


# --- boundary files people bring -----------------------------------------------------------------------


def test_official_shapefile_in_epsg5179_with_cp949_names(official, tmp_path):
    path = _shapefile(official, tmp_path)
    found = geo.read_boundaries(path)
    assert (found.file, found.crs, found.level, found.features) == ("sig.shp", "EPSG:5179", "sigungu", 256)
    assert found.column == "SIG_KOR_NM"  # names read as CP949, and preferred to codes
    assert len(found.matched) == 256 and set(found.matched["how"]) == {"name"}
    assert "종로구" in set(found.matched["written"])
    assert found.problems == ()
    assert found.summary("ko") == ("sig.shp (EPSG:5179, 시군구): 도형 256개 중 256개를 맞췄고 0개를 뺐습니다; "
                                   "파일에 없는 0곳은 기본 경계로 그립니다.")
    sigungu = found.frame("sigungu")
    assert str(sigungu.crs) == "EPSG:4326" and (sigungu["boundary"] == "file").all()
    jongno = sigungu.loc[sigungu["sigungu_code"] == JONGNO, "geometry"].iloc[0]
    bundled = geo.bundled_frame("sigungu").set_index("sigungu_code").geometry[JONGNO]
    assert _metric_area(jongno) > _metric_area(bundled) * 1.05  # the file's wider polygon, not the bundled one
    # every 시군구 of every 시도 came from the file, so the 시도 are drawn from it too
    assert (found.frame("sido")["boundary"] == "file").all()


def test_a_zipped_shapefile_and_its_uploaded_parts_read_the_same(official, tmp_path):
    path = _shapefile(official.head(30), tmp_path)
    parts = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.stem == "sig"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    from_zip = geo.read_boundaries(buffer.getvalue(), file_name="경계.zip")
    from_parts = geo.read_boundaries(parts)
    assert from_zip.file == "경계.zip" and from_parts.file == "sig.shp"
    for found in (from_zip, from_parts):
        assert len(found.matched) == 30 and found.crs == "EPSG:5179"
    assert from_zip.matched.equals(from_parts.matched)
    assert len(geo.read_boundaries(path).matched) == 30


def test_old_boundaries_report_divided_and_moved_units_by_feature_and_name(official, tmp_path):
    """Boundaries from before 2026: 화성시 drawn whole, and 인천 남구 under its old name."""
    frame = official.copy()
    hwaseong = frame["SIG_CD"].str.startswith("4159")
    whole = gpd.GeoDataFrame({"SIG_CD": ["41590"], "SIG_KOR_NM": ["화성시"]},
                             geometry=[shapely.union_all(frame.loc[hwaseong, "geometry"].to_numpy())], crs=frame.crs)
    frame = pd.concat([frame[~hwaseong], whole], ignore_index=True)
    frame.loc[frame["SIG_CD"] == "28177", ["SIG_CD", "SIG_KOR_NM"]] = ["28170", "남구"]
    found = geo.read_boundaries(_shapefile(gpd.GeoDataFrame(frame, crs=official.crs), tmp_path))
    assert len(found.matched) == len(frame) - 1
    assert "28177" in set(found.matched.loc[found.matched["written"] == "남구", "sigungu_code"])  # 인천 남구 → 미추홀구
    table = found.problems_table("ko")
    left_out = table[table["code"] == "boundary_divided"]
    assert left_out["feature"].tolist() == [len(frame)]  # the last feature, numbered from 1
    assert left_out["value"].tolist() == ["화성시"] and left_out["column"].tolist() == ["SIG_KOR_NM"]
    assert "화성시 만세구" in left_out["message"].iloc[0]
    missing = table.loc[table["code"] == "boundary_missing_region", "value"].tolist()
    assert missing == ["경기도 화성시 만세구", "경기도 화성시 효행구", "경기도 화성시 병점구", "경기도 화성시 동탄구"]
    drawn = found.frame("sigungu")
    assert drawn.loc[drawn["sigungu_code"].str.startswith("4159"), "boundary"].eq("bundled").all()
    assert found.frame("sido").set_index("sido_code").loc["41", "boundary"] == "bundled"  # 경기 is incomplete
    assert "4곳은 기본 경계로" in found.summary("ko")


def test_features_outside_korea_or_named_elsewhere_are_left_out(official, tmp_path):
    busan = official[official["SIG_CD"] == "26350"].copy()  # 해운대구, but named 종로구
    busan["SIG_KOR_NM"] = "종로구"
    busan["SIG_CD"] = "11110"
    tokyo = gpd.GeoDataFrame({"SIG_CD": ["99999"], "SIG_KOR_NM": ["도쿄"]},
                             geometry=[shapely.box(139.6, 35.6, 139.8, 35.8)], crs=geo.WGS84).to_crs(official.crs)
    empty = gpd.GeoDataFrame({"SIG_CD": ["11140"], "SIG_KOR_NM": ["중구"]}, geometry=[None], crs=official.crs)
    frame = pd.concat([official.head(20), busan, tokyo, empty], ignore_index=True)
    path = tmp_path / "mixed.gpkg"
    gpd.GeoDataFrame(frame, crs=official.crs).to_file(path, driver="GPKG")
    found = geo.read_boundaries(path)
    assert len(found.matched) == 20
    codes = dict(zip(found.problems_table()["feature"], found.problems_table()["code"]))
    assert codes[21] == "boundary_elsewhere" and codes[22] == "boundary_outside" and codes[23] == "boundary_no_geometry"
    message = found.problems_table("ko").set_index("feature").loc[21, "message"]
    assert message == "이름은 서울특별시 종로구를 가리키지만 도형은 해운대구에 있어 뺐습니다: 종로구"


def test_a_sido_file_is_recognised_and_a_file_without_names_matches_by_place(tmp_path):
    sido = geo.bundled_frame("sido")[["sido", "geometry"]].to_crs("EPSG:5186")
    path = tmp_path / "sido.geojson"
    sido.to_crs(geo.WGS84).to_file(path, driver="GeoJSON")
    found = geo.read_boundaries(path)
    assert found.level == "sido" and len(found.matched) == 16 and found.column == "sido"
    nameless = tmp_path / "nameless.gpkg"
    geo.bundled_frame("sigungu")[["geometry"]].head(40).to_crs("EPSG:5186").to_file(nameless, driver="GPKG")
    found = geo.read_boundaries(nameless)
    assert found.level == "sigungu" and found.column is None and found.crs == "EPSG:5186"
    assert len(found.matched) == 40 and set(found.matched["how"]) == {"location"}


def _error(source, **kwargs) -> DataError:
    with pytest.raises(DataError) as raised:
        geo.read_boundaries(source, **kwargs)
    return raised.value


def test_unusable_boundary_files_get_one_clear_korean_error(official, tmp_path):
    err = _error(b"a,b\n1,2\n", file_name="경계.txt")
    assert str(err).startswith("경계.txt: 경계 파일 형식이 아닙니다: .txt") and err.problems[0].file == "경계.txt"
    err = _error(b"not a geopackage", file_name="경계.gpkg")
    assert "경계 파일을 읽을 수 없습니다" in str(err) and err.problems[0].file == "경계.gpkg"
    no_prj = _shapefile(official.head(5), tmp_path, name="noprj")
    no_prj.with_suffix(".prj").unlink()
    err = _error(no_prj)
    assert "좌표계를 알 수 없습니다" in str(err) and err.problems[0].file == "noprj.shp"
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(127, 37)], crs=geo.WGS84).to_file(points, driver="GeoJSON")
    assert "다각형(Polygon)이 없습니다" in str(_error(points))
    abroad = tmp_path / "abroad.geojson"
    gpd.GeoDataFrame({"n": ["x"]}, geometry=[shapely.box(2, 48, 3, 49)], crs=geo.WGS84).to_file(abroad,
                                                                                                driver="GeoJSON")
    err = _error(abroad)
    assert "어느 도형도 지금의 시도·시군구와 맞출 수 없습니다 (좌표계 EPSG:4326)" in str(err)
    assert "No feature of the boundary file matches" in err.message("en")


def test_cli_coverage_draws_on_the_users_boundaries(official, tmp_path, capsys):
    path = tmp_path / "official.gpkg"
    frame = official.copy()
    frame.loc[frame["SIG_CD"] == "41117", "SIG_KOR_NM"] = "없는구"  # a name that resolves nowhere
    frame.to_file(path, driver="GPKG")
    out = tmp_path / "coverage.geojson"
    assert main(["coverage", "--data", str(SAMPLE), "--boundaries", str(path), "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "official.gpkg (EPSG:5179, 시군구): 도형 256개 중 256개를 맞췄고" in captured.err
    fc = json.loads(out.read_bytes())
    assert len(fc["features"]) == 256 and sum(f["properties"]["members"] for f in fc["features"]) == 7000
    jongno = next(f for f in fc["features"] if f["properties"]["sigungu_code"] == JONGNO)
    bundled = geo.bundled_frame("sigungu").set_index("sigungu_code").geometry[JONGNO]
    assert jongno["properties"]["boundary"] == "file"
    assert _metric_area(shapely.geometry.shape(jongno["geometry"])) > _metric_area(bundled) * 1.05
    gpkg = tmp_path / "coverage.gpkg"
    assert main(["coverage", "--data", str(SAMPLE), "--boundaries", str(path), "--out", str(gpkg)]) == EXIT_OK
    layer = gpd.read_file(gpkg, layer="coverage_sigungu")
    assert (layer["boundary"] == "file").all()


def test_cli_coverage_with_an_unreadable_boundary_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "경계.gpkg"
    bad.write_bytes(b"nonsense")
    assert main(["coverage", "--data", str(SAMPLE), "--boundaries", str(bad), "--out",
                 str(tmp_path / "x.csv")]) == EXIT_UNREADABLE
    assert "경계.gpkg" in capsys.readouterr().err


def test_the_coverage_map_draws_the_users_boundaries(official, tmp_path, sample):
    path = tmp_path / "official.gpkg"
    official.to_file(path, driver="GPKG")
    found = geo.read_boundaries(path)
    text = found.geojson("sigungu")
    drawn = json.loads(text)
    assert len(drawn["features"]) == 256 and "boundary" not in drawn["features"][0]["properties"]
    deck, _ = render_map.coverage_map(_table(sample, "sigungu"), level="sigungu", boundaries=text)
    layer = json.loads(deck.to_json())["layers"][0]
    jongno = next(f for f in layer["data"]["features"] if f["properties"]["sigungu_code"] == JONGNO)
    bundled = geo.bundled_frame("sigungu").set_index("sigungu_code").geometry[JONGNO]
    assert _metric_area(shapely.geometry.shape(jongno["geometry"])) > _metric_area(bundled) * 1.05
    assert np.isfinite([c for ring in jongno["geometry"]["coordinates"] for c in np.ravel(ring)]).all()


def test_importing_the_library_does_not_load_geopandas():
    """geopandas (and GDAL, PROJ) load only when a GIS function runs: the app's first page does not wait for them."""
    import subprocess
    import sys

    code = ("import sys, network, network.geo, network.cli.coverage, network.render.map; "
            "assert 'geopandas' not in sys.modules and 'pyogrio' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

"""The data page's map boundary file and the coverage page drawing on it (AppTest)."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from network import geo
from tests.test_app import _data_page, text
from tests.test_app_access import shown

JONGNO = "11110"


# each test runs the app on its own copy of the sample workspace (see ``app_workspace`` in conftest)
pytestmark = pytest.mark.usefixtures("app_workspace")


def _official_bytes(tmp_path, *, wrong_name: bool = False) -> bytes:
    """A GeoPackage like the national 시군구 file (EPSG:5179, SIG_CD / SIG_KOR_NM); 종로구 drawn 300 m wider."""
    frame = geo.bundled_frame("sigungu").to_crs("EPSG:5179").rename(
        columns={"sigungu_code": "SIG_CD", "sigungu": "SIG_KOR_NM"})[["SIG_CD", "SIG_KOR_NM", "geometry"]]
    wide = frame["SIG_CD"] == JONGNO
    frame.loc[wide, "geometry"] = frame.loc[wide, "geometry"].buffer(300)
    if wrong_name:
        frame.loc[frame["SIG_CD"] == "26350", ["SIG_CD", "SIG_KOR_NM"]] = [JONGNO, "종로구"]  # 해운대구's polygon
    path = tmp_path / "sig.gpkg"
    frame.to_file(path, driver="GPKG")
    return path.read_bytes()


def _upload_boundaries(at, data: bytes, name: str):
    uploader = next(u for u in at.file_uploader if u.key.startswith("data_boundaries_"))
    uploader.set_value([(name, data, "application/octet-stream")]).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_boundary_file_is_matched_reported_and_drawn_on_the_coverage_map(tmp_path):
    at = _data_page()
    assert text("bnd_title") in [s.value for s in at.subheader]
    assert text("bnd_bundled") in [c.value for c in at.caption]
    _upload_boundaries(at, _official_bytes(tmp_path, wrong_name=True), "시군구경계.gpkg")
    shown = [s.value for s in at.success]
    summary = ("시군구경계.gpkg (EPSG:5179, 시군구): 도형 256개 중 255개를 맞췄고 1개를 뺐습니다; "
               "파일에 없는 1곳은 기본 경계로 그립니다.")
    assert text("bnd_in_use", summary=summary) in shown
    problems = next(d.value for d in at.dataframe if "해운대구에 있어" in d.value.to_string())
    assert "해운대구에 있어 뺐습니다: 종로구" in problems.to_string()
    assert "부산광역시 해운대구" in problems.to_string()  # the region now drawn with the bundled boundary
    assert set(problems[text("col_severity")]) == {"경고"} and "boundary_elsewhere" not in problems.to_string()
    assert {"data_boundary_problems_csv", "data_boundary_problems_xlsx"} <= {b.key for b in at.download_button}

    at.switch_page("app_pages/coverage.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert text("cov_boundaries_file", summary=summary) in [c.value for c in at.caption]
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    features = spec["layers"][0]["data"]["features"]
    jongno = next(f for f in features if f["properties"]["sigungu_code"] == JONGNO)
    area = gpd.GeoSeries([shapely.geometry.shape(jongno["geometry"])], crs=geo.WGS84).to_crs(geo.KOREA_METRIC).area
    bundled = geo.bundled_frame("sigungu").to_crs(geo.KOREA_METRIC).set_index("sigungu_code").area[JONGNO]
    assert float(area.iloc[0]) > bundled * 1.05  # the file's wider polygon
    assert {"cov_geojson", "cov_gpkg"} <= {b.key for b in at.download_button}

    at.switch_page("app_pages/data.py").run(timeout=120)
    at.button(key="data_boundaries_reset").click().run(timeout=120)
    assert text("bnd_bundled") in [c.value for c in at.caption]
    assert not any(u.value for u in at.file_uploader if u.key.startswith("data_boundaries_"))


def test_an_unreadable_boundary_file_shows_a_korean_error_and_keeps_the_bundled_map():
    at = _upload_boundaries(_data_page(), b"nonsense", "경계.gpkg")
    assert any("경계.gpkg" in shown(e.value) and "경계 파일을 읽을 수 없습니다" in shown(e.value) for e in at.error)
    assert text("bnd_bundled") in [c.value for c in at.caption]

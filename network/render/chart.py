"""Charts that draw offline (Vega-Lite via Altair, bundled with Streamlit): built and returned, never shown here.

Every label of a bar or a heatmap column is drawn: Vega-Lite's default drops overlapping axis labels
(``labelOverlap``), which left every other broker or region unnamed, so the axes here never drop one,
give each bar or cell enough room for its label and cut labels only past :data:`LABEL_LIMIT` pixels.
Axis titles are set on the axis they describe (the category's on the category axis); legends of
several series sit below the chart in as many columns as fit :data:`LEGEND_WIDTH` pixels, so a
narrow column never cuts them off.
"""

from __future__ import annotations

import math

import pandas as pd

from network.render import payload

__all__ = ["LABEL_LIMIT", "LEGEND_WIDTH", "bars", "count_heatmap", "label_width", "matrix_heatmap",
           "monthly_lines", "stacked_bars"]

#: Longest axis or legend label drawn in full, in pixels (about 20 Korean characters at 11 px).
LABEL_LIMIT = 240
#: Width the legend of :func:`stacked_bars` fits into (a phone-wide column), in pixels.
LEGEND_WIDTH = 360
#: Height of one bar's band and of one heatmap row, in pixels: room for an 11 px label.
ROW_STEP = 22
_FONT_SIZE = 11
_SYMBOL_ROOM = 28  # the legend's symbol, its padding and the gap to the next column


def label_width(text: str, *, font_size: int = _FONT_SIZE) -> float:
    """Roughly how wide ``text`` is drawn, in pixels: wide (Korean) characters a full em, others 0.6 em.

    Examples
    --------
    >>> label_width("서울"), label_width("ab")
    (22.0, 13.2)
    """
    import unicodedata

    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in str(text))
    return round(ems * font_size, 1)


def _threshold(values: pd.Series, share: float) -> float:
    """``share`` of the largest value, the level above which a cell's label is drawn in white: a finite number
    always (an empty or all-missing column gives 0; ``nan`` in a Vega expression is an unknown signal there, and
    the chart fails in the browser).

    Examples
    --------
    >>> _threshold(pd.Series([3.0, 9.0]), 1 / 3), _threshold(pd.Series([], dtype=float), 0.5)
    (3.0, 0.0)
    """
    top = pd.to_numeric(values, errors="coerce").max() if len(values) else math.nan
    return float(top) * share if pd.notna(top) and math.isfinite(float(top)) else 0.0


def _category_axis(title: str | None, *, angle: int = 0):
    """An axis of categories that draws every label (none dropped for overlapping, long ones cut at the limit)."""
    import altair as alt

    return alt.Axis(title=title or None, labelOverlap=False, labelLimit=LABEL_LIMIT, labelAngle=angle,
                    labelFontSize=_FONT_SIZE, labelPadding=4)


def matrix_heatmap(matrix: pd.DataFrame, *, value_label: str = "partnerships", height: int | None = None):
    """A heatmap of a square region × region matrix (e.g. :func:`network.graph.region_matrix_table`).

    Every row and column is labelled (columns at −45°); each row gets :data:`ROW_STEP` pixels at least.

    Parameters
    ----------
    matrix
        Square table, rows and columns labelled with region names (the index is the row label).
    value_label
        Name of the value in the tooltip and legend.
    height
        Height in pixels (default: enough for every row).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> m = pd.DataFrame([[3, 1], [1, 5]], index=["서울", "경기"], columns=["서울", "경기"])
    >>> spec = matrix_heatmap(m, value_label="협력").to_dict()
    >>> spec["layer"][0]["mark"]["type"], spec["layer"][0]["encoding"]["x"]["axis"]["labelOverlap"]
    ('rect', False)
    """
    import altair as alt

    order = [str(x) for x in matrix.index]
    long = matrix.rename_axis(index="row").reset_index().melt(id_vars="row", var_name="column", value_name="value")
    long["row"] = long["row"].astype(str)
    long["column"] = long["column"].astype(str)
    base = alt.Chart(payload.table(long)).encode(
        x=alt.X("column:N", sort=order, axis=_category_axis(None, angle=-45)),
        y=alt.Y("row:N", sort=order, axis=_category_axis(None)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", title=value_label, scale=alt.Scale(scheme="blues", type="symlog")),
        tooltip=[alt.Tooltip("row:N", title=""), alt.Tooltip("column:N", title=""),
                 alt.Tooltip("value:Q", title=value_label, format=",")],
    )
    labels = base.mark_text(fontSize=9).encode(
        text=alt.Text("value:Q", format=","),
        color=alt.condition(alt.datum.value > _threshold(long["value"], 1 / 3), alt.value("white"),
                            alt.value("black")),
    )
    return (cells + labels).properties(height=height or max(460, ROW_STEP * len(order)))


def count_heatmap(table: pd.DataFrame, *, x: str, y: str, value: str, x_title: str, y_title: str,
                  value_label: str, height: int = 420):
    """A heatmap of counts in a long table (one row per ``x`` × ``y`` cell), each cell labelled with its count.

    Examples
    --------
    >>> t = pd.DataFrame({"sido": ["서울", "부산"], "category": ["자금", "인력"], "open": [3, 1]})
    >>> spec = count_heatmap(t, x="category", y="sido", value="open", x_title="분야", y_title="시도",
    ...                      value_label="건").to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["axis"]["title"], spec["layer"][0]["encoding"]["y"]["axis"]["title"]
    ('분야', '시도')
    """
    import altair as alt

    data = table[[x, y, value]].astype({x: str, y: str})
    base = alt.Chart(payload.table(data)).encode(
        x=alt.X(f"{x}:N", axis=_category_axis(x_title, angle=-30)),
        y=alt.Y(f"{y}:N", axis=_category_axis(y_title)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=value_label, scale=alt.Scale(scheme="oranges")),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:N", title=x_title),
                 alt.Tooltip(f"{value}:Q", title=value_label, format=",")],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=","),
        color=alt.condition(alt.datum[value] > _threshold(data[value], 1 / 2), alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=max(height, ROW_STEP * data[y].nunique()))


def bars(table: pd.DataFrame, *, category: str, value: str, category_title: str, value_title: str,
         height: int = 260, value_format: str = ",.1~f"):
    """Horizontal bars of ``value`` per ``category``, largest first, each labelled with its value.

    Every bar is named (a row of :data:`ROW_STEP` pixels each); the value's title is on the value
    (horizontal) axis, the category's on the category (vertical) axis (empty: none).

    Parameters
    ----------
    value_format
        d3 format of the values shown beside the bars and in the tooltip (default: one decimal at most).

    Examples
    --------
    >>> spec = bars(pd.DataFrame({"office": ["서울", "부산"], "days": [3.0, 5.5]}), category="office", value="days",
    ...             category_title="지부", value_title="중앙값 (일)").to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["axis"]["title"], spec["layer"][0]["encoding"]["y"]["axis"]["title"]
    ('중앙값 (일)', '지부')
    """
    import altair as alt

    data = table[[category, value]].dropna().astype({category: str})
    base = alt.Chart(payload.table(data)).encode(
        y=alt.Y(f"{category}:N", sort="-x", axis=_category_axis(category_title)),
        x=alt.X(f"{value}:Q", axis=alt.Axis(title=value_title or None)),
    )
    shown = base.mark_bar(color="#3b6fb6").encode(
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)])
    labels = base.mark_text(align="left", dx=3, fontSize=_FONT_SIZE).encode(
        text=alt.Text(f"{value}:Q", format=value_format))
    return (shown + labels).properties(height=max(height, ROW_STEP * len(data)))


def stacked_bars(table: pd.DataFrame, *, category: str, value: str, series: str, category_title: str,
                 value_title: str, series_title: str, height: int | None = None, legend_width: int = LEGEND_WIDTH):
    """Horizontal bars of ``value`` per ``category``, stacked by ``series``, in the order of ``table``.

    The legend sits below the bars, in as many columns as fit ``legend_width`` pixels with the longest
    series name in full, so it is never cut off by a narrow column.

    Parameters
    ----------
    table
        Long table: one row per category × series (e.g. :func:`network.recommend.score_breakdown_table`).
    legend_width
        Width the legend must fit into, in pixels.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> t = pd.DataFrame({"candidate": ["1. 가", "1. 가", "2. 나"], "signal": ["거리", "같은 교류회", "거리"],
    ...                   "contribution": [0.5, 1.0, 0.7]})
    >>> spec = stacked_bars(t, category="candidate", value="contribution", series="signal",
    ...                     category_title="", value_title="점수", series_title="신호").to_dict()
    >>> legend = spec["encoding"]["color"]["legend"]
    >>> legend["orient"], legend["columns"], spec["encoding"]["x"]["axis"]["title"]
    ('bottom', 2, '점수')
    """
    import altair as alt

    data = table[[category, value, series]].astype({category: str, series: str})
    names = list(dict.fromkeys(data[series]))
    widest = max([label_width(n) for n in names] + [0.0])
    columns = max(1, min(len(names), math.floor(legend_width / (widest + _SYMBOL_ROOM))))
    categories = list(dict.fromkeys(data[category]))
    return alt.Chart(payload.table(data)).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=categories, axis=_category_axis(category_title)),
        x=alt.X(f"{value}:Q", stack="zero", axis=alt.Axis(title=value_title or None)),
        color=alt.Color(f"{series}:N", sort=names, scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(title=series_title or None, orient="bottom", direction="horizontal",
                                          columns=columns, labelLimit=0, symbolType="square")),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip(f"{series}:N", title=series_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=",.3~f")],
    ).properties(height=height or max(160, 2 * ROW_STEP * len(categories)))


def monthly_lines(trend: pd.DataFrame, *, month_title: str, value_title: str, series_title: str,
                  height: int = 300):
    """One line per column of a monthly table (``month`` then one column per series, e.g.
    :func:`network.fieldwork.monthly_trend`).

    Examples
    --------
    >>> spec = monthly_lines(pd.DataFrame({"month": ["2026-01", "2026-02"], "자금": [1, 3]}), month_title="월",
    ...                      value_title="건수", series_title="분야").to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["y"]["title"]
    ('line', '건수')
    """
    import altair as alt

    long = trend.melt(id_vars="month", var_name="series", value_name="value")
    return alt.Chart(payload.table(long)).mark_line(point=True).encode(
        x=alt.X("month:O", title=month_title, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("value:Q", title=value_title),
        color=alt.Color("series:N", title=series_title, scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("month:O", title=month_title), alt.Tooltip("series:N", title=series_title),
                 alt.Tooltip("value:Q", title=value_title, format=",")],
    ).properties(height=height)

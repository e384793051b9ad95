"""Charts that draw offline (Vega-Lite via Altair, bundled with Streamlit): built and returned, never shown here."""

from __future__ import annotations

import pandas as pd

__all__ = ["bars", "count_heatmap", "matrix_heatmap", "monthly_lines"]


def matrix_heatmap(matrix: pd.DataFrame, *, value_label: str = "partnerships", height: int = 460):
    """A heatmap of a square region × region matrix (e.g. :func:`network.graph.region_matrix_table`).

    Parameters
    ----------
    matrix
        Square table, rows and columns labelled with region names (the index is the row label).
    value_label
        Name of the value in the tooltip and legend.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> m = pd.DataFrame([[3, 1], [1, 5]], index=["서울", "경기"], columns=["서울", "경기"])
    >>> chart = matrix_heatmap(m, value_label="협력")
    >>> chart.to_dict()["layer"][0]["mark"]["type"]
    'rect'
    """
    import altair as alt

    order = [str(x) for x in matrix.index]
    long = matrix.rename_axis(index="row").reset_index().melt(id_vars="row", var_name="column", value_name="value")
    long["row"] = long["row"].astype(str)
    long["column"] = long["column"].astype(str)
    base = alt.Chart(long).encode(
        x=alt.X("column:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("row:N", sort=order, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", title=value_label, scale=alt.Scale(scheme="blues", type="symlog")),
        tooltip=[alt.Tooltip("row:N", title=""), alt.Tooltip("column:N", title=""),
                 alt.Tooltip("value:Q", title=value_label, format=",")],
    )
    labels = base.mark_text(fontSize=9).encode(
        text=alt.Text("value:Q", format=","),
        color=alt.condition(alt.datum.value > long["value"].max() / 3, alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=height)


def count_heatmap(table: pd.DataFrame, *, x: str, y: str, value: str, x_title: str, y_title: str,
                  value_label: str, height: int = 420):
    """A heatmap of counts in a long table (one row per ``x`` × ``y`` cell), each cell labelled with its count.

    Examples
    --------
    >>> t = pd.DataFrame({"sido": ["서울", "부산"], "category": ["자금", "인력"], "open": [3, 1]})
    >>> spec = count_heatmap(t, x="category", y="sido", value="open", x_title="분야", y_title="시도",
    ...                      value_label="건").to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["title"], spec["layer"][0]["encoding"]["y"]["title"]
    ('분야', '시도')
    """
    import altair as alt

    data = table[[x, y, value]].astype({x: str, y: str})
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:N", title=y_title),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=value_label, scale=alt.Scale(scheme="oranges")),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:N", title=x_title),
                 alt.Tooltip(f"{value}:Q", title=value_label, format=",")],
    )
    top = float(data[value].max()) if len(data) else 0.0
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=","),
        color=alt.condition(alt.datum[value] > top / 2, alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=height)


def bars(table: pd.DataFrame, *, category: str, value: str, category_title: str, value_title: str,
         height: int = 260):
    """Horizontal bars of ``value`` per ``category``, each labelled with its value (one decimal at most).

    Examples
    --------
    >>> spec = bars(pd.DataFrame({"office": ["서울", "부산"], "days": [3.0, 5.5]}), category="office", value="days",
    ...             category_title="지부", value_title="중앙값 (일)").to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["title"]
    '중앙값 (일)'
    """
    import altair as alt

    data = table[[category, value]].dropna().astype({category: str})
    base = alt.Chart(data).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort="-x"),
        x=alt.X(f"{value}:Q", title=value_title),
    )
    shown = base.mark_bar(color="#3b6fb6").encode(
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=",.1f")])
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text(f"{value}:Q", format=",.1~f"))
    return (shown + labels).properties(height=max(height, 22 * len(data)))


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
    return alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("month:O", title=month_title, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("value:Q", title=value_title),
        color=alt.Color("series:N", title=series_title, scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("month:O", title=month_title), alt.Tooltip("series:N", title=series_title),
                 alt.Tooltip("value:Q", title=value_title, format=",")],
    ).properties(height=height)

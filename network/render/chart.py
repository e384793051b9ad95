"""Charts that draw offline (Vega-Lite via Altair, bundled with Streamlit): built and returned, never shown here."""

from __future__ import annotations

import pandas as pd

__all__ = ["matrix_heatmap"]


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

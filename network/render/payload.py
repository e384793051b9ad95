"""What crosses to the browser as JSON: never ``NaN`` or ``Infinity``.

JSON has neither.  Python's :mod:`json` writes them anyway, and the browser's ``JSON.parse`` then refuses the
whole text: the map, chart or table is replaced by a red ``SyntaxError`` box.  A pandas table carries JSON too:
``DataFrame.attrs`` (where the library keeps notes such as the coverage prior's weight, infinite when the
regions do not differ) travel in the Arrow metadata Streamlit sends with every table and chart.

Every table, chart, map and drawing the app shows crosses here, once:

* :func:`table` — a frame as a table or a chart gets it: no ``attrs`` (notes for the caller, not the grid),
  infinite numbers as missing;
* :func:`dumps` — JSON text with every non-finite number written as ``null`` (maps, drawings, files);
* :func:`finite` — the same for a value before it is serialised by someone else.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["dumps", "finite", "table"]


def finite(value: Any) -> Any:
    """``value`` with every ``NaN``, ``Infinity`` and ``-Infinity`` (also in NumPy floats, nested dicts, lists and
    tuples) replaced by ``None``; other values unchanged (tuples become lists, as JSON writes them).

    Examples
    --------
    >>> finite({"prior": float("inf"), "rates": [0.5, float("nan")], "n": 3})
    {'prior': None, 'rates': [0.5, None], 'n': 3}
    """
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """:func:`json.dumps` of :func:`finite` ``(value)``: valid JSON, never ``NaN`` or ``Infinity``.

    Keyword arguments go to :func:`json.dumps` (``allow_nan`` is always ``False``: a non-finite number that
    slipped past, say from ``default``, fails here, not in the browser).

    Examples
    --------
    >>> dumps({"coverage": float("nan"), "km": [1.5, float("-inf")]})
    '{"coverage": null, "km": [1.5, null]}'
    """
    kwargs["allow_nan"] = False
    try:
        return json.dumps(value, **kwargs)
    except ValueError:  # a non-finite number somewhere: the slower, cleaning way
        default = kwargs.pop("default", None)
        plain = json.loads(json.dumps(value, default=default, allow_nan=True))
        return json.dumps(finite(plain), **kwargs)


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as the browser gets it: without ``attrs``, with ``±inf`` in number columns as missing (a person
    reads an empty cell, not "inf").  A shallow copy when anything changes; ``frame`` itself is never changed.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["a", "b"], "prior": [1.0, float("inf")]})
    >>> t.attrs["prior_members"] = float("inf")
    >>> shown = table(t)
    >>> shown.attrs, shown["prior"].tolist(), t.attrs["prior_members"]
    ({}, [1.0, nan], inf)
    """
    numbers = [i for i, dtype in enumerate(frame.dtypes) if pd.api.types.is_float_dtype(dtype)]  # by position:
    infinite = [i for i in numbers  # a frame may have two columns of one name
                if np.isinf(frame.iloc[:, i].to_numpy(dtype=float, na_value=np.nan)).any()]
    if not frame.attrs and not infinite:
        return frame
    out = frame.copy(deep=False)
    out.attrs = {}
    for i in infinite:
        out.isetitem(i, frame.iloc[:, i].replace([np.inf, -np.inf], np.nan))
    return out

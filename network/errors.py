"""Problems found in user data, and the one exception that carries them.

Every check in the library reports a :class:`Problem` (file, Excel row, column,
value and a message in Korean and English) instead of raising on the first one.
Loaders collect all problems, keep the valid rows and return the rest; only a
file that cannot be read at all raises :class:`DataError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from network import messages

Severity = Literal["error", "warning"]
Language = Literal["ko", "en"]

PROBLEM_COLUMNS = ["file", "row", "column", "value", "severity", "code", "message"]


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    Parameters
    ----------
    code
        Machine-readable kind of problem, a key of :data:`network.messages.MESSAGES`
        (for example ``"duplicate_id"``).
    file
        The file name as the user knows it.
    row
        Row number as shown in Excel: the header is row 1, so the first data row
        is row 2. ``None`` for problems with the whole file.
    column
        The column as it was named in the file (or its canonical name).
    value
        The offending cell value, as text.
    severity
        ``"error"`` rejects the row (or the file, when ``row`` is ``None``);
        ``"warning"`` keeps it.
    params
        Extra values used in the message (for example a suggestion).

    Examples
    --------
    >>> p = Problem("duplicate_id", file="members.csv", row=7, column="member_id",
    ...             value="012-34-56789", params=(("first_row", 3),))
    >>> p.message("ko")
    '중복된 ID입니다 (처음 나온 행: 3)'
    >>> p.message("en")
    'Duplicate ID (first seen in row 3)'
    """

    code: str
    file: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    params: tuple[tuple[str, object], ...] = ()

    def message(self, language: Language = "ko") -> str:
        """Return the message text in ``language`` (``"ko"`` or ``"en"``)."""
        return messages.render(self.code, language, value=self.value, column=self.column, **dict(self.params))

    def location(self, language: Language = "ko") -> str:
        """Return ``file, row, column`` as one short string for people."""
        parts = [self.file or "?"]
        if self.row is not None:
            parts.append(f"{self.row}행" if language == "ko" else f"row {self.row}")
        if self.column:
            parts.append(f"[{self.column}]")
        return " ".join(parts)


def problems_table(problems: Iterable[Problem], *, language: Language = "ko") -> pd.DataFrame:
    """Return problems as a DataFrame with the columns of :data:`PROBLEM_COLUMNS`.

    Examples
    --------
    >>> df = problems_table([Problem("self_partnership", file="p.csv", row=2, column="target_id",
    ...                              value="A1")])
    >>> df.loc[0, "message"]
    '자기 자신과의 협력 관계입니다'
    >>> list(df.columns) == PROBLEM_COLUMNS
    True
    """
    rows = [
        {
            "file": p.file,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "severity": p.severity,
            "code": p.code,
            "message": p.message(language),
        }
        for p in problems
    ]
    df = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    return df


class DataError(ValueError):
    """Raised when input cannot be used at all; carries every problem found.

    Parameters
    ----------
    problems
        The problems, at least one.

    Examples
    --------
    >>> err = DataError([Problem("empty_file", file="x.csv")])
    >>> str(err)
    'x.csv: 파일이 비어 있습니다'
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(self.describe("ko"))

    def describe(self, language: Language = "ko") -> str:
        """Return all problems, one per line, in ``language``."""
        return "\n".join(f"{p.location(language)}: {p.message(language)}" for p in self.problems)

"""The library's errors, and the problems found in user data.

One hierarchy: every error a person may see is a :class:`NetworkError`, whose
message comes from the text catalogue (:mod:`network.texts`) in Korean or
English; ``str(err)`` is the Korean message.  The command line turns any of
them into exit code 2 with its message; the app shows it as an error box.

* :class:`DataError` — input that cannot be used at all (a file that cannot be
  read, a missing required column); carries every :class:`Problem` found.
* :class:`OptionError` — an option or setting with a value that is not allowed
  (``--top 0``, a radius of -1 km).
* :class:`InsufficientDataError` — the data cannot give the result asked for
  (no start dates for a time split, nothing new to find after the cut-off).
* :class:`NotFoundError` — something asked for by id is not there (an unknown
  member id, an unknown version).
* :class:`StoreError` — the workspace database cannot be used (a wrong address,
  an unreachable server, a wrong password, a read-only or full disk, a database
  made by a newer program).
* :class:`ConflictError` — someone else changed the workspace first (another
  import became current while this one was being checked).

Mistakes in how the library is called (a DataFrame without a needed column,
``level="dong"``) stay plain ``ValueError`` / ``TypeError`` with an English
message for the programmer, as in pandas and geopandas.

Every check of a file reports a :class:`Problem` (file, Excel row, column as
written, value, and a catalogue code) instead of raising on the first one;
loaders collect all problems, keep the valid rows and return the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from network import texts
from network.texts import Language

__all__ = [
    "PROBLEM_COLUMNS", "ConflictError", "DataError", "InsufficientDataError", "NetworkError", "NotFoundError",
    "OptionError", "PermissionDeniedError", "Problem", "Severity", "SignInError", "StoreError", "problems_table",
]

Severity = Literal["error", "warning"]

PROBLEM_COLUMNS = ["file", "row", "column", "value", "severity", "code", "message"]


class NetworkError(Exception):
    """An error a person may see: a catalogue key and its parameters, shown in Korean or English.

    Parameters
    ----------
    key
        A key of :data:`network.texts.LIBRARY` (``"error.unknown_member"`` …).
    **params
        Values for the text's fields.

    Examples
    --------
    >>> err = NotFoundError("error.unknown_member", member_id="X1")
    >>> str(err), err.message("en")
    ('알 수 없는 회원 ID입니다: X1', 'Unknown member id: X1')
    >>> isinstance(err, NetworkError) and isinstance(err, ValueError)
    True
    """

    def __init__(self, key: str, /, **params: object):
        self.parts: tuple[tuple[str, dict[str, object]], ...] = ((key, dict(params)),)
        super().__init__(self.message("ko"))

    @classmethod
    def combine(cls, errors: Sequence[NetworkError]) -> NetworkError:
        """One error of this class carrying the messages of all ``errors`` (shown joined by ``; ``).

        Examples
        --------
        >>> a = OptionError("error.option_at_least", option="--top", value=0, minimum=1)
        >>> b = OptionError("error.option_positive", option="--radius-km", value=-1)
        >>> OptionError.combine([a, b]).message("en")
        '--top was 0 but is expected to be at least 1; --radius-km was -1 but is expected to be greater than 0'
        """
        if not errors:
            raise ValueError("combine needs at least one error")
        out = cls.__new__(cls)
        out.parts = tuple(part for err in errors for part in err.parts)
        Exception.__init__(out, out.message("ko"))
        return out

    @property
    def key(self) -> str:
        """The catalogue key of the (first) message: what kind of error it is, for programs.

        Examples
        --------
        >>> NotFoundError("error.unknown_member", member_id="X1").key
        'error.unknown_member'
        """
        return self.parts[0][0]

    def message(self, language: Language = "ko") -> str:
        """The message in ``language``."""
        return "; ".join(texts.t(key, language, **params) for key, params in self.parts)


class OptionError(NetworkError, ValueError):
    """An option or setting has a value that is not allowed."""


class InsufficientDataError(NetworkError, ValueError):
    """The data cannot give the result asked for; the message says what is missing."""


class NotFoundError(NetworkError, ValueError):
    """Something asked for by id is not in the data."""


class StoreError(NetworkError):
    """The workspace database cannot be used; nothing was changed."""


class ConflictError(NetworkError):
    """Someone else changed the workspace first; nothing was changed, try again."""


class SignInError(NetworkError):
    """A sign-in was refused (wrong password, locked or disabled account, single sign-on failure)."""


class PermissionDeniedError(NetworkError):
    """The signed-in user may not see or do this; the message reveals nothing about what was asked for."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    Parameters
    ----------
    code
        The kind of problem; its text is ``problem.<code>`` in :mod:`network.texts`
        (for example ``"duplicate_id"``).
    file
        The file name as the user knows it.
    row
        Row number as shown in Excel: the header is row 1, so the first data row
        is row 2. ``None`` for problems with the whole file.
    column
        The column as it was named in the file.
    value
        The offending cell value, as text.
    severity
        ``"error"`` rejects the row (or the file, when ``row`` is ``None``);
        ``"warning"`` keeps it.
    params
        Extra values used in the message (for example a suggestion); a
        :class:`network.texts.Text` value is shown in the message's language.

    Examples
    --------
    >>> p = Problem("duplicate_id", file="members.csv", row=7, column="회원번호",
    ...             value="012-34-56789", params=(("first_row", 3),))
    >>> p.message("ko")
    '중복된 ID입니다 (처음 나온 행: 3)'
    >>> p.message("en")
    'Duplicate ID (first seen in row 3)'
    >>> p.location("ko"), p.location("en")
    ('members.csv 7행 [회원번호]', 'members.csv row 7 [회원번호]')
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
        return texts.t(f"problem.{self.code}", language, value=self.value, column=self.column, **dict(self.params))

    def location(self, language: Language = "ko") -> str:
        """Return ``file, row, column`` as one short string for people."""
        parts = [self.file or "?"]
        if self.row is not None:
            parts.append(texts.t("location.row", language, row=self.row))
        if self.column:
            parts.append(f"[{self.column}]")
        return " ".join(parts)


def problems_table(problems: Iterable[Problem], *, language: Language = "ko") -> pd.DataFrame:
    """Return problems as a DataFrame with the columns of :data:`PROBLEM_COLUMNS`.

    Examples
    --------
    >>> df = problems_table([Problem("self_partnership", file="p.csv", row=2, column="기업2",
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


class DataError(NetworkError, ValueError):
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
    >>> err.message("en")
    'x.csv: The file is empty'
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        self.parts = ()
        Exception.__init__(self, self.message("ko"))

    def message(self, language: Language = "ko") -> str:
        """All problems, one per line, in ``language``."""
        return "\n".join(f"{p.location(language)}: {p.message(language)}" for p in self.problems)

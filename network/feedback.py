"""What became of the suggestions: outcomes recorded by people, and what the engine and the back-test learn
from them.

A suggestion (member A was suggested candidate B) can be marked with one of :data:`OUTCOMES`: 소개함
(``introduced``), 만남 (``met``), 협력 성사 (``partnered``) or 관심 없음 (``declined``, with an optional reason).
The workspace stores them with who and when (:mod:`network.store.outcomes`, ``Workspace().outcomes``) as a
table of :data:`OUTCOME_COLUMNS`, and logs which suggestions were shown to whom (:data:`SHOWN_COLUMNS`).
The functions here are pure: they take those tables and return new ones.

* :func:`with_outcomes` — the data set with each partnered pair added to ``partnerships``, started on the
  (Korean calendar) day it was recorded (``recorded = True``; the imported rows ``False``).
* :func:`declined_pairs` — the pairs not to suggest again (either direction) for a number of months
  (:attr:`network.config.Feedback.decline_months`, ``NETWORK_DECLINE_MONTHS``, default 12).
* :func:`outcome_summary` — how many of the suggestions shown were acted on, declined, or led to a
  partnership.

An outcome is about a *pair*: A → B and B → A are the same pair everywhere here (a meeting or a
partnership is mutual, and a firm that declined another is not suggested to it either).

Examples
--------
>>> outcomes = outcome_frame([("A", "B", "partnered", "2026-03-04"), ("A", "C", "declined", "2026-03-05")])
>>> parse_outcome("협력 성사"), outcome_label("declined", "en")
('partnered', 'declined')
>>> declined_pairs(outcomes, today=dt.date(2026, 6, 1))[["member_id", "candidate_id"]].values.tolist()
[['A', 'C']]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from network import texts
from network.dataset import Dataset
from network.errors import OptionError
from network.fieldwork import LOCAL_TIMEZONE
from network.texts import Language, Text

__all__ = [
    "DECLINED_COLUMNS", "MEASURES", "OUTCOMES", "OUTCOME_COLUMNS", "SHOWN_COLUMNS", "OutcomeSummary",
    "declined_pairs", "empty_outcomes", "empty_shown", "local_day", "member_outcomes", "open_candidates",
    "outcome_frame",
    "outcome_label", "outcome_labels", "outcome_summary", "outcome_table", "pair_keys", "parse_outcome",
    "with_outcomes",
]

#: What can become of a suggestion, in the order of the work.
OUTCOMES: tuple[str, ...] = ("introduced", "met", "partnered", "declined")
#: The outcomes table (:meth:`network.store.outcomes.Outcomes.table`): ``outcome_id`` (``SO-000001``), the
#: member and the candidate suggested to it, the outcome (a code of :data:`OUTCOMES`), the reason (a decline's,
#: else ``None``), who recorded it, when (``recorded_at``, UTC) and the Korean calendar day it counts for
#: (``day``, midnight without a time zone).
OUTCOME_COLUMNS: tuple[str, ...] = ("outcome_id", "member_id", "candidate_id", "outcome", "reason", "recorded_by",
                                    "recorded_at", "day")
#: The suggestions shown (:meth:`network.store.outcomes.Outcomes.shown`): one row per member and candidate,
#: with the rank and score when last shown, when it was first and last shown (UTC) and who saw it last.
SHOWN_COLUMNS: tuple[str, ...] = ("member_id", "candidate_id", "rank", "score", "first_shown_at", "last_shown_at",
                                  "shown_by")
#: :func:`declined_pairs`' columns: the pair as recorded, the day it was declined and the first day it may be
#: suggested again.
DECLINED_COLUMNS: tuple[str, ...] = ("member_id", "candidate_id", "day", "until")
#: The measures of :class:`OutcomeSummary`, in the order of its table.
MEASURES: tuple[str, ...] = ("shown", "acted_on", "partnership", *OUTCOMES, "outcomes_recorded", "outcomes_not_shown")

_LABEL_KEYS: dict[str, str] = {"introduced": "outcome.introduced", "met": "outcome.met",
                               "partnered": "outcome.partnered", "declined": "outcome.declined"}
_MEASURE_KEYS: dict[str, str] = {"shown": "outcome.measure.shown", "acted_on": "outcome.measure.acted_on",
                                 "partnership": "outcome.measure.partnership",
                                 "outcomes_recorded": "outcome.measure.outcomes_recorded",
                                 "outcomes_not_shown": "outcome.measure.outcomes_not_shown", **_LABEL_KEYS}
_SEPARATOR = "\x1f"


# ----------------------------------------------------------------------------
# outcomes: codes, labels, input


def outcome_label(outcome: str, language: Language = "ko") -> str:
    """How an outcome is shown to people.

    Examples
    --------
    >>> outcome_label("partnered"), outcome_label("partnered", "en")
    ('협력 성사', 'partnered')
    """
    if outcome not in _LABEL_KEYS:
        raise ValueError(f"outcome was {outcome!r} but is expected to be in {list(OUTCOMES)}")
    return texts.t(_LABEL_KEYS[outcome], language)


def outcome_labels(language: Language = "ko") -> dict[str, str]:
    """``{code: label}`` of every outcome, in the order of :data:`OUTCOMES` (what a choice of outcomes offers).

    Examples
    --------
    >>> outcome_labels()
    {'introduced': '소개함', 'met': '만남', 'partnered': '협력 성사', 'declined': '관심 없음'}
    """
    return {code: outcome_label(code, language) for code in OUTCOMES}


def _squeezed(value: str) -> str:
    return "".join(value.split()).lower()


def _allowed() -> Text:
    """The outcomes a person may give, in either language (codes too, in the Korean message)."""
    return Text(ko=f"{', '.join(outcome_labels('ko').values())} ({', '.join(OUTCOMES)})",
                en=", ".join(outcome_labels("en").values()))


def parse_outcome(value: object) -> str:
    """The code of an outcome given as its code or its label in either language (spaces and case do not matter:
    ``협력성사``, ``관심없음``, ``Partnered``).

    Raises
    ------
    OptionError
        If ``value`` is none of them (the message lists what is accepted).

    Examples
    --------
    >>> [parse_outcome(v) for v in ("소개함", "만남", "협력성사", "관심 없음", " MET ")]
    ['introduced', 'met', 'partnered', 'declined', 'met']
    >>> parse_outcome("좋음")
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 알 수 없는 추천 결과입니다: '좋음' (가능한 값: 소개함, 만남, 협력 성사, 관심 없음 (introduced, met, partnered, declined))
    """
    text = "" if value is None else str(value)
    aliases = {_squeezed(code): code for code in OUTCOMES}
    for language in texts.LANGUAGES:
        aliases.update({_squeezed(label): code for code, label in outcome_labels(language).items()})
    found = aliases.get(_squeezed(text))
    if found is None:
        raise OptionError("error.outcome_unknown", value=repr(text.strip()), allowed=_allowed())
    return found


# ----------------------------------------------------------------------------
# the tables


def empty_outcomes() -> pd.DataFrame:
    """An outcomes table without rows, with the columns and types of :data:`OUTCOME_COLUMNS`.

    Examples
    --------
    >>> empty_outcomes().dtypes.astype(str).to_dict()["recorded_at"]
    'datetime64[ns, UTC]'
    """
    return pd.DataFrame({
        "outcome_id": pd.Series(dtype=object), "member_id": pd.Series(dtype=object),
        "candidate_id": pd.Series(dtype=object), "outcome": pd.Series(dtype=object),
        "reason": pd.Series(dtype=object), "recorded_by": pd.Series(dtype=object),
        "recorded_at": pd.Series(dtype="datetime64[ns, UTC]"), "day": pd.Series(dtype="datetime64[ns]")})


def empty_shown() -> pd.DataFrame:
    """A shown-suggestions table without rows, with the columns and types of :data:`SHOWN_COLUMNS`.

    Examples
    --------
    >>> list(empty_shown().columns) == list(SHOWN_COLUMNS)
    True
    """
    return pd.DataFrame({
        "member_id": pd.Series(dtype=object), "candidate_id": pd.Series(dtype=object),
        "rank": pd.Series(dtype="Int64"), "score": pd.Series(dtype=float),
        "first_shown_at": pd.Series(dtype="datetime64[ns, UTC]"),
        "last_shown_at": pd.Series(dtype="datetime64[ns, UTC]"), "shown_by": pd.Series(dtype=object)})


def local_day(moments: pd.Series | Any) -> Any:
    """Moments (a Series or one moment; UTC, or naive meaning UTC) as the Korean calendar day they fell on:
    midnight, no time zone.

    Examples
    --------
    >>> local_day(pd.Series(pd.to_datetime(["2026-03-04 15:30"], utc=True))).tolist()   # 00:30 in Seoul
    [Timestamp('2026-03-05 00:00:00')]
    >>> local_day(dt.datetime(2026, 3, 4, 14, 59, tzinfo=dt.timezone.utc))
    Timestamp('2026-03-04 00:00:00')
    """
    if isinstance(moments, pd.Series):
        return pd.to_datetime(moments, utc=True).dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None).dt.normalize()
    stamp = pd.Timestamp(moments)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(LOCAL_TIMEZONE).tz_localize(None).normalize()


def outcome_frame(rows: Iterable[tuple[str, str, str, str] | tuple[str, str, str, str, str | None]], *,
                  recorded_by: str | None = None) -> pd.DataFrame:
    """An outcomes table by hand: ``(member_id, candidate_id, outcome, day[, reason])`` per row, each recorded
    at noon (Korean time) of its day — for examples, tests and what-if questions.

    Examples
    --------
    >>> frame = outcome_frame([("A", "B", "met", "2026-03-04")], recorded_by="kim")
    >>> frame[["outcome_id", "outcome", "recorded_by", "day"]].values.tolist()
    [['SO-000001', 'met', 'kim', Timestamp('2026-03-04 00:00:00')]]
    >>> frame["recorded_at"].iloc[0]
    Timestamp('2026-03-04 03:00:00+0000', tz='UTC')
    """
    records = [tuple(row) + (None,) * (5 - len(row)) for row in rows]
    if not records:
        return empty_outcomes()
    days = pd.to_datetime([r[3] for r in records]).normalize().astype("datetime64[ns]")
    at = (days + pd.Timedelta(hours=12)).tz_localize(LOCAL_TIMEZONE).tz_convert("UTC")

    def texts_of(values: list[object]) -> pd.Series:
        return pd.Series(values, dtype=object)

    return pd.DataFrame({
        "outcome_id": texts_of([f"SO-{n:06d}" for n in range(1, len(records) + 1)]),
        "member_id": texts_of([r[0] for r in records]), "candidate_id": texts_of([r[1] for r in records]),
        "outcome": texts_of([parse_outcome(r[2]) for r in records]), "reason": texts_of([r[4] for r in records]),
        "recorded_by": texts_of([recorded_by] * len(records)), "recorded_at": at, "day": days},
        columns=list(OUTCOME_COLUMNS))


def pair_keys(first: pd.Series, second: pd.Series) -> pd.Series:
    """One key per unordered pair: A → B and B → A get the same key.

    Examples
    --------
    >>> keys = pair_keys(pd.Series(["A", "B"]), pd.Series(["B", "A"]))
    >>> keys.iloc[0] == keys.iloc[1]
    True
    """
    a, b = first.astype(str).to_numpy(), second.astype(str).to_numpy()
    low, high = np.where(a <= b, a, b), np.where(a <= b, b, a)
    return pd.Series(np.char.add(np.char.add(low.astype(str), _SEPARATOR), high.astype(str)), index=first.index,
                     dtype=object)


def _outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The outcomes in the order they were recorded, ``day`` and ``recorded_at`` as datetimes, with pair keys."""
    missing = {"member_id", "candidate_id", "outcome", "day"} - set(outcomes.columns)
    if missing:
        raise ValueError(f"outcomes needs the columns {sorted(missing)}")
    out = outcomes.copy()
    out["day"] = pd.to_datetime(out["day"]).dt.normalize().astype("datetime64[ns]")
    if "recorded_at" in out.columns:
        out["recorded_at"] = pd.to_datetime(out["recorded_at"], utc=True)
    else:
        out["recorded_at"] = out["day"].dt.tz_localize(LOCAL_TIMEZONE).dt.tz_convert("UTC")
    order = ["recorded_at", "outcome_id"] if "outcome_id" in out.columns else ["recorded_at"]
    out = out.sort_values(order, kind="stable").reset_index(drop=True)
    out["_pair"] = pair_keys(out["member_id"], out["candidate_id"]) if len(out) else pd.Series(dtype=object)
    return out


# ----------------------------------------------------------------------------
# what the engine uses


def with_outcomes(ds: Dataset, outcomes: pd.DataFrame) -> Dataset:
    """The data set with every partnered pair added to ``partnerships``: a partnership between the two firms
    started on the day the outcome counts for (``day``).

    ``partnerships`` gets a ``recorded`` column: ``True`` for the rows added here, ``False`` for the others.
    A pair is added once (its first partnered outcome), and not at all when the data set already has a
    partnership between the two firms (in either direction: an import made later may hold it) or when one of
    them is no longer in the member list.  An added row has no ``kind`` and no ``weight`` (1.0 in the graph)
    and ``source_row`` 0 (it comes from no file).  The other tables are the data set's (the same objects);
    applying it twice adds nothing more.

    Examples
    --------
    >>> from network.dataset import load_dataset
    >>> ds = load_dataset({"members": "회원번호,회사명\\nA,가\\nB,나\\nC,다\\n".encode(),
    ...                    "partnerships": "기업1,기업2,시작일\\nA,B,2020-01-01\\n".encode()})
    >>> outcomes = outcome_frame([("C", "A", "partnered", "2026-03-04"), ("B", "A", "partnered", "2026-03-05")])
    >>> with_outcomes(ds, outcomes).partnerships[["source_id", "target_id", "started", "recorded"]].values.tolist()
    [['A', 'B', Timestamp('2020-01-01 00:00:00'), False], ['C', 'A', Timestamp('2026-03-04 00:00:00'), True]]
    """
    partnerships = ds.partnerships
    existing = partnerships.assign(recorded=partnerships["recorded"].fillna(False).astype(bool)
                                   if "recorded" in partnerships.columns else False)
    chosen = _outcomes(outcomes)
    chosen = chosen[chosen["outcome"] == "partnered"].drop_duplicates("_pair")
    if len(existing):
        chosen = chosen[~chosen["_pair"].isin(set(pair_keys(existing["source_id"], existing["target_id"])))]
    members = set(ds.members["member_id"].astype(str))
    chosen = chosen[chosen["member_id"].astype(str).isin(members) & chosen["candidate_id"].astype(str).isin(members)]
    if chosen.empty:
        return replace(ds, partnerships=existing)
    added = pd.DataFrame({"source_id": chosen["member_id"].astype(str).to_numpy(),
                          "target_id": chosen["candidate_id"].astype(str).to_numpy(),
                          "kind": None, "started": chosen["day"].to_numpy(), "weight": np.nan,
                          "source_row": 0, "recorded": True})
    columns = list(dict.fromkeys([*existing.columns, *added.columns]))
    kept = [frame.reindex(columns=columns) for frame in (existing, added) if len(frame)]
    merged = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0].reset_index(drop=True)
    for column, dtype in existing.dtypes.items():
        if len(existing) and column in ("started", "weight", "source_row", "recorded"):
            merged[column] = merged[column].astype(dtype)
    merged["started"] = pd.to_datetime(merged["started"]).astype("datetime64[ns]")
    merged["recorded"] = merged["recorded"].astype(bool)
    return replace(ds, partnerships=merged)


def declined_pairs(outcomes: pd.DataFrame, *, today: dt.date | None = None, months: int = 12) -> pd.DataFrame:
    """The pairs not to suggest on ``today``: those whose latest outcome up to ``today`` is a decline made less
    than ``months`` months before.

    A pair is returned once, as it was recorded (``member_id`` declined ``candidate_id``), but it holds for
    **both directions**: the engine suggests neither B to A nor A to B.  A decline on 2025-11-20 with 12 months
    keeps the pair out until 2026-11-19 and lets it back on 2026-11-20 (``until``).  An outcome recorded for
    the pair after the decline (an introduction after all) ends it.  Outcomes after ``today`` are ignored
    (a back-test asks for an earlier day); ``months=0`` suppresses nothing.

    Parameters
    ----------
    outcomes
        The outcomes table (:data:`OUTCOME_COLUMNS`).
    today
        The Korean calendar day of the question (default: today in Korea).
    months
        How long a decline holds (the settings: :attr:`network.config.Feedback.decline_months`).

    Returns
    -------
    pandas.DataFrame
        :data:`DECLINED_COLUMNS`, the most recent decline first.

    Raises
    ------
    OptionError
        If ``months`` is negative.

    Examples
    --------
    >>> outcomes = outcome_frame([("A", "B", "declined", "2025-11-20"), ("C", "D", "declined", "2026-01-05"),
    ...                           ("D", "C", "introduced", "2026-02-01")])
    >>> declined_pairs(outcomes, today=dt.date(2026, 11, 19)).values.tolist()
    [['A', 'B', Timestamp('2025-11-20 00:00:00'), Timestamp('2026-11-20 00:00:00')]]
    >>> len(declined_pairs(outcomes, today=dt.date(2026, 11, 20)))
    0
    """
    if months < 0:
        raise OptionError("error.option_at_least", option="months", value=months, minimum=0)
    day = pd.Timestamp(today) if today is not None else _today()
    chosen = _outcomes(outcomes)
    chosen = chosen[chosen["day"] <= day].drop_duplicates("_pair", keep="last")
    chosen = chosen[chosen["outcome"] == "declined"]
    until = chosen["day"] + pd.DateOffset(months=months) if len(chosen) else chosen["day"]
    out = chosen.assign(until=until)
    out = out[out["until"] > day].iloc[::-1]
    return out[list(DECLINED_COLUMNS)].reset_index(drop=True)


def _today() -> pd.Timestamp:
    return pd.Timestamp.now(tz=LOCAL_TIMEZONE).tz_localize(None).normalize()


def member_outcomes(outcomes: pd.DataFrame, member_id: str) -> pd.DataFrame:
    """The latest outcome of each pair ``member_id`` is part of, seen from that member: ``candidate_id`` is the
    other firm (whichever side it was recorded on).  What a member's suggestion list shows next to each firm.

    Examples
    --------
    >>> outcomes = outcome_frame([("A", "B", "introduced", "2026-03-04"), ("B", "A", "met", "2026-03-10"),
    ...                           ("C", "A", "declined", "2026-03-11"), ("B", "C", "met", "2026-03-12")])
    >>> member_outcomes(outcomes, "A")[["candidate_id", "outcome", "outcome_id"]].values.tolist()
    [['C', 'declined', 'SO-000003'], ['B', 'met', 'SO-000002']]
    """
    chosen = _outcomes(outcomes)
    member = str(member_id)
    chosen = chosen[(chosen["member_id"].astype(str) == member) | (chosen["candidate_id"].astype(str) == member)]
    chosen = chosen.drop_duplicates("_pair", keep="last").iloc[::-1]
    other = chosen["candidate_id"].where(chosen["member_id"].astype(str) == member, chosen["member_id"])
    out = chosen.assign(member_id=member, candidate_id=other)
    return out.reindex(columns=list(OUTCOME_COLUMNS)).reset_index(drop=True)


def open_candidates(suggested: Iterable[str], latest: pd.DataFrame) -> list[str]:
    """The firms an outcome can be recorded for, from one member's side: the ones suggested now, then those
    introduced or met before (still under way), each once.  ``latest`` is :func:`member_outcomes`.

    Examples
    --------
    >>> latest = member_outcomes(outcome_frame([("A", "B", "introduced", "2026-03-04"),
    ...                                         ("A", "C", "declined", "2026-03-05")]), "A")
    >>> open_candidates(["D", "B"], latest)
    ['D', 'B']
    >>> open_candidates(["D"], latest)
    ['D', 'B']
    """
    under_way = latest.loc[latest["outcome"].isin(["introduced", "met"]), "candidate_id"]
    return list(dict.fromkeys([*map(str, suggested), *map(str, under_way)]))


def outcome_table(outcomes: pd.DataFrame, members: pd.DataFrame, *, language: Language = "ko") -> pd.DataFrame:
    """The outcomes for people: the firms' names next to their ids, the outcome in words, times in Korean time.

    Returns
    -------
    pandas.DataFrame
        ``outcome_id``, ``member_id``, ``member_name``, ``candidate_id``, ``candidate_name``, ``outcome`` (its
        label), ``reason``, ``recorded_by``, ``recorded_at`` (``YYYY-MM-DD HH:MM``, Korean time), ``day``.

    Examples
    --------
    >>> members = pd.DataFrame({"member_id": ["A", "B"], "name": ["가나정밀", "다라전자"]})
    >>> row = outcome_table(outcome_frame([("A", "B", "met", "2026-03-04")]), members, language="en").iloc[0]
    >>> row["member_name"], row["candidate_name"], row["outcome"], row["recorded_at"], row["day"]
    ('가나정밀', '다라전자', 'met', '2026-03-04 12:00', '2026-03-04')
    """
    names = dict(zip(members["member_id"].astype(str), members["name"])) if "name" in members.columns else {}
    out = outcomes.reindex(columns=list(OUTCOME_COLUMNS)).copy()
    out = out.reset_index(drop=True)
    out.insert(2, "member_name", pd.Series([names.get(str(m)) for m in out["member_id"]], dtype=object))
    out.insert(4, "candidate_name", pd.Series([names.get(str(c)) for c in out["candidate_id"]], dtype=object))
    labels = outcome_labels(language)
    out["outcome"] = [labels.get(o, o) for o in out["outcome"]]
    at = pd.to_datetime(out["recorded_at"], utc=True).dt.tz_convert(LOCAL_TIMEZONE)
    out["recorded_at"] = at.dt.strftime("%Y-%m-%d %H:%M")
    out["day"] = pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d")
    return out


# ----------------------------------------------------------------------------
# how good the suggestions shown have been


@dataclass(frozen=True)
class OutcomeSummary:
    """What became of the suggestions shown (:func:`outcome_summary`).

    Attributes
    ----------
    shown
        Suggestions shown: distinct (member, candidate) pairs of the log, each direction counted.
    acted_on
        Of those, how many got an outcome other than a decline (introduced, met or partnered) recorded at or
        after the moment they were first shown.
    partnership
        Of those, how many led to a partnership: a partnered outcome recorded after they were first shown, or
        a partnership of the data (imported) between the two firms started on or after the day they were first
        shown.
    by_outcome
        ``{outcome: suggestions}``: of the suggestions shown, how many got each outcome after being shown
        (one suggestion may count under several, e.g. introduced and then met).  ``by_outcome["declined"]`` is
        how many were declined.
    outcomes_recorded
        All outcomes recorded (rows of the outcomes table).
    outcomes_not_shown
        Outcomes recorded for a pair that was never in the log (e.g. from the command line, or an
        introduction made without the app) — counted nowhere else.
    """

    shown: int
    acted_on: int
    partnership: int
    by_outcome: Mapping[str, int] = field(default_factory=dict)
    outcomes_recorded: int = 0
    outcomes_not_shown: int = 0

    @property
    def declined(self) -> int:
        """How many of the suggestions shown were declined after being shown."""
        return int(self.by_outcome.get("declined", 0))

    def as_dict(self) -> dict[str, int]:
        """The counts as one flat dict in the order of :data:`MEASURES` (e.g. for JSON).

        Examples
        --------
        >>> OutcomeSummary(10, 3, 1, {"introduced": 3, "met": 2, "partnered": 1, "declined": 2}, 9, 1).as_dict()
        {'shown': 10, 'acted_on': 3, 'partnership': 1, 'introduced': 3, 'met': 2, 'partnered': 1, 'declined': 2, 'outcomes_recorded': 9, 'outcomes_not_shown': 1}
        """
        return {"shown": self.shown, "acted_on": self.acted_on, "partnership": self.partnership,
                **{o: int(self.by_outcome.get(o, 0)) for o in OUTCOMES},
                "outcomes_recorded": self.outcomes_recorded, "outcomes_not_shown": self.outcomes_not_shown}

    def table(self, language: Language = "ko") -> pd.DataFrame:
        """One row per measure: ``measure`` (its code), ``label``, ``count`` and ``share`` of the suggestions shown
        (empty for the two counts of recorded outcomes, and when nothing was shown).

        Examples
        --------
        >>> summary = OutcomeSummary(4, 1, 1, {"introduced": 1, "met": 0, "partnered": 1, "declined": 2}, 3, 0)
        >>> summary.table("en").head(3)[["label", "count", "share"]].values.tolist()
        [['suggestions shown', 4, 1.0], ['acted on (introduced, met or partnered)', 1, 0.25], ['led to a partnership', 1, 0.25]]
        """
        counts = self.as_dict()
        shares = [np.nan if m.startswith("outcomes_") or not self.shown else counts[m] / self.shown for m in MEASURES]
        return pd.DataFrame({"measure": list(MEASURES),
                             "label": [texts.t(_MEASURE_KEYS[m], language) for m in MEASURES],
                             "count": [counts[m] for m in MEASURES], "share": shares})


def outcome_summary(shown: pd.DataFrame, outcomes: pd.DataFrame, partnerships: pd.DataFrame) -> OutcomeSummary:
    """Score the suggestions shown against what was recorded afterwards.

    A suggestion counts from the moment it was first shown (``first_shown_at``): an outcome recorded for the
    same pair (either direction) at or after it, or a partnership between the two firms started on or after
    that (Korean) day, is its result; what was recorded before it was shown is not.  A partnership without a
    start date is not counted (when it began is unknown).

    Parameters
    ----------
    shown
        The log of suggestions shown (:data:`SHOWN_COLUMNS`; ``member_id``, ``candidate_id`` and
        ``first_shown_at`` are used).
    outcomes
        The outcomes table (:data:`OUTCOME_COLUMNS`).
    partnerships
        The data set's partnerships (``source_id``, ``target_id``, ``started``); with the partnered outcomes
        merged in (:func:`with_outcomes`) or not: a pair is counted once either way.

    Returns
    -------
    OutcomeSummary

    Examples
    --------
    >>> at = pd.Timestamp("2026-03-01 09:00", tz="UTC")
    >>> shown = pd.DataFrame({"member_id": ["A", "A", "A", "B"], "candidate_id": ["B", "C", "D", "E"],
    ...                       "first_shown_at": [at] * 4})
    >>> outcomes = outcome_frame([("B", "A", "introduced", "2026-03-04"), ("A", "B", "partnered", "2026-03-20"),
    ...                           ("A", "C", "declined", "2026-03-05"), ("F", "G", "met", "2026-03-05")])
    >>> partnerships = pd.DataFrame({"source_id": ["E"], "target_id": ["B"], "started": pd.to_datetime(["2026-04-01"])})
    >>> summary = outcome_summary(shown, outcomes, partnerships)
    >>> summary.shown, summary.acted_on, summary.partnership, summary.declined, summary.outcomes_not_shown
    (4, 1, 2, 1, 1)
    """
    recorded = _outcomes(outcomes)
    log = shown.reindex(columns=["member_id", "candidate_id", "first_shown_at"]).copy()
    log["first_shown_at"] = pd.to_datetime(log["first_shown_at"], utc=True)
    log = (log.sort_values("first_shown_at", kind="stable").drop_duplicates(["member_id", "candidate_id"])
           .reset_index(drop=True))
    log["_pair"] = pair_keys(log["member_id"], log["candidate_id"]) if len(log) else pd.Series(dtype=object)
    log["_row"] = np.arange(len(log))
    joined = log.merge(recorded[["_pair", "outcome", "recorded_at"]], on="_pair", how="inner")
    after = joined[joined["recorded_at"] >= joined["first_shown_at"]]
    got = {o: set(after.loc[after["outcome"] == o, "_row"]) for o in OUTCOMES}
    acted = got["introduced"] | got["met"] | got["partnered"]
    partnered = set(got["partnered"])
    if len(partnerships) and len(log) and "started" in partnerships.columns:
        edges = pd.DataFrame({"_pair": pair_keys(partnerships["source_id"], partnerships["target_id"]),
                              "started": pd.to_datetime(partnerships["started"]).to_numpy()}).dropna()
        linked = log.merge(edges, on="_pair", how="inner")
        linked = linked[linked["started"] >= local_day(linked["first_shown_at"])]
        partnered |= set(linked["_row"])
    return OutcomeSummary(shown=len(log), acted_on=len(acted), partnership=len(partnered),
                          by_outcome={o: len(rows) for o, rows in got.items()}, outcomes_recorded=len(recorded),
                          outcomes_not_shown=int((~recorded["_pair"].isin(set(log["_pair"]))).sum()))

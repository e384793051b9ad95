"""Who may see what: the data set as one user may see it, and what each role may do.

Every page, cache, chart, map, export and link works on :func:`scoped_dataset` — the current data set
already cut to the user's :class:`Scope` — so nothing outside it can reach them:

* ``admin`` and ``staff`` see everything (only an admin manages accounts, imports members and rolls back;
  staff import visits, attendance and difficulties).
* ``analyst`` sees everything except what firms confided (the difficulties' texts and why they were closed,
  :data:`PRIVATE_DIFFICULTY_COLUMNS`) and the members' contact fields (:data:`CONTACT_COLUMNS`), and changes
  nothing.
* ``leader`` sees every field of their own federation's members.  A firm of another federation appears
  only when it is a partner or a suggested partner of an own member, and then only with its public
  profile (:data:`PUBLIC_COLUMNS`) under a stand-in id (:func:`stand_in_id`: registration numbers are
  never shown); its partnerships with other outside firms, its visits and its difficulties are left out.
  Other federations are otherwise seen only as counts (:func:`federation_counts_table`), where a count
  under :data:`MIN_CELL` firms is suppressed.

Examples
--------
>>> import pandas as pd
>>> from network.dataset import load_dataset
>>> ds = load_dataset({"members": ("회원번호,회사명,연합회,시도,시군구,매출액\\n"
...                                "A,가,서울,서울,종로구,10\\nB,나,부산,부산,중구,20\\nC,다,부산,부산,중구,30\\n").encode(),
...                    "partnerships": "기업1,기업2\\nA,B\\n".encode()})
>>> mine = scoped_dataset(ds, Scope("leader", federation="서울"))
>>> mine.members[["name", "federation", "revenue_krw"]].values.tolist()
[['가', '서울', 10.0], ['나', '부산', nan]]
>>> mine.members["member_id"].iloc[1].startswith("외부-")
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from network.dataset import Dataset
from network.errors import OptionError
from network.validate import ValidationReport

__all__ = ["CONTACT_COLUMNS", "MIN_CELL", "difficulty_counts_table", "PRIVATE_DIFFICULTY_COLUMNS", "PRIVATE_VISIT_COLUMNS", "PUBLIC_COLUMNS", "ROLES", "Scope", "federation_counts_table",
           "actual_member_id", "outcomes_in_scope", "own_members", "pairs_in_scope", "scoped_dataset", "session_expired", "sign_in_required", "stand_in_id", "suppress_small"]

#: The roles, from most to least allowed.
ROLES = ("admin", "staff", "leader", "analyst")

#: A count of fewer firms than this is not shown for another federation.
MIN_CELL = 5

#: What a leader sees of a firm of another federation (besides a stand-in id).
PUBLIC_COLUMNS = ("name", "federation", "sido", "sigungu", "sido_code", "sigungu_code", "industry", "industry_name",
                  "offers")

#: Members' fields an analyst does not see (how to reach a firm).
CONTACT_COLUMNS = ("address",)

#: What firms confided (the difficulty as said, why it was closed): not shown to analysts.
PRIVATE_DIFFICULTY_COLUMNS = ("text", "close_reason")

#: What staff noted about a visit (it may name firms of any federation): not shown to analysts and leaders.
PRIVATE_VISIT_COLUMNS = ("notes",)

#: The tables only admins and staff may import into (staff: the field work).
FIELD_TABLES = ("visits", "attendance", "difficulties")

# A key made when the program starts: stand-in ids cannot be turned back into registration numbers by
# trying every number, and they change when the server restarts (they are for showing, never for storing).
_STAND_IN_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class Scope:
    """What a user may see and do: a role, and the federation (a leader's) or office it is tied to.

    Examples
    --------
    >>> Scope("leader", federation="서울").key
    'leader:서울'
    >>> Scope("analyst").may_manage_users, Scope("staff").may_import("visits")
    (False, True)
    """

    role: str
    federation: str | None = None
    office: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise OptionError("error.option_choice", option="role", value=self.role, allowed=", ".join(ROLES))
        if self.role == "leader" and not self.federation:
            raise OptionError("error.leader_needs_federation")

    @property
    def key(self) -> str:
        """A short name of the scope for cache keys: two users with the same key see the same data."""
        return f"leader:{self.federation}" if self.role == "leader" else self.role

    @property
    def sees_everything(self) -> bool:
        """Whether the scope is the whole data set (admin, staff)."""
        return self.role in ("admin", "staff")

    @property
    def may_manage_users(self) -> bool:
        """Only an admin manages accounts and reads the audit log."""
        return self.role == "admin"

    @property
    def may_rollback(self) -> bool:
        """Only an admin makes another version current."""
        return self.role == "admin"

    @property
    def may_list_difficulties(self) -> bool:
        """Whether the scope sees difficulties one by one (the queue): not an analyst, who sees only counts and
        categories.

        Examples
        --------
        >>> Scope("leader", federation="서울").may_list_difficulties, Scope("analyst").may_list_difficulties
        (True, False)
        """
        return self.role != "analyst"

    @property
    def may_record(self) -> bool:
        """Admins and staff record visits and difficulties and follow them up; others only read."""
        return self.sees_everything

    def may_record_outcome(self, federation: object) -> bool:
        """Whether this user may record what came of a suggestion to a member of ``federation``: staff and admins
        for every member, a federation leader for their own federation's members.

        Examples
        --------
        >>> Scope("leader", federation="경기").may_record_outcome("경기"), Scope("leader", federation="경기").may_record_outcome("서울")
        (True, False)
        >>> Scope("staff").may_record_outcome("서울"), Scope("analyst").may_record_outcome("서울")
        (True, False)
        """
        if self.sees_everything:
            return True
        return self.role == "leader" and isinstance(federation, str) and federation == self.federation

    @property
    def may_see_reports(self) -> bool:
        """Validation reports repeat rows as written (all fields): admin and staff only."""
        return self.sees_everything

    def may_import(self, table: str) -> bool:
        """Whether this scope may import ``table``: admins everything, staff the field work, others nothing."""
        return self.role == "admin" or (self.role == "staff" and table in FIELD_TABLES)


def sign_in_required(*, accounts: int, real_data: bool) -> bool:
    """Whether the app asks who you are: as soon as the workspace has an account or imported data.  Before that
    it holds only the bundled (fictitious) sample and opens without sign-in, so it can be tried at once.

    Examples
    --------
    >>> sign_in_required(accounts=0, real_data=False), sign_in_required(accounts=0, real_data=True)
    (False, True)
    >>> sign_in_required(accounts=1, real_data=False)
    True
    """
    return accounts > 0 or real_data


def session_expired(last_seen: float | None, now: float, *, idle_minutes: int) -> bool:
    """Whether a session last active at ``last_seen`` (seconds, like :func:`time.time`) must sign in again.

    Examples
    --------
    >>> session_expired(1000.0, 1000.0 + 29 * 60, idle_minutes=30), session_expired(1000.0, 1000.0 + 31 * 60, idle_minutes=30)
    (False, True)
    >>> session_expired(None, 5.0, idle_minutes=30)
    True
    """
    return last_seen is None or now - last_seen > idle_minutes * 60


def stand_in_id(member_id: str) -> str:
    """The id a leader sees for a firm of another federation (``외부-`` and 10 characters).

    Examples
    --------
    >>> a = stand_in_id("123-45-67890")
    >>> a.startswith("외부-"), len(a), a == stand_in_id("123-45-67890")
    (True, 13, True)
    """
    digest = hmac.new(_STAND_IN_KEY, str(member_id).encode(), hashlib.sha256).hexdigest()
    return f"외부-{digest[:10]}"


def scoped_dataset(ds: Dataset, scope: Scope, *, suggested: Iterable[str] = ()) -> Dataset:
    """The data set as ``scope`` may see it (a new object; ``ds`` is not changed).

    Parameters
    ----------
    ds
        The whole data set (the workspace's current version).
    scope
        Whose view it is.
    suggested
        Ids of firms suggested to a leader's own members (:func:`network.recommend.recommend_all` on the
        whole data set); they are shown like partners, with their public profile.

    Returns
    -------
    Dataset
        For admin and staff ``ds`` itself.  For others a data set without the validation report's rows
        (they repeat files as written) and cut as described in the module.

    Examples
    --------
    >>> from network.dataset import load_dataset
    >>> ds = load_dataset({"members": "회원번호,회사명,주소\\nA,가,서울 종로구 종로 1\\n".encode()})
    >>> bool(scoped_dataset(ds, Scope("analyst")).members["address"].isna().all())
    True
    >>> scoped_dataset(ds, Scope("staff")) is ds
    True
    """
    if scope.sees_everything:
        return ds
    report = ValidationReport(problems=(), rejected={}, counts=ds.report.counts, file_errors=())
    if scope.role == "analyst":
        members = ds.members.copy()
        for column in CONTACT_COLUMNS:
            if column in members.columns:
                members[column] = _blank(members[column])
        difficulties = ds.difficulties.copy()
        for column in PRIVATE_DIFFICULTY_COLUMNS:
            if column in difficulties.columns:
                difficulties[column] = _blank(difficulties[column])
        return replace(ds, members=members, visits=_without_notes(ds.visits), difficulties=difficulties,
                       report=report)
    return _leader_view(ds, scope, set(map(str, suggested)), report)


def _without_notes(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits with what staff noted blanked (:data:`PRIVATE_VISIT_COLUMNS`)."""
    private = [c for c in PRIVATE_VISIT_COLUMNS if c in visits.columns]
    if not private:
        return visits
    out = visits.copy()
    for column in private:
        out[column] = _blank(out[column])
    return out


def _blank(column: pd.Series) -> pd.Series:
    """The column with every value missing (a type that can hold a missing value)."""
    return column.iloc[0:0].reindex(column.index)


def _leader_view(ds: Dataset, scope: Scope, suggested: set[str], report: ValidationReport) -> Dataset:
    members = ds.members
    own_mask = (members["federation"] == scope.federation).fillna(False).to_numpy(dtype=bool)
    own_ids = set(members.loc[own_mask, "member_id"])
    edges = ds.partnerships
    touches = edges["source_id"].isin(own_ids) | edges["target_id"].isin(own_ids)
    edges = edges[touches]
    partners = (set(edges["source_id"]) | set(edges["target_id"])) - own_ids
    shown_others = (partners | suggested) - own_ids
    other_mask = members["member_id"].isin(shown_others).to_numpy(dtype=bool) & ~own_mask
    own = members[own_mask]
    others = members[other_mask].copy()
    for column in others.columns:
        if column not in PUBLIC_COLUMNS and column != "member_id":
            others[column] = _blank(others[column])
    stand_ins = {m: stand_in_id(m) for m in others["member_id"]}
    others["member_id"] = others["member_id"].map(stand_ins).astype(members["member_id"].dtype)
    scoped_members = pd.concat([own, others], ignore_index=True) if len(others) else own.reset_index(drop=True)

    def shown(ids: pd.Series) -> pd.Series:
        return ids.map(lambda m: m if m in own_ids else stand_ins.get(m, m)).astype(ids.dtype)

    edges = edges.assign(source_id=shown(edges["source_id"]), target_id=shown(edges["target_id"]))
    edges = edges.assign(source_row=_blank(edges["source_row"])).reset_index(drop=True)
    attendance = ds.attendance[ds.attendance["member_id"].isin(own_ids)].reset_index(drop=True)
    mine = ds.difficulties["member_id"].isin(own_ids)
    if "federation" in ds.difficulties.columns:  # a recorded difficulty of an own firm that left the list
        mine |= (ds.difficulties["federation"] == scope.federation).fillna(False).astype(bool)
    difficulties = ds.difficulties[mine].reset_index(drop=True)
    visits = ds.visits[ds.visits["visit_id"].isin(set(attendance["visit_id"]) | set(difficulties["visit_id"]))]
    return replace(ds, members=scoped_members, partnerships=edges, visits=_without_notes(visits.reset_index(drop=True)),
                   attendance=attendance, difficulties=difficulties, report=report)


def own_members(members: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The members a scope counts as its own: a leader's federation, everyone for other roles.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "federation": ["서울", "부산"]})
    >>> own_members(m, Scope("leader", federation="서울"))["member_id"].tolist(), len(own_members(m, Scope("staff")))
    (['a'], 2)
    """
    if scope.role != "leader":
        return members
    return members[(members["federation"] == scope.federation).fillna(False).to_numpy(dtype=bool)]


def _federations(members: pd.DataFrame) -> dict[str, object]:
    return dict(zip(members["member_id"].astype(str), members["federation"])) if "federation" in members.columns else {}


def _as_seen(ids: pd.Series, federation: dict[str, object], scope: Scope) -> pd.Series:
    """Member ids as a leader sees them: their own federation's as they are, the others' as stand-ins."""
    return ids.astype(str).map(lambda m: m if federation.get(m) == scope.federation else stand_in_id(m))


def outcomes_in_scope(outcomes: pd.DataFrame, members: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The recorded outcomes of suggestions (:data:`network.feedback.OUTCOME_COLUMNS`) as ``scope`` may see them.

    ``members`` is the whole member list (real ids).  Staff and admins see all.  A federation leader sees the
    pairs with one of their own members (either side), other federations' firms by their stand-in id (as in
    their data set, :func:`scoped_dataset`), and the reason of a decline only when the side that recorded it
    (``member_id``) is their own (the other firm's reasons are not theirs to read).  An analyst sees the outcomes
    without reasons.

    Examples
    --------
    >>> members = pd.DataFrame({"member_id": ["A", "B", "C"], "federation": ["경기", "서울", "서울"]})
    >>> outcomes = pd.DataFrame({"member_id": ["A", "B", "B"], "candidate_id": ["B", "A", "C"],
    ...                          "outcome": ["met", "declined", "met"], "reason": [None, "업종이 다름", None]})
    >>> seen = outcomes_in_scope(outcomes, members, Scope("leader", federation="경기"))
    >>> seen["member_id"].str[:3].tolist(), seen["candidate_id"].str[:3].tolist(), seen["reason"].isna().tolist()
    (['A', '외부-'], ['외부-', 'A'], [True, True])
    >>> outcomes_in_scope(outcomes, members, Scope("staff"))["reason"].tolist()[1]
    '업종이 다름'
    """
    if scope.sees_everything:
        return outcomes
    out = outcomes.copy()
    if scope.role == "leader":
        federation = _federations(members)
        own_member = out["member_id"].astype(str).map(federation) == scope.federation
        own_candidate = out["candidate_id"].astype(str).map(federation) == scope.federation
        mine = (own_member | own_candidate).to_numpy(dtype=bool)
        out = out[mine].copy()
        out["reason"] = pd.Series([r if own else None for r, own in zip(out["reason"], own_member.to_numpy(dtype=bool)[mine])],
                                  index=out.index, dtype=object)
        out["member_id"] = _as_seen(out["member_id"], federation, scope)
        out["candidate_id"] = _as_seen(out["candidate_id"], federation, scope)
    else:
        out["reason"] = pd.Series(None, index=out.index, dtype=object)
    return out.reset_index(drop=True)


def pairs_in_scope(pairs: pd.DataFrame, members: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Pairs of members (``member_id``, ``candidate_id``; e.g. the declined ones the engine must not suggest) with
    the ids a leader's data set uses (stand-ins for other federations' firms); unchanged for other roles.

    Examples
    --------
    >>> members = pd.DataFrame({"member_id": ["A", "B"], "federation": ["경기", "서울"]})
    >>> pairs = pd.DataFrame({"member_id": ["A"], "candidate_id": ["B"]})
    >>> pairs_in_scope(pairs, members, Scope("leader", federation="경기"))["candidate_id"].str[:3].tolist()
    ['외부-']
    """
    if scope.role != "leader" or len(pairs) == 0:
        return pairs
    federation = _federations(members)
    return pairs.assign(member_id=_as_seen(pairs["member_id"], federation, scope),
                        candidate_id=_as_seen(pairs["candidate_id"], federation, scope))


def actual_member_id(shown_id: str, members: pd.DataFrame, scope: Scope) -> str:
    """The real id of a firm as ``scope`` sees it (a leader sees other federations' firms by stand-in ids): what
    the workspace stores.  An id that stands for no firm is returned as it is (the store then says it is unknown).

    Examples
    --------
    >>> members = pd.DataFrame({"member_id": ["A", "B"], "federation": ["경기", "서울"]})
    >>> leader = Scope("leader", federation="경기")
    >>> actual_member_id(stand_in_id("B"), members, leader), actual_member_id("A", members, leader)
    ('B', 'A')
    """
    if scope.role != "leader" or not str(shown_id).startswith("외부-"):
        return str(shown_id)
    for member in members["member_id"].astype(str):
        if stand_in_id(member) == shown_id:
            return member
    return str(shown_id)


def suppress_small(counts: pd.Series | np.ndarray, *, minimum: int = MIN_CELL) -> pd.Series:
    """Counts with every value from 1 to ``minimum - 1`` replaced by missing (``<NA>``); zeros stay.

    Examples
    --------
    >>> suppress_small(pd.Series([0, 3, 5, 12])).tolist()
    [0, <NA>, 5, 12]
    """
    values = pd.Series(counts).astype("Int64")
    return values.mask((values > 0) & (values < minimum))


def federation_counts_table(ds: Dataset, scope: Scope, *, by: str = "federation") -> pd.DataFrame:
    """Members per federation (``by="federation"``) or per federation and 시도 (``by="sido"``) of the whole
    data set, as ``scope`` may see them: a leader sees other federations' counts under :data:`MIN_CELL`
    suppressed (``<NA>``); their own federation's, and every count for other roles, in full.

    Examples
    --------
    >>> from network.dataset import Dataset
    >>> from network.validate import ValidationReport, empty_table
    >>> from network import schema
    >>> tables = {name: empty_table(spec) for name, spec in schema.TABLES.items()}
    >>> tables["members"] = pd.DataFrame({"member_id": list("abcdefg"), "federation": ["서울"] * 2 + ["부산"] * 5})
    >>> ds = Dataset(**tables, report=ValidationReport([], {}, {}, []))
    >>> federation_counts_table(ds, Scope("leader", federation="부산"))["members"].tolist()
    [5, <NA>]
    """
    if by not in ("federation", "sido"):
        raise OptionError("error.option_choice", option="by", value=by, allowed="federation, sido")
    keys = ["federation"] if by == "federation" else ["federation", "sido_code", "sido"]
    members = ds.members
    for column in keys:
        if column not in members.columns:
            members = members.assign(**{column: None})
    table = (members.groupby(keys, dropna=False).size().rename("members").reset_index()
             .sort_values(["members", *keys], ascending=[False] + [True] * len(keys), kind="stable")
             .reset_index(drop=True))
    table["members"] = table["members"].astype("Int64")
    if scope.role == "leader":
        others = (table["federation"] != scope.federation).to_numpy(dtype=bool)
        table.loc[others, "members"] = suppress_small(table.loc[others, "members"])
    return table


def difficulty_counts_table(ds: Dataset, scope: Scope) -> pd.DataFrame:
    """Difficulties per federation and category of the whole data set (``federation``, ``category``, ``open``,
    ``total``), as ``scope`` may see them: for a leader, another federation's counts under :data:`MIN_CELL` are
    suppressed (``<NA>``).  Only counts: no firm, no text.

    Examples
    --------
    >>> d = pd.DataFrame({"member_id": ["a", "b"] + ["c"] * 6, "category": ["자금"] * 8,
    ...                   "status": ["접수", "해결"] + ["접수"] * 6})
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "federation": ["서울", "서울", "부산"]})
    >>> ds = Dataset(members=m, partnerships=pd.DataFrame(), visits=pd.DataFrame(), offices=pd.DataFrame(),
    ...              attendance=pd.DataFrame(), difficulties=d, report=ValidationReport((), {}, {}, ()))
    >>> difficulty_counts_table(ds, Scope("leader", federation="부산")).values.tolist()
    [['부산', '자금', 6, 6], ['서울', '자금', <NA>, <NA>]]
    """
    d = ds.difficulties
    federation = d["member_id"].map(ds.members.drop_duplicates("member_id").set_index("member_id")["federation"])
    if "federation" in d.columns:
        federation = federation.where(federation.notna(), d["federation"])
    is_open = d["status"].isin(("접수", "검토", "조치중")) if "status" in d.columns else pd.Series(False, index=d.index)
    frame = pd.DataFrame({"federation": federation.fillna("-").astype(str), "category": d["category"].fillna("-"),
                          "open": is_open.astype("int64"), "total": 1})
    out = frame.groupby(["federation", "category"], sort=True)[["open", "total"]].sum().reset_index()
    out[["open", "total"]] = out[["open", "total"]].astype("Int64")
    if scope.role == "leader":
        others = out["federation"] != scope.federation
        for column in ("open", "total"):
            out.loc[others, column] = suppress_small(out.loc[others, column]).to_numpy()
    return out
